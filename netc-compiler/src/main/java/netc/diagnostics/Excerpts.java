package netc.diagnostics;

/**
 * Bounded pieces of the source for messages and snippets: a hostile file may hold a name or a
 * line of megabytes, and echoing it whole into every diagnostic would print megabytes per error.
 */
public final class Excerpts {
    /** Names up to this long are shown whole; no real name comes near. */
    static final int MAX_WORD = 64;
    /** Characters of a source line shown in a snippet. */
    static final int MAX_LINE = 160;
    /** Characters shown before the start of the span when a long line is cut. */
    private static final int CONTEXT = 40;
    private static final String ELLIPSIS = "...";

    private Excerpts() {
    }

    /** A name as a message shows it: whole, or its start and its length when it is very long. */
    public static String word(String word) {
        if (word.length() <= MAX_WORD) {
            return word;
        }
        return word.substring(0, MAX_WORD / 2) + ELLIPSIS + " (" + word.length() + " characters)";
    }

    /** The part of a line a snippet shows, and where in it the span's underline goes. */
    record Line(String text, int column, int width) {
    }

    /**
     * The line whole when it is short; otherwise a window of {@link #MAX_LINE} characters around
     * the start of the span ({@code column}, 0-based), marked with ellipses where it was cut.
     */
    static Line line(String line, int column, int width) {
        if (line.length() <= MAX_LINE) {
            return new Line(line, column, width);
        }
        int from = Math.max(0, Math.min(column - CONTEXT, line.length() - MAX_LINE));
        int to = from + MAX_LINE;
        String before = from > 0 ? ELLIPSIS : "";
        String after = to < line.length() ? ELLIPSIS : "";
        int shownWidth = Math.max(1, Math.min(width, to - column));
        return new Line(before + line.substring(from, to) + after, before.length() + column - from, shownWidth);
    }
}
