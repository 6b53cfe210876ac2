package netc.semantic.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import netc.TestFiles;
import netc.diagnostics.Diagnostic;
import netc.diagnostics.Diagnostics;
import netc.diagnostics.Related;
import netc.diagnostics.SourceSpan;
import netc.semantic.Analyzer;
import org.junit.jupiter.api.Test;

/** An error in a block points at the block's line and, as a related location, at the call site. */
class BlockDiagnosticsTest {
    private static final String FILE = "netc-compiler/src/test/resources/errors/blocks.net";

    @Test
    void errorInABlockNamesItsCallSite() {
        Diagnostic d = diagnostic("E202");
        assertEquals(SourceSpan.of(FILE, 4, 5, 4, 42), d.span());
        assertEquals(List.of(SourceSpan.of(FILE, 22, 5, 22, 28), SourceSpan.of(FILE, 23, 5, 23, 17)),
            spans(d.related()));
    }

    @Test
    void residualMismatchPointsAtThePlusAndBothOrigins() {
        Diagnostic d = diagnostic("E208");
        assertEquals(SourceSpan.of(FILE, 13, 5, 13, 10), d.span());
        assertEquals(List.of(SourceSpan.of(FILE, 27, 11, 27, 26), SourceSpan.of(FILE, 12, 9, 12, 45),
            SourceSpan.of(FILE, 28, 5, 28, 20)), spans(d.related()));
    }

    @Test
    void recursionNamesEveryCallOnTheCycle() {
        Diagnostic d = diagnostic("E409");
        assertEquals(SourceSpan.of(FILE, 39, 5, 39, 9), d.span());
        assertEquals(List.of(SourceSpan.of(FILE, 33, 5, 33, 9), SourceSpan.of(FILE, 51, 5, 51, 9)),
            spans(d.related()));
    }

    private static Diagnostic diagnostic(String code) {
        Diagnostics diagnostics = new Diagnostics();
        Analyzer.analyze(TestFiles.source(Path.of(FILE)), Analyzer.Options.all(), diagnostics);
        return diagnostics.all().stream().filter(d -> d.code().id().equals(code)).findFirst().orElseThrow();
    }

    private static List<SourceSpan> spans(List<Related> related) {
        return related.stream().map(Related::span).collect(Collectors.toList());
    }
}
