package netc.lsp;

import netc.diagnostics.SourceSpan;
import org.antlr.v4.runtime.Token;

/** Where a token stands in netc's terms (1-based, code points), line breaks inside it included. */
final class TokenSpans {
    private TokenSpans() {
    }

    static SourceSpan of(String file, Token token) {
        String text = token.getText();
        int lastBreak = text.lastIndexOf('\n');
        int startColumn = token.getCharPositionInLine() + 1;
        if (lastBreak < 0) {
            return new SourceSpan(file, token.getLine(), startColumn, token.getLine(),
                startColumn + text.codePointCount(0, text.length()));
        }
        int breaks = (int) text.chars().filter(c -> c == '\n').count();
        int endColumn = text.codePointCount(lastBreak + 1, text.length()) + 1;
        return new SourceSpan(file, token.getLine(), startColumn, token.getLine() + breaks, endColumn);
    }
}
