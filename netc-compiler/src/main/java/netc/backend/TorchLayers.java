package netc.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import netc.diagnostics.SourceSpan;
import netc.semantic.catalog.ArgSpec;
import netc.semantic.catalog.BoundArguments;
import netc.semantic.catalog.LayerSpec;
import netc.semantic.catalog.TorchForm;
import netc.semantic.model.Shape;
import netc.semantic.model.Value;

/**
 * The PyTorch spelling of a catalogue layer, from its spec: {@code nn.<torchClass>(arguments)} with
 * PyTorch's argument names, how a module is called, and how a functional call or a module-less
 * operation is written ({@link TorchForm}). Arguments at their default are left out, as a PyTorch
 * user writes them; sizes PyTorch's lazy layers would infer are written out.
 */
final class TorchLayers {
    /** Arguments of the language that are no constructor argument of the PyTorch layer. */
    private static final List<String> STACK_ARGUMENTS = List.of("num_layers", "norm");
    /** Self-attention's argument of forward, not of the constructor: {@code self.attn(x, x, x, need_weights=False)}. */
    private static final String NEED_WEIGHTS = "need_weights";

    private TorchLayers() {
    }

    /**
     * {@code nn.Conv2d(3, 16, kernel_size=3, padding=1)}; {@code input} is the shape the module first
     * sees, {@code scope} writes the arguments that read the class's parameters.
     */
    static PythonCall constructor(LayerSpec spec, BoundArguments arguments, Shape input, PythonScope scope) {
        if (spec.torch().style() == TorchForm.Style.LAYER_STACK) {
            return stack(spec, arguments, input, scope);
        }
        String callee = spec.torch().definition() == null ? "nn." + spec.torchClass() : spec.torchClass();
        List<String> forwardOnly = spec.torch().style() == TorchForm.Style.SELF_ATTENTION ? List.of(NEED_WEIGHTS)
            : List.of();
        return new PythonCall(callee, arguments(spec, arguments, input, forwardOnly, List.of(), scope::symbolic));
    }

    /**
     * {@code nn.TransformerEncoder(nn.TransformerEncoderLayer(...), 2)}, with the final norm
     * {@code nn.Transformer} builds when norm=true.
     */
    private static PythonCall stack(LayerSpec spec, BoundArguments arguments, Shape input, PythonScope scope) {
        PythonCall layer = new PythonCall("nn." + spec.torchClass() + "Layer",
            arguments(spec, arguments, input, STACK_ARGUMENTS, List.of(), scope::symbolic));
        List<String> stackArguments = new ArrayList<>(List.of(text(arguments, "num_layers", scope)));
        if (arguments.boolValue("norm")) {
            List<String> norm = new ArrayList<>(List.of(text(arguments, "d_model", scope)));
            if (!isDefault(spec.arg("layer_norm_eps"), arguments.get("layer_norm_eps"), spec.spatialDims())) {
                norm.add("eps=" + literal(arguments.get("layer_norm_eps")));
            }
            stackArguments.add("norm=" + new PythonCall("nn.LayerNorm", norm));
        }
        return PythonCall.around("nn." + spec.torchClass(), layer, stackArguments);
    }

    /**
     * {@code self.lstm(x, (h, c))}: a module call on its inputs and its initial state (null for none),
     * giving all the module returns (a recurrent layer's tuple); self-attention's need_weights=False,
     * an argument of forward, is passed there.
     */
    static String moduleCall(LayerSpec spec, BoundArguments arguments, String module, List<String> inputs,
                             String state) {
        boolean attention = spec.torch().style() == TorchForm.Style.SELF_ATTENTION;
        List<String> given = new ArrayList<>(attention ? List.of(inputs.get(0), inputs.get(0), inputs.get(0)) : inputs);
        if (state != null) {
            given.add(state);
        }
        if (attention && !arguments.boolValue(NEED_WEIGHTS)) {
            given.add(NEED_WEIGHTS + "=False");
        }
        return module + "(" + String.join(", ", given) + ")";
    }

    /**
     * A call without a module of its own: {@code F.relu(x)}, {@code torch.cat([a, b], dim=1)},
     * {@code x.view(x.size(0), -1)}, or a stateless module built in place ({@code nn.Softmax2d()(x)});
     * {@code sequence} is a variable holding exactly the tensors {@code inputs} name, in order, for a call that
     * takes a list of them ({@code torch.cat(hs, dim=1)}), or null. {@code symbolicOf} gives an argument's
     * text where forward writes it over the class's parameters ({@code self.dims}), else null.
     */
    static PythonCall functional(LayerSpec spec, BoundArguments arguments, Shape input, List<String> inputs,
                                 String sequence, Function<SourceSpan, String> symbolicOf) {
        TorchForm form = spec.torch();
        List<String> rendered = arguments(spec, arguments, input, List.of(), form.keptArguments(), symbolicOf);
        List<String> all = new ArrayList<>();
        switch (form.style()) {
            case BATCH_SHAPE: // the batch size read off the last input: a parameter's expand has the tensor's second
                all.add(inputs.get(inputs.size() - 1) + ".size(0)");
                for (Value size : ((Value.Tuple) arguments.get(spec.signature().get(0).name())).elements()) {
                    all.add(literal(size));
                }
                return new PythonCall(inputs.get(0) + "." + spec.name(), all);
            case METHOD:
                return new PythonCall(inputs.get(0) + "." + spec.name(), rendered);
            case TENSOR_LIST:
                all.add(sequence != null ? sequence : "[" + String.join(", ", inputs) + "]");
                all.addAll(rendered);
                return new PythonCall(form.functional(), all);
            case ARGUMENTS_FIRST:
                all.addAll(rendered);
                all.addAll(inputs);
                return new PythonCall(form.functional(), all);
            case TRAINING_FLAG:
                all.addAll(inputs);
                all.addAll(rendered);
                all.add("training=self.training");
                return new PythonCall(form.functional(), all);
            case PLAIN:
            case SELF_ATTENTION:
            case LAYER_STACK:
                break;
            default:
                throw new AssertionError(form.style());
        }
        if (spec.module() && form.functional() == null) {
            return new PythonCall(constructor(spec, arguments, input, PythonScope.NONE).toString(), inputs);
        }
        all.addAll(inputs);
        all.addAll(rendered);
        return new PythonCall(form.functional() != null ? form.functional() : "torch." + spec.name(), all);
    }

    /**
     * The arguments as a PyTorch user writes them: required ones that are no size positionally, the
     * others by keyword, those at their default left out unless {@code keptArguments} names them
     * (a function's default may differ from its module's); one that reads a parameter of the class
     * is written as its expression, whatever its value.
     */
    private static List<String> arguments(LayerSpec spec, BoundArguments arguments, Shape input, List<String> skipped,
                                          List<String> keptArguments, Function<SourceSpan, String> symbolicOf) {
        List<String> out = new ArrayList<>();
        boolean positional = true;
        for (ArgSpec arg : spec.signature()) {
            if (skipped.contains(arg.name())) {
                continue;
            }
            Value value = arguments.get(arg.name());
            if (value instanceof Value.Infer) {
                value = new Value.Int(inferred(arg.name(), input));
            }
            String symbolic = symbolicOf.apply(arguments.values().get(arg.name()).span());
            boolean kept = keptArguments.contains(arg.name()) || symbolic != null;
            if (!arg.required() && !arg.inferable() && !kept && isDefault(arg, value, spec.spatialDims())) {
                positional = false;
                continue;
            }
            positional &= (arg.required() || arg.inferable()) && !isSize(arg);
            String text = symbolic != null ? symbolic : literal(value, !arg.name().equals("unflattened_size"));
            out.add(positional ? text : arg.name() + "=" + text);
        }
        return out;
    }

    /** An argument of the layer as the class writes it: its expression, or its value. */
    private static String text(BoundArguments arguments, String name, PythonScope scope) {
        String symbolic = scope.symbolic(arguments.values().get(name).span());
        return symbolic != null ? symbolic : literal(arguments.get(name));
    }

    private static boolean isSize(ArgSpec arg) {
        return arg.type() == netc.semantic.catalog.ArgType.SIZE || arg.type() == netc.semantic.catalog.ArgType.PADDING;
    }

    /** in_features and input_size come from the last dimension, channels and features from the first after the batch. */
    static long inferred(String name, Shape input) {
        return name.equals("in_features") || name.equals("input_size") ? input.last() : input.dim(0);
    }

    private static boolean isDefault(ArgSpec arg, Value value, int spatialDims) {
        Value fallback = arg.defaultValue();
        if (fallback == null) {
            return false;
        }
        Value normal = fallback instanceof Value.None ? fallback : arg.type().check(fallback, spatialDims);
        return value.equals(normal) || value.equals(fallback);
    }

    static String literal(Value value) {
        return literal(value, true);
    }

    /**
     * A value as Python writes it: {@code 3}, {@code 1e-05}, {@code True}, {@code "same"}, {@code None};
     * a tuple of equal sizes as its one size when {@code collapse} ({@code kernel_size=3}).
     */
    static String literal(Value value, boolean collapse) {
        if (value instanceof Value.Int) {
            return Long.toString(((Value.Int) value).value());
        }
        if (value instanceof Value.Float) {
            return floatLiteral(((Value.Float) value).value());
        }
        if (value instanceof Value.Bool) {
            return ((Value.Bool) value).value() ? "True" : "False";
        }
        if (value instanceof Value.Str) {
            return "\"" + ((Value.Str) value).value().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
        if (value instanceof Value.None) {
            return "None";
        }
        if (value instanceof Value.Tuple) {
            List<Value> elements = ((Value.Tuple) value).elements();
            if (collapse && !elements.isEmpty() && elements.stream().allMatch(elements.get(0)::equals)) {
                return literal(elements.get(0));
            }
            List<String> parts = new ArrayList<>();
            elements.forEach(e -> parts.add(literal(e)));
            return "(" + String.join(", ", parts) + (parts.size() == 1 ? ",)" : ")");
        }
        throw new AssertionError("no Python literal for " + value.describe().english());
    }

    /** Python's repr of a float: {@code 0.5}, {@code 1e-05}, {@code 20.0}. */
    static String floatLiteral(double value) {
        String java = Double.toString(value);
        int e = java.indexOf('E');
        if (e < 0) {
            return java;
        }
        String mantissa = java.substring(0, e);
        if (mantissa.endsWith(".0")) {
            mantissa = mantissa.substring(0, mantissa.length() - 2);
        }
        int exponent = Integer.parseInt(java.substring(e + 1));
        if (exponent >= -4 && exponent < 16) {
            String plain = new java.math.BigDecimal(java).stripTrailingZeros().toPlainString();
            return plain.contains(".") ? plain : plain + ".0";
        }
        String digits = String.format("%02d", Math.abs(exponent));
        return mantissa + "e" + (exponent < 0 ? "-" : "+") + digits;
    }

}
