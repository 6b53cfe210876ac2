package netc.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Snippets of very long lines show a window around the span, so each diagnostic stays a few lines long. */
class DiagnosticRendererTest {
    @Test
    void aShortLineIsShownWhole() {
        assertSnippet("    relu -> foo", 13, 16, "    relu -> foo", "            ^^^");
    }

    @Test
    void aLongLineIsCutAroundTheSpan() {
        assertSnippet("a".repeat(500) + "relu" + "b".repeat(500), 501, 505,
            "..." + "a".repeat(40) + "relu" + "b".repeat(116) + "...", " ".repeat(43) + "^^^^");
    }

    @Test
    void aSpanAsLongAsTheLineIsUnderlinedAsFarAsItIsShown() {
        assertSnippet("c".repeat(1_000_000), 1, 1_000_001, "c".repeat(160) + "...", "^".repeat(160));
    }

    @Test
    void theEndOfALongLineHasNoClosingEllipsis() {
        assertSnippet("d".repeat(300) + "e", 301, 302, "..." + "d".repeat(159) + "e", " ".repeat(162) + "^");
    }

    @Test
    void longWordsInMessagesShowTheirStartAndLength() {
        assertEquals("conv2d", Excerpts.word("conv2d"));
        assertEquals("x".repeat(64), Excerpts.word("x".repeat(64)));
        assertEquals("y".repeat(32) + "... (65 characters)", Excerpts.word("y".repeat(65)));
    }

    /** Renders an error spanning columns {@code start} to {@code end} of a one-line file. */
    private static void assertSnippet(String line, int start, int end, String shown, String underline) {
        SourceText source = new SourceText("m.net", line + "\n");
        Diagnostic d = Diagnostic.error(Code.UNKNOWN_LAYER, SourceSpan.of("m.net", 1, start, 1, end),
            Text.of("verbatim", "here"));
        assertEquals("m.net:1:" + start + ": error[E301]: here\n"
            + "   |\n"
            + " 1 | " + shown + "\n"
            + "   | " + underline + "\n", new DiagnosticRenderer(false, Messages.diagnostics(Locale.ROOT)).render(d, source));
    }
}
