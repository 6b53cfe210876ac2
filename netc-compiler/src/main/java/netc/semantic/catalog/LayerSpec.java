package netc.semantic.catalog;

import java.util.List;
import java.util.function.ToIntFunction;
import netc.diagnostics.Text;
import netc.semantic.model.Shape;
import netc.semantic.model.StateEntry;
import netc.semantic.model.Value;

/**
 * One layer of the catalogue: its name in the language, the PyTorch class it stands for, its
 * argument signature in constructor order, the ranks it accepts (counting the batch), and its
 * shape and state rules. {@code spatialDims} is d for the 1d/2d/3d variants, else 0. Most layers
 * take one float tensor; tensor operations such as cat take several, and some take any dtype.
 */
public record LayerSpec(
    String name,
    String torchClass,
    int spatialDims,
    List<ArgSpec> signature,
    int minRank,
    int maxRank,
    ShapeRule shapeRule,
    StateRule stateRule,
    boolean module,
    int minInputs,
    int maxInputs,
    Dtypes dtypes,
    ReturnRule returns,
    StructureRule structure,
    TorchInfoTraits torchInfo,
    TorchForm torch,
    NumberForm numbers,
    PiecesRule pieces) {

    public static final int ANY_RANK = Integer.MAX_VALUE;

    /** Which element types a layer takes, and what it gives. */
    public enum Dtypes {
        /** float32 in, float32 out: almost every layer. */
        FLOAT,
        /** int64 indices in, float32 out: embedding. */
        INDICES,
        /** any dtype, bool included, passed on (promoted when there are several): reshaping and selecting. */
        ANY,
        /**
         * float32 or int64, promoted with each other and with the number arguments (a float makes float32),
         * as PyTorch's result_type: add, mul, sum, abs, pow, clamp.
         */
        NUMBERS,
        /** float32 or int64 in, float32 out: exp, log, sqrt, rsqrt. */
        TO_FLOAT,
        /** A bool condition, then numbers promoted as NUMBERS: where. */
        CONDITION,
        /** Numbers, then a bool mask; the first input's type out: masked_fill. */
        MASK;

        /** What input {@code i} must be, in words, or null when {@code dtype} will do. */
        public Text refusal(int i, Value.DType dtype) {
            Text wanted;
            switch (this) {
                case FLOAT:
                    wanted = dtype == Value.DType.FLOAT32 ? null : Text.of("spec.float_tensor");
                    break;
                case INDICES:
                    wanted = dtype == Value.DType.INT64 ? null : Text.of("spec.int_indices");
                    break;
                case ANY:
                    wanted = null;
                    break;
                case NUMBERS:
                case TO_FLOAT:
                    wanted = dtype != Value.DType.BOOL ? null : Text.of("spec.float_int_tensor");
                    break;
                case CONDITION:
                case MASK:
                    boolean mask = i == (this == CONDITION ? 0 : 1);
                    wanted = mask == (dtype == Value.DType.BOOL) ? null
                        : mask ? Text.of("spec.bool_tensor_such_x") : Text.of("spec.float_int_tensor");
                    break;
                default:
                    throw new AssertionError(this);
            }
            return wanted;
        }

        /**
         * The output's element type, given the inputs' and the call's arguments (null when they did not
         * bind). Runs once per layer call: loops, no streams.
         */
        public Value.DType output(List<Value.Tensor> inputs, BoundArguments arguments) {
            switch (this) {
                case FLOAT:
                case INDICES:
                case TO_FLOAT:
                    return Value.DType.FLOAT32;
                case MASK:
                    return inputs.get(0).dtype();
                case ANY:
                case NUMBERS:
                case CONDITION:
                    break;
                default:
                    throw new AssertionError(this);
            }
            int first = this == CONDITION ? 1 : 0;
            Value.DType dtype = inputs.get(first).dtype();
            for (int i = first + 1; i < inputs.size(); i++) {
                dtype = dtype.promote(inputs.get(i).dtype());
            }
            if (this != ANY && hasFloat(arguments)) {
                dtype = dtype.promote(Value.DType.FLOAT32);
            }
            return dtype;
        }

        private static boolean hasFloat(BoundArguments arguments) {
            if (arguments != null) {
                for (BoundArguments.Bound argument : arguments.values().values()) {
                    if (argument.value() instanceof Value.Float) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    /**
     * A function that also applies to numbers, as Python's math does ({@code sqrt(d)} of a hyper-parameter
     * is {@code math.sqrt(d)}): it takes {@code arity} numbers; {@code compute} throws ArithmeticException,
     * with the reason as its message, outside its domain.
     */
    public record NumberForm(int arity, java.util.function.Function<List<Value>, Value> compute) {
    }

    public LayerSpec {
        signature = List.copyOf(signature);
    }

    /**
     * How torchinfo sees the module, beyond its shapes and parameters: whether it counts the weight and
     * bias once per output position in Mult-Adds (convolutions), whether the module stores its
     * kernel_size as a tuple, which torchinfo prints as a list even when the sizes are equal
     * (convolutions and AvgPool1d; the other pools keep an int as given), and how many levels of
     * sub-module calls the layer makes in eval mode, the mode torchinfo runs a model in (a
     * transformer encoder layer with an even number of heads runs as one fused kernel: none).
     */
    public record TorchInfoTraits(boolean parametersAtEveryPosition, boolean kernelSizeTuple,
                                  ToIntFunction<BoundArguments> evalCallDepth) {
        public static final ToIntFunction<BoundArguments> EVERY_CALL = arguments -> Integer.MAX_VALUE;
        public static final TorchInfoTraits PLAIN = new TorchInfoTraits(false, false);

        public TorchInfoTraits(boolean parametersAtEveryPosition, boolean kernelSizeTuple) {
            this(parametersAtEveryPosition, kernelSizeTuple, EVERY_CALL);
        }
    }

    /**
     * What the PyTorch module's forward returns (path empty), or what the call of its sub-module at
     * {@code path} (dotted, relative) returns, given that call's output; {@code batch} is the batch
     * size the model runs with, which a recurrent layer's state holds in its second dimension.
     */
    @FunctionalInterface
    public interface ReturnRule {
        Returned apply(String path, BoundArguments arguments, Shape output, long batch);
    }

    /** One tensor, the output: almost every module. */
    public static final ReturnRule RETURNS_OUTPUT = (path, arguments, output, batch) -> new Returned.Tensor(output);

    /** A layer of one float tensor. */
    public LayerSpec(String name, String torchClass, int spatialDims, List<ArgSpec> signature, int minRank,
                     int maxRank, ShapeRule shapeRule, StateRule stateRule, boolean module) {
        this(name, torchClass, spatialDims, signature, minRank, maxRank, shapeRule, stateRule, module, 1, 1,
            Dtypes.FLOAT, RETURNS_OUTPUT, null, TorchInfoTraits.PLAIN, TorchForm.PLAIN, null, null);
    }

    public LayerSpec inputs(int min, int max) {
        return new LayerSpec(name, torchClass, spatialDims, signature, minRank, maxRank, shapeRule, stateRule, module,
            min, max, dtypes, returns, structure, torchInfo, torch, numbers, pieces);
    }

    public LayerSpec dtypes(Dtypes kind) {
        return new LayerSpec(name, torchClass, spatialDims, signature, minRank, maxRank, shapeRule, stateRule, module,
            minInputs, maxInputs, kind, returns, structure, torchInfo, torch, numbers, pieces);
    }

    /**
     * The PyTorch module (or a sub-module it calls) returns more than its output: an RNN its state
     * too, attention its weights. A chain passes the first tensor on; summaries see the whole value.
     */
    public LayerSpec returns(ReturnRule rule) {
        return new LayerSpec(name, torchClass, spatialDims, signature, minRank, maxRank, shapeRule, stateRule, module,
            minInputs, maxInputs, dtypes, rule, structure, torchInfo, torch, numbers, pieces);
    }

    /** A layer made of sub-modules of its own (attention's out_proj, a transformer layer's parts). */
    public LayerSpec structure(StructureRule rule) {
        return new LayerSpec(name, torchClass, spatialDims, signature, minRank, maxRank, shapeRule, stateRule, module,
            minInputs, maxInputs, dtypes, returns, rule, torchInfo, torch, numbers, pieces);
    }

    /** See {@link TorchInfoTraits}. */
    public LayerSpec torchInfo(TorchInfoTraits traits) {
        return new LayerSpec(name, torchClass, spatialDims, signature, minRank, maxRank, shapeRule, stateRule, module,
            minInputs, maxInputs, dtypes, returns, structure, traits, torch, numbers, pieces);
    }

    /** See {@link TorchForm}: how generated PyTorch code writes the layer. */
    public LayerSpec torch(TorchForm form) {
        return new LayerSpec(name, torchClass, spatialDims, signature, minRank, maxRank, shapeRule, stateRule, module,
            minInputs, maxInputs, dtypes, returns, structure, torchInfo, form, numbers, pieces);
    }

    /** See {@link NumberForm}. */
    public LayerSpec numbers(NumberForm form) {
        return new LayerSpec(name, torchClass, spatialDims, signature, minRank, maxRank, shapeRule, stateRule, module,
            minInputs, maxInputs, dtypes, returns, structure, torchInfo, torch, form, pieces);
    }

    /**
     * An operation that returns a tuple of tensors (chunk, split, unbind): its pieces take the place of
     * a shape rule, whose output is the first piece. Its trace step numbers that piece; the others follow.
     */
    public LayerSpec pieces(PiecesRule rule) {
        ShapeRule first = call -> {
            List<Shape> shapes = rule.apply(call);
            return shapes == null ? null : shapes.get(0);
        };
        return new LayerSpec(name, torchClass, spatialDims, signature, minRank, maxRank, first, stateRule, module,
            minInputs, maxInputs, dtypes, returns, structure, torchInfo, torch, numbers, rule);
    }

    /** The shape of each piece of an operation's tuple, reporting any error through the call; null when it failed. */
    @FunctionalInterface
    public interface PiecesRule {
        List<Shape> apply(LayerCall call);
    }

    /** The sub-modules, and the calls among them, of a layer with the given output. */
    @FunctionalInterface
    public interface StructureRule {
        Structure apply(LayerCall call, Shape output);
    }

    /** Computes the output shape, reporting any error through the call; null when it failed. */
    @FunctionalInterface
    public interface ShapeRule {
        Shape apply(LayerCall call);
    }

    /** The module's own state_dict entries, in PyTorch's registration order. */
    @FunctionalInterface
    public interface StateRule {
        List<StateEntry> entries(LayerCall call);
    }

    public static final StateRule NO_STATE = call -> List.of();

    public boolean acceptsRank(int rank) {
        return rank >= minRank && rank <= maxRank;
    }

    /** Layers without state may be called functionally, as F.relu. */
    public boolean stateless() {
        return stateRule == NO_STATE;
    }

    /** {@code 4-d} or {@code 2-d or 3-d} or {@code at least 2-d}, for rank errors. */
    public Text rankDescription() {
        if (maxRank == ANY_RANK) {
            return Text.of("spec.least_d", minRank);
        }
        if (minRank == maxRank) {
            return Text.of("spec.rank", minRank);
        }
        return Text.of("spec.d_d", minRank, maxRank);
    }

    public ArgSpec arg(String argName) {
        for (ArgSpec spec : signature) {
            if (spec.name().equals(argName)) {
                return spec;
            }
        }
        throw new IllegalArgumentException(name + " has no argument " + argName);
    }
}
