package netc.syntax;

import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.IntStream;
import org.antlr.v4.runtime.misc.Interval;

/**
 * The characters of a text read where they are, for the lexer. ANTLR's own stream copies the text,
 * a byte or more per character: one more copy of a 60 MB file per parse. Only a text without
 * surrogate pairs (characters beyond U+FFFF) is read in place, where a char is a code point as
 * ANTLR counts them; any other is ANTLR's.
 */
final class TextCharStream implements CharStream {
    private final String text;
    private final String name;
    private int index;

    private TextCharStream(String text, String name) {
        this.text = text;
        this.name = name;
    }

    static CharStream of(String text, String name) {
        // a pair is one code point, a lone surrogate one too (ANTLR's stream keeps it as it is): only
        // pairs make ANTLR's indexes differ from the text's. A text of Latin-1 characters answers at once.
        return text.codePointCount(0, text.length()) == text.length() ? new TextCharStream(text, name)
            : CharStreams.fromString(text, name);
    }

    /** The text read, whose indexes are the tokens'. */
    String text() {
        return text;
    }

    @Override
    public void consume() {
        if (index >= text.length()) {
            throw new IllegalStateException("cannot consume EOF");
        }
        index++;
    }

    @Override
    public int LA(int i) {
        if (i == 0) {
            return 0;   // undefined, as ANTLR's streams have it
        }
        int at = i > 0 ? index + i - 1 : index + i;
        return at < 0 || at >= text.length() ? IntStream.EOF : text.charAt(at);
    }

    @Override
    public int mark() {
        return -1;
    }

    @Override
    public void release(int marker) {
    }

    @Override
    public int index() {
        return index;
    }

    @Override
    public void seek(int index) {
        this.index = index;
    }

    @Override
    public int size() {
        return text.length();
    }

    @Override
    public String getSourceName() {
        return name == null || name.isEmpty() ? IntStream.UNKNOWN_SOURCE_NAME : name;
    }

    @Override
    public String getText(Interval interval) {
        int start = Math.min(interval.a, text.length());
        int length = Math.min(interval.b - interval.a + 1, text.length() - start);
        return length <= 0 ? "" : text.substring(start, start + length);
    }

    @Override
    public String toString() {
        return text;
    }
}
