package netc.grammar;

import java.util.ArrayDeque;
import java.util.Deque;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.CommonToken;
import org.antlr.v4.runtime.Lexer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.LexerATNSimulator;

/**
 * The context the generated lexer needs for its context-dependent decisions: whether {@code //}
 * is floor division or a comment, whether {@code (} opens an argument list, whether {@code [}
 * indexes or opens a list, and whether {@code -} and {@code +} are binary operators or signs.
 * Lines end at LF, CRLF or a lone CR.
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
        if (!(_interp instanceof LineBreakCounter)) {
            // the generated constructor sets _interp after ours runs; a lexer started mid-line (a
            // quoted label's {} part) has set where it starts
            LineBreakCounter counter = scanner(_interp);
            counter.setLine(_interp.getLine());
            counter.setCharPositionInLine(_interp.getCharPositionInLine());
            _interp = counter;
        }
        Token token = super.nextToken();
        if (token.getType() == NetcLexer.FLOORDIV && isCommentStart(token)) {
            return lineComment((CommonToken) token);
        }
        if (token.getChannel() != Token.DEFAULT_CHANNEL) {
            return token;
        }
        if (token.getType() == NetcLexer.LPAREN && opensArguments(token)) {
            ((CommonToken) token).setType(NetcLexer.CALL_OPEN);
        } else if (token.getType() == NetcLexer.MINUS && !previousIsOperand()) {
            ((CommonToken) token).setType(NetcLexer.NEGATE);
        } else if (token.getType() == NetcLexer.PLUS && !previousIsOperand()) {
            ((CommonToken) token).setType(NetcLexer.POSITIVE);
        } else if (token.getType() == NetcLexer.LBRACK && !opensIndex(token)) {
            ((CommonToken) token).setType(NetcLexer.LIST_OPEN);
        }
        track(token);
        previous = token;
        return token;
    }

    /** What matches the tokens: the grammar's rules by hand, as fast as a lexer of its own; {@code generated} is the generated automaton. */
    LineBreakCounter scanner(LexerATNSimulator generated) {
        return new TokenScanner(this, generated);
    }

    /**
     * Lexes from a statement of a definition's body as if the text before it had been lexed: one
     * body open, and before it a token on an earlier line, an operand (the end of a statement) or
     * not (the body's '{'). Nothing else of what came before decides how the statement is lexed.
     */
    public void startInBody(boolean afterOperand, int previousLine) {
        nesting.clear();
        nesting.push(new Nesting(Kind.STATEMENTS, previousLine));
        CommonToken before = new CommonToken(afterOperand ? NetcLexer.RPAREN : NetcLexer.LBRACE);
        before.setLine(previousLine);
        previous = before;
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
    private boolean isCommentStart(Token slashes) {
        Nesting open = nesting.peek();
        boolean division = open != null && open.kind == Kind.EXPRESSION && open.line == slashes.getLine()
            && previousIsOperand();
        return !division;
    }

    /** Extends a '//' token to the end of its line, as a hidden comment. */
    private Token lineComment(CommonToken slashes) {
        while (_input.LA(1) != '\n' && _input.LA(1) != '\r' && _input.LA(1) != CharStream.EOF) {
            getInterpreter().consume(_input);
        }
        slashes.setType(NetcLexer.LINE_COMMENT);
        slashes.setChannel(Token.HIDDEN_CHANNEL);
        slashes.setStopIndex(_input.index() - 1);
        return slashes;
    }

    private boolean opensArguments(Token open) {
        return previous != null
            && previous.getType() == NetcLexer.IDENT
            && previous.getLine() == open.getLine();
    }

    /** '[' indexes right after an operand on its line ({@code x[0]}); elsewhere it opens a list or a shape. */
    private boolean opensIndex(Token open) {
        return previousIsOperand() && previous.getLine() == open.getLine();
    }

    private void track(Token token) {
        switch (token.getType()) {
            case NetcLexer.CALL_OPEN:
            case NetcLexer.LBRACK:
            case NetcLexer.LIST_OPEN:
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
