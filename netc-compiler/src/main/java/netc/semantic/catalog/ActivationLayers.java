package netc.semantic.catalog;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import netc.diagnostics.Code;
import netc.diagnostics.Fix;
import netc.diagnostics.Text;
import netc.semantic.model.Shape;
import netc.semantic.model.StateEntry;
import netc.semantic.model.Value;

/** The activations of torch.nn: all keep the shape but GLU, which halves one dimension. */
final class ActivationLayers {
    private static final ArgSpec INPLACE = ArgSpec.optional("inplace", ArgType.BOOL, new Value.Bool(false));

    private ActivationLayers() {
    }

    static void register(Catalog.Builder catalog) {
        catalog.add(elementwise("relu", "ReLU", INPLACE).torch(TorchForm.functional("F.relu")));
        catalog.add(elementwise("relu6", "ReLU6", INPLACE).torch(TorchForm.functional("F.relu6")));
        catalog.add(elementwise("leakyrelu", "LeakyReLU",
            ArgSpec.optional("negative_slope", ArgType.FLOAT, new Value.Float(0.01)), INPLACE).torch(TorchForm.functional("F.leaky_relu")));
        catalog.add(elementwise("elu", "ELU", ArgSpec.optional("alpha", ArgType.FLOAT, new Value.Float(1.0)), INPLACE).torch(TorchForm.functional("F.elu")));
        catalog.add(elementwise("selu", "SELU", INPLACE).torch(TorchForm.functional("F.selu")));
        catalog.add(checked("celu", "CELU", ActivationLayers::celuShape,
            ArgSpec.optional("alpha", ArgType.FLOAT, new Value.Float(1.0)), INPLACE)
            .torch(TorchForm.functional("F.celu")));
        catalog.add(new LayerSpec("gelu", "GELU", 0,
            List.of(ArgSpec.optional("approximate", ArgType.STRING, new Value.Str("none"))), 1, LayerSpec.ANY_RANK,
            ActivationLayers::geluShape, LayerSpec.NO_STATE, true)
            .torch(TorchForm.functional("F.gelu")));
        catalog.add(elementwise("silu", "SiLU", INPLACE).torch(TorchForm.functional("F.silu")));
        catalog.add(elementwise("mish", "Mish", INPLACE).torch(TorchForm.functional("F.mish")));
        catalog.add(elementwise("sigmoid", "Sigmoid").torch(TorchForm.functional("torch.sigmoid")));
        catalog.add(elementwise("tanh", "Tanh").torch(TorchForm.functional("torch.tanh")));
        catalog.add(elementwise("hardswish", "Hardswish", INPLACE).torch(TorchForm.functional("F.hardswish")));
        catalog.add(elementwise("hardsigmoid", "Hardsigmoid", INPLACE).torch(TorchForm.functional("F.hardsigmoid")));
        catalog.add(checked("hardtanh", "Hardtanh", ActivationLayers::hardtanhShape,
            ArgSpec.optional("min_val", ArgType.FLOAT, new Value.Float(-1)),
            ArgSpec.optional("max_val", ArgType.FLOAT, new Value.Float(1)), INPLACE)
            .torch(TorchForm.functional("F.hardtanh")));
        catalog.add(elementwise("softplus", "Softplus", ArgSpec.optional("beta", ArgType.FLOAT, new Value.Float(1)),
            ArgSpec.optional("threshold", ArgType.FLOAT, new Value.Float(20)))
            .torch(TorchForm.functional("F.softplus")));
        catalog.add(elementwise("softsign", "Softsign").torch(TorchForm.functional("F.softsign")));
        catalog.add(elementwise("logsigmoid", "LogSigmoid").torch(TorchForm.functional("F.logsigmoid")));
        catalog.add(elementwise("tanhshrink", "Tanhshrink").torch(TorchForm.functional("F.tanhshrink")));
        catalog.add(elementwise("threshold", "Threshold", ArgSpec.required("threshold", ArgType.FLOAT),
            ArgSpec.required("value", ArgType.FLOAT), INPLACE)
            .torch(TorchForm.functional("F.threshold")));
        catalog.add(softmax("softmax", "Softmax").torch(TorchForm.functional("F.softmax")));
        catalog.add(softmax("logsoftmax", "LogSoftmax").torch(TorchForm.functional("F.log_softmax")));
        catalog.add(new LayerSpec("softmax2d", "Softmax2d", 0, List.of(), 4, 4, LayerCall::input,
            LayerSpec.NO_STATE, true));
        catalog.add(new LayerSpec("glu", "GLU", 0, List.of(ArgSpec.optional("dim", ArgType.INT, new Value.Int(-1))),
            1, LayerSpec.ANY_RANK, ActivationLayers::gluShape, LayerSpec.NO_STATE, true)
            .torch(TorchForm.functional("F.glu")));
        catalog.add(new LayerSpec("prelu", "PReLU", 0, List.of(
            ArgSpec.optional("num_parameters", ArgType.INT, new Value.Int(1)).positive(),
            ArgSpec.optional("init", ArgType.FLOAT, new Value.Float(0.25))),
            1, LayerSpec.ANY_RANK, ActivationLayers::preluShape,
            call -> List.of(StateEntry.parameter("weight", call.intArg("num_parameters"))), true));
    }

    private static LayerSpec elementwise(String name, String torchClass, ArgSpec... args) {
        return checked(name, torchClass, LayerCall::input, args);
    }

    /** An elementwise layer whose arguments PyTorch checks: {@code rule} reports them, or gives the input's shape. */
    private static LayerSpec checked(String name, String torchClass, LayerSpec.ShapeRule rule, ArgSpec... args) {
        return new LayerSpec(name, torchClass, 0, Arrays.asList(args), 1, LayerSpec.ANY_RANK, rule, LayerSpec.NO_STATE,
            true);
    }

    private static Shape celuShape(LayerCall call) {
        if (call.floatArg("alpha") == 0) {
            return call.argError("alpha", Code.ARGUMENT_OUT_OF_RANGE, Text.of("activation.celu_alpha_must_not"));
        }
        return call.input();
    }

    private static Shape hardtanhShape(LayerCall call) {
        if (call.floatArg("max_val") <= call.floatArg("min_val")) {
            return call.argError("max_val", Code.ARGUMENT_OUT_OF_RANGE, Text.of("activation.hardtanh_max_val_must",
                call.arg("max_val").show(), call.arg("min_val").show()));
        }
        return call.input();
    }

    /** The fix writing dim into a call written without arguments ({@code softmax}, {@code nn.Softmax()}). */
    private static List<Fix> withDim(LayerCall call, int dim) {
        String text = call.text();
        String callee = text.endsWith("()") ? text.substring(0, text.length() - 2) : text;
        if (callee.contains("(")) {
            return List.of();
        }
        String explicit = callee + "(dim=" + dim + ")";
        return List.of(Fix.replace(Text.of("fix.write", explicit), call.span(), explicit));
    }

    private static LayerSpec softmax(String name, String torchClass) {
        return new LayerSpec(name, torchClass, 0, List.of(ArgSpec.optional("dim", ArgType.INT, Value.NONE)),
            1, LayerSpec.ANY_RANK, ActivationLayers::softmaxShape, LayerSpec.NO_STATE, true);
    }

    private static Shape softmaxShape(LayerCall call) {
        if (call.isNone("dim")) {
            int legacy = call.input().rank() == 0 || call.input().rank() == 1 || call.input().rank() == 3 ? 0 : 1;
            String explicit = call.name() + "(dim=" + legacy + ")";
            call.warn(Code.IMPLICIT_DIM, Text.of("activation.without_dim_normalizes_over", call.name(), legacy,
                call.input()), Text.of("activation.write_say_which_dimension", explicit), withDim(call, legacy));
            return call.input();
        }
        return Dims.normalize(call, "dim", call.intArg("dim")) < 0 ? null : call.input();
    }

    private static Shape geluShape(LayerCall call) {
        String approximate = call.stringArg("approximate");
        if (!approximate.equals("none") && !approximate.equals("tanh")) {
            return call.argError("approximate", Code.ARGUMENT_OUT_OF_RANGE,
                Text.of("activation.gelu_approximate_must_none", call.arg("approximate").show()));
        }
        return call.input();
    }

    private static Shape gluShape(LayerCall call) {
        int dim = Dims.normalize(call, "dim", call.intArg("dim"));
        if (dim < 0) {
            return null;
        }
        if (dim == 0) {
            return call.argError("dim", Code.ARGUMENT_OUT_OF_RANGE, Text.of("activation.glu_cannot_halve_batch"));
        }
        long size = call.input().dim(dim - 1);
        if (size % 2 != 0) {
            return call.error(Code.SHAPE_MISMATCH, Text.of("activation.glu_halves_dimension_size", dim, call.input(),
                size), null);
        }
        return call.input().withDim(dim - 1, call.derive("shape[" + dim + "]", Dims.symbol(call.input(), dim)
            .dividedBy(Formula.number(2))));
    }

    private static Shape preluShape(LayerCall call) {
        long n = call.intArg("num_parameters");
        Shape input = call.input();
        if (n != 1 && (input.size() == 0 || input.dim(0) != n)) {
            List<String> fixes = new ArrayList<>(List.of("prelu(1)"));
            if (input.size() > 0) {
                fixes.add("prelu(" + input.dim(0) + ")");
            }
            return call.error(Code.CHANNELS_MISMATCH, Text.of("activation.prelu_has_parameters_incoming", n, input,
                (input.size() > 0 ? input.dim(0) : 0)),
                Text.of("fix.write", Text.joined("list.or", fixes)));
        }
        return input;
    }
}
