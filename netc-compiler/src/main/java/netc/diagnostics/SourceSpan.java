package netc.diagnostics;

/**
 * A range of source text: 1-based lines and columns, the end exclusive (the position just after
 * the last character). Columns count characters, as editors show them.
 */
public record SourceSpan(String file, int startLine, int startColumn, int endLine, int endColumn) {

    /** A zero-width span at one position. */
    public static SourceSpan at(String file, int line, int column) {
        return new SourceSpan(file, line, column, line, column);
    }

    /** The span from the start of this one to the end of {@code other}. */
    public SourceSpan to(SourceSpan other) {
        return new SourceSpan(file, startLine, startColumn, other.endLine, other.endColumn);
    }

    /** {@code line:column} of the start, as diagnostics print it. */
    public String position() {
        return startLine + ":" + startColumn;
    }

    /** {@link #position()}, after the file's path when that is not {@code file} (a block imported from another file). */
    public String positionSeenFrom(String file) {
        return this.file.equals(file) ? position() : this.file + ":" + position();
    }

    public boolean contains(SourceSpan other) {
        return compare(startLine, startColumn, other.startLine, other.startColumn) <= 0
            && compare(other.endLine, other.endColumn, endLine, endColumn) <= 0;
    }

    private static int compare(int lineA, int columnA, int lineB, int columnB) {
        return lineA != lineB ? Integer.compare(lineA, lineB) : Integer.compare(columnA, columnB);
    }
}
