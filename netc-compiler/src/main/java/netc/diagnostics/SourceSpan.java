package netc.diagnostics;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A range of source text: 1-based lines and columns, the end exclusive (the position just after
 * the last character). Columns count characters, as editors show them.
 *
 * <p>Every node of the syntax tree holds one, so a span is a value in as few bytes as it can be. Most
 * lie on one line or a few, in one of the first 1,023 files named, before line 4,194,304 and column
 * 4,096, ending before column 65,536: those take 16 bytes, all five values in one long ({@link Tiny}).
 * Most others end fewer than 256 lines below their start, before column 16,777,216, and take 24
 * ({@link Narrow}); the rest 32 ({@link Wide}). Two spans of the same five values are equal, whichever
 * form holds them.
 */
public abstract sealed class SourceSpan permits SourceSpan.Tiny, SourceSpan.Held {
    private SourceSpan() {
    }

    public static SourceSpan of(String file, int startLine, int startColumn, int endLine, int endColumn) {
        if (Tiny.holds(startLine, startColumn, endLine, endColumn)) {
            int number = FileNames.number(file);
            if (number >= 0) {
                return new Tiny(number, startLine, startColumn, endLine, endColumn);
            }
        }
        return Narrow.holds(startLine, endLine, endColumn)
            ? new Narrow(file, startLine, startColumn, endLine, endColumn)
            : new Wide(file, startLine, startColumn, endLine, endColumn);
    }

    /** A zero-width span at one position. */
    public static SourceSpan at(String file, int line, int column) {
        return of(file, line, column, line, column);
    }

    public abstract String file();

    public abstract int startLine();

    public abstract int startColumn();

    public abstract int endLine();

    public abstract int endColumn();

    /** The span from the start of this one to the end of {@code other}. */
    public SourceSpan to(SourceSpan other) {
        return of(file(), startLine(), startColumn(), other.endLine(), other.endColumn());
    }

    /** Whether the span is one of the 16-byte ones, which {@link #packed} puts in one long. */
    public boolean packs() {
        return this instanceof Tiny;
    }

    /**
     * The long a span that {@link #packs} is held in, which {@link #unpacked} gives back: for a node of
     * which there may be millions to hold its span within itself (a group: 8 bytes less a bracket).
     */
    public long packed() {
        return ((Tiny) this).packed;
    }

    /** The span of a long that {@link #packed} gave. */
    public static SourceSpan unpacked(long packed) {
        return new Tiny(packed);
    }

    /** {@code line:column} of the start, as diagnostics print it. */
    public String position() {
        return startLine() + ":" + startColumn();
    }

    /** {@link #position()}, after the file's path when that is not {@code file} (a block imported from another file). */
    public String positionSeenFrom(String file) {
        return file().equals(file) ? position() : file() + ":" + position();
    }

    /** Whether this span starts after {@code other} starts. */
    public boolean startsAfter(SourceSpan other) {
        return compare(startLine(), startColumn(), other.startLine(), other.startColumn()) > 0;
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
        return o instanceof SourceSpan other && Objects.equals(file(), other.file()) && startLine() == other.startLine()
            && startColumn() == other.startColumn() && endLine() == other.endLine()
            && endColumn() == other.endColumn();
    }

    /** As a record of these five components would hash. */
    @Override
    public final int hashCode() {
        int hash = Objects.hashCode(file());
        hash = hash * 31 + startLine();
        hash = hash * 31 + startColumn();
        hash = hash * 31 + endLine();
        return hash * 31 + endColumn();
    }

    @Override
    public final String toString() {
        return "SourceSpan[file=" + file() + ", startLine=" + startLine() + ", startColumn=" + startColumn()
            + ", endLine=" + endLine() + ", endColumn=" + endColumn() + "]";
    }

    /**
     * A span of one of the first files named, in one long: from the top, the file's number (10 bits), the
     * start line (22), the start column (12), the lines from start to end (4) and the end column (16).
     */
    static final class Tiny extends SourceSpan {
        private static final int FILE_BITS = 10;
        private static final int LINE_BITS = 22;
        private static final int START_COLUMN_BITS = 12;
        private static final int LINES_BITS = 4;
        private static final int END_COLUMN_BITS = 16;
        private final long packed;

        private Tiny(int file, int startLine, int startColumn, int endLine, int endColumn) {
            this(((((long) file << LINE_BITS | startLine) << START_COLUMN_BITS | startColumn)
                << LINES_BITS | endLine - startLine) << END_COLUMN_BITS | endColumn);
        }

        private Tiny(long packed) {
            this.packed = packed;
        }

        static boolean holds(int startLine, int startColumn, int endLine, int endColumn) {
            return startLine >= 0 && startLine < 1 << LINE_BITS && startColumn >= 0 && startColumn < 1 << START_COLUMN_BITS
                && endLine >= startLine && endLine - startLine < 1 << LINES_BITS
                && endColumn >= 0 && endColumn < 1 << END_COLUMN_BITS;
        }

        private int bits(int shift, int count) {
            return (int) (packed >>> shift) & (1 << count) - 1;
        }

        @Override
        public String file() {
            return FileNames.name(bits(LINE_BITS + START_COLUMN_BITS + LINES_BITS + END_COLUMN_BITS, FILE_BITS));
        }

        @Override
        public int startLine() {
            return bits(START_COLUMN_BITS + LINES_BITS + END_COLUMN_BITS, LINE_BITS);
        }

        @Override
        public int startColumn() {
            return bits(LINES_BITS + END_COLUMN_BITS, START_COLUMN_BITS);
        }

        @Override
        public int endLine() {
            return startLine() + bits(END_COLUMN_BITS, LINES_BITS);
        }

        @Override
        public int endColumn() {
            return bits(0, END_COLUMN_BITS);
        }
    }

    /**
     * The files spans name, numbered as first met, so that a {@link Tiny} span holds its file in 10 bits.
     * Number 0 is no file (null); past 1,023 files, spans take the other forms. Files are few (a
     * command's, an editor's open documents and their imports); the last one asked for is kept at
     * hand, since spans are made file by file.
     */
    private static final class FileNames {
        private static final int MAX = (1 << Tiny.FILE_BITS) - 1;
        private static final Map<String, Integer> NUMBERS = new ConcurrentHashMap<>();
        private static volatile String[] names = {null};
        private static volatile Numbered last = new Numbered(null, 0);

        private record Numbered(String name, int number) {
        }

        /** The file's number, or -1 once {@link #MAX} files are numbered and it is not among them. */
        static int number(String file) {
            Numbered known = last;
            if (known.name == file) {
                return known.number;
            }
            if (file == null) {
                return 0;
            }
            Integer number = NUMBERS.get(file);
            if (number == null) {
                number = add(file);
            }
            if (number >= 0) {
                last = new Numbered(file, number);
            }
            return number;
        }

        private static synchronized int add(String file) {
            Integer number = NUMBERS.get(file);
            if (number != null) {
                return number;
            }
            String[] known = names;
            if (known.length > MAX) {
                return -1;
            }
            String[] more = Arrays.copyOf(known, known.length + 1);
            more[known.length] = file;
            names = more;
            NUMBERS.put(file, known.length);
            return known.length;
        }

        static String name(int number) {
            return names[number];
        }
    }

    /** The forms that hold the file and the start as fields; they differ in how they hold the end. */
    abstract static sealed class Held extends SourceSpan permits Narrow, Wide {
        private final String file;
        private final int startLine;
        private final int startColumn;

        private Held(String file, int startLine, int startColumn) {
            this.file = file;
            this.startLine = startLine;
            this.startColumn = startColumn;
        }

        @Override
        public final String file() {
            return file;
        }

        @Override
        public final int startLine() {
            return startLine;
        }

        @Override
        public final int startColumn() {
            return startColumn;
        }
    }

    /** A span ending fewer than 256 lines below its start, before column 2^24: its end in one int. */
    static final class Narrow extends Held {
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

    static final class Wide extends Held {
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
