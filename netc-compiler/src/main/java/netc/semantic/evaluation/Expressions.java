package netc.semantic.evaluation;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import netc.diagnostics.Code;
import netc.diagnostics.Diagnostic;
import netc.diagnostics.Diagnostics;
import netc.diagnostics.Excerpts;
import netc.diagnostics.Text;
import netc.semantic.catalog.ArgumentBinder;
import netc.semantic.catalog.ArithmeticFailure;
import netc.semantic.model.Shape;
import netc.semantic.model.Value;
import netc.syntax.Expr;
import netc.syntax.Statement;

/**
 * Evaluates expressions in value position: hyper-parameter arithmetic with Python's meaning, and
 * arithmetic on tensors (broadcasting add and mul, indexing).
 */
final class Expressions implements Expr.Visitor<Value> {
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private final Evaluator evaluator;
    private final Diagnostics diagnostics;

    Expressions(Evaluator evaluator, Diagnostics diagnostics) {
        this.evaluator = evaluator;
        this.diagnostics = diagnostics;
    }

    /**
     * An if or repeat that runs nothing passes its incoming tensor on; with none coming in (used as a
     * value, alone, labelled, bracketed or first in a chain) it gives nothing, which is an error here.
     */
    Value value(Expr expr) {
        Value value = expr.accept(this);
        if (value != null) {
            return value;
        }
        String keyword = keyword(expr);
        diagnostics.report(Diagnostic.error(Code.NOT_A_TENSOR, expr.span(), Text.of("expr.gives_no_value_what", keyword))
            .withHelp(Text.of("expr.apply_tensor_x", keyword)));
        return Value.INVALID;
    }

    /** What gives nothing, in words: the if or repeat inside a label, brackets or a chain's end. */
    private static String keyword(Expr e) {
        if (e instanceof Expr.Labelled) {
            return keyword(((Expr.Labelled) e).target());
        }
        if (e instanceof Expr.Group && ((Expr.Group) e).single() != null) {
            return keyword(((Expr.Group) e).single());
        }
        if (e instanceof Expr.Chain) {
            List<Expr> steps = ((Expr.Chain) e).steps();
            return keyword(steps.get(steps.size() - 1));
        }
        return e instanceof Expr.If ? "if" : e instanceof Expr.Repeat ? "repeat" : "(...)";
    }

    List<ArgumentBinder.Given> arguments(List<Expr.Argument> arguments) {
        List<ArgumentBinder.Given> given = new ArrayList<>(arguments.size());
        for (Expr.Argument argument : arguments) {
            String keyword = argument.keyword() == null ? null : argument.keyword().text();
            given.add(new ArgumentBinder.Given(keyword, argument.keyword() == null ? null : argument.keyword().span(),
                value(argument.value()), argument.value().span()));
        }
        return given;
    }

    /** An input's shape: positive integer sizes whose product fits in 64 bits; null after an error. */
    Shape shape(Statement.TensorType type) {
        long[] dims = new long[type.dims().size()];
        for (int i = 0; i < dims.length; i++) {
            Expr dim = type.dims().get(i);
            Value value = value(dim);
            if (value.invalid()) {
                return null;
            }
            if (!(value instanceof Value.Int)) {
                return fail(Code.WRONG_ARGUMENT_TYPE, dim, Text.of("expr.size_must_integer", value.describe()));
            }
            dims[i] = ((Value.Int) value).value();
            if (dims[i] < 1) {
                return fail(Code.NON_POSITIVE_SIZE, dim, Text.of("expr.size_must_positive", dims[i]));
            }
        }
        Shape shape = Shape.of(dims);
        try {
            shape.elements();
        } catch (ArithmeticException e) {
            return fail(Code.SIZE_OVERFLOW, type, Text.of("expr.shape_has_more_than"));
        }
        return shape;
    }

    Value.DType dtype(Statement.TensorType type) {
        if (type.dtype() == null || type.dtype().text().equals("float32")) {
            return Value.DType.FLOAT32;
        }
        if (type.dtype().text().equals("int64")) {
            return Value.DType.INT64;
        }
        diagnostics.report(Diagnostic.error(Code.WRONG_ARGUMENT_TYPE, type.dtype().span(),
            Text.of("expr.unknown_element_type_inputs", type.dtype().text())));
        return Value.DType.FLOAT32;
    }

    /** An if's condition: a compile-time boolean, or null after an error. */
    Boolean condition(Expr expr) {
        Value value = value(expr);
        if (value instanceof Value.Bool) {
            return ((Value.Bool) value).value();
        }
        if (!value.invalid() && !(value instanceof Value.Tensor && !((Value.Tensor) value).known())) {
            diagnostics.report(Diagnostic.error(Code.NOT_CONSTANT, expr.span(),
                Text.of("expr.if_needs_condition_known", value.describe())));
        }
        return null;
    }

    /** A repeat's count: a non-negative compile-time integer, or 0 after an error. */
    /** {@code value}, the value of {@code expr}, as a repeat count. */
    long count(Expr expr, Value value) {
        if (value instanceof Value.Int && ((Value.Int) value).value() >= 0) {
            return ((Value.Int) value).value();
        }
        if (value.invalid()) {
            return 0;
        }
        diagnostics.report(Diagnostic.error(Code.NOT_CONSTANT, expr.span(), Text.of("expr.repeat_needs_count_known",
            value.describe())));
        return 0;
    }

    @Override
    public Value visitInt(Expr.IntLiteral e) {
        if (e.value().compareTo(LONG_MAX) > 0) {
            String digits = written(e);
            Object shown = digits.length() > 24 ? Text.of("expr.digits", digits.substring(0, 20), digits.length())
                : digits;
            fail(Code.NUMBER_TOO_LARGE, e, Text.of("expr.integer_does_not_fit", shown, Long.MAX_VALUE));
            return Value.INVALID;
        }
        return Value.Int.of(e.value().longValue());
    }

    /** A literal's digits as written, leading zeros left out; its value's where the text is not at hand. */
    private String written(Expr.IntLiteral e) {
        String text = evaluator.source().slice(e.span());
        boolean digits = !text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9');
        return digits ? Expr.IntLiteral.significant(text) : e.value().toString();
    }

    @Override
    public Value visitFloat(Expr.FloatLiteral e) {
        return new Value.Float(e.value());
    }

    @Override
    public Value visitString(Expr.StringLiteral e) {
        return new Value.Str(e.value());
    }

    @Override
    public Value visitBool(Expr.BoolLiteral e) {
        return Value.Bool.of(e.value());
    }

    @Override
    public Value visitName(Expr.Name e) {
        Scope scope = evaluator.scope();
        if (!e.qualified() && scope.has(e.text())) {
            return scope.read(e.text());
        }
        if (e.text().equals("_") && !e.qualified()) {
            return Value.INFER;
        }
        if (e.text().equals("None") && !e.qualified()) {
            return Value.NONE;
        }
        if (!e.qualified() && !evaluator.isCallable(e.text())) {
            scope.unknownName(e.text());
            diagnostics.report(Suggestions.didYouMean(Diagnostic.error(Code.UNDEFINED_NAME, e.span(),
                Text.of("expr.not_defined_here", Excerpts.word(e.text()))), e.text(), e.span(), scope.names()));
            return Value.INVALID;
        }
        return evaluator.chain(e, null);
    }

    @Override
    public Value visitCall(Expr.Call e) {
        return evaluator.chain(e, null);
    }

    @Override
    public Value visitLabelled(Expr.Labelled e) {
        return evaluator.chain(e, null);
    }

    @Override
    public Value visitGroup(Expr.Group e) {
        if (e.single() != null) {
            return evaluator.chain(e.single(), null);
        }
        return evaluator.step(e, null, true, null);
    }

    @Override
    public Value visitTuple(Expr.Tuple e) {
        return sequence(e.elements());
    }

    /** A list is a tuple to netc: both are sequences of values known when the model is checked. */
    @Override
    public Value visitList(Expr.ListLiteral e) {
        return sequence(e.elements());
    }

    private Value.Tuple sequence(List<Expr> expressions) {
        List<Value> elements = new ArrayList<>();
        for (Expr element : expressions) {
            elements.add(value(element));
        }
        return new Value.Tuple(elements);
    }

    @Override
    public Value visitComprehension(Expr.Comprehension e) {
        return evaluator.comprehension(e);
    }

    @Override
    public Value visitUnary(Expr.Unary e) {
        Value operand = value(e.operand());
        if (operand.invalid()) {
            return Value.INVALID;
        }
        switch (e.operator()) {
            case NOT:
                if (operand instanceof Value.Bool) {
                    return new Value.Bool(!((Value.Bool) operand).value());
                }
                break;
            case NEGATE:
                if (operand instanceof Value.Int && ((Value.Int) operand).value() == Long.MIN_VALUE) {
                    return invalid(e, Text.of("expr.does_not_fit_bits", Long.MIN_VALUE));
                }
                if (operand instanceof Value.Int) {
                    return new Value.Int(-((Value.Int) operand).value());
                }
                if (operand instanceof Value.Float) {
                    return new Value.Float(-((Value.Float) operand).value());
                }
                break;
            default:
                if (operand instanceof Value.Int || operand instanceof Value.Float) {
                    return operand;
                }
        }
        return invalid(e, Text.of("expr.does_not_apply", e.operator().symbol(), operand.describe()));
    }

    @Override
    public Value visitBinary(Expr.Binary e) {
        Value left = value(e.left());
        Value right = value(e.right());
        if (left.invalid() || right.invalid()) {
            return Value.INVALID;
        }
        if (left instanceof Value.Tensor || right instanceof Value.Tensor) {
            return TensorArithmetic.binary(evaluator, e, left, right);
        }
        if (left instanceof Value.Batch || right instanceof Value.Batch) {
            diagnostics.report(Diagnostic.error(Code.BATCH_ARITHMETIC, e.span(), Text.of("expr.no_arithmetic_may_use"))
                .withHelp(Text.of("expr.pass_batch_size_unchanged")));
            return Value.INVALID;
        }
        try {
            Value result = Arithmetic.apply(e.operator(), left, right);
            return result != null ? result : invalid(e, Text.of("expr.cannot_compute", left.describe(),
                e.operator().symbol(), right.describe()));
        } catch (ArithmeticException ex) {
            return invalid(e, ArithmeticFailure.reason(ex));
        }
    }

    @Override
    public Value visitChain(Expr.Chain e) {
        return evaluator.chain(e, null);
    }

    @Override
    public Value visitIf(Expr.If e) {
        return evaluator.step(e, null, true, null);
    }

    @Override
    public Value visitRepeat(Expr.Repeat e) {
        return evaluator.step(e, null, true, null);
    }

    @Override
    public Value visitIndex(Expr.Index e) {
        Value target = value(e.target());
        return target instanceof Value.Tuple ? element(e, (Value.Tuple) target) : TensorArithmetic.index(evaluator, e, target);
    }

    /** {@code x.shape[1]}, {@code x.shape[-1]}: one element of a tuple, counted as Python counts. */
    private Value element(Expr.Index e, Value.Tuple tuple) {
        Expr.Slice slice = e.slices().get(0);
        if (e.slices().size() > 1 || slice.range()) {
            return invalid(e, Text.of("expr.tuple_takes_one_integer", source(e.target())));
        }
        Value index = value(slice.start());
        if (index.invalid()) {
            return Value.INVALID;
        }
        if (!(index instanceof Value.Int)) {
            fail(Code.WRONG_ARGUMENT_TYPE, slice.start(), Text.of("expr.tuple_index_must_integer", index.describe()));
            return Value.INVALID;
        }
        long at = ((Value.Int) index).value();
        int size = tuple.elements().size();
        if (at < -size || at >= size) {
            diagnostics.report(Diagnostic.error(Code.INDEX_OUT_OF_RANGE, slice.span(),
                Text.of("expr.index_outside_which_has", at, source(e.target()), size, tuple.show(), -size,
                (size - 1))));
            return Value.INVALID;
        }
        return tuple.elements().get((int) (at < 0 ? at + size : at));
    }

    private String source(Expr e) {
        return evaluator.source().slice(e.span());
    }

    @Override
    public Value visitMethod(Expr.Method e) {
        return evaluator.chain(e, null);
    }

    private Value invalid(Expr e, Text message) {
        diagnostics.report(Diagnostic.error(Code.INVALID_OPERATION, e.span(), message));
        return Value.INVALID;
    }

    private <T> T fail(Code code, Expr e, Text message) {
        diagnostics.report(Diagnostic.error(code, e.span(), message));
        return null;
    }

    private <T> T fail(Code code, Statement.TensorType type, Text message) {
        diagnostics.report(Diagnostic.error(code, type.span(), message));
        return null;
    }

}
