package netc.semantic.catalog;

import java.util.List;
import netc.diagnostics.Code;
import netc.diagnostics.Text;
import netc.semantic.evaluation.Arithmetic;
import netc.semantic.evaluation.TensorArithmetic;
import netc.semantic.model.Shape;
import netc.semantic.model.Value;

/**
 * torch's element-wise functions (torch.exp, torch.pow, torch.clamp, torch.where, masked_fill,
 * torch.randn_like): no module, no row, no position. Functions that Python's math also has
 * ({@code sqrt(d)}) give a number when given a number.
 */
final class ElementwiseFunctions {
    private ElementwiseFunctions() {
    }

    static void register(Catalog.Builder catalog) {
        catalog.add(function("exp", LayerSpec.Dtypes.TO_FLOAT).numbers(unary("exp", Math::exp)));
        catalog.add(function("log", LayerSpec.Dtypes.TO_FLOAT).numbers(unary("log", Math::log)));
        catalog.add(function("sqrt", LayerSpec.Dtypes.TO_FLOAT).numbers(unary("sqrt", Math::sqrt)));
        catalog.add(function("rsqrt", LayerSpec.Dtypes.TO_FLOAT));
        catalog.add(function("abs", LayerSpec.Dtypes.NUMBERS).numbers(new LayerSpec.NumberForm(1, ElementwiseFunctions::abs)));
        catalog.add(function("pow", LayerSpec.Dtypes.NUMBERS, ElementwiseFunctions::powShape,
            ArgSpec.optional("exponent", ArgType.NUMBER, Value.NONE)).inputs(1, 2)
            .numbers(new LayerSpec.NumberForm(2, ElementwiseFunctions::pow)));
        catalog.add(function("clamp", LayerSpec.Dtypes.NUMBERS, ElementwiseFunctions::clampShape,
            ArgSpec.optional("min", ArgType.OPTIONAL_NUMBER, Value.NONE),
            ArgSpec.optional("max", ArgType.OPTIONAL_NUMBER, Value.NONE)));
        catalog.add(function("where", LayerSpec.Dtypes.CONDITION, ElementwiseFunctions::whereShape,
            ArgSpec.optional("other", ArgType.NUMBER, Value.NONE)).inputs(2, 3)
            .torch(TorchForm.functional("torch.where")));
        catalog.add(function("maskedfill", LayerSpec.Dtypes.MASK, ElementwiseFunctions::maskedFillShape,
            ArgSpec.required("value", ArgType.NUMBER)).inputs(2, 2)
            .torch(TorchForm.functional("torch.masked_fill")));
        catalog.add(function("randnlike", LayerSpec.Dtypes.FLOAT).torch(TorchForm.functional("torch.randn_like")));
        catalog.add(function("randlike", LayerSpec.Dtypes.FLOAT).torch(TorchForm.functional("torch.rand_like")));
    }

    private static LayerSpec function(String name, LayerSpec.Dtypes dtypes) {
        return function(name, dtypes, LayerCall::input);
    }

    static LayerSpec function(String name, LayerSpec.Dtypes dtypes, LayerSpec.ShapeRule rule, ArgSpec... args) {
        return new LayerSpec(name, name, 0, List.of(args), 1, LayerSpec.ANY_RANK, rule, LayerSpec.NO_STATE, false)
            .dtypes(dtypes);
    }

    /** math.exp, math.log, math.sqrt of a number: a float, or Python's "math domain error" as ours. */
    private static LayerSpec.NumberForm unary(String name, java.util.function.DoubleUnaryOperator f) {
        return new LayerSpec.NumberForm(1, numbers -> {
            double x = number(numbers.get(0));
            double y = f.applyAsDouble(x);
            if (Double.isNaN(y) || (Double.isInfinite(y) && !Double.isInfinite(x))) {
                throw new ArithmeticFailure(Text.of("elementwise.not_real_number_python", name));
            }
            return new Value.Float(y);
        });
    }

    private static Value abs(List<Value> numbers) {
        Value x = numbers.get(0);
        if (x instanceof Value.Int) {
            return new Value.Int(Math.absExact(((Value.Int) x).value()));
        }
        return new Value.Float(Math.abs(number(x)));
    }

    /** Python's pow(a, b), which is a ** b. */
    private static Value pow(List<Value> numbers) {
        return Arithmetic.apply(netc.syntax.Expr.BinaryOperator.POWER, numbers.get(0), numbers.get(1));
    }

    private static double number(Value value) {
        return value instanceof Value.Int ? ((Value.Int) value).value() : ((Value.Float) value).value();
    }

    /** pow(x, 2) raises to a number; pow(x, y) of two tensors broadcasts them. */
    private static Shape powShape(LayerCall call) {
        List<Shape> shapes = call.inputShapes();
        if (shapes.size() == 2) {
            if (!call.isNone("exponent")) {
                return call.argError("exponent", Code.TOO_MANY_ARGUMENTS, Text.of("elementwise.pow_two_tensors_takes"));
            }
            return TensorOperations.broadcast(call, shapes.get(0), shapes.get(1), 1);
        }
        if (call.isNone("exponent")) {
            return call.error(Code.MISSING_ARGUMENT, Text.of("elementwise.pow_needs_exponent_number"), null);
        }
        Value exponent = call.arg("exponent");
        if (call.dtype(0) == Value.DType.INT64 && exponent instanceof Value.Int && ((Value.Int) exponent).value() < 0) {
            return call.argError("exponent", Code.INVALID_OPERATION, Text.of("elementwise.int_tensor_cannot_raised",
                exponent.show()));
        }
        return call.input();
    }

    /** PyTorch needs min or max; with min above max every element becomes max, which is rarely meant. */
    private static Shape clampShape(LayerCall call) {
        if (call.isNone("min") && call.isNone("max")) {
            return call.error(Code.ARGUMENT_OUT_OF_RANGE, Text.of("elementwise.clamp_needs_min_max"), null);
        }
        if (!call.isNone("min") && !call.isNone("max") && number(call.arg("min")) > number(call.arg("max"))) {
            call.warn(Code.CLAMP_EMPTY_RANGE, Text.of("elementwise.clamp_min_greater_than", call.arg("min").show(),
                call.arg("max").show(), call.arg("max").show()),
                Text.of("elementwise.swap_min_max"));
        }
        return call.input();
    }

    /** where(condition, a, b): all three broadcast; b may be a number (other). */
    private static Shape whereShape(LayerCall call) {
        List<Shape> shapes = call.inputShapes();
        if (shapes.size() == 2 && call.isNone("other")) {
            return call.error(Code.MISSING_ARGUMENT, Text.of("elementwise.where_needs_condition_two"),
                Text.of("elementwise.write_where_condition_b"));
        }
        if (shapes.size() == 3 && !call.isNone("other")) {
            return call.argError("other", Code.TOO_MANY_ARGUMENTS, Text.of("elementwise.where_takes_condition_two"));
        }
        Shape shape = shapes.get(0);
        for (int i = 1; i < shapes.size() && shape != null; i++) {
            shape = TensorOperations.broadcast(call, shape, shapes.get(i), i);
        }
        return shape;
    }

    /** masked_fill keeps its input's shape: the mask must broadcast to it. */
    private static Shape maskedFillShape(LayerCall call) {
        Shape input = call.input();
        Shape mask = call.inputShapes().get(1);
        Shape both = TensorArithmetic.broadcast(input, mask);
        if (input.equals(both)) {
            return input;
        }
        return TensorOperations.mismatch(call, 1, Text.of("elementwise.masked_fill_mask_must", mask, input));
    }
}
