package netc.syntax;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import netc.diagnostics.SourceSpan;

/**
 * Nodes as they are after lines were added or removed above them: the same nodes, each span
 * {@code lines} lines further down (up, when negative), columns unchanged. {@link EditReparse} moves
 * the statements and definitions after an edit that changed the number of lines so.
 */
final class LineShift implements Expr.Visitor<Expr> {
    private final int lines;

    LineShift(int lines) {
        this.lines = lines;
    }

    Definition definition(Definition definition) {
        if (definition instanceof Definition.Model model) {
            return new Definition.Model(span(model.span()), identifier(model.name()), all(model.parameters(), this::parameter),
                all(model.body(), this::statement));
        } else if (definition instanceof Definition.Block block) {
            return new Definition.Block(span(block.span()), identifier(block.name()), all(block.parameters(), this::parameter),
                identifier(block.base()), all(block.baseArguments(), this::argument), block.hasBody(),
                all(block.body(), this::statement));
        }
        throw new AssertionError(definition);
    }

    Import importStatement(Import statement) {
        return new Import(span(statement.span()), statement.path(), span(statement.pathSpan()));
    }

    Statement statement(Statement statement) {
        if (statement instanceof Statement.Input input) {
            return new Statement.Input(span(input.span()), all(input.inputs(), this::inputDeclaration));
        } else if (statement instanceof Statement.Binding binding) {
            return new Statement.Binding(span(binding.span()), identifier(binding.name()), expr(binding.value()));
        } else if (statement instanceof Statement.State state) {
            return new Statement.State(span(state.span()), state.parameter(), identifier(state.name()),
                tensorType(state.shape()), expr(state.fill()));
        } else if (statement instanceof Statement.Destructuring destructuring) {
            return new Statement.Destructuring(span(destructuring.span()), targetTuple(destructuring.target()),
                expr(destructuring.value()));
        } else if (statement instanceof Statement.Chain chain) {
            return new Statement.Chain(span(chain.span()), expr(chain.chain()));
        }
        throw new AssertionError(statement);
    }

    private Definition.Parameter parameter(Definition.Parameter parameter) {
        return new Definition.Parameter(span(parameter.span()), identifier(parameter.name()), expr(parameter.defaultValue()));
    }

    private Statement.InputDeclaration inputDeclaration(Statement.InputDeclaration input) {
        return new Statement.InputDeclaration(span(input.span()), identifier(input.name()), tensorType(input.type()));
    }

    private Statement.TensorType tensorType(Statement.TensorType type) {
        return type == null ? null
            : new Statement.TensorType(span(type.span()), identifier(type.dtype()), all(type.dims(), this::expr));
    }

    private Statement.Target target(Statement.Target target) {
        if (target instanceof Statement.Target.Name name) {
            return new Statement.Target.Name(identifier(name.name()));
        } else if (target instanceof Statement.Target.Tuple tuple) {
            return targetTuple(tuple);
        }
        throw new AssertionError(target);
    }

    private Statement.Target.Tuple targetTuple(Statement.Target.Tuple tuple) {
        return new Statement.Target.Tuple(span(tuple.span()), all(tuple.elements(), this::target));
    }

    private Expr expr(Expr expr) {
        return expr == null ? null : expr.accept(this);
    }

    private Expr.Argument argument(Expr.Argument argument) {
        return new Expr.Argument(identifier(argument.keyword()), expr(argument.value()));
    }

    private Expr.Name name(Expr.Name name) {
        return new Expr.Name(span(name.span()), name.qualifier(), identifier(name.id()));
    }

    private Label label(Label label) {
        if (label instanceof Label.Word word) {
            return new Label.Word(identifier(word.name()));
        } else if (label instanceof Label.Quoted quoted) {
            return new Label.Quoted(span(quoted.span()), all(quoted.parts(), this::expr));
        } else if (label instanceof Label.Element element) {
            return new Label.Element(span(element.span()), identifier(element.list()), expr(element.index()));
        }
        throw new AssertionError(label);
    }

    private Pattern pattern(Pattern pattern) {
        if (pattern == null) {
            return null;
        } else if (pattern instanceof Pattern.Name name) {
            return new Pattern.Name(identifier(name.id()));
        } else if (pattern instanceof Pattern.Tuple tuple) {
            return new Pattern.Tuple(span(tuple.span()), all(tuple.elements(), this::pattern));
        }
        throw new AssertionError(pattern);
    }

    private Expr.Slice slice(Expr.Slice slice) {
        return new Expr.Slice(span(slice.span()), slice.range(), expr(slice.start()), expr(slice.stop()), expr(slice.step()));
    }

    private Identifier identifier(Identifier identifier) {
        return identifier == null ? null : new Identifier(span(identifier.span()), identifier.text());
    }

    private SourceSpan span(SourceSpan span) {
        return SourceSpan.of(span.file(), span.startLine() + lines, span.startColumn(), span.endLine() + lines,
            span.endColumn());
    }

    /** Each of a list's nodes moved; null stays null (a block's base without arguments, an if without else). */
    private static <T> List<T> all(List<T> nodes, Function<T, T> moved) {
        if (nodes == null) {
            return null;
        }
        List<T> all = new ArrayList<>(nodes.size());
        for (T node : nodes) {
            all.add(moved.apply(node));
        }
        return all;
    }

    @Override
    public Expr visitInt(Expr.IntLiteral e) {
        return new Expr.IntLiteral(span(e.span()), e.value());
    }

    @Override
    public Expr visitFloat(Expr.FloatLiteral e) {
        return new Expr.FloatLiteral(span(e.span()), e.value());
    }

    @Override
    public Expr visitString(Expr.StringLiteral e) {
        return new Expr.StringLiteral(span(e.span()), e.value());
    }

    @Override
    public Expr visitBool(Expr.BoolLiteral e) {
        return new Expr.BoolLiteral(span(e.span()), e.value());
    }

    @Override
    public Expr visitName(Expr.Name e) {
        return name(e);
    }

    @Override
    public Expr visitCall(Expr.Call e) {
        return new Expr.Call(span(e.span()), name(e.callee()), all(e.arguments(), this::argument));
    }

    @Override
    public Expr visitLabelled(Expr.Labelled e) {
        return new Expr.Labelled(span(e.span()), label(e.label()), expr(e.target()));
    }

    @Override
    public Expr visitGroup(Expr.Group e) {
        return new Expr.Group(span(e.span()), all(e.statements(), this::statement));
    }

    @Override
    public Expr visitTuple(Expr.Tuple e) {
        return new Expr.Tuple(span(e.span()), all(e.elements(), this::expr));
    }

    @Override
    public Expr visitList(Expr.ListLiteral e) {
        return new Expr.ListLiteral(span(e.span()), all(e.elements(), this::expr));
    }

    @Override
    public Expr visitComprehension(Expr.Comprehension e) {
        return new Expr.Comprehension(span(e.span()), expr(e.element()), pattern(e.variable()), expr(e.iterable()),
            expr(e.condition()));
    }

    @Override
    public Expr visitUnary(Expr.Unary e) {
        return new Expr.Unary(span(e.span()), e.operator(), expr(e.operand()));
    }

    @Override
    public Expr visitBinary(Expr.Binary e) {
        return new Expr.Binary(span(e.span()), e.operator(), expr(e.left()), expr(e.right()));
    }

    @Override
    public Expr visitChain(Expr.Chain e) {
        return new Expr.Chain(span(e.span()), all(e.steps(), this::expr));
    }

    @Override
    public Expr visitIf(Expr.If e) {
        return new Expr.If(span(e.span()), expr(e.condition()), all(e.then(), this::statement),
            all(e.otherwise(), this::statement));
    }

    @Override
    public Expr visitRepeat(Expr.Repeat e) {
        return new Expr.Repeat(span(e.span()), pattern(e.variable()), expr(e.count()), all(e.body(), this::statement));
    }

    @Override
    public Expr visitIndex(Expr.Index e) {
        return new Expr.Index(span(e.span()), expr(e.target()), all(e.slices(), this::slice));
    }

    @Override
    public Expr visitMethod(Expr.Method e) {
        return new Expr.Method(span(e.span()), expr(e.receiver()), identifier(e.name()), all(e.arguments(), this::argument),
            e.called());
    }
}
