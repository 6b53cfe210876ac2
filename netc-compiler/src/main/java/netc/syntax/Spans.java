package netc.syntax;

import netc.diagnostics.SourceSpan;
import netc.diagnostics.SourceText;
import netc.grammar.NetcLexer;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;

/** The one place where ANTLR positions (0-based columns) become {@link SourceSpan}s (1-based). */
final class Spans {
    private Spans() {
    }

    static SourceSpan of(String file, Token token) {
        int line = token.getLine();
        int column = token.getCharPositionInLine() + 1;
        if (token.getType() == Token.EOF) {
            return SourceSpan.at(file, line, column);
        }
        return SourceSpan.of(file, line, column, line, column + width(token));
    }

    static SourceSpan of(String file, ParserRuleContext ctx) {
        Token start = ctx.getStart();
        Token stop = ctx.getStop();
        if (stop == null || stop.getTokenIndex() < start.getTokenIndex()) {
            return SourceSpan.at(file, start.getLine(), start.getCharPositionInLine() + 1);
        }
        return between(file, start, stop);
    }

    /** From the start of {@code first} to the end of {@code last}, made directly: every AST node has one. */
    static SourceSpan between(String file, Token first, Token last) {
        if (last.getType() == Token.EOF) {
            return of(file, first).to(of(file, last));
        }
        int lastColumn = last.getCharPositionInLine() + 1;
        return SourceSpan.of(file, first.getLine(), first.getCharPositionInLine() + 1, last.getLine(),
            lastColumn + width(last));
    }

    /** The position just after a token, which may span lines (a comment left open runs to the end of the file). */
    static SourceSpan end(String file, Token token) {
        String text = token.getText();
        int lastBreak = text.lastIndexOf('\n');
        if (lastBreak < 0) {
            return SourceSpan.at(file, token.getLine(), token.getCharPositionInLine() + 1 + text.codePointCount(0, text.length()));
        }
        int breaks = (int) text.chars().filter(c -> c == '\n').count();
        return SourceSpan.at(file, token.getLine() + breaks, text.codePointCount(lastBreak + 1, text.length()) + 1);
    }

    /** In code points, as ANTLR counts columns; only a comment left open spans lines, shown to its line's end. */
    private static int width(Token token) {
        if (token.getType() == NetcLexer.UNTERMINATED_COMMENT) {
            String firstLine = new SourceText("", token.getText()).line(1);
            return firstLine.codePointCount(0, firstLine.length());
        }
        return token.getStopIndex() - token.getStartIndex() + 1;
    }
}
