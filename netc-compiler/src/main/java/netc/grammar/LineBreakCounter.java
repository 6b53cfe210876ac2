package netc.grammar;

import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.Lexer;
import org.antlr.v4.runtime.atn.LexerATNSimulator;

/**
 * ANTLR's lexer counts lines at LF only; a lone CR (old Mac line ends, or a stray one) ends a line
 * too, as SourceText and the language server protocol count lines.
 */
class LineBreakCounter extends LexerATNSimulator {
    LineBreakCounter(Lexer lexer, LexerATNSimulator generated) {
        super(lexer, generated.atn, generated.decisionToDFA, generated.getSharedContextCache());
    }

    @Override
    public void consume(CharStream input) {
        if (input.LA(1) == '\r' && input.LA(2) != '\n') {
            line++;
            charPositionInLine = 0;
            input.consume();
            return;
        }
        super.consume(input);
    }
}
