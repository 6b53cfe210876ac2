package netc.diagnostics;

import java.util.Objects;

/**
 * A range of source text: 1-based lines and columns, the end exclusive (the position just after
 * the last character). Columns count characters, as editors show them.
 *
 * <p>Every node of the syntax tree holds one, so a span is a value in as few bytes as it can be: most
 * end on their first line, or a few lines below, before column 16,777,216, and take 24 bytes
 * ({@link Narrow}); the others 32 ({@link Wide}). Two spans of the same five values are equal,
 * whichever form holds them.
 */
public abstract sealed class SourceSpan permits SourceSpan.Narrow, SourceSpan.Wide {
    private final String file;
    private final int startLine;
    private final int startColumn;

    private SourceSpan(String file, int startLine, int startColumn) {
        this.file = file;
        this.startLine = startLine;
        this.startColumn = startColumn;
    }

    public static SourceSpan of(String file, int startLine, int startColumn, int endLine, int endColumn) {
        return Narrow.holds(startLine, endLine, endColumn)
            ? new Narrow(file, startLine, startColumn, endLine, endColumn)
            : new Wide(file, startLine, startColumn, endLine, endColumn);
    }

    /** A zero-width span at one position. */
    public static SourceSpan at(String file, int line, int column) {
        return of(file, line, column, line, column);
    }

    public final String file() {
        return file;
    }

    public final int startLine() {
        return startLine;
    }

    public final int startColumn() {
        return startColumn;
    }

    public abstract int endLine();

    public abstract int endColumn();

    /** The span from the start of this one to the end of {@code other}. */
    public SourceSpan to(SourceSpan other) {
        return of(file, startLine(), startColumn(), other.endLine(), other.endColumn());
    }

    /** {@code line:column} of the start, as diagnostics print it. */
    public String position() {
        return startLine() + ":" + startColumn();
    }

    /** {@link #position()}, after the file's path when that is not {@code file} (a block imported from another file). */
    public String positionSeenFrom(String file) {
        return this.file.equals(file) ? position() : this.file + ":" + position();
    }

    public boolean contains(SourceSpan other) {
        return compare(startLine(), startColumn(), other.startLine(), other.startColumn()) <= 0
            && compare(other.endLine(), other.endColumn(), endLine(), endColumn()) <= 0;
    }

    private static int compare(int lineA, int columnA, int lineB, int columnB) {
        return lineA != lineB ? Integer.compare(lineA, lineB) : Integer.compare(columnA, columnB);
    }

    @Override
    public final boolean equals(Object o) {
        return o instanceof SourceSpan other && Objects.equals(file, other.file) && startLine() == other.startLine()
            && startColumn() == other.startColumn() && endLine() == other.endLine()
            && endColumn() == other.endColumn();
    }

    /** As a record of these five components would hash. */
    @Override
    public final int hashCode() {
        int hash = Objects.hashCode(file);
        hash = hash * 31 + startLine();
        hash = hash * 31 + startColumn();
        hash = hash * 31 + endLine();
        return hash * 31 + endColumn();
    }

    @Override
    public final String toString() {
        return "SourceSpan[file=" + file + ", startLine=" + startLine() + ", startColumn=" + startColumn()
            + ", endLine=" + endLine() + ", endColumn=" + endColumn() + "]";
    }

    /** A span ending fewer than 256 lines below its start, before column 2^24: its end in one int. */
    static final class Narrow extends SourceSpan {
        private static final int COLUMN_BITS = 24;
        private static final int COLUMN_MASK = (1 << COLUMN_BITS) - 1;
        /** The lines from start to end, above the end column. */
        private final int end;

        private Narrow(String file, int startLine, int startColumn, int endLine, int endColumn) {
            super(file, startLine, startColumn);
            this.end = (endLine - startLine) << COLUMN_BITS | endColumn;
        }

        static boolean holds(int startLine, int endLine, int endColumn) {
            return endLine >= startLine && endLine - startLine < 256 && endColumn >= 0 && endColumn <= COLUMN_MASK;
        }

        @Override
        public int endLine() {
            return startLine() + (end >>> COLUMN_BITS);
        }

        @Override
        public int endColumn() {
            return end & COLUMN_MASK;
        }
    }

    static final class Wide extends SourceSpan {
        private final int endLine;
        private final int endColumn;

        private Wide(String file, int startLine, int startColumn, int endLine, int endColumn) {
            super(file, startLine, startColumn);
            this.endLine = endLine;
            this.endColumn = endColumn;
        }

        @Override
        public int endLine() {
            return endLine;
        }

        @Override
        public int endColumn() {
            return endColumn;
        }
    }
}
