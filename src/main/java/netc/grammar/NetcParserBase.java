package netc.grammar;

import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;

/**
 * What the generated parser needs beyond the grammar: whether a comma left out between two
 * arguments can be read as missing (both arguments on one line), and whom to tell about it.
 */
public abstract class NetcParserBase extends Parser {
    /** An error strategy that also hears of commas left out between arguments. */
    public interface MissingCommaListener {
        /** A comma is missing before {@code next}; the arguments are read as if it were there. */
        void missingComma(Parser parser, Token next);
    }

    protected NetcParserBase(TokenStream input) {
        super(input);
    }

    /**
     * Whether the next token starts on the line where the previous one stands. Across a line
     * break, what looks like a missing comma is more often a missing ')'.
     */
    protected boolean nextOnSameLine() {
        Token previous = _input.LT(-1);
        return previous != null && _input.LT(1).getLine() == previous.getLine();
    }

    /** Whether the next token is the word {@code word}: a contextual keyword such as import. */
    protected boolean isWord(String word) {
        return word.equals(_input.LT(1).getText());
    }

    protected void missingComma() {
        if (getErrorHandler() instanceof MissingCommaListener) {
            ((MissingCommaListener) getErrorHandler()).missingComma(this, _input.LT(1));
        }
    }
}
