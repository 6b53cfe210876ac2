package netc.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import netc.diagnostics.Diagnostics;
import netc.diagnostics.SourceText;
import org.junit.jupiter.api.Test;

/**
 * After a syntax error the file is parsed again, recovering, and its statements are built as they
 * are parsed: a definition holding an error is not built. What building found in the statements before
 * the error (B's label) was reported by the first parse, which stopped there.
 */
class FullParseTest {
    @Test
    void onlyTheDefinitionsWithoutErrorsAreBuiltAndReportWhatBuildingFound() {
        String text = """
            model A {
                input x: [3]
                "a{": relu
                relu
            }
            model B {
                input x: [3]
                "b{": relu
                relu )
            }
            model C {
                input x: [3]
                relu
            }
            """;
        Diagnostics diagnostics = new Diagnostics();
        ParsedFile parsed = SourceParser.parse(new SourceText("m.net", text), diagnostics);

        assertEquals(List.of("3:7 E425", "8:7 E425", "9:10 E101"), diagnostics.all().stream()
            .map(d -> d.span().position() + " " + d.code().id()).toList());
        assertEquals(List.of("A", "C"), parsed.file().definitions().stream().map(d -> d.name().text()).toList());
        assertEquals(Set.of("B"), parsed.brokenDefinitions());
        assertEquals(3, parsed.file().definitions().get(0).body().size());
        assertEquals(2, parsed.file().definitions().get(1).body().size());
    }
}
