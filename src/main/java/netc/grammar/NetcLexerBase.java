package netc.grammar;

import java.util.ArrayDeque;
import java.util.Deque;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.CommonToken;
import org.antlr.v4.runtime.Lexer;
import org.antlr.v4.runtime.Token;

/**
 * The context the generated lexer needs for its two context-dependent decisions: whether
 * {@code //} is floor division or a comment, and whether {@code (} opens an argument list.
 */
public abstract class NetcLexerBase extends Lexer {
    private enum Nesting { EXPRESSION, STATEMENTS }

    private final Deque<Nesting> nesting = new ArrayDeque<>();
    private Token previous;

    protected NetcLexerBase(CharStream input) {
        super(input);
    }

    @Override
    public Token nextToken() {
        Token token = super.nextToken();
        if (token.getChannel() != Token.DEFAULT_CHANNEL) {
            return token;
        }
        if (token.getType() == NetcLexer.LPAREN && opensArguments(token)) {
            ((CommonToken) token).setType(NetcLexer.CALL_OPEN);
        }
        track(token.getType());
        previous = token;
        return token;
    }

    @Override
    public void reset() {
        super.reset();
        nesting.clear();
        previous = null;
    }

    /** '//' divides only right after an operand inside arguments, indices or shapes. */
    protected boolean isCommentStart() {
        return !(nesting.peek() == Nesting.EXPRESSION && previousIsOperand());
    }

    private boolean opensArguments(Token open) {
        return previous != null
            && previous.getType() == NetcLexer.IDENT
            && previous.getLine() == open.getLine();
    }

    private void track(int type) {
        switch (type) {
            case NetcLexer.CALL_OPEN:
            case NetcLexer.LBRACK:
                nesting.push(Nesting.EXPRESSION);
                break;
            case NetcLexer.LPAREN:
                nesting.push(nesting.peek() == Nesting.EXPRESSION ? Nesting.EXPRESSION : Nesting.STATEMENTS);
                break;
            case NetcLexer.LBRACE:
                nesting.push(Nesting.STATEMENTS);
                break;
            case NetcLexer.RPAREN:
            case NetcLexer.RBRACK:
            case NetcLexer.RBRACE:
                nesting.poll();
                break;
            default:
                break;
        }
    }

    private boolean previousIsOperand() {
        if (previous == null) {
            return false;
        }
        switch (previous.getType()) {
            case NetcLexer.IDENT:
            case NetcLexer.INT:
            case NetcLexer.FLOAT:
            case NetcLexer.STRING:
            case NetcLexer.TRUE:
            case NetcLexer.FALSE:
            case NetcLexer.RPAREN:
            case NetcLexer.RBRACK:
                return true;
            default:
                return false;
        }
    }
}
