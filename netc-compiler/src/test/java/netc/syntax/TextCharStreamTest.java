package netc.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import netc.grammar.NetcLexer;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.misc.Interval;
import org.junit.jupiter.api.Test;

class TextCharStreamTest {
    private static final String MODEL = "model M {  // é ünïcode\n    input x: [3, 8]\n    /* a */ conv2d(3, 4, k=3) -> relu\n}\n";

    @Test
    void aTextWithoutSurrogatesIsReadInPlaceAsAntlrReadsACopy() {
        CharStream inPlace = TextCharStream.of(MODEL, "m.net");
        CharStream copy = CharStreams.fromString(MODEL, "m.net");
        assertInstanceOf(TextCharStream.class, inPlace);
        assertEquals(copy.size(), inPlace.size());
        assertEquals(copy.getSourceName(), inPlace.getSourceName());
        for (int at : new int[] {0, 1, 17, MODEL.length() - 1, MODEL.length()}) {
            inPlace.seek(at);
            copy.seek(at);
            for (int i : new int[] {-2, -1, 1, 2, 3}) {
                assertEquals(copy.LA(i), inPlace.LA(i), "LA(" + i + ") at " + at);
            }
        }
        for (Interval interval : List.of(Interval.of(0, 4), Interval.of(10, 10), Interval.of(5, MODEL.length() + 9))) {
            assertEquals(copy.getText(interval), inPlace.getText(interval));
        }
        assertEquals("", inPlace.getText(Interval.of(4, 3)));
        assertEquals(texts(CharStreams.fromString(MODEL, "m.net")), texts(TextCharStream.of(MODEL, "m.net")));
        inPlace.seek(MODEL.length());
        assertThrows(IllegalStateException.class, inPlace::consume);
    }

    @Test
    void aTextWithSurrogatePairsIsAntlrsOwnStream() {
        String text = "model M { input x: [3] relu } // \uD83D\uDE00\n";
        CharStream stream = TextCharStream.of(text, "m.net");
        assertEquals(text.codePointCount(0, text.length()), stream.size());
        assertEquals(texts(CharStreams.fromString(text, "m.net")), texts(stream));
    }

    @Test
    void aTextWithLoneSurrogatesIsReadInPlaceAsAntlrReadsACopy() {
        String text = "model M { input x: [3] relu } // \uD83D alone, \uDE00 alone\n\uDE00\uD83D";
        CharStream stream = TextCharStream.of(text, "m.net");
        assertInstanceOf(TextCharStream.class, stream);
        assertEquals(texts(CharStreams.fromString(text, "m.net")), texts(stream));
    }

    private static List<String> texts(CharStream stream) {
        return new NetcLexer(stream).getAllTokens().stream()
            .map(t -> t.getType() + ":" + t.getText() + "@" + t.getLine() + ":" + t.getCharPositionInLine()
                + "/" + t.getStartIndex() + "-" + t.getStopIndex())
            .toList();
    }

}
