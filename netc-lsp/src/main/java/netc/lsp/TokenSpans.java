package netc.lsp;

import netc.diagnostics.SourceSpan;
import netc.diagnostics.SourceText;
import org.antlr.v4.runtime.Token;

/** Where a token stands in netc's terms (1-based, code points), line breaks inside it included. */
final class TokenSpans {
    private TokenSpans() {
    }

    static SourceSpan of(String file, Token token) {
        SourceText lines = new SourceText(file, token.getText());
        int startColumn = token.getCharPositionInLine() + 1;
        int last = lines.lineCount();
        String lastLine = lines.line(last);
        int endColumn = (last == 1 ? startColumn : 1) + lastLine.codePointCount(0, lastLine.length());
        return SourceSpan.of(file, token.getLine(), startColumn, token.getLine() + last - 1, endColumn);
    }
}
