package netc.grammar;

import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;
import org.antlr.v4.runtime.tree.ParseTree;

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

    /** Hears of a chain's steps as the parse goes, and makes a chain one context: see {@link #pushNewRecursionContext}. */
    public interface ChainListener {
        /**
         * The next '->' was met: {@code chain} replaces {@code previous}, the context of the chain up to
         * it, and holds what it held (the steps not yet taken, and their arrows).
         */
        void stepsParsed(NetcParser.ChainExprContext previous, NetcParser.ChainExprContext chain);
    }

    private ChainListener chainListener;

    protected NetcParserBase(TokenStream input) {
        super(input);
    }

    public void setChainListener(ChainListener listener) {
        chainListener = listener;
    }

    /**
     * {@code a -> b -> c} is left-recursive: ANTLR gives each arrow a context holding the one before,
     * a tree as deep as the chain is long. With a listener (the source parser's), a chain is one context
     * instead, its steps and arrows its children, and at each arrow the listener takes the steps parsed
     * so far: the context never holds more than one step to move on. Without one, ANTLR's nesting stays,
     * for moving every step at every arrow would take quadratic time.
     */
    @Override
    public void pushNewRecursionContext(ParserRuleContext localctx, int state, int ruleIndex) {
        ParserRuleContext previous = _ctx;
        super.pushNewRecursionContext(localctx, state, ruleIndex);
        if (chainListener != null && localctx instanceof NetcParser.ChainExprContext
            && previous instanceof NetcParser.ChainExprContext && getBuildParseTree()) {
            localctx.children = previous.children;
            for (ParseTree child : localctx.children) {
                child.setParent(localctx);
            }
            chainListener.stepsParsed((NetcParser.ChainExprContext) previous, (NetcParser.ChainExprContext) localctx);
        }
    }

    /**
     * Whether the next token starts on the line where the previous one stands. Across a line
     * break, what looks like a missing comma is more often a missing ')'.
     */
    protected boolean nextOnSameLine() {
        Token previous = _input.LT(-1);
        return previous != null && _input.LT(1).getLine() == previous.getLine();
    }

    /**
     * Whether {@code param NAME: [...]} or {@code buffer NAME: [...]} begins here. The words are
     * contextual: nothing else may start with a word, a word, ':' and '[' (a labelled layer is never
     * followed by '['), so old files using them as names mean what they meant.
     */
    protected boolean stateDeclaration() {
        // the types first: every statement asks, and reading a token's text makes a string
        if (_input.LT(1).getType() != NetcParser.IDENT || _input.LT(2).getType() != NetcParser.IDENT) {
            return false;
        }
        return isStateKind(_input.LT(1).getText()) && _input.LT(3).getType() == NetcParser.COLON
            && _input.LT(4).getType() == NetcParser.LIST_OPEN;
    }

    /** Whether {@code word} may begin a state declaration: {@code param} or {@code buffer}. */
    public static boolean isStateKind(String word) {
        return word.equals("param") || word.equals("buffer");
    }

    /**
     * Whether a dotted name starting with {@code word} is a qualified name ({@code F.relu},
     * {@code nn.Conv2d}, {@code torch.cat}); after any other word the dots are methods ({@code x.view}).
     */
    public static boolean startsQualifiedName(String word) {
        return word.equals("F") || word.equals("nn") || word.equals("torch");
    }

    /**
     * Whether a qualified name goes on at this dot: the words before it started with a qualifier.
     * Otherwise the dot is a method's, read by the expression rule; deciding here, from the words
     * already read, keeps the parser from looking ahead to the end of a long chain of methods.
     */
    protected boolean qualifiedNameGoesOn() {
        int back = -1;
        while (_input.LT(back - 1) != null && _input.LT(back - 1).getType() == NetcLexer.DOT) {
            back -= 2;
        }
        Token first = _input.LT(back);
        return first != null && startsQualifiedName(first.getText());
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
