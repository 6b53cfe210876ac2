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
    private enum Kind { EXPRESSION, STATEMENTS }

    /** An open bracket: what it holds, and the line it opened on. */
    private static final class Nesting {
        final Kind kind;
        final int line;

        Nesting(Kind kind, int line) {
            this.kind = kind;
            this.line = line;
        }
    }

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
        track(token);
        previous = token;
        return token;
    }

    @Override
    public void reset() {
        super.reset();
        nesting.clear();
        previous = null;
    }

    /**
     * '//' divides only right after an operand inside arguments, indices or shapes whose bracket
     * opened on this line; anywhere else it starts a comment, so that a comment after a line with
     * a missing ')' is still a comment.
     */
    protected boolean isCommentStart() {
        Nesting open = nesting.peek();
        boolean division = open != null && open.kind == Kind.EXPRESSION && open.line == getLine()
            && previousIsOperand();
        return !division;
    }

    private boolean opensArguments(Token open) {
        return previous != null
            && previous.getType() == NetcLexer.IDENT
            && previous.getLine() == open.getLine();
    }

    private void track(Token token) {
        switch (token.getType()) {
            case NetcLexer.CALL_OPEN:
            case NetcLexer.LBRACK:
                nesting.push(new Nesting(Kind.EXPRESSION, token.getLine()));
                break;
            case NetcLexer.LPAREN:
                boolean inExpression = nesting.peek() != null && nesting.peek().kind == Kind.EXPRESSION;
                nesting.push(new Nesting(inExpression ? Kind.EXPRESSION : Kind.STATEMENTS, token.getLine()));
                break;
            case NetcLexer.LBRACE:
                nesting.push(new Nesting(Kind.STATEMENTS, token.getLine()));
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
