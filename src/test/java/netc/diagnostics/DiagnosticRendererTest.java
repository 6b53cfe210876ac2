package netc.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Snippets of very long lines show a window around the span, so each diagnostic stays a few lines long. */
class DiagnosticRendererTest {
    private final DiagnosticRenderer renderer = new DiagnosticRenderer(false);

    @Test
    void aShortLineIsShownWhole() {
        SourceText source = new SourceText("m.net", "    relu -> foo\n");
        Diagnostic d = Diagnostic.error(Code.UNKNOWN_LAYER, new SourceSpan("m.net", 1, 13, 1, 16), "no foo");
        assertEquals("m.net:1:13: error[E301]: no foo\n"
            + "   |\n"
            + " 1 |     relu -> foo\n"
            + "   |             ^^^\n", renderer.render(d, source));
    }

    @Test
    void aLongLineIsCutAroundTheSpan() {
        String line = "a".repeat(500) + "relu" + "b".repeat(500);
        SourceText source = new SourceText("m.net", line + "\n");
        Diagnostic d = Diagnostic.error(Code.UNKNOWN_LAYER, new SourceSpan("m.net", 1, 501, 1, 505), "relu here");
        assertEquals("m.net:1:501: error[E301]: relu here\n"
            + "   |\n"
            + " 1 | ..." + "a".repeat(40) + "relu" + "b".repeat(116) + "...\n"
            + "   | " + " ".repeat(43) + "^^^^\n", renderer.render(d, source));
    }

    @Test
    void aSpanAsLongAsTheLineIsUnderlinedAsFarAsItIsShown() {
        String line = "c".repeat(1_000_000);
        SourceText source = new SourceText("m.net", line);
        Diagnostic d = Diagnostic.error(Code.UNKNOWN_LAYER, new SourceSpan("m.net", 1, 1, 1, 1_000_001), "long");
        assertEquals("m.net:1:1: error[E301]: long\n"
            + "   |\n"
            + " 1 | " + "c".repeat(160) + "...\n"
            + "   | " + "^".repeat(160) + "\n", renderer.render(d, source));
    }

    @Test
    void theEndOfALongLineHasNoClosingEllipsis() {
        String line = "d".repeat(300) + "e";
        SourceText source = new SourceText("m.net", line);
        Diagnostic d = Diagnostic.error(Code.UNKNOWN_LAYER, new SourceSpan("m.net", 1, 301, 1, 302), "end");
        assertEquals("m.net:1:301: error[E301]: end\n"
            + "   |\n"
            + " 1 | ..." + "d".repeat(159) + "e\n"
            + "   | " + " ".repeat(162) + "^\n", renderer.render(d, source));
    }

    @Test
    void longWordsInMessagesShowTheirStartAndLength() {
        assertEquals("conv2d", Excerpts.word("conv2d"));
        assertEquals("x".repeat(64), Excerpts.word("x".repeat(64)));
        assertEquals("y".repeat(32) + "... (65 characters)", Excerpts.word("y".repeat(65)));
    }
}
