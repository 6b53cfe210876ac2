package netc.lsp;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import netc.diagnostics.SourceSpan;
import netc.grammar.NetcLexer;
import netc.grammar.NetcParserBase;
import org.antlr.v4.runtime.Token;

/**
 * Where the cursor stands, read from the tokens before it, so that it works while the line is
 * still being typed and does not parse: in a comment or string, in a layer's argument list, after
 * {@code ->} or {@code F.}, in a body, or between definitions.
 */
final class CompletionContext {
    enum Kind { NOTHING, TOP_LEVEL, STATEMENT, CONTINUATION, FUNCTIONAL, METHOD, ARGUMENTS, LIST_ELEMENT, LIST_LOOP }

    /** An open bracket; for an argument list, the name called and the arguments before the cursor. */
    private static final class Open {
        final int type;
        final String callee;
        final Set<String> keywordsGiven = new HashSet<>();
        int positionalGiven;
        boolean argumentHasKeyword;
        /** For a list: its comprehension's for has been written. */
        boolean looped;

        Open(int type, String callee) {
            this.type = type;
            this.callee = callee;
        }
    }

    private final Kind kind;
    private final String callee;
    private final Set<String> keywordsGiven;
    private final int positionalGiven;

    private CompletionContext(Kind kind, Open call) {
        this.kind = kind;
        this.callee = call == null ? null : call.callee;
        this.keywordsGiven = call == null ? Set.of() : call.keywordsGiven;
        this.positionalGiven = call == null ? 0 : call.positionalGiven;
    }

    Kind kind() {
        return kind;
    }

    /** For ARGUMENTS: the layer or block whose argument list holds the cursor. */
    String callee() {
        return callee;
    }

    /** For ARGUMENTS: the keyword arguments written before the cursor. */
    Set<String> keywordsGiven() {
        return keywordsGiven;
    }

    /** For ARGUMENTS: how many positional arguments come before the cursor (they fill the first parameters). */
    int positionalGiven() {
        return positionalGiven;
    }

    static CompletionContext at(DocumentAnalysis analysis, SourceSpan at) {
        Deque<Open> open = new ArrayDeque<>();
        Token previous = null;
        Token beforePrevious = null;
        for (Token token : analysis.tokens()) {
            SourceSpan span = TokenSpans.of(at.file(), token);
            if (token.getType() == Token.EOF || !startsBefore(span, at)) {
                break;
            }
            if (holdsCursor(token, span, at)) {
                return new CompletionContext(Kind.NOTHING, null);
            }
            if (token.getChannel() != Token.DEFAULT_CHANNEL || !endsBy(span, at)
                || (token.getType() == NetcLexer.IDENT && isEnd(span, at))) {
                continue; // a comment or blank, or the word being typed
            }
            track(open, token, previous);
            beforePrevious = previous;
            previous = token;
        }
        return new CompletionContext(kind(open.peek(), previous, beforePrevious), open.peek());
    }

    private static Kind kind(Open innermost, Token previous, Token beforePrevious) {
        int last = previous == null ? Token.INVALID_TYPE : previous.getType();
        if (last == NetcLexer.DOT) {
            return afterDot(beforePrevious);
        }
        if (innermost == null) {
            return Kind.TOP_LEVEL;
        }
        if (innermost.type == NetcLexer.CALL_OPEN) {
            return last == NetcLexer.CALL_OPEN || last == NetcLexer.COMMA ? Kind.ARGUMENTS : Kind.NOTHING;
        }
        if (innermost.type == NetcLexer.LBRACK) {
            return Kind.NOTHING;
        }
        if (innermost.type == NetcLexer.LIST_OPEN) {
            return innermost.looped ? Kind.NOTHING : listKind(last);
        }
        return last == NetcLexer.ARROW ? Kind.CONTINUATION : Kind.STATEMENT;
    }

    /** In a list: an element at its start, a layer after {@code ->}, {@code for} after an element. */
    private static Kind listKind(int last) {
        switch (last) {
            case NetcLexer.LIST_OPEN:
            case NetcLexer.COMMA:
                return Kind.LIST_ELEMENT;
            case NetcLexer.ARROW:
                return Kind.CONTINUATION;
            case NetcLexer.IDENT:
            case NetcLexer.INT:
            case NetcLexer.FLOAT:
            case NetcLexer.RPAREN:
            case NetcLexer.RBRACK:
                return Kind.LIST_LOOP;
            default:
                return Kind.NOTHING;
        }
    }

    /** {@code F.} names a function, {@code x.} or {@code (a + b).} a tensor method; nn. and torch. take class names. */
    private static Kind afterDot(Token before) {
        if (before == null) {
            return Kind.NOTHING;
        }
        if (before.getText().equals("F")) {
            return Kind.FUNCTIONAL;
        }
        boolean operand = before.getType() == NetcLexer.IDENT || before.getType() == NetcLexer.RPAREN
            || before.getType() == NetcLexer.RBRACK;
        return operand && !NetcParserBase.startsQualifiedName(before.getText()) ? Kind.METHOD : Kind.NOTHING;
    }

    private static void track(Deque<Open> open, Token token, Token previous) {
        switch (token.getType()) {
            case NetcLexer.CALL_OPEN:
                open.push(new Open(token.getType(), previous == null ? "" : previous.getText()));
                break;
            case NetcLexer.LPAREN:
            case NetcLexer.LBRACK:
            case NetcLexer.LBRACE:
                open.push(new Open(token.getType(), null));
                break;
            case NetcLexer.LIST_OPEN:
                // after ':' it opens a shape (input x: [3, 32, 32]), where nothing is completed, as in an index
                boolean shape = previous != null && previous.getType() == NetcLexer.COLON;
                open.push(new Open(shape ? NetcLexer.LBRACK : NetcLexer.LIST_OPEN, null));
                break;
            case NetcLexer.RPAREN:
            case NetcLexer.RBRACK:
            case NetcLexer.RBRACE:
                open.poll();
                break;
            case NetcLexer.ASSIGN:
                if (open.peek() != null && previous != null && previous.getType() == NetcLexer.IDENT) {
                    open.peek().keywordsGiven.add(previous.getText());
                    open.peek().argumentHasKeyword = true;
                }
                break;
            case NetcLexer.COMMA:
                if (open.peek() != null) {
                    open.peek().positionalGiven += open.peek().argumentHasKeyword ? 0 : 1;
                    open.peek().argumentHasKeyword = false;
                }
                break;
            case NetcLexer.IDENT:
                if (open.peek() != null && open.peek().type == NetcLexer.LIST_OPEN && token.getText().equals("for")) {
                    open.peek().looped = true;
                }
                break;
            default:
                break;
        }
    }

    /** A comment or string that began before the cursor holds it until its end (a line comment: up to its line's end). */
    private static boolean holdsCursor(Token token, SourceSpan span, SourceSpan at) {
        switch (token.getType()) {
            case NetcLexer.LINE_COMMENT:
            case NetcLexer.UNTERMINATED_COMMENT:
            case NetcLexer.UNTERMINATED_STRING:
                return !endsBy(span, at) || isEnd(span, at);
            case NetcLexer.BLOCK_COMMENT:
            case NetcLexer.STRING:
                return !endsBy(span, at);
            default:
                return false;
        }
    }

    private static boolean startsBefore(SourceSpan span, SourceSpan at) {
        return compare(span.startLine(), span.startColumn(), at.startLine(), at.startColumn()) < 0;
    }

    private static boolean endsBy(SourceSpan span, SourceSpan at) {
        return compare(span.endLine(), span.endColumn(), at.startLine(), at.startColumn()) <= 0;
    }

    private static boolean isEnd(SourceSpan span, SourceSpan at) {
        return span.endLine() == at.startLine() && span.endColumn() == at.startColumn();
    }

    private static int compare(int lineA, int columnA, int lineB, int columnB) {
        return lineA != lineB ? Integer.compare(lineA, lineB) : Integer.compare(columnA, columnB);
    }
}
