package netc.syntax;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import netc.diagnostics.Code;
import netc.diagnostics.Diagnostic;
import netc.diagnostics.Diagnostics;
import netc.diagnostics.SourceSpan;
import netc.diagnostics.Text;
import netc.grammar.NetcLexer;
import netc.grammar.NetcParser;
import netc.grammar.NetcParser.ArgumentContext;
import netc.grammar.NetcParser.BodyContext;
import netc.grammar.NetcParser.ExprContext;
import netc.grammar.NetcParser.IfExprContext;
import netc.grammar.NetcParser.PrimaryContext;
import netc.grammar.NetcParser.SliceContext;
import netc.grammar.NetcParser.StatementContext;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.ParseCancellationException;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * Builds the immutable AST from a parse tree without syntax errors: one build method per grammar
 * rule, the location first, as in Trino's AstBuilder.
 */
final class AstBuilder {
    private final String file;
    private final Diagnostics diagnostics;

    /** One copy of each name and integer: a large model repeats the same few thousands of times. */
    private final Words words;

    /** The statements of definitions' bodies built while parsing, before their parse trees were dropped. */
    private final Map<BodyContext, List<Statement>> prebuiltBodies = new IdentityHashMap<>();

    /** The steps of chains built while parsing, before the chains were finished. */
    private final Map<NetcParser.ChainExprContext, List<Expr>> prebuiltSteps = new IdentityHashMap<>();

    AstBuilder(String file, Diagnostics diagnostics) {
        this(file, diagnostics, new Words());
    }

    /** A builder sharing {@code words} with the others of a parse. */
    AstBuilder(String file, Diagnostics diagnostics, Words words) {
        this.file = file;
        this.diagnostics = diagnostics;
        this.words = words;
    }

    String file() {
        return file;
    }

    /** Builds a statement of a definition's body, which its body then takes instead of a parse tree. */
    void prebuild(StatementContext ctx) {
        prebuiltBodies.computeIfAbsent((BodyContext) ctx.getParent(), body -> new ChunkedList<>()).add(statement(ctx));
    }

    /** Builds the steps {@code chain} holds, which it then gives up; it continues {@code previous}. */
    void prebuildSteps(NetcParser.ChainExprContext previous, NetcParser.ChainExprContext chain) {
        List<Expr> steps = prebuiltSteps.remove(previous);
        if (steps == null) {
            steps = new ChunkedList<>();
        }
        prebuiltSteps.put(chain, steps);
        for (ExprContext step : chain.expr()) {
            steps.add(expr(step));
        }
    }

    Import importStatement(NetcParser.ImportStatementContext ctx) {
        return new Import(span(ctx), unquote(ctx.STRING().getText()), Spans.of(file, ctx.STRING().getSymbol()));
    }

    Definition definition(NetcParser.DefinitionContext ctx) {
        if (ctx instanceof NetcParser.ModelDefinitionContext) {
            NetcParser.ModelDefinitionContext model = (NetcParser.ModelDefinitionContext) ctx;
            return new Definition.Model(span(ctx), identifier(model.IDENT()), parameters(model.parameters()),
                body(model.body()));
        }
        NetcParser.BlockDefinitionContext block = (NetcParser.BlockDefinitionContext) ctx;
        Identifier base = block.base == null ? null : new Identifier(Spans.of(file, block.base), block.base.getText());
        List<Expr.Argument> baseArguments = block.CALL_OPEN() == null ? null : arguments(block.baseArguments);
        List<Statement> body = block.body() == null ? List.of() : body(block.body());
        return new Definition.Block(span(ctx), identifier(block.IDENT(0)), parameters(block.parameters()), base,
            baseArguments, block.body() != null, body);
    }

    private List<Definition.Parameter> parameters(NetcParser.ParametersContext ctx) {
        List<Definition.Parameter> parameters = new ArrayList<>();
        if (ctx == null) {
            return parameters;
        }
        for (NetcParser.ParameterContext p : ctx.parameter()) {
            parameters.add(parameter(identifier(p.IDENT()), optional(p.expr())));
        }
        return parameters;
    }

    /** A parameter's span runs from its name to the end of its default value. */
    Definition.Parameter parameter(Identifier name, Expr defaultValue) {
        return new Definition.Parameter(defaultValue == null ? name.span() : name.span().to(defaultValue.span()), name,
            defaultValue);
    }

    private List<Statement> body(BodyContext ctx) {
        List<Statement> prebuilt = prebuiltBodies.remove(ctx);
        return prebuilt != null ? prebuilt : statements(ctx.statement());
    }

    private List<Statement> statements(List<StatementContext> contexts) {
        List<Statement> statements = new ArrayList<>(contexts.size());
        for (StatementContext s : contexts) {
            statements.add(statement(s));
        }
        return statements;
    }

    Statement statement(StatementContext ctx) {
        if (ctx instanceof NetcParser.InputStatementContext) {
            return input((NetcParser.InputStatementContext) ctx);
        }
        if (ctx instanceof NetcParser.StateStatementContext) {
            NetcParser.StateStatementContext state = (NetcParser.StateStatementContext) ctx;
            return new Statement.State(span(ctx), state.kind.getText().equals("param"), identifier(state.IDENT(1)),
                tensorType(state.tensorType()), optional(state.fill));
        }
        if (ctx instanceof NetcParser.BindingStatementContext) {
            NetcParser.BindingStatementContext binding = (NetcParser.BindingStatementContext) ctx;
            return new Statement.Binding(span(ctx), identifier(binding.IDENT()), expr(binding.expr()));
        }
        if (ctx instanceof NetcParser.DestructuringStatementContext) {
            NetcParser.DestructuringStatementContext destructuring = (NetcParser.DestructuringStatementContext) ctx;
            List<NetcParser.TargetContext> parts = destructuring.target();
            SourceSpan targets = Spans.between(file, parts.get(0).getStart(), parts.get(parts.size() - 1).getStop());
            return new Statement.Destructuring(span(ctx), new Statement.Target.Tuple(targets,
                targets(parts)), expr(destructuring.expr()));
        }
        Expr chain = expr(((NetcParser.ChainStatementContext) ctx).expr());
        return new Statement.Chain(chain.span(), chain);
    }

    private List<Statement.Target> targets(List<NetcParser.TargetContext> contexts) {
        List<Statement.Target> targets = new ArrayList<>();
        for (NetcParser.TargetContext target : contexts) {
            if (target instanceof NetcParser.NameTargetContext) {
                targets.add(new Statement.Target.Name(identifier(((NetcParser.NameTargetContext) target).IDENT())));
            } else {
                NetcParser.TupleTargetContext tuple = (NetcParser.TupleTargetContext) target;
                targets.add(new Statement.Target.Tuple(span(tuple), targets(tuple.target())));
            }
        }
        return targets;
    }

    private Statement input(NetcParser.InputStatementContext ctx) {
        List<Statement.InputDeclaration> inputs = new ArrayList<>();
        for (NetcParser.InputItemContext item : ctx.inputItem()) {
            Statement.TensorType type = item.tensorType() == null ? null : tensorType(item.tensorType());
            inputs.add(new Statement.InputDeclaration(span(item), identifier(item.IDENT()), type));
        }
        return new Statement.Input(span(ctx), inputs);
    }

    private Statement.TensorType tensorType(NetcParser.TensorTypeContext ctx) {
        Identifier dtype = ctx.IDENT() == null ? null : identifier(ctx.IDENT());
        return new Statement.TensorType(span(ctx), dtype, exprs(ctx.expr()));
    }

    Expr expr(ExprContext ctx) {
        if (ctx instanceof NetcParser.PrimaryExprContext) {
            return primary(((NetcParser.PrimaryExprContext) ctx).primary());
        }
        if (ctx instanceof NetcParser.ChainExprContext) {
            return chain((NetcParser.ChainExprContext) ctx);
        }
        if (ctx instanceof NetcParser.BinaryExprContext) {
            NetcParser.BinaryExprContext binary = (NetcParser.BinaryExprContext) ctx;
            return new Expr.Binary(span(ctx), binaryOperator(binary.op), expr(binary.expr(0)), expr(binary.expr(1)));
        }
        if (ctx instanceof NetcParser.UnaryExprContext) {
            NetcParser.UnaryExprContext unary = (NetcParser.UnaryExprContext) ctx;
            return unary(unary.op, expr(unary.expr()));
        }
        if (ctx instanceof NetcParser.MethodExprContext) {
            NetcParser.MethodExprContext method = (NetcParser.MethodExprContext) ctx;
            return new Expr.Method(span(ctx), expr(method.expr()), identifier(method.IDENT()),
                arguments(method.arguments()), method.CALL_OPEN() != null);
        }
        NetcParser.IndexExprContext index = (NetcParser.IndexExprContext) ctx;
        List<Expr.Slice> slices = new ArrayList<>();
        for (SliceContext s : index.slice()) {
            slices.add(slice(s));
        }
        return new Expr.Index(span(ctx), expr(index.expr()), slices);
    }

    Expr.Unary unary(Token operator, Expr operand) {
        return new Expr.Unary(Spans.of(file, operator).to(operand.span()), unaryOperator(operator), operand);
    }

    /**
     * The source parser makes one context of {@code a -> b -> c}, whose first steps were built while it
     * was parsed; a parse without a chain listener (an edit's statements, a label's {} part) nests one
     * per arrow, {@code (a -> b) -> c}, whose left spine is walked in a loop, so long chains need no deep
     * recursion.
     */
    private Expr chain(NetcParser.ChainExprContext ctx) {
        List<ExprContext> laterSteps = new ArrayList<>();
        NetcParser.ChainExprContext first = ctx;
        while (first.expr().size() == 2 && first.expr(0) instanceof NetcParser.ChainExprContext) {
            laterSteps.add(first.expr(1));
            first = (NetcParser.ChainExprContext) first.expr(0);
        }
        List<Expr> steps = prebuiltSteps.remove(first);
        if (steps == null) {
            steps = new ChunkedList<>();
        }
        for (ExprContext step : first.expr()) {
            steps.add(expr(step));
        }
        for (int i = laterSteps.size() - 1; i >= 0; i--) {
            steps.add(expr(laterSteps.get(i)));
        }
        return new Expr.Chain(span(ctx), steps);
    }

    private Expr.Slice slice(SliceContext ctx) {
        if (ctx instanceof NetcParser.IndexSliceContext) {
            Expr index = expr(((NetcParser.IndexSliceContext) ctx).expr());
            return new Expr.Slice(span(ctx), false, index, null, null);
        }
        NetcParser.RangeSliceContext range = (NetcParser.RangeSliceContext) ctx;
        return new Expr.Slice(span(ctx), true, optional(range.start), optional(range.stop), optional(range.step));
    }

    private Expr primary(PrimaryContext ctx) {
        if (ctx instanceof NetcParser.CallPrimaryContext) {
            return call((NetcParser.CallPrimaryContext) ctx);
        }
        if (ctx instanceof NetcParser.LabelledPrimaryContext) {
            NetcParser.LabelledPrimaryContext labelled = (NetcParser.LabelledPrimaryContext) ctx;
            return labelled(label(labelled.label()), primary(labelled.primary()));
        }
        if (ctx instanceof NetcParser.IntPrimaryContext || ctx instanceof NetcParser.FloatPrimaryContext
            || ctx instanceof NetcParser.StringPrimaryContext || ctx instanceof NetcParser.BoolPrimaryContext) {
            return literal(ctx.getStart());
        }
        if (ctx instanceof NetcParser.EmptyTuplePrimaryContext) {
            return new Expr.Tuple(span(ctx), List.of());
        }
        if (ctx instanceof NetcParser.TuplePrimaryContext) {
            return new Expr.Tuple(span(ctx), exprs(((NetcParser.TuplePrimaryContext) ctx).expr()));
        }
        if (ctx instanceof NetcParser.ListPrimaryContext) {
            return list((NetcParser.ListPrimaryContext) ctx);
        }
        if (ctx instanceof NetcParser.GroupPrimaryContext) {
            return new Expr.Group(span(ctx), statements(((NetcParser.GroupPrimaryContext) ctx).statement()));
        }
        if (ctx instanceof NetcParser.IfPrimaryContext) {
            return ifExpr(((NetcParser.IfPrimaryContext) ctx).ifExpr());
        }
        return repeat((NetcParser.RepeatPrimaryContext) ctx);
    }

    /** An integer, a float, a string, true or false. */
    Expr literal(Token token) {
        SourceSpan span = Spans.of(file, token);
        switch (token.getType()) {
            case NetcLexer.INT:
                return new Expr.IntLiteral(span, words.integer(token));
            case NetcLexer.FLOAT:
                return new Expr.FloatLiteral(span, Double.parseDouble(token.getText()));
            case NetcLexer.STRING:
                return new Expr.StringLiteral(span, unquote(token.getText()));
            case NetcLexer.TRUE:
            case NetcLexer.FALSE:
                return new Expr.BoolLiteral(span, token.getType() == NetcLexer.TRUE);
            default:
                throw new IllegalArgumentException("not a literal: " + token.getText());
        }
    }

    /** {@code label: target}, from the label's start to the target's end. */
    Expr.Labelled labelled(Label label, Expr target) {
        return new Expr.Labelled(label.span().to(target.span()), label, target);
    }

    private Expr call(NetcParser.CallPrimaryContext ctx) {
        Expr.Name name = name(ctx);
        if (ctx.CALL_OPEN() == null) {
            return name;
        }
        return call(name, arguments(ctx.arguments()), ctx.getStop());
    }

    /** {@code name(arguments)}, up to the closing bracket. */
    Expr.Call call(Expr.Name name, List<Expr.Argument> arguments, Token close) {
        return new Expr.Call(name.span().to(Spans.of(file, close)), name, arguments);
    }

    private List<Expr.Argument> arguments(NetcParser.ArgumentsContext ctx) {
        List<Expr.Argument> arguments = new ArrayList<>();
        if (ctx == null) {
            return arguments;
        }
        for (ArgumentContext a : ctx.argument()) {
            Identifier keyword = a.IDENT() == null ? null : identifier(a.IDENT());
            arguments.add(argument(keyword, expr(a.expr())));
        }
        return arguments;
    }

    /** A keyword argument's span runs from the keyword to the end of the value. */
    Expr.Argument argument(Identifier keyword, Expr value) {
        return new Expr.Argument(keyword, value);
    }

    /** A plain name, without qualifier. */
    Expr.Name name(Token word) {
        Identifier id = identifier(word);
        return new Expr.Name(id.span(), Expr.Qualifier.NONE, id);
    }

    /**
     * {@code relu}; {@code F.relu} or {@code torch.cat} (functional: torch.nn.functional's
     * {@code log_softmax} is the catalogue's {@code logsoftmax}); {@code nn.Conv2d} (a module,
     * by its PyTorch class). These are the qualifiers PyTorch code is written with.
     */
    private Expr.Name name(NetcParser.CallPrimaryContext ctx) {
        List<TerminalNode> rest = ctx.IDENT();
        if (rest.isEmpty()) {
            return name(ctx.name().getStart());
        }
        TerminalNode last = rest.get(rest.size() - 1);
        SourceSpan whole = Spans.between(file, ctx.name().getStart(), last.getSymbol());
        StringBuilder qualifier = new StringBuilder(ctx.name().getText());
        for (TerminalNode part : rest.subList(0, rest.size() - 1)) {
            qualifier.append('.').append(part.getText());
        }
        Expr.Qualifier kind = qualifierKind(qualifier.toString());
        if (kind == Expr.Qualifier.INVALID) {
            diagnostics.report(Diagnostic.error(Code.BAD_QUALIFIER, whole, Text.of("syntax.not_layer_name_qualified",
                qualifier, last.getText()))
                .withHelp(Text.of("method.write_module_nn_conv")));
        }
        String text = last.getText();
        if (kind == Expr.Qualifier.FUNCTIONAL && !text.replace("_", "").isEmpty()) {
            text = text.replace("_", "");
        }
        return new Expr.Name(whole, kind, new Identifier(Spans.of(file, last.getSymbol()),
            words.of(text)));
    }

    private static Expr.Qualifier qualifierKind(String qualifier) {
        switch (qualifier) {
            case "F":
            case "torch":
            case "nn.functional":
            case "torch.nn.functional":
                return Expr.Qualifier.FUNCTIONAL;
            case "nn":
            case "torch.nn":
                return Expr.Qualifier.TORCH_MODULE;
            default:
                return Expr.Qualifier.INVALID;
        }
    }

    private Expr ifExpr(IfExprContext ctx) {
        List<Statement> otherwise = null;
        if (ctx.ifExpr() != null) {
            Expr elseIf = ifExpr(ctx.ifExpr());
            otherwise = List.of(new Statement.Chain(elseIf.span(), elseIf));
        } else if (ctx.body().size() > 1) {
            otherwise = body(ctx.body(1));
        }
        return new Expr.If(span(ctx), expr(ctx.expr()), body(ctx.body(0)), otherwise);
    }

    private Expr list(NetcParser.ListPrimaryContext ctx) {
        NetcParser.ComprehensionContext loop = ctx.comprehension();
        if (loop == null) {
            return new Expr.ListLiteral(span(ctx), exprs(ctx.expr()));
        }
        return new Expr.Comprehension(span(ctx), expr(ctx.expr(0)), pattern(loop.pattern()), expr(loop.iterable),
            optional(loop.condition));
    }

    private Expr repeat(NetcParser.RepeatPrimaryContext ctx) {
        Pattern variable = ctx.pattern() == null ? null : pattern(ctx.pattern());
        return new Expr.Repeat(span(ctx), variable, expr(ctx.expr()), body(ctx.body()));
    }

    private Pattern pattern(NetcParser.PatternContext ctx) {
        List<Pattern> items = new ArrayList<>();
        for (NetcParser.PatternItemContext item : ctx.patternItem()) {
            items.add(item.IDENT() != null ? new Pattern.Name(identifier(item.IDENT())) : pattern(item.pattern()));
        }
        return items.size() == 1 ? items.get(0) : new Pattern.Tuple(span(ctx), items);
    }

    private Label label(NetcParser.LabelContext ctx) {
        if (ctx instanceof NetcParser.QuotedLabelContext) {
            return quotedLabel(ctx.getStart());
        }
        if (ctx instanceof NetcParser.ElementLabelContext) {
            NetcParser.ElementLabelContext element = (NetcParser.ElementLabelContext) ctx;
            return new Label.Element(span(ctx), identifier(element.IDENT()), expr(element.expr()));
        }
        return wordLabel(ctx.getStart());
    }

    /** A label that is one word, keywords included. */
    Label.Word wordLabel(Token word) {
        return new Label.Word(identifier(word));
    }

    /**
     * {@code "denselayer{i + 1}"}: its text pieces, and each {} part parsed as an expression at its
     * place in the line, as a Python f-string reads.
     */
    private Label quotedLabel(Token token) {
        SourceSpan whole = Spans.of(file, token);
        int[] chars = token.getText().codePoints().toArray();
        List<Expr> parts = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (int i = 1; i < chars.length - 1; i++) {
            if (chars[i] == '\\' && i + 1 < chars.length - 1) {
                text.append(escaped((char) chars[++i]));
            } else if (chars[i] != '{') {
                text.appendCodePoint(chars[i]);
            } else {
                int close = i + 1;
                while (close < chars.length - 1 && chars[close] != '}') {
                    close++;
                }
                int column = token.getCharPositionInLine() + i;
                if (close == chars.length - 1) {
                    diagnostics.report(Diagnostic.error(Code.BAD_INTERPOLATION, SourceSpan.at(file, token.getLine(),
                        column + 1), Text.of("syntax.opens_part_label_no"))
                        .withHelp(Text.of("syntax.write_expression_expr")));
                    text.appendCodePoint('{'); // the rest is read as text, so that this is the one error
                    continue;
                }
                if (text.length() > 0) {
                    parts.add(new Expr.StringLiteral(whole, text.toString()));
                    text.setLength(0);
                }
                Expr part = interpolation(new String(chars, i + 1, close - i - 1), token.getLine(), column + 1,
                    SourceSpan.of(file, token.getLine(), column + 1, token.getLine(), column + 2 + close - i));
                if (part != null) {
                    parts.add(part);
                }
                i = close;
            }
        }
        if (text.length() > 0 || parts.isEmpty()) {
            parts.add(new Expr.StringLiteral(whole, text.toString()));
        }
        return new Label.Quoted(whole, parts);
    }

    /** The expression inside {} of a quoted label, lexed from where it stands in the line; null after an error. */
    private Expr interpolation(String text, int line, int column, SourceSpan braces) {
        NetcLexer lexer = new NetcLexer(CharStreams.fromString(text, file));
        lexer.removeErrorListeners();
        lexer.setLine(line);
        lexer.setCharPositionInLine(column);
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        NetcParser parser = new NetcParser(tokens);
        parser.removeErrorListeners();
        parser.setErrorHandler(new BailErrorStrategy());
        try {
            NetcParser.InterpolationContext ctx = parser.interpolation();
            if (tokens.getTokens().stream().noneMatch(t -> t.getChannel() == NetcLexer.LEXICAL_ERRORS)) {
                return expr(ctx.expr());
            }
        } catch (ParseCancellationException e) {
            // reported below, as one error for the whole part
        }
        diagnostics.report(Diagnostic.error(Code.BAD_INTERPOLATION, braces,
            Text.of("syntax.part_label_not_expression", text)).withHelp(Text.of("syntax.write_value_between_braces")));
        return null;
    }

    private List<Expr> exprs(List<ExprContext> contexts) {
        List<Expr> exprs = new ArrayList<>(contexts.size());
        for (ExprContext c : contexts) {
            exprs.add(expr(c));
        }
        return exprs;
    }

    private Expr optional(ExprContext ctx) {
        return ctx == null ? null : expr(ctx);
    }

    private Identifier identifier(TerminalNode node) {
        return identifier(node.getSymbol());
    }

    Identifier identifier(Token word) {
        return new Identifier(Spans.of(file, word), words.of(word));
    }

    /** The text of a word, one copy of it. */
    String word(Token word) {
        return words.of(word);
    }

    private SourceSpan span(ParserRuleContext ctx) {
        return Spans.of(file, ctx);
    }

    private static Expr.BinaryOperator binaryOperator(Token op) {
        for (Expr.BinaryOperator operator : Expr.BinaryOperator.values()) {
            if (operator.symbol().equals(op.getText())) {
                return operator;
            }
        }
        throw new IllegalStateException("operator missing from the grammar: " + op.getText());
    }

    private static Expr.UnaryOperator unaryOperator(Token op) {
        for (Expr.UnaryOperator operator : Expr.UnaryOperator.values()) {
            if (operator.symbol().equals(op.getText())) {
                return operator;
            }
        }
        throw new IllegalStateException("operator missing from the grammar: " + op.getText());
    }

    private static String unquote(String quoted) {
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < quoted.length() - 1; i++) {
            char c = quoted.charAt(i);
            if (c == '\\' && i + 1 < quoted.length() - 1) {
                out.append(escaped(quoted.charAt(++i)));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static char escaped(char c) {
        switch (c) {
            case 'n':
                return '\n';
            case 't':
                return '\t';
            default:
                return c;
        }
    }
}
