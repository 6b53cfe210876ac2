package netc.semantic.evaluation;

import java.util.ArrayList;
import java.util.List;
import netc.diagnostics.Code;
import netc.diagnostics.Diagnostic;
import netc.diagnostics.Related;
import netc.diagnostics.Text;
import netc.semantic.model.Shape;
import netc.semantic.model.Trace;
import netc.semantic.model.Value;
import netc.syntax.Expr;

/**
 * Operators on tensors: broadcasting + - * / ** and comparisons, @ (torch.matmul), and indexing such as
 * {@code out[:, -1]}.
 */
public final class TensorArithmetic {
    private TensorArithmetic() {
    }

    static Value binary(Evaluator evaluator, Expr.Binary e, Value left, Value right) {
        switch (e.operator()) {
            case FLOOR_DIVIDE:
            case MODULO:
            case AND:
            case OR:
                return invalid(evaluator, e, Text.of("arith.does_not_apply_tensors", e.operator().symbol()));
            default:
                break;
        }
        if (!(left instanceof Value.Tensor) || !(right instanceof Value.Tensor)) {
            return scalar(evaluator, e, left, right);
        }
        Value.Tensor a = (Value.Tensor) left;
        Value.Tensor b = (Value.Tensor) right;
        if (!a.known() || !b.known()) {
            return Evaluator.unknown();
        }
        if (e.operator() == Expr.BinaryOperator.MATMUL) {
            return evaluator.operation("matmul", List.of(a, b), e.span());
        }
        Value.DType dtype = resultDtype(evaluator, e, a.dtype(), b.dtype());
        Shape shape = broadcast(a.shape(), b.shape());
        if (shape == null) {
            List<Related> related = new ArrayList<>();
            addOrigin(related, a, Text.of("arith.left"));
            addOrigin(related, b, Text.of("arith.right"));
            boolean unbatched = !a.shape().batched() || !b.shape().batched();
            Code code = unbatched ? Code.UNBATCHED_MISMATCH : Code.SHAPE_MISMATCH;
            evaluator.diagnostics().report(new Diagnostic(code, e.span(), Text.of("arith.cannot_tensors_shapes",
                verb(e), a.shape(), b.shape(), whyNotBroadcast(a.shape(),
                b.shape())), related, unbatched ? Text.of("arith.sizes_must_equal_one") : a.shape().size() == b.shape().size()
                ? Text.of("arith.sizes_must_equal_one_2")
                : Text.of("arith.give_both_same_number")));
            return Evaluator.unknown();
        }
        if (dtype == null) {
            return Evaluator.unknown();
        }
        Value.Tensor result = evaluator.tensor(shape, a, e.span(), dtype);
        Trace trace = evaluator.trace();
        trace.add(new Trace.Arithmetic(trace.newId(result), e.operator(), trace.idOf(a), trace.idOf(b), Value.NONE,
            false, result.dtype(), shape, e.span()));
        return result;
    }

    private static Value scalar(Evaluator evaluator, Expr.Binary e, Value left, Value right) {
        Value.Tensor tensor = (Value.Tensor) (left instanceof Value.Tensor ? left : right);
        Value other = left instanceof Value.Tensor ? right : left;
        if (!(other instanceof Value.Int) && !(other instanceof Value.Float)) {
            return invalid(evaluator, e, Text.of("arith.cannot", verb(e), tensor.describe(), other.describe()));
        }
        if (e.operator() == Expr.BinaryOperator.MATMUL) {
            return invalid(evaluator, e, Text.of("arith.multiplies_two_tensors_one", other.describe()));
        }
        if (!tensor.known()) {
            return tensor;
        }
        boolean negativeIntegerPower = e.operator() == Expr.BinaryOperator.POWER && left == tensor
            && tensor.dtype() == Value.DType.INT64 && other instanceof Value.Int && ((Value.Int) other).value() < 0;
        if (negativeIntegerPower) {
            return invalid(evaluator, e, Text.of("elementwise.int_tensor_cannot_raised", other.show()));
        }
        Value.DType number = other instanceof Value.Float ? Value.DType.FLOAT32 : Value.DType.INT64;
        Value.DType dtype = resultDtype(evaluator, e, tensor.dtype(), number);
        if (dtype == null) {
            return Evaluator.unknown();
        }
        Value.Tensor result = evaluator.tensor(tensor.shape(), tensor, e.span(), dtype);
        Trace trace = evaluator.trace();
        trace.add(new Trace.Arithmetic(trace.newId(result), e.operator(), trace.idOf(tensor), -1, other,
            !(left instanceof Value.Tensor), result.dtype(), tensor.shape(), e.span()));
        return result;
    }

    /**
     * PyTorch's result type: a comparison gives bool; / is true division, always float32; otherwise that of
     * the operands (an int64 tensor and an integer stay int64; a float number or tensor makes float32). A bool
     * tensor takes part in arithmetic only with float32 (netc's bool tensors are masks); null after reporting.
     */
    private static Value.DType resultDtype(Evaluator evaluator, Expr.Binary e, Value.DType a, Value.DType b) {
        if (e.operator().comparison()) {
            return Value.DType.BOOL;
        }
        if ((a == Value.DType.BOOL || b == Value.DType.BOOL) && a.promote(b) != Value.DType.FLOAT32) {
            evaluator.diagnostics().report(Diagnostic.error(Code.BOOL_TENSOR, e.span(),
                Text.of("arith.cannot_bool_tensor_netc", verb(e),
                (a == b ? Text.of("arith.bool_tensor") : Text.of("arith.int_tensor_integer"))))
                .withHelp(Text.of("arith.use_where_mask_b")));
            return null;
        }
        return e.operator() == Expr.BinaryOperator.DIVIDE ? Value.DType.FLOAT32 : a.promote(b);
    }

    private static void addOrigin(List<Related> related, Value.Tensor tensor, Text side) {
        if (tensor.origin() != null) {
            related.add(new Related(tensor.origin().span(), Text.of("arith.side_note", side, tensor.origin().explain(tensor.shape()))));
        }
    }

    private static Text verb(Expr.Binary e) {
        switch (e.operator()) {
            case ADD:
                return Text.of("arith.add");
            case SUBTRACT:
                return Text.of("arith.subtract");
            case MULTIPLY:
            case MATMUL:
                return Text.of("arith.multiply");
            case DIVIDE:
                return Text.of("arith.divide");
            case POWER:
                return Text.of("arith.raise_power");
            default:
                return Text.of("arith.compare");
        }
    }

    /**
     * PyTorch's broadcasting (shapes aligned at their last dimension); null if impossible, or if the
     * batch would not stay in front. Two batched shapes must have equal ranks: otherwise the batch of
     * one would meet another dimension of the other, which no batch size makes right. A shape
     * without the batch (a parameter) may be shorter; a dimension of it that meets the batch must be 1.
     */
    public static Shape broadcast(Shape a, Shape b) {
        if (a.batched() && b.batched() && a.size() != b.size()) {
            return null;
        }
        Shape longer = a.size() >= b.size() ? a : b;
        Shape shorter = longer == a ? b : a;
        if (a.batched() != b.batched()) {
            longer = a.batched() ? a : b;
            shorter = longer == a ? b : a;
            if (shorter.size() > longer.rank() || shorter.size() == longer.rank() && shorter.dim(0) != 1) {
                return null;
            }
        }
        long[] out = longer.dims();
        int offset = longer.size() - shorter.size();
        for (int i = Math.max(0, -offset); i < shorter.size(); i++) {
            long x = out[offset + i];
            long y = shorter.dim(i);
            if (x != y && x != 1 && y != 1) {
                return null;
            }
            out[offset + i] = x == 1 ? y : x;
        }
        return longer.batched() ? Shape.of(out) : Shape.unbatched(out);
    }

    /** Why {@link #broadcast} refused two shapes, for messages. */
    public static Text whyNotBroadcast(Shape a, Shape b) {
        if (a.batched() != b.batched()) {
            Shape batched = a.batched() ? a : b;
            Shape unbatched = a.batched() ? b : a;
            if (unbatched.size() > batched.rank()) {
                return Text.of("arith.has_more_dimensions_than", unbatched, batched);
            }
            if (unbatched.size() == batched.rank() && unbatched.dim(0) != 1) {
                return Text.of("arith.dimension_meets_batch_so", unbatched);
            }
        }
        return a.size() == b.size() || a.batched() != b.batched() || !a.batched() ? Text.of("arith.they_do_not_broadcast")
            : Text.of("arith.they_have_different_ranks");
    }

    /** {@code x[:, -1]}: the batch must be kept whole; an integer drops its dimension, a range narrows it. */
    static Value index(Evaluator evaluator, Expr.Index e, Value target) {
        if (!(target instanceof Value.Tensor)) {
            return invalid(evaluator, e, Text.of("arith.only_tensors_can_indexed", target.describe()));
        }
        Value.Tensor tensor = (Value.Tensor) target;
        if (!tensor.known()) {
            return tensor;
        }
        if (!tensor.shape().batched()) {
            evaluator.unbatched(e.target().span(), tensor, Text.of("arith.indexed"));
            return Evaluator.unknown();
        }
        List<Expr.Slice> slices = e.slices();
        if (!isWhole(slices.get(0))) {
            return invalid(evaluator, slices.get(0), Text.of("arith.first_index_batch_dimension"));
        }
        if (slices.size() > tensor.shape().rank()) {
            return invalid(evaluator, e, Text.of("arith.too_many_indices_has", tensor.shape(), tensor.shape().rank()));
        }
        List<Long> dims = new ArrayList<>();
        List<Trace.IndexPart> parts = new ArrayList<>();
        for (int i = 0; i < tensor.shape().size(); i++) {
            long size = tensor.shape().dim(i);
            if (i + 1 >= slices.size()) {
                dims.add(size);
                continue;
            }
            Trace.IndexPart part = slice(evaluator, slices.get(i + 1), i + 1, size, tensor.shape());
            if (part == null) {
                return Evaluator.unknown();
            }
            parts.add(part);
            if (!part.single()) {
                // ceil((stop - start) / step), written so that a huge step cannot overflow
                dims.add(part.stop() <= part.start() ? 0 : (part.stop() - part.start() - 1) / part.step() + 1);
            }
        }
        Shape shape = Shape.of(dims.stream().mapToLong(Long::longValue).toArray());
        Value.Tensor result = evaluator.tensor(shape, tensor, e.span());
        Trace trace = evaluator.trace();
        trace.add(new Trace.Index(trace.newId(result), trace.idOf(tensor), parts, shape, e.span()));
        return result;
    }

    private static boolean isWhole(Expr.Slice slice) {
        return slice.range() && slice.start() == null && slice.stop() == null && slice.step() == null;
    }

    /** One subscript, resolved against its dimension's size (Python's rules); null after an error. */
    private static Trace.IndexPart slice(Evaluator evaluator, Expr.Slice slice, int dim, long size, Shape shape) {
        Expressions values = evaluator.expressions();
        if (!slice.range()) {
            Long index = integer(evaluator, slice.start(), values);
            if (index == null) {
                return null;
            }
            if (index < -size || index >= size) {
                invalid(evaluator, slice, Text.of("arith.index_out_range_dimension", index, size, shape));
                return null;
            }
            long at = index < 0 ? index + size : index;
            return new Trace.IndexPart(dim, true, at, at + 1, 1);
        }
        Long start = slice.start() == null ? Long.valueOf(0) : integer(evaluator, slice.start(), values);
        Long stop = slice.stop() == null ? Long.valueOf(size) : integer(evaluator, slice.stop(), values);
        Long step = slice.step() == null ? Long.valueOf(1) : integer(evaluator, slice.step(), values);
        if (start == null || stop == null || step == null) {
            return null;
        }
        if (step < 1) {
            invalid(evaluator, slice, Text.of("arith.slice_step_must_positive"));
            return null;
        }
        long from = clamp(start < 0 ? start + size : start, size);
        long to = clamp(stop < 0 ? stop + size : stop, size);
        return new Trace.IndexPart(dim, false, from, Math.max(from, to), step);
    }

    private static long clamp(long index, long size) {
        return Math.max(0, Math.min(size, index));
    }

    private static Long integer(Evaluator evaluator, Expr expr, Expressions values) {
        Value value = values.value(expr);
        if (value instanceof Value.Int) {
            return ((Value.Int) value).value();
        }
        evaluator.diagnostics().report(Diagnostic.error(Code.WRONG_ARGUMENT_TYPE, expr.span(),
            Text.of("arith.index_must_integer", value.describe())));
        return null;
    }

    private static Value invalid(Evaluator evaluator, Expr e, Text message) {
        evaluator.diagnostics().report(Diagnostic.error(Code.INVALID_OPERATION, e.span(), message));
        return Evaluator.unknown();
    }

    private static Value invalid(Evaluator evaluator, Expr.Slice slice, Text message) {
        evaluator.diagnostics().report(Diagnostic.error(Code.INVALID_OPERATION, slice.span(), message));
        return Evaluator.unknown();
    }
}
