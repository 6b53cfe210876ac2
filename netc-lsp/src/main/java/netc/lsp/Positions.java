package netc.lsp;

import netc.diagnostics.SourceSpan;
import netc.diagnostics.SourceText;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;

/**
 * Converts between netc's positions (1-based lines, 1-based columns counted in code points, as
 * ANTLR counts them) and the protocol's (0-based lines, 0-based columns in UTF-16 code units).
 * The two agree except on lines holding characters outside the Basic Multilingual Plane.
 */
final class Positions {
    private final SourceText source;

    Positions(SourceText source) {
        this.source = source;
    }

    Range range(SourceSpan span) {
        return new Range(position(span.startLine(), span.startColumn()), position(span.endLine(), span.endColumn()));
    }

    Position position(int line, int column) {
        return new Position(Math.max(0, line - 1), utf16Column(source.line(line), column));
    }

    /** The zero-width netc span at a protocol position. */
    SourceSpan span(Position position) {
        int line = position.getLine() + 1;
        String text = source.line(line);
        int end = Math.min(Math.max(0, position.getCharacter()), text.length());
        int column = text.codePointCount(0, end) + 1;
        return SourceSpan.at(source.path(), line, column);
    }

    /** The 0-based UTF-16 column of a 1-based code-point column, clamped to the line's end. */
    static int utf16Column(String line, int column) {
        int codePoints = Math.max(0, column - 1);
        if (codePoints >= line.codePointCount(0, line.length())) {
            return line.length();
        }
        return line.offsetByCodePoints(0, codePoints);
    }
}
