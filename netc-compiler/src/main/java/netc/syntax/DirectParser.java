package netc.syntax;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import netc.diagnostics.SourceSpan;
import netc.grammar.NetcLexer;
import netc.grammar.NetcParser;
import netc.grammar.NetcParserBase;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.ParseCancellationException;

/**
 * The fast parse of a file: the shapes most statements take (a chain of names, calls, labelled layers,
 * and groups and tuples of these; a binding of one) are read by hand, straight into the AST; for
 * anything else, the generated parser's rule for it (a statement, an expression) is run from the
 * same token stream. ANTLR's SLL prediction decides a rule alike wherever the rule is run from, so
 * the AST is the one the whole file's parse would build, at a fraction of the time and memory: no
 * parse tree, no prediction for the common shapes. A shape read by hand is always a whole step of a
 * chain, followed by what cannot continue it; otherwise the parser goes back to the step's start
 * and lets the generated rule read the rest of the chain. The first error, here or in a rule,
 * throws {@link ParseCancellationException}; the full parse then reports it in words.
 */
final class DirectParser {
    private final SourceParser.ReleasingTokenStream tokens;
    private final NetcParser parser;
    private final AstBuilder builder;
    private final String file;
    /** Where the statement or step read before the current one starts: the tokens before it are let go. */
    private int previousStart;
    /** What was read of the file, by this parse and the parses before it. */
    private final Read read;
    /** The name of the definition being read; null between definitions. */
    private String definitionName;
    /**
     * The last token before the statement of a definition's body read before the current one, or before
     * the current one when it is the first; null outside a body. ANTLR may report an error at the start of
     * a statement in the statement before it (at a check for an optional part), so a parse that resumes
     * after an error starts there.
     */
    private Token resumeAfter;
    /** The statements of definitions' bodies read whole. */
    private int statementsRead;

    /**
     * What the parses of a file read so far, in source order: the imports, the definitions built and the
     * names of those that held a syntax error, and are not built. A parse that takes over adds to it.
     */
    static final class Read {
        final List<Import> imports = new ArrayList<>();
        final List<Definition> definitions = new ArrayList<>();
        final Set<String> broken = new HashSet<>();

        ParsedFile parsedFile(String file) {
            return new ParsedFile(new SourceFile(file, imports, definitions), broken);
        }
    }

    /**
     * Where an error in a statement of a definition's body stopped the parse: what was read before that
     * definition, the definition's name, and the token to resume after.
     */
    record ResumePoint(Read read, String broken, Token after) {
    }

    /** Reads on where the tokens are, adding to {@code read}, what was read of the file before (if anything). */
    DirectParser(SourceParser.ReleasingTokenStream tokens, NetcParser parser, AstBuilder builder, Read read) {
        this.tokens = tokens;
        this.parser = parser;
        this.builder = builder;
        this.file = builder.file();
        this.read = read;
    }

    /**
     * The rest of the body of {@code brokenDefinition}, which held an error and is not built, from one of its
     * statements; {@code beforeStatement} is the last token before the statement read before this one.
     */
    void readBrokenBody(String brokenDefinition, Token beforeStatement) {
        definitionName = brokenDefinition;
        read.broken.add(brokenDefinition);
        statements(beforeStatement, false);
        definitionName = null;
    }

    int statementsRead() {
        return statementsRead;
    }

    /** {@code (importStatement | definition)* EOF} */
    void readFile() {
        for (Token next = tokens.LT(1); next.getType() != Token.EOF; next = tokens.LT(1)) {
            if (next.getType() == NetcLexer.MODEL || next.getType() == NetcLexer.BLOCK) {
                read.definitions.add(definition());
            } else {
                read.imports.add(builder.importStatement(parser.importStatement()));
            }
        }
    }

    /**
     * {@code model IDENT parameters? body}, or
     * {@code block IDENT parameters? (: IDENT ((arguments?))?)? body?}
     */
    private Definition definition() {
        Token start = take();
        Identifier name = builder.identifier(expect(NetcLexer.IDENT));
        definitionName = name.text();
        List<Definition.Parameter> parameters = tokens.LA(1) == NetcLexer.CALL_OPEN ? parameters() : List.of();
        if (start.getType() == NetcLexer.MODEL) {
            List<Statement> body = body();
            definitionName = null;
            return new Definition.Model(span(start), name, parameters, body);
        }
        Identifier base = null;
        List<Expr.Argument> baseArguments = null;
        if (tokens.LA(1) == NetcLexer.COLON) {
            tokens.consume();
            base = builder.identifier(expect(NetcLexer.IDENT));
            if (tokens.LA(1) == NetcLexer.CALL_OPEN) {
                tokens.consume();
                baseArguments = arguments();
            }
        }
        boolean hasBody = tokens.LA(1) == NetcLexer.LBRACE;
        List<Statement> body = hasBody ? body() : List.of();
        definitionName = null;
        return new Definition.Block(span(start), name, parameters, base, baseArguments, hasBody, body);
    }

    /** {@code ( (IDENT (= expr)?, ...)? )} */
    private List<Definition.Parameter> parameters() {
        tokens.consume();
        List<Definition.Parameter> parameters = new ArrayList<>();
        while (tokens.LA(1) != NetcLexer.RPAREN) {
            Identifier name = builder.identifier(expect(NetcLexer.IDENT));
            Expr defaultValue = null;
            if (tokens.LA(1) == NetcLexer.ASSIGN) {
                tokens.consume();
                defaultValue = builder.expr(parser.expr());
            }
            parameters.add(builder.parameter(name, defaultValue));
            if (tokens.LA(1) != NetcLexer.RPAREN) {
                expect(NetcLexer.COMMA);
            }
        }
        tokens.consume();
        return parameters;
    }

    /** {@code { statement* }} */
    private List<Statement> body() {
        expect(NetcLexer.LBRACE);
        return statements(null, true);
    }

    /**
     * {@code statement* }}, kept or, in a definition that is not built, read and let go. {@code beforePrevious}:
     * the last token before the statement before the first one, if it was read before this parse took over.
     */
    private List<Statement> statements(Token beforePrevious, boolean kept) {
        List<Statement> statements = kept ? new ChunkedList<>() : List.of();
        Token beforeStatement = beforePrevious;
        while (tokens.LA(1) != NetcLexer.RBRACE) {
            release();
            resumeAfter = beforeStatement == null ? tokens.LT(-1) : beforeStatement;
            beforeStatement = tokens.LT(-1);   // kept: a chain's steps are let go as they are read
            Statement statement = statement();
            statementsRead++;
            if (kept) {
                statements.add(statement);
            }
        }
        resumeAfter = null;
        tokens.consume();
        return statements;
    }

    /**
     * A chain, or a binding of one, by hand; any other statement by the generated rule. {@code a, b = ...}
     * and {@code (a, b), c = ...} destructure, and {@code param w: [...]} may declare a parameter: those go
     * to the rule.
     */
    private Statement statement() {
        Token first = tokens.LT(1);
        if (first.getType() == NetcLexer.IDENT && tokens.LA(2) == NetcLexer.ASSIGN) {
            tokens.consume();
            tokens.consume();
            Identifier name = builder.identifier(first);
            Expr value = chain();
            return new Statement.Binding(name.span().to(value.span()), name, value);
        }
        if (!startsChain()) {
            return builder.statement(parser.statement());
        }
        int start = tokens.index();
        Expr chain = chain();
        boolean targets = first.getType() == NetcLexer.LPAREN
            && (tokens.LA(1) == NetcLexer.COMMA || tokens.LA(1) == NetcLexer.ASSIGN);
        if (!targets) {
            return new Statement.Chain(chain.span(), chain);
        }
        if (chain instanceof Expr.Chain) {
            throw new ParseCancellationException("a chain as the target of an assignment");
        }
        seek(start);   // (a, b), c = ...: targets, which the rule reads
        return builder.statement(parser.statement());
    }

    /**
     * Whether a chain read by hand starts here: at a bracket, or at a word that is not bound ({@code =}),
     * not the first of several targets ({@code ,}) and not a state's kind ({@code param w: [...]}).
     */
    private boolean startsChain() {
        int first = tokens.LA(1);
        int second = tokens.LA(2);
        return first == NetcLexer.LPAREN || first == NetcLexer.IDENT && second != NetcLexer.ASSIGN
            && second != NetcLexer.COMMA
            && !(second == NetcLexer.IDENT && NetcParserBase.isStateKind(builder.word(tokens.LT(1))));
    }

    /**
     * {@code step (-> step)*}. A step read by hand and followed by a token that continues it (an
     * operator, a method's dot, an index) is read again, with the rest of the chain, by the rule.
     */
    private Expr chain() {
        List<Expr> steps = null;   // made at the first arrow: most statements are one step
        Expr step;
        while (true) {
            int start = tokens.index();
            int held = tokens.holdFrom(start);   // a rule reading an argument lets go of tokens, but the step may be read again
            try {
                step = step();
            } finally {
                tokens.restoreHold(held);
            }
            if (step == null || continuesStep(tokens.LA(1))) {
                seek(start);
                step = builder.expr(parser.expr());   // this step and every one after it
                if (steps != null && step instanceof Expr.Chain) {
                    steps.addAll(((Expr.Chain) step).steps());
                    step = null;
                }
                break;
            }
            if (tokens.LA(1) != NetcLexer.ARROW) {
                break;
            }
            tokens.consume();
            release();
            if (steps == null) {
                steps = new ChunkedList<>();
            }
            steps.add(step);
        }
        if (steps == null) {
            return step;
        }
        if (step != null) {
            steps.add(step);
        }
        return new Expr.Chain(steps.get(0).span().to(steps.get(steps.size() - 1).span()), steps);
    }

    /**
     * A name, or a call with arguments, under any number of word labels ({@code conv1: conv2d(...)});
     * null for any other step, and for a qualified name ({@code nn.Conv2d}), which the rule reads.
     */
    private Expr step() {
        List<Token> labels = null;
        while (tokens.LA(1) == NetcLexer.IDENT && tokens.LA(2) == NetcLexer.COLON) {
            if (labels == null) {
                labels = new ArrayList<>(1);   // at most 200: more end the file where the lexer reads them (E105)
            }
            labels.add(take());
            tokens.consume();
        }
        Token word = tokens.LT(1);
        Expr step;
        if (word.getType() == NetcLexer.LPAREN) {
            step = parenthesised();
            if (step == null) {
                return null;
            }
        } else if (word.getType() != NetcLexer.IDENT
            || tokens.LA(2) == NetcLexer.DOT && NetcParserBase.startsQualifiedName(word.getText())) {
            return null;
        } else {
            tokens.consume();
            step = builder.name(word);
            if (tokens.LA(1) == NetcLexer.CALL_OPEN) {
                tokens.consume();
                List<Expr.Argument> arguments = arguments();
                step = builder.call((Expr.Name) step, arguments, tokens.LT(-1));
            }
        }
        for (int i = labels == null ? -1 : labels.size() - 1; i >= 0; i--) {
            step = builder.labelled(builder.wordLabel(labels.get(i)), step);
        }
        return step;
    }

    /**
     * {@code ()}, a tuple {@code (expr, expr...)} or a group {@code (statement+)}, whose first part is a
     * chain read by hand: a comma after it makes a tuple. Null for any other first part (a binding, a
     * destructuring, a state), which only the rule, looking ahead, can tell a tuple's from a group's.
     */
    private Expr parenthesised() {
        Token open = take();
        if (tokens.LA(1) == NetcLexer.RPAREN) {
            return new Expr.Tuple(Spans.between(file, open, take()), List.of());
        }
        if (!startsChain()) {
            return null;
        }
        Expr first = chain();
        if (tokens.LA(1) == NetcLexer.COMMA) {
            List<Expr> elements = new ArrayList<>();
            elements.add(first);
            while (tokens.LA(1) == NetcLexer.COMMA) {
                tokens.consume();
                if (tokens.LA(1) == NetcLexer.RPAREN) {
                    break;
                }
                elements.add(chain());
            }
            return new Expr.Tuple(Spans.between(file, open, expect(NetcLexer.RPAREN)), elements);
        }
        if (tokens.LA(1) == NetcLexer.ASSIGN) {
            return null;   // (a, b) = ...: a destructuring in a group
        }
        List<Statement> statements = new ArrayList<>();
        statements.add(new Statement.Chain(first.span(), first));
        while (tokens.LA(1) != NetcLexer.RPAREN) {
            statements.add(statement());
        }
        return new Expr.Group(Spans.between(file, open, take()), statements);
    }

    /** Whether a token after an operand makes it part of a larger expression: a binary operator, '.' or '['. */
    private static boolean continuesStep(int type) {
        switch (type) {
            case NetcLexer.LBRACK:
            case NetcLexer.DOT:
            case NetcLexer.POWER:
            case NetcLexer.STAR:
            case NetcLexer.AT:
            case NetcLexer.SLASH:
            case NetcLexer.FLOORDIV:
            case NetcLexer.PERCENT:
            case NetcLexer.PLUS:
            case NetcLexer.MINUS:
            case NetcLexer.LT:
            case NetcLexer.LE:
            case NetcLexer.GT:
            case NetcLexer.GE:
            case NetcLexer.EQ:
            case NetcLexer.NE:
            case NetcLexer.AND:
            case NetcLexer.OR:
                return true;
            default:
                return false;
        }
    }

    /** {@code ((IDENT =)? expr, ...)}, after the opening bracket, up to and with the closing one. */
    private List<Expr.Argument> arguments() {
        List<Expr.Argument> arguments = new ArrayList<>();
        while (tokens.LA(1) != NetcLexer.RPAREN) {
            Identifier keyword = null;
            if (tokens.LA(1) == NetcLexer.IDENT && tokens.LA(2) == NetcLexer.ASSIGN) {
                keyword = builder.identifier(take());
                tokens.consume();
            }
            arguments.add(builder.argument(keyword, argumentValue()));
            if (tokens.LA(1) != NetcLexer.RPAREN) {
                expect(NetcLexer.COMMA);   // a comma left out is an error the full parse reports
            }
        }
        tokens.consume();
        return arguments;
    }

    /** A literal, a name or a negative number by hand, when the argument ends after it; else the rule's expression. */
    private Expr argumentValue() {
        Token first = tokens.LT(1);
        int type = first.getType();
        boolean signed = type == NetcLexer.NEGATE && (tokens.LA(2) == NetcLexer.INT || tokens.LA(2) == NetcLexer.FLOAT);
        int after = tokens.LA(signed ? 3 : 2);
        if (after != NetcLexer.COMMA && after != NetcLexer.RPAREN) {
            return chain();
        }
        switch (type) {
            case NetcLexer.IDENT:
                tokens.consume();
                return builder.name(first);
            case NetcLexer.INT:
            case NetcLexer.FLOAT:
            case NetcLexer.STRING:
            case NetcLexer.TRUE:
            case NetcLexer.FALSE:
                tokens.consume();
                return builder.literal(first);
            default:
                if (!signed) {
                    return chain();
                }
                tokens.consume();
                return builder.unary(first, builder.literal(take()));
        }
    }

    /** After an error: where the parse may resume, or null for an error outside a definition's body. */
    ResumePoint resumePoint() {
        if (definitionName == null || resumeAfter == null) {
            return null;
        }
        return new ResumePoint(read, definitionName, resumeAfter);
    }

    /**
     * Goes back to {@code index}, to read from there again with a rule; what was read since, a group's
     * chains included, may have moved where tokens are let go from past it.
     */
    private void seek(int index) {
        tokens.seek(index);
        previousStart = Math.min(previousStart, index);
    }

    private Token take() {
        Token token = tokens.LT(1);
        tokens.consume();
        return token;
    }

    private Token expect(int type) {
        Token token = tokens.LT(1);
        if (token.getType() != type) {
            throw new ParseCancellationException("expected " + NetcLexer.VOCABULARY.getDisplayName(type) + " at "
                + token.getLine() + ":" + token.getCharPositionInLine());
        }
        tokens.consume();
        return token;
    }

    /** From {@code start} to the token read last. */
    private SourceSpan span(Token start) {
        return Spans.between(file, start, tokens.LT(-1));
    }

    /**
     * Lets go of the tokens before the statement or step read before this one: the generated rules look
     * back one token at most (is the next token on the same line), and over a qualified name's dots.
     */
    private void release() {
        tokens.releaseBefore(previousStart);
        previousStart = tokens.index();
    }
}
