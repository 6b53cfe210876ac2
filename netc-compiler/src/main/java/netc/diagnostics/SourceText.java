package netc.diagnostics;

import java.util.Arrays;

/**
 * The text of one source file, with its lines at hand for rendering and slicing by span. A line
 * ends at LF, CRLF or a lone CR, as editors and the language server protocol count lines.
 */
public final class SourceText {
    private final String path;
    private final String text;
    /**
     * Where each line starts, found when first asked: a check that reports nothing never asks, and a
     * file of a million lines need not hold 4 MB of them. Volatile, so that a thread that finds it set
     * finds it filled.
     */
    private volatile int[] lineStarts;

    public SourceText(String path, String text) {
        this.path = path;
        this.text = text;
    }

    public String path() {
        return path;
    }

    public String text() {
        return text;
    }

    public int lineCount() {
        return lineStarts().length;
    }

    /** Line {@code line} (1-based) without its line break; empty past the end. */
    public String line(int line) {
        int[] lineStarts = lineStarts();
        if (line < 1 || line > lineStarts.length) {
            return "";
        }
        int start = lineStarts[line - 1];
        int end = line < lineStarts.length ? lineStarts[line] : text.length();
        while (end > start && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
            end--;
        }
        return text.substring(start, end);
    }

    /** The text a span covers. */
    public String slice(SourceSpan span) {
        int start = offset(span.startLine(), span.startColumn());
        int end = offset(span.endLine(), span.endColumn());
        return end > start ? text.substring(start, end) : "";
    }

    /** The character offset of a 1-based line and column, clamped to the text. */
    public int offset(int line, int column) {
        if (line < 1) {
            return 0;
        }
        int[] lineStarts = lineStarts();
        if (line > lineStarts.length) {
            return text.length();
        }
        return Math.min(text.length(), lineStarts[line - 1] + Math.max(0, column - 1));
    }

    /** The 1-based line that holds the character at {@code offset} (a line break is on the line it ends). */
    public int lineAt(int offset) {
        int found = Arrays.binarySearch(lineStarts(), offset);
        return found >= 0 ? found + 1 : -found - 1;
    }

    /** Whether the character at {@code i} ends a line: LF, a CR not followed by LF, or the LF of CRLF. */
    public static boolean endsLine(CharSequence text, int i) {
        char c = text.charAt(i);
        return c == '\n' || c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n');
    }

    private int[] lineStarts() {
        int[] starts = lineStarts;
        if (starts == null) {
            starts = lineStarts(text);
            lineStarts = starts;
        }
        return starts;
    }

    /**
     * Counted first, then filled: boxing each start in a list cost more memory than the text itself. A text
     * without CR is searched for LF by {@code indexOf}, many characters at a time: read a character at a time,
     * the line starts of 10 MB took a quarter of a second, for the first diagnostic printed.
     */
    private static int[] lineStarts(String text) {
        if (text.indexOf('\r') < 0) {
            return lineFeedStarts(text);
        }
        int lines = 1;
        for (int i = 0; i < text.length(); i++) {
            if (endsLine(text, i)) {
                lines++;
            }
        }
        int[] starts = new int[lines];
        int line = 1;
        for (int i = 0; i < text.length(); i++) {
            if (endsLine(text, i)) {
                starts[line++] = i + 1;
            }
        }
        return starts;
    }

    private static int[] lineFeedStarts(String text) {
        int lines = 1;
        for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
            lines++;
        }
        int[] starts = new int[lines];
        int line = 1;
        for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
            starts[line++] = i + 1;
        }
        return starts;
    }
}
