package netc.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Collectors;
import netc.semantic.Analyzer;
import org.junit.jupiter.api.Test;

/** The collector keeps each finding once, and counts what it keeps. */
class DiagnosticsTest {
    @Test
    void aRepeatedFindingIsShownAndCountedOnce() {
        Diagnostics diagnostics = new Diagnostics();
        SourceText source = new SourceText("repeat.net",
            "model M {\n    input x: [4]\n    repeat 3 { linear(4, -1) }\n}\n");
        Analyzer.analyze(source, Analyzer.Options.all(), diagnostics);
        assertEquals(List.of("3:26 E204"), diagnostics.all().stream()
            .map(d -> d.span().position() + " " + d.code().id()).collect(Collectors.toList()));
        assertEquals(1, diagnostics.errorCount());
    }

    @Test
    void theCapCountsOnlyDistinctFindings() {
        Diagnostics diagnostics = new Diagnostics(2);
        SourceSpan a = SourceSpan.at("f.net", 1, 1);
        SourceSpan b = SourceSpan.at("f.net", 2, 1);
        SourceSpan c = SourceSpan.at("f.net", 3, 1);
        for (SourceSpan span : List.of(a, a, b, b, c, c)) {
            diagnostics.report(Diagnostic.error(Code.UNDEFINED_NAME, span, Text.of("verbatim", "x is not defined here")));
        }
        assertEquals(4, diagnostics.errorCount()); // a, b kept; both reports of c dropped past the cap
        assertEquals(3, diagnostics.all().size());
        assertEquals("2 more diagnostics were left out after the first 2", diagnostics.all().get(2).message().english());
    }
}
