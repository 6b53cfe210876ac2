package netc.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lines as the lexer counts them: LF, CRLF, and a lone CR each end one; a text without CR is searched for LF alone. */
class SourceTextTest {
    private static List<String> lines(String text) {
        SourceText source = new SourceText("m.net", text);
        List<String> lines = new ArrayList<>();
        for (int line = 1; line <= source.lineCount(); line++) {
            lines.add(source.line(line));
        }
        return lines;
    }

    @Test
    void lineFeedsAloneAndEveryOtherBreakGiveTheSameLines() {
        assertEquals(List.of("a", "bc", "", "d"), lines("a\nbc\n\nd"));
        assertEquals(List.of("a", "bc", "", "d"), lines("a\r\nbc\r\r\nd"));
        assertEquals(List.of("a", "bc", "", ""), lines("a\nbc\n\n"));
        assertEquals(List.of("a", "bc", "", ""), lines("a\rbc\n\r\n"));
        assertEquals(List.of(""), lines(""));
    }

    @Test
    void anOffsetIsOnTheLineItsBreakEnds() {
        SourceText source = new SourceText("m.net", "a\nbc\n\nd");
        assertEquals(List.of(1, 1, 2, 2, 2, 3, 4), List.of(source.lineAt(0), source.lineAt(1), source.lineAt(2),
            source.lineAt(3), source.lineAt(4), source.lineAt(5), source.lineAt(6)));
    }
}
