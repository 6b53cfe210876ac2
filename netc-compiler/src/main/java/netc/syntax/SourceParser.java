package netc.syntax;

import java.util.AbstractList;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import netc.diagnostics.Code;
import netc.diagnostics.Diagnostic;
import netc.diagnostics.Diagnostics;
import netc.diagnostics.Fix;
import netc.diagnostics.SourceSpan;
import netc.diagnostics.SourceText;
import netc.diagnostics.Text;
import netc.grammar.NetcLexer;
import netc.grammar.NetcParser;
import netc.grammar.NetcParserBase;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenFactory;
import org.antlr.v4.runtime.TokenSource;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.ParseCancellationException;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.tree.ErrorNode;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.ParseTreeListener;
import org.antlr.v4.runtime.tree.TerminalNode;

/** Source text to AST, reporting lexical and syntax errors in words. */
public final class SourceParser {
    /** Deeper bracket nesting than any model needs; beyond it the parser's recursion is at risk. */
    static final int MAX_NESTING = 200;
    /** A text of 4 MB or more is large: see {@link #parse}. */
    private static final int LARGE_TEXT = 4_000_000;
    /** How many times a full parse handed the tokens back to the fast parse: DirectParserTest checks it reaches that. */
    static final AtomicLong HANDOVERS = new AtomicLong();

    private SourceParser() {
    }

    public static ParsedFile parse(SourceText source, Diagnostics diagnostics) {
        return parse(source, diagnostics, true);
    }

    /**
     * After a syntax error in a definition's body, the full parse resumes at the statement that holds it, and
     * hands the tokens back to the fast parse where the error is behind it ({@code resuming}); or it parses
     * the whole file again, to the same result (DirectParserTest compares).
     */
    static ParsedFile parse(SourceText source, Diagnostics diagnostics, boolean resuming) {
        String file = source.path();
        // one stream of the text for every lexer of this parse: a text with characters beyond Latin-1 is
        // scanned, or copied, when read into one
        CharStream chars = TextCharStream.of(source.text(), file);
        Words words = new Words();
        Diagnostics built = new Diagnostics(Integer.MAX_VALUE);
        GuardedLexer lexed = new GuardedLexer(lexer(chars));
        FastParse fast = null;
        try {
            fast = parseFast(source, lexed, built, diagnostics, words);
            if (fast.parsed() != null) {
                return fast.parsed();
            }
        } catch (StackOverflowError e) {
            // the full parse below meets it again, and reports it after the lexical errors
        }
        DirectParser.ResumePoint resume = fast == null || !resuming ? null : fast.resume();
        if (resume == null && source.text().length() >= LARGE_TEXT) {
            // what the fast parse built of a large file is garbage now, as large as what the full parse will
            // build: collected here, while little else is alive, its room is used again instead of the heap
            // growing by as much (a 60 MB file with an error at its end: 2.26 GB resident before, 1.55 GB after)
            System.gc();
        }
        // the lexical errors come first, and a nesting too deep ends the file's parse: the fast parse's
        // lexer, read on to the end from where the parse stopped, finds both, holding no tokens, before
        // the full parse lexes the file again
        while (lexed.nextToken().getType() != Token.EOF) {
            // reading on
        }
        lexed.reportLexicalErrors(file, diagnostics);
        if (lexed.tooDeep != null) {
            diagnostics.report(Diagnostic.error(Code.NESTING_TOO_DEEP, Spans.of(file, lexed.tooDeep),
                lexed.nesting.excess()));
            return new ParsedFile(new SourceFile(file, List.of()), Set.of());
        }
        built.all().forEach(diagnostics::report);
        try {
            if (resume != null) {
                ParsedFile parsed = parseResumed(file, chars, resume, diagnostics, words);
                if (parsed != null) {
                    return parsed;
                }
            }
            Diagnostics kept = new Diagnostics(Integer.MAX_VALUE);
            ReleasingTokenStream tokens = new ReleasingTokenStream(lexer(chars));
            DirectParser.Read read = parseFully(file, tokens, diagnostics, kept, null, 0, 0, words).read();
            kept.all().forEach(diagnostics::report);
            return read.parsedFile(file);
        } catch (StackOverflowError e) {
            diagnostics.report(Diagnostic.error(Code.NESTING_TOO_DEEP, SourceSpan.at(file, 1, 1),
                Text.of("syntax.file_nests_expressions_too")));
            return new ParsedFile(new SourceFile(file, List.of()), Set.of());
        }
    }

    /**
     * The parse after a syntax error in a definition's body: the full parse reads from the statement before
     * the one holding it until a statement of a broken definition, or a definition, ends with the error
     * behind it; the fast parse reads on from there, and at its next error the full parse resumes again.
     * The syntax errors go to {@code diagnostics}, then what building reported in the definitions built
     * since (as a parse of the whole file reports them); null, having reported nothing, where the fast
     * parse's SLL prediction failed where the full parse's LL does not, or where an error is outside a
     * definition's body: the whole file is parsed then.
     */
    private static ParsedFile parseResumed(String file, CharStream chars, DirectParser.ResumePoint first,
                                           Diagnostics diagnostics, Words words) {
        Diagnostics syntax = new Diagnostics(Integer.MAX_VALUE);
        Diagnostics kept = new Diagnostics(Integer.MAX_VALUE);
        DirectParser.ResumePoint resume = first;
        int reportedLine = 0;
        int required = 1;
        while (true) {
            ReleasingTokenStream tokens = resumedTokens(chars, resume.after());
            FullParse full = parseFully(file, tokens, syntax, kept, resume, reportedLine, required, words);
            if (full == null) {
                return null;
            }
            if (full.handover() == null) {
                return reported(full.read().parsedFile(file), syntax, kept, diagnostics);
            }
            HANDOVERS.incrementAndGet();
            FastParse fast = parseOn(file, tokens, full, kept, words);
            if (fast.parsed() != null) {
                return reported(fast.parsed(), syntax, kept, diagnostics);
            }
            if (fast.resume() == null) {
                return null;
            }
            resume = fast.resume();
            reportedLine = full.reportedLine();
            // the full parse reads again the statement before the next error: where errors come that
            // close, it reads on longer before it hands over, as long as the whole file at worst
            required = fast.statements() >= required ? required : 2 * required;
        }
    }

    /** {@code parsed}, having reported the syntax errors, then what building found in the definitions built. */
    private static ParsedFile reported(ParsedFile parsed, Diagnostics syntax, Diagnostics kept,
                                       Diagnostics diagnostics) {
        syntax.all().forEach(diagnostics::report);
        kept.all().forEach(diagnostics::report);
        return parsed;
    }

    /**
     * The tokens after {@code after}, the last token before a statement of a definition's body, lexed as
     * the whole file's lexer would: what it decides from the tokens before (is '(' a call's, is '-' a sign)
     * depends on the last of them only, and in a body on nothing more.
     */
    private static ReleasingTokenStream resumedTokens(CharStream chars, Token after) {
        NetcLexer lexer = lexer(chars);
        int width = after.getStopIndex() - after.getStartIndex() + 1;
        lexer.getInputStream().seek(after.getStopIndex() + 1);
        lexer.setLine(after.getLine());
        lexer.setCharPositionInLine(after.getCharPositionInLine() + width);
        lexer.startInBody(after.getType() != NetcLexer.LBRACE, after.getLine());
        return new ReleasingTokenStream(lexer);
    }

    static NetcLexer lexer(SourceText source) {
        return lexer(TextCharStream.of(source.text(), source.path()));
    }

    /** A lexer from the start of {@code chars}, which an earlier lexer may have read. */
    private static NetcLexer lexer(CharStream chars) {
        chars.seek(0);
        NetcLexer lexer = new NetcLexer(chars);
        lexer.removeErrorListeners();
        return lexer;
    }

    /**
     * The {@link DirectParser} reads the common statements by hand and the rest with the generated
     * parser's rules, whose SLL prediction is enough for correct files and much faster. The tokens are
     * lexed as the parser asks for them, and let go once read, so a large model never holds all its
     * tokens in memory (nor, in a long chain a rule reads, all its parse tree). What the AST builder
     * reports goes to {@code built} until the parse is known to have succeeded: the lexical errors come
     * first. Null after a syntax error or a nesting too deep, which the full parse reports.
     */
    private static FastParse parseFast(SourceText source, GuardedLexer lexer, Diagnostics built,
                                       Diagnostics diagnostics, Words words) {
        ReleasingTokenStream tokens = new ReleasingTokenStream(lexer);
        AstBuilder builder = new AstBuilder(source.path(), built, words);
        FastParse fast = readFast(tokens, builder, new DirectParser.Read(), null);
        if (fast.parsed() == null) {
            return lexer.tooDeep == null ? fast : new FastParse(null, null, 0);
        }
        if (lexer.tooDeep != null) {
            return new FastParse(null, null, 0);
        }
        lexer.reportLexicalErrors(source.path(), diagnostics);
        built.all().forEach(diagnostics::report);
        boolean reportedNothing = lexer.lexicalErrors.isEmpty() && built.all().isEmpty();
        return new FastParse(new ParsedFile(fast.parsed().file(), Set.of(), reportedNothing), null, fast.statements());
    }

    /**
     * The fast parse again, from where the full parse handed the tokens over: what building reports in the
     * definitions it builds goes to {@code kept}.
     */
    private static FastParse parseOn(String file, ReleasingTokenStream tokens, FullParse full, Diagnostics kept,
                                     Words words) {
        Diagnostics built = new Diagnostics(Integer.MAX_VALUE);
        AstBuilder builder = new AstBuilder(file, built, words);
        int before = full.read().definitions.size();
        FastParse fast = readFast(tokens, builder, full.read(), full.handover());
        keepWithin(built, full.read().definitions, before, kept);
        return fast;
    }

    /**
     * Runs a {@link DirectParser} over {@code tokens}, adding to {@code read}, from the file's start or from
     * where the full parse handed the tokens over ({@code from}): the file read, or, after a syntax error,
     * where the full parse may resume (null if from the start).
     */
    private static FastParse readFast(ReleasingTokenStream tokens, AstBuilder builder, DirectParser.Read read,
                                      Handover from) {
        NetcParser parser = new NetcParser(tokens);
        parser.removeErrorListeners();
        parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
        parser.setErrorHandler(new Bail());
        StatementPruner pruner = new StatementPruner(builder, tokens, false);
        DirectParser direct = new DirectParser(tokens, parser, builder, read);
        parser.setChainListener(pruner);
        try {
            if (from != null && from.brokenDefinition() != null) {
                direct.readBrokenBody(from.brokenDefinition(), from.beforeStatement());
            }
            direct.readFile();
        } catch (ParseCancellationException e) {
            return new FastParse(null, pruner.failure == null ? direct.resumePoint() : null, direct.statementsRead());
        } finally {
            parser.setChainListener(null);
        }
        if (pruner.failure != null) {
            throw pruner.failure;
        }
        return new FastParse(read.parsedFile(builder.file()), null, direct.statementsRead());
    }

    /**
     * The fast parse's file; else, after a syntax error, where the full parse may resume (null if from the
     * start); and how many statements of definitions' bodies it read.
     */
    private record FastParse(ParsedFile parsed, DirectParser.ResumePoint resume, int statements) {
    }

    /**
     * Reports to {@code kept} what {@code built} holds within the definitions from index {@code from}: each
     * found by its start among them, in source order (a walk of them all per diagnostic took 13.7 s for
     * 40,000 definitions that each reported one).
     */
    private static void keepWithin(Diagnostics built, List<Definition> definitions, int from, Diagnostics kept) {
        for (Diagnostic diagnostic : built.all()) {
            int low = from;
            int high = definitions.size();
            while (low < high) {   // the first definition starting after the diagnostic
                int middle = (low + high) >>> 1;
                if (definitions.get(middle).span().startsAfter(diagnostic.span())) {
                    high = middle;
                } else {
                    low = middle + 1;
                }
            }
            if (low > from && definitions.get(low - 1).span().contains(diagnostic.span())) {
                kept.report(diagnostic);
            }
        }
    }

    /**
     * The parse after an error: full LL prediction, every syntax error reported in words, to {@code syntax};
     * what building reports in the definitions built goes to {@code kept}. Its tokens are let go as
     * statements are built, as the fast parse's are. From {@code resume}, when not null: the definitions
     * before the statement where the fast parse met the error are the fast parse's; the definition holding
     * it is broken, else (the fast parse's SLL prediction failed where LL does not) the result is null, for
     * the whole file to be parsed. A resumed parse hands the tokens back to the fast parse where the
     * error is behind it: see {@link Handovers#offer}.
     */
    private static FullParse parseFully(String file, ReleasingTokenStream tokens, Diagnostics syntax, Diagnostics kept,
                                        DirectParser.ResumePoint resume, int reportedLine, int required,
                                        Words words) {
        NetcParser parser = new NetcParser(tokens);
        parser.removeErrorListeners();
        parser.getInterpreter().setPredictionMode(PredictionMode.LL);
        SyntaxErrorReporter reporter = new SyntaxErrorReporter(file, syntax, new LexicalErrors(tokens.getTokens()),
            reportedLine);
        parser.setErrorHandler(reporter);
        // statements are built as they are parsed here too, so that an error in a large file is not
        // reported out of memory; what building reports counts only for the definitions built
        Diagnostics built = new Diagnostics(Integer.MAX_VALUE);
        AstBuilder builder = new AstBuilder(file, built, words);
        StatementPruner pruner = new StatementPruner(builder, tokens, true);
        if (resume == null) {
            NetcParser.FileContext tree = pruner.parse(parser, NetcParser::file);
            DirectParser.Read read = new DirectParser.Read();
            build(builder, tree.importStatement(), tree.definition(), errors(reporter, pruner), read);
            keepWithin(built, read.definitions, 0, kept);
            return new FullParse(read, null, reporter.reportedLine());
        } else {
            NetcParser.ResumedFileContext tree;
            Handovers handovers = new Handovers(parser, reporter, tokens, resume, required);
            pruner.handOverAt(handovers);
            try {
                tree = pruner.parse(parser, NetcParser::resumedFile);
            } catch (HandingOver handingOver) {
                tree = handovers.handedOverTree;
            }
            List<Integer> errors = errors(reporter, pruner);
            Handover handover = handovers.handover;
            if (!holdsError(tree.resumedDefinition(), errors)
                || handover == null && !continuesAsInFile(pruner.afterResumedDefinition)) {
                return null;
            }
            List<NetcParser.DefinitionContext> definitions = tree.definition();
            DirectParser.Read read = resume.read();
            int before = read.definitions.size();
            read.broken.add(resume.broken());
            if (handover != null && handovers.openDefinition != null) {
                // the definition whose body the fast parse reads on is broken: it is not built
                definitions = definitions.subList(0, definitions.size() - 1);
                read.broken.add(handover.brokenDefinition());
            }
            build(builder, tree.importStatement(), definitions, errors, read);
            keepWithin(built, read.definitions, before, kept);
            return new FullParse(read, handover, reporter.reportedLine());
        }
    }

    /**
     * What the full parse read: up to the end of the file, or up to where it hands the tokens back to the
     * fast parse; and the line of its last error reported, whose further errors are consequences.
     */
    private record FullParse(DirectParser.Read read, Handover handover, int reportedLine) {
    }

    /**
     * Where the full parse hands the tokens back to the fast parse: after a statement of the body of a
     * definition that holds an error, {@code brokenDefinition}, with the last token before that statement;
     * or between definitions (both null).
     */
    private record Handover(String brokenDefinition, Token beforeStatement) {
    }

    /** Unwinds the full parse where it hands the tokens over: thrown as ANTLR exits a rule. */
    private static final class HandingOver extends RuntimeException {
        private static final HandingOver INSTANCE = new HandingOver();

        private HandingOver() {
            super(null, null, false, false);
        }
    }

    /**
     * The lexer as the fast parse reads it: it keeps the lexical errors, and ends the file at the
     * first token nested too deeply, before the parser's recursion reaches it.
     */
    static final class GuardedLexer implements TokenSource {
        private final NetcLexer lexer;
        private final NestingLimit nesting = new NestingLimit();
        private final List<Token> lexicalErrors = new ArrayList<>();
        /** The first token nested too deeply, where the file ends for the parser; null while there is none. */
        private Token tooDeep;

        GuardedLexer(NetcLexer lexer) {
            this.lexer = lexer;
        }

        /** Starts at a statement of a definition's body: see {@link NetcLexer#startInBody}; the body's '{' counts. */
        void startInBody(boolean afterOperand, int previousLine) {
            lexer.startInBody(afterOperand, previousLine);
            nesting.admits(NetcLexer.LBRACE);
        }

        /** Reports the lexical errors met so far. */
        void reportLexicalErrors(String file, Diagnostics diagnostics) {
            for (Token error : lexicalErrors) {
                diagnostics.report(lexicalError(file, error));
            }
        }

        /** Whether a lexical error or a nesting too deep was met. */
        boolean metErrors() {
            return tooDeep != null || !lexicalErrors.isEmpty();
        }

        @Override
        public Token nextToken() {
            if (tooDeep != null) {
                return lexer.emitEOF();
            }
            Token token = lexer.nextToken();
            if (token.getChannel() == NetcLexer.LEXICAL_ERRORS) {
                lexicalErrors.add(token);
            } else if (token.getChannel() == Token.DEFAULT_CHANNEL && !nesting.admits(token.getType())) {
                tooDeep = token;
                return lexer.emitEOF();
            }
            return token;
        }

        @Override
        public int getLine() {
            return lexer.getLine();
        }

        @Override
        public int getCharPositionInLine() {
            return lexer.getCharPositionInLine();
        }

        @Override
        public CharStream getInputStream() {
            return lexer.getInputStream();
        }

        @Override
        public String getSourceName() {
            return lexer.getSourceName();
        }

        @Override
        public void setTokenFactory(TokenFactory<?> factory) {
            lexer.setTokenFactory(factory);
        }

        @Override
        public TokenFactory<? extends Token> getTokenFactory() {
            return lexer.getTokenFactory();
        }
    }

    /**
     * A token stream that lets go of the tokens before a statement once it is built, and of a chain's
     * steps once they are. The parser looks back at most to the statement before the one it parses
     * (is the next token on the same line), so the tokens of the statements before that are never
     * read again.
     */
    static final class ReleasingTokenStream extends CommonTokenStream {
        /** The first token kept whatever is released: the start of what the direct parser may read again. */
        private int held = Integer.MAX_VALUE;

        ReleasingTokenStream(TokenSource source) {
            super(source);
            tokens = new TokenWindow();
        }

        void releaseBefore(int index) {
            ((TokenWindow) tokens).releaseBefore(Math.min(index, held));
        }

        /** Keeps the tokens from {@code index} on, until {@link #restoreHold}; returns the hold before. */
        int holdFrom(int index) {
            int before = held;
            held = Math.min(held, index);
            return before;
        }

        void restoreHold(int before) {
            held = before;
        }
    }

    /**
     * The token list of a {@link ReleasingTokenStream}: the tokens from the first one not released
     * on, in an array that the released ones leave (a list of every token's place would be 4 to 8
     * bytes per token of a file of millions). A released token reads as null.
     */
    static final class TokenWindow extends AbstractList<Token> {
        private Token[] window = new Token[64];
        /** The index of {@code window[0]} in the stream. */
        private int offset;
        private int length;
        /** The stream's first token not released. */
        private int kept;

        @Override
        public Token get(int index) {
            Objects.checkIndex(index, size());
            return index < kept ? null : window[index - offset];
        }

        @Override
        public int size() {
            return offset + length;
        }

        @Override
        public boolean add(Token token) {
            if (length == window.length) {
                int released = kept - offset;
                if (released >= length / 2) {
                    System.arraycopy(window, released, window, 0, length - released);
                    Arrays.fill(window, length - released, length, null);
                    offset = kept;
                    length -= released;
                } else {
                    window = Arrays.copyOf(window, window.length * 2);
                }
            }
            window[length++] = token;
            return true;
        }

        @Override
        public void clear() {
            window = new Token[64];
            offset = 0;
            length = 0;
            kept = 0;
        }

        void releaseBefore(int index) {
            for (int i = Math.max(kept, offset); i < Math.min(index, size()); i++) {
                window[i - offset] = null;
            }
            kept = Math.max(kept, Math.min(index, size()));
        }
    }

    /** Gives up at the first error, a missing comma included, for the full parse to report it. */
    static final class Bail extends BailErrorStrategy implements NetcParserBase.MissingCommaListener {
        @Override
        public void missingComma(Parser parser, Token next) {
            throw new ParseCancellationException("a comma is missing before " + next.getText());
        }
    }

    /**
     * Builds each statement of a model's or block's body on exit, then cuts it from the tree: the body
     * takes the built statement instead (a body's statements are all built so, or, after an error,
     * none). ANTLR exits a rule in a finally block, so it also calls this while an error (out of
     * memory) unwinds the parse through a statement it never finished: building that one fails, and
     * that failure must not replace the error. It is kept and rethrown only when the parse ends
     * normally. A statement may be one chain of millions of steps: the steps of a chain are built
     * and cut from it in the same way, each time another arrow is met.
     */
    private static final class StatementPruner implements ParseTreeListener, NetcParserBase.ChainListener {
        private final AstBuilder builder;
        /** The parse's tokens, let go as statements are built. */
        private final ReleasingTokenStream tokens;
        /** Whether the parse recovers from errors (the full parse): then statements and chains that hold one are not built. */
        private final boolean recovering;
        private RuntimeException failure;
        /** Where the statement built last starts: the tokens before it are let go when the next one is built. */
        private int lastStart;
        /**
         * The full parse's chains that held an error node among the steps cut from them: where each starts,
         * which marks its definition broken as a reported error's place does.
         */
        private final List<Integer> brokenChains = new ArrayList<>();
        /** The type of the token after the resumed definition, once it is parsed. */
        private int afterResumedDefinition = Token.INVALID_TYPE;
        /** Where a resumed full parse may hand the tokens over; null in any other parse. */
        private Handovers handovers;

        StatementPruner(AstBuilder builder, ReleasingTokenStream tokens, boolean recovering) {
            this.builder = builder;
            this.tokens = tokens;
            this.recovering = recovering;
        }

        /** Lets the resumed full parse hand the tokens back to the fast parse. */
        void handOverAt(Handovers offered) {
            handovers = offered;
        }

        /** The parse of {@code rule}, hearing each statement and each chain's steps as they are parsed. */
        <T extends ParserRuleContext> T parse(NetcParser parser, Function<NetcParser, T> rule) {
            parser.addParseListener(this);
            parser.setChainListener(this);
            try {
                return rule.apply(parser);
            } finally {
                parser.removeParseListeners();
                parser.setChainListener(null);
            }
        }

        /**
         * The full parse recovers from errors: a statement holding an error node, or a chain that held one,
         * stays in the tree unbuilt, and its definition is found broken (and not built).
         */
        @Override
        public void exitEveryRule(ParserRuleContext ctx) {
            if (handovers != null && handovers.handover != null) {
                return;   // the parse unwinds to hand over, and ANTLR exits its rules once more on the way
            }
            if (ctx instanceof NetcParser.ResumedDefinitionContext) {
                afterResumedDefinition = tokens.LA(1);
            }
            boolean inDefinition = ctx.getParent() instanceof NetcParser.BodyContext
                && ctx.getParent().getParent() instanceof NetcParser.DefinitionContext;
            // a resumed definition holds an error, and is not built
            boolean inResumedDefinition = ctx.getParent() instanceof NetcParser.ResumedBodyContext;
            if (failure == null && ctx.exception == null && ctx instanceof NetcParser.StatementContext
                && (inDefinition || inResumedDefinition)
                && (!recovering || !holdsBrokenNode(ctx) && !heldBrokenChain(ctx))) {
                try {
                    if (inDefinition) {
                        builder.prebuild((NetcParser.StatementContext) ctx);
                    }
                } catch (RuntimeException e) {
                    failure = e;
                }
                List<ParseTree> siblings = ctx.getParent().children;
                siblings.remove(siblings.size() - 1);
                tokens.releaseBefore(lastStart);
                lastStart = ctx.getStart().getTokenIndex();
                offerHandover(ctx, true);
            } else if (ctx instanceof NetcParser.StatementContext && (inDefinition || inResumedDefinition)) {
                offerHandover(ctx, false);
            } else if (ctx instanceof NetcParser.ResumedDefinitionContext
                || ctx instanceof NetcParser.DefinitionContext && ctx.getParent() instanceof NetcParser.ResumedFileContext) {
                offerHandover(ctx, ctx.exception == null);
            }
        }

        private void offerHandover(ParserRuleContext ctx, boolean clean) {
            if (handovers != null) {
                handovers.offer(ctx, clean, brokenChains);
            }
        }

        private boolean heldBrokenChain(ParserRuleContext statement) {
            return !brokenChains.isEmpty()
                && brokenChains.get(brokenChains.size() - 1) >= statement.getStart().getTokenIndex();
        }

        @Override
        public void stepsParsed(NetcParser.ChainExprContext previous, NetcParser.ChainExprContext chain) {
            if (failure != null) {
                return;
            }
            int end = chain.children.get(chain.children.size() - 1).getSourceInterval().b;
            if (recovering && holdsBrokenNode(chain)) {
                brokenChains.add(chain.getStart().getTokenIndex());   // not built: its definition will not be
            } else {
                try {
                    builder.prebuildSteps(previous, chain);
                } catch (RuntimeException e) {
                    failure = e;
                }
            }
            chain.children.clear();
            // the parser looks back one token (over blanks), and over a qualified name's dots: none reach into the steps before
            tokens.releaseBefore(end);
        }

        @Override
        public void enterEveryRule(ParserRuleContext ctx) {
        }

        @Override
        public void visitTerminal(TerminalNode node) {
        }

        @Override
        public void visitErrorNode(ErrorNode node) {
        }
    }

    /**
     * Where a resumed full parse hands the tokens back to the fast parse: see {@link #offer}. It hears each
     * statement and definition end from the {@link StatementPruner}, and unwinds the parse by throwing
     * {@link HandingOver}, having noted where and the tree then.
     */
    private static final class Handovers {
        private final NetcParser parser;
        private final SyntaxErrorReporter reporter;
        private final ReleasingTokenStream tokens;
        private final DirectParser.ResumePoint resume;
        /** How many clean statements or definitions in a row after an error the parse hands over after. */
        private final int required;
        private int cleanSinceError;
        /** The errors reported and the broken chains met when the last statement or definition ended. */
        private int reportedSeen;
        private int chainsSeen;
        /** The token of the last error, the furthest into the file; -1 before any. */
        private int lastError = -1;
        /** Where the parse handed the tokens over, and its tree then; null until it does. */
        private Handover handover;
        private NetcParser.ResumedFileContext handedOverTree;
        /** The definition whose body the parse handed over in, unless it is the resumed one. */
        private NetcParser.DefinitionContext openDefinition;

        Handovers(NetcParser parser, SyntaxErrorReporter reporter, ReleasingTokenStream tokens,
                  DirectParser.ResumePoint resume, int required) {
            this.parser = parser;
            this.reporter = reporter;
            this.tokens = tokens;
            this.resume = resume;
            this.required = required;
        }

        /**
         * Hands the tokens back to the fast parse, unwinding the resumed full parse, after a statement of the
         * body of a definition that holds an error, or after a definition; where the statement or definition
         * held no error and ended with the error strategy out of recovery, and so did the statements or
         * definitions before it since the last error, {@code required} of them in all. ANTLR's parse from
         * there on is then the one a fresh parse makes from there, which the fast parse is (a fresh parse from
         * the statement, if the fast parse meets an error in the one after it): its strategy's state reaches
         * no further.
         */
        void offer(ParserRuleContext ctx, boolean clean, List<Integer> brokenChains) {
            if (newErrors(brokenChains)) {
                cleanSinceError = 0;
            }
            Handover at = clean && !reporter.inErrorRecoveryMode(parser) ? handoverAfter(ctx) : null;
            cleanSinceError = at == null ? 0 : cleanSinceError + 1;
            if (at != null && cleanSinceError >= required) {
                handOver(ctx, at);
            }
        }

        /** Where the fast parse may read on after {@code ctx}, a clean statement or definition; null if not there. */
        private Handover handoverAfter(ParserRuleContext ctx) {
            if (!(ctx instanceof NetcParser.StatementContext)) {
                return new Handover(null, null);
            }
            ParserRuleContext definition = ctx.getParent().getParent();
            boolean resumed = definition instanceof NetcParser.ResumedDefinitionContext;
            int start = ctx.getStart().getTokenIndex();
            Token before = onChannelBefore(start);
            if (!errorsOnlyWithin(resumed ? 0 : definition.getStart().getTokenIndex(), start) || before == null) {
                return null;
            }
            return new Handover(resumed ? resume.broken() : definitionName((NetcParser.DefinitionContext) definition),
                before);
        }

        private void handOver(ParserRuleContext ctx, Handover at) {
            if (ctx instanceof NetcParser.StatementContext
                && ctx.getParent().getParent() instanceof NetcParser.DefinitionContext definition) {
                openDefinition = definition;
            }
            ParserRuleContext root = ctx;
            while (root.getParent() != null) {
                root = root.getParent();
            }
            handedOverTree = (NetcParser.ResumedFileContext) root;
            handover = at;
            throw HandingOver.INSTANCE;
        }

        /** Whether errors came since the last statement or definition ended; notes the last one's place. */
        private boolean newErrors(List<Integer> brokenChains) {
            List<Integer> reported = reporter.errorTokenIndexes();
            boolean any = reported.size() > reportedSeen || brokenChains.size() > chainsSeen;
            for (; reportedSeen < reported.size(); reportedSeen++) {
                lastError = Math.max(lastError, reported.get(reportedSeen));
            }
            for (; chainsSeen < brokenChains.size(); chainsSeen++) {
                lastError = Math.max(lastError, brokenChains.get(chainsSeen));
            }
            return any;
        }

        /**
         * Whether the errors of this parse lie between the tokens {@code from} and {@code before}, and one at
         * least: some leave the strategy out of recovery (a comma left out), so a statement holding no broken
         * node may hold an error.
         */
        private boolean errorsOnlyWithin(int from, int before) {
            return lastError >= from && lastError < before;
        }

        /** The last token of the default channel before {@code index}: the resume point's before the first. */
        private Token onChannelBefore(int index) {
            for (int i = index - 1; i >= 0; i--) {
                Token token = tokens.get(i);
                if (token == null || token.getChannel() == Token.DEFAULT_CHANNEL) {
                    return token;
                }
            }
            return resume.after();
        }
    }

    /**
     * Whether the file's rule, at the token after a definition, goes on as the resumed rule did after the
     * resumed definition: it does where the token may come there (ANTLR's check at a loop's entry and at
     * its next turn differ only for a token that may not).
     */
    private static boolean continuesAsInFile(int type) {
        return type == NetcLexer.IDENT || type == NetcLexer.MODEL || type == NetcLexer.BLOCK || type == Token.EOF;
    }

    private static List<Integer> errors(SyntaxErrorReporter reporter, StatementPruner pruner) {
        if (pruner.failure != null) {
            throw pruner.failure;
        }
        List<Integer> errors = new ArrayList<>(reporter.errorTokenIndexes());
        errors.addAll(pruner.brokenChains);
        Collections.sort(errors);
        return errors;
    }

    /** Adds to {@code read} the definitions and imports parsed: those holding an error as broken, the others built. */
    private static void build(AstBuilder builder, List<NetcParser.ImportStatementContext> importContexts,
                              List<NetcParser.DefinitionContext> definitionContexts, List<Integer> errors,
                              DirectParser.Read read) {
        for (NetcParser.DefinitionContext ctx : definitionContexts) {
            if (holdsError(ctx, errors)) {
                read.broken.add(definitionName(ctx));
            } else {
                read.definitions.add(builder.definition(ctx));
            }
        }
        for (NetcParser.ImportStatementContext ctx : importContexts) {
            if (ctx.exception == null && ctx.STRING() != null && !holdsError(ctx, errors)) {
                read.imports.add(builder.importStatement(ctx));
            }
        }
    }

    /**
     * Whether recovery touched the definition: an error at its tokens or right after them (the indexes of
     * the errors, in order), or a broken node inside it.
     */
    private static boolean holdsError(ParserRuleContext ctx, List<Integer> errors) {
        if (ctx.getStop() == null) {
            return true;
        }
        int first = ctx.getStart().getTokenIndex();
        int at = Collections.binarySearch(errors, first);
        int next = at >= 0 ? at : -at - 1;   // the first error at or after the definition's start
        if (next < errors.size() && errors.get(next) <= ctx.getStop().getTokenIndex() + 1) {
            return true;
        }
        return holdsBrokenNode(ctx);
    }

    /** Walks the tree with a stack of its own: chains make parse trees as deep as they are long. */
    private static boolean holdsBrokenNode(ParserRuleContext root) {
        Deque<ParseTree> pending = new ArrayDeque<>();
        pending.push(root);
        while (!pending.isEmpty()) {
            ParseTree node = pending.pop();
            if (node instanceof ErrorNode || (node instanceof ParserRuleContext
                && ((ParserRuleContext) node).exception != null)) {
                return true;
            }
            for (int i = 0; i < node.getChildCount(); i++) {
                pending.push(node.getChild(i));
            }
        }
        return false;
    }

    private static String definitionName(NetcParser.DefinitionContext ctx) {
        TerminalNode name = ctx instanceof NetcParser.ModelDefinitionContext
            ? ((NetcParser.ModelDefinitionContext) ctx).IDENT()
            : ((NetcParser.BlockDefinitionContext) ctx).IDENT(0);
        return name == null ? "" : name.getText();
    }

    /**
     * The lexical errors of a file. A parse error right after one (only comments and blanks
     * between) follows from it, and is not reported again. The search back stops at a token the
     * stream let go, before the statement ahead of the one parsed: none of those is in between.
     */
    static final class LexicalErrors {
        private final List<Token> tokens;

        LexicalErrors(List<Token> tokens) {
            this.tokens = tokens;
        }

        boolean explains(Token token) {
            for (int i = token.getTokenIndex() - 1; i >= 0 && tokens.get(i) != null; i--) {
                int channel = tokens.get(i).getChannel();
                if (channel == NetcLexer.LEXICAL_ERRORS) {
                    return true;
                }
                if (channel == Token.DEFAULT_CHANNEL) {
                    return false;
                }
            }
            return false;
        }
    }

    private static Diagnostic lexicalError(String file, Token token) {
        switch (token.getType()) {
            case NetcLexer.UNTERMINATED_STRING: {
                SourceSpan string = Spans.of(file, token);
                String quote = token.getText().substring(0, 1);
                return Diagnostic.error(Code.UNTERMINATED_STRING, string, Text.of("syntax.string_has_no_closing"))
                    .withHelp(Text.of("syntax.end_same_line", quote))
                    .withFix(Fix.replace(Text.of("syntax.end", quote), SourceSpan.at(file, string.endLine(),
                        string.endColumn()),
                        quote));
            }
            case NetcLexer.UNTERMINATED_COMMENT:
                return Diagnostic.error(Code.UNTERMINATED_COMMENT, Spans.of(file, token),
                    Text.of("syntax.comment_never_closed")).withHelp(Text.of("syntax.end_2"))
                    .withFix(Fix.replace(Text.of("syntax.end_2"), Spans.end(file, token), "*/"));
            default:
                return Diagnostic.error(Code.UNKNOWN_CHARACTER, Spans.of(file, token),
                    Text.of("syntax.unexpected_character", describeCharacter(token.getText())));
        }
    }

    private static String describeCharacter(String text) {
        int c = text.codePointAt(0);
        String code = String.format("U+%04X", c);
        return Character.isISOControl(c) || Character.isWhitespace(c) ? code : "'" + text + "' (" + code + ")";
    }

    /**
     * Each bracket and each prefix operator (-, +, !) is a level of the parser's recursion until its
     * operand ends: at a name or a literal, or at the bracket that closes the operand. So is each label
     * of a step ({@code a: b: relu}), whose levels the parser's prediction also walks, each time, for the
     * next: thousands of them took minutes.
     */
    static final class NestingLimit {
        private final int[] waitingSigns = new int[MAX_NESTING + 2];
        private int brackets;
        private int depth;
        /** The labels in a row up to the token before: word ':' word ':' ... */
        private int labels;
        private int previous = Token.INVALID_TYPE;

        /** Takes the next token of the default channel; false once the nesting passes the limit. */
        boolean admits(int type) {
            if (type == NetcLexer.COLON) {
                labels = isLabelWord(previous) ? labels + 1 : 0;
            } else if (!isLabelWord(type) || previous != NetcLexer.COLON) {
                labels = 0;
            }
            previous = type;
            if (opens(type)) {
                brackets++;
                depth++;
                waitingSigns[brackets] = 0;
            } else if (closes(type) && brackets > 0) {
                depth -= waitingSigns[brackets] + 1;
                brackets--;
                depth -= waitingSigns[brackets];
                waitingSigns[brackets] = 0;
            } else if (isPrefixOperator(type)) {
                waitingSigns[brackets]++;
                depth++;
            } else if (isLeaf(type)) {
                depth -= waitingSigns[brackets];
                waitingSigns[brackets] = 0;
            }
            return depth <= MAX_NESTING && labels <= MAX_NESTING;
        }

        Text excess() {
            Text what = labels > MAX_NESTING ? Text.of("syntax.labels")
                : depth == brackets ? Text.of("syntax.brackets") : Text.of("syntax.brackets_prefix_operators");
            return Text.of("syntax.nest_deeper_than_levels", what, MAX_NESTING);
        }
    }

    private static boolean opens(int type) {
        return type == NetcLexer.LPAREN || type == NetcLexer.CALL_OPEN || type == NetcLexer.LBRACK
            || type == NetcLexer.LIST_OPEN || type == NetcLexer.LBRACE;
    }

    private static boolean closes(int type) {
        return type == NetcLexer.RPAREN || type == NetcLexer.RBRACK || type == NetcLexer.RBRACE;
    }

    private static boolean isPrefixOperator(int type) {
        return type == NetcLexer.NEGATE || type == NetcLexer.POSITIVE || type == NetcLexer.NOT;
    }

    /** A token a label may be: a word, keywords included, or a quoted text. */
    private static boolean isLabelWord(int type) {
        switch (type) {
            case NetcLexer.IDENT:
            case NetcLexer.STRING:
            case NetcLexer.MODEL:
            case NetcLexer.BLOCK:
            case NetcLexer.INPUT:
            case NetcLexer.IF:
            case NetcLexer.ELSE:
            case NetcLexer.REPEAT:
            case NetcLexer.IN:
            case NetcLexer.TRUE:
            case NetcLexer.FALSE:
                return true;
            default:
                return false;
        }
    }

    private static boolean isLeaf(int type) {
        return type == NetcLexer.IDENT || type == NetcLexer.INT || type == NetcLexer.FLOAT
            || type == NetcLexer.STRING || type == NetcLexer.TRUE || type == NetcLexer.FALSE;
    }
}
