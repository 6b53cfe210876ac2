package netc.backend;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import netc.diagnostics.Text;
import netc.semantic.model.Shape;
import netc.semantic.model.Trace;
import netc.semantic.model.Value;

/**
 * The Java for every layer the backend supports, by catalogue name: the one table to extend when the
 * catalogue grows. Eval-mode semantics throughout: dropout is the identity, batch norm uses its
 * running statistics (or, without them, the batch's own).
 */
final class LayerEmitters {
    private static final Map<String, LayerEmitter> EMITTERS = build();

    private LayerEmitters() {
    }

    /** The emitter of a layer, or null when the backend has none. */
    static LayerEmitter forLayer(String name) {
        return EMITTERS.get(name);
    }

    private static Map<String, LayerEmitter> build() {
        Map<String, LayerEmitter> table = new LinkedHashMap<>();
        for (int d = 1; d <= 3; d++) {
            table.put("conv" + d + "d", new LayerEmitter(LayerEmitters::weightAndBias, LayerEmitters::conv));
            table.put("convtranspose" + d + "d",
                new LayerEmitter(LayerEmitters::weightAndBias, LayerEmitters::convTranspose));
            table.put("maxpool" + d + "d", LayerEmitter.stateless(LayerEmitters::maxPool));
            table.put("avgpool" + d + "d", LayerEmitter.stateless(LayerEmitters::avgPool));
            table.put("adaptiveavgpool" + d + "d",
                LayerEmitter.stateless(s -> "Pooling.adaptiveAvgPool(" + s.input() + ", " + spatialOutput(s) + ")"));
            table.put("adaptivemaxpool" + d + "d",
                LayerEmitter.stateless(s -> "Pooling.adaptiveMaxPool(" + s.input() + ", " + spatialOutput(s) + ")"));
            table.put("batchnorm" + d + "d", new LayerEmitter(LayerEmitters::normState, LayerEmitters::batchNorm));
            table.put("instancenorm" + d + "d", new LayerEmitter(LayerEmitters::normState, LayerEmitters::instanceNorm));
            table.put("dropout" + d + "d", LayerEmitter.stateless(JavaStep::input));
        }
        table.put("linear", new LayerEmitter(LayerEmitters::weightAndBias,
            s -> "Linear.linear(" + s.input() + ", " + s.field() + ".weight(), " + s.field() + ".bias())"));
        table.put("identity", LayerEmitter.stateless(JavaStep::input));
        table.put("dropout", LayerEmitter.stateless(JavaStep::input));
        table.put("layernorm", new LayerEmitter(LayerEmitters::optionalWeightAndBias,
            s -> "Normalization.layerNorm(" + s.input() + ", " + s.intsArg("normalized_shape") + ", "
                + s.fieldPart("weight") + ", " + s.fieldPart("bias") + ", " + s.doubleArg("eps") + ")"));
        table.put("groupnorm", new LayerEmitter(LayerEmitters::optionalWeightAndBias,
            s -> "Normalization.groupNorm(" + s.input() + ", " + s.intArg("num_groups") + ", "
                + s.fieldPart("weight") + ", " + s.fieldPart("bias") + ", " + s.doubleArg("eps") + ")"));
        table.put("localresponsenorm", LayerEmitter.stateless(
            s -> "Normalization.localResponseNorm(" + s.input() + ", " + s.intArg("size") + ", "
                + s.doubleArg("alpha") + ", " + s.doubleArg("beta") + ", " + s.doubleArg("k") + ")"));
        addActivations(table);
        addSequenceLayers(table);
        addTensorOperations(table);
        addFunctions(table);
        addResampling(table);
        for (String name : List.of("flatten", "unflatten", "view", "reshape")) {
            table.put(name, LayerEmitter.stateless(LayerEmitters::reshape));
        }
        return table;
    }

    private static void addActivations(Map<String, LayerEmitter> table) {
        Map<String, String> plain = Map.ofEntries(Map.entry("relu", "relu"), Map.entry("relu6", "relu6"),
            Map.entry("selu", "selu"), Map.entry("silu", "silu"), Map.entry("mish", "mish"),
            Map.entry("sigmoid", "sigmoid"), Map.entry("tanh", "tanh"), Map.entry("hardswish", "hardswish"),
            Map.entry("hardsigmoid", "hardsigmoid"), Map.entry("softsign", "softsign"),
            Map.entry("logsigmoid", "logSigmoid"), Map.entry("tanhshrink", "tanhshrink"),
            Map.entry("softmax2d", "softmax2d"));
        plain.forEach((layer, method) -> table.put(layer, activation(method)));
        table.put("leakyrelu", activation("leakyRelu", "negative_slope"));
        table.put("elu", activation("elu", "alpha"));
        table.put("celu", activation("celu", "alpha"));
        table.put("hardtanh", activation("hardtanh", "min_val", "max_val"));
        table.put("softplus", activation("softplus", "beta", "threshold"));
        table.put("threshold", activation("threshold", "threshold", "value"));
        table.put("gelu", LayerEmitter.stateless(s -> "Activations." + (s.stringValue("approximate").equals("tanh")
            ? "geluTanh" : "gelu") + "(" + s.input() + ")"));
        table.put("softmax", LayerEmitter.stateless(s -> "Activations.softmax(" + s.input() + ", " + softmaxDim(s) + ")"));
        table.put("logsoftmax",
            LayerEmitter.stateless(s -> "Activations.logSoftmax(" + s.input() + ", " + softmaxDim(s) + ")"));
        table.put("glu", LayerEmitter.stateless(s -> "Activations.glu(" + s.input() + ", " + s.intArg("dim") + ")"));
        table.put("prelu", new LayerEmitter(s -> new LayerEmitter.Field("Tensor", s.state("weight")),
            s -> "Activations.prelu(" + s.input() + ", " + s.field() + ")"));
    }

    private static void addSequenceLayers(Map<String, LayerEmitter> table) {
        table.put("embedding", new LayerEmitter(s -> new LayerEmitter.Field("Tensor", s.state("weight")),
            LayerEmitters::embedding));
        for (String name : List.of("rnn", "lstm", "gru")) {
            table.put(name, new LayerEmitter(s -> new LayerEmitter.Field("Recurrent.Direction[][]",
                "Recurrent.parameters(weights::get, " + s.prefix() + ", " + s.intArg("num_layers") + ", "
                    + s.boolArg("bidirectional") + ")"),
                LayerEmitters::recurrent));
        }
        table.put("multiheadattention", new LayerEmitter(LayerEmitters::multiHeadState, s -> "Attention.multiHead("
            + s.input() + ", " + s.input() + ", " + s.input() + ", " + s.field() + ", " + s.boolArg("batch_first") + ")"));
        table.put("transformerencoderlayer", new LayerEmitter(s -> transformerLayer(s, "EncoderLayer"),
            s -> "Attention.encoderLayer(" + s.input() + ", " + s.field() + ", " + s.boolArg("batch_first") + ")"));
        table.put("transformerdecoderlayer", new LayerEmitter(s -> transformerLayer(s, "DecoderLayer"),
            s -> "Attention.decoderLayer(" + s.input() + ", " + s.inputs().get(1) + ", " + s.field() + ", "
                + s.boolArg("batch_first") + ")"));
        table.put("transformerencoder", new LayerEmitter(s -> transformerStack(s, "Encoder"),
            s -> "Attention.encoder(" + s.input() + ", " + s.field() + ", " + s.boolArg("batch_first") + ")"));
        table.put("transformerdecoder", new LayerEmitter(s -> transformerStack(s, "Decoder"),
            s -> "Attention.decoder(" + s.input() + ", " + s.inputs().get(1) + ", " + s.field() + ", "
                + s.boolArg("batch_first") + ")"));
    }

    private static String embedding(JavaStep s) {
        if (!s.isNone("max_norm")) {
            return "Embedding.lookupWithMaxNorm(" + s.input() + ", " + s.field() + ", " + s.doubleArg("max_norm") + ", "
                + s.doubleArg("norm_type") + ")";
        }
        return "Embedding.lookup(" + s.input() + ", " + s.field() + ")";
    }

    /** The output sequence; with the initial states, the whole Recurrent.Output when the states are used. */
    private static String recurrent(JavaStep s) {
        String states = s.keepsStates() ? ", " + String.join(", ", s.initialStates()) : "";
        return "Recurrent.run(Recurrent.Mode." + recurrentMode(s) + ", " + s.input() + ", " + s.field() + ", "
            + s.boolArg("batch_first") + states + ")";
    }

    private static String recurrentMode(JavaStep s) {
        if (!s.layer().equals("rnn")) {
            return s.layer().toUpperCase(Locale.ROOT);
        }
        return s.stringValue("nonlinearity").equals("relu") ? "RNN_RELU" : "RNN_TANH";
    }

    private static LayerEmitter.Field multiHeadState(JavaStep s) {
        return new LayerEmitter.Field("Attention.MultiHead", "Attention.MultiHead.load(weights::get, " + s.prefix() + ", "
            + s.intArg("num_heads") + ", " + s.boolArg("add_zero_attn") + ")");
    }

    /** {@code Attention.EncoderLayer.load(weights::get, "encoder.", 4, 1.0E-5, false, false)}. */
    private static LayerEmitter.Field transformerLayer(JavaStep s, String type) {
        return new LayerEmitter.Field("Attention." + type, "Attention." + type + ".load(weights::get, " + s.prefix() + ", "
            + transformerArguments(s) + ")");
    }

    /** {@code Attention.Encoder.load(weights::get, "encoder.", 2, 4, 1.0E-5, false, false, true)}: layers, then norm. */
    private static LayerEmitter.Field transformerStack(JavaStep s, String type) {
        return new LayerEmitter.Field("Attention." + type, "Attention." + type + ".load(weights::get, " + s.prefix() + ", "
            + s.intArg("num_layers") + ", " + transformerArguments(s) + ", " + s.boolArg("norm") + ")");
    }

    /** What every transformer layer is built with: heads, layer_norm_eps, norm_first, and whether it uses gelu. */
    private static String transformerArguments(JavaStep s) {
        return s.intArg("nhead") + ", " + s.doubleArg("layer_norm_eps") + ", " + s.boolArg("norm_first") + ", "
            + s.stringValue("activation").equals("gelu");
    }

    private static void addTensorOperations(Map<String, LayerEmitter> table) {
        table.put("cat", LayerEmitter.stateless(
            s -> "Shaping.cat(" + s.intArg("dim") + ", " + String.join(", ", s.inputs()) + ")"));
        table.put("add", LayerEmitter.stateless(s -> "Arithmetic.add(" + String.join(", ", s.inputs()) + ")"));
        table.put("mul", LayerEmitter.stateless(s -> "Arithmetic.mul(" + String.join(", ", s.inputs()) + ")"));
        for (String reduction : List.of("mean", "sum", "amax")) {
            table.put(reduction, LayerEmitter.stateless(s -> "Arithmetic." + reduction + "(" + s.input() + ", "
                + s.intsArg("dim") + ", " + s.boolArg("keepdim") + ")"));
        }
        table.put("permute", LayerEmitter.stateless(
            s -> "Shaping.permute(" + s.input() + ", " + JavaStep.list(s.sizes("dims")) + ")"));
        table.put("transpose", LayerEmitter.stateless(
            s -> "Shaping.transpose(" + s.input() + ", " + s.intArg("dim0") + ", " + s.intArg("dim1") + ")"));
        table.put("unsqueeze", LayerEmitter.stateless(s -> "Shaping.unsqueeze(" + s.input() + ", " + s.intArg("dim") + ")"));
        table.put("squeeze", LayerEmitter.stateless(s -> "Shaping.squeeze(" + s.input()
            + (s.isNone("dim") ? "" : ", " + s.intArg("dim")) + ")"));
        table.put("expand", LayerEmitter.stateless(LayerEmitters::expand));
        table.put("contiguous", LayerEmitter.stateless(JavaStep::input));
        table.put("select", LayerEmitter.stateless(
            s -> "Shaping.select(" + s.input() + ", " + s.intArg("dim") + ", " + s.intArg("index") + ")"));
        table.put("stack", LayerEmitter.stateless(
            s -> "Shaping.stack(" + s.intArg("dim") + ", " + String.join(", ", s.inputs()) + ")"));
        // the pieces' operations give an array, whose elements the generator names
        table.put("chunk", LayerEmitter.stateless(
            s -> "Shaping.chunk(" + s.input() + ", " + s.intArg("chunks") + ", " + s.intArg("dim") + ")"));
        table.put("split", LayerEmitter.stateless(s -> "Shaping.split(" + s.input() + ", "
            + (s.arg("split_size_or_sections") instanceof Value.Int ? s.intArg("split_size_or_sections")
            : s.intsArg("split_size_or_sections")) + ", " + s.intArg("dim") + ")"));
        table.put("unbind", LayerEmitter.stateless(s -> "Shaping.unbind(" + s.input() + ", " + s.intArg("dim") + ")"));
    }

    private static void addFunctions(Map<String, LayerEmitter> table) {
        for (String function : List.of("exp", "log", "sqrt", "rsqrt", "abs")) {
            table.put(function, LayerEmitter.stateless(s -> "Elementwise." + function + "(" + s.input() + ")"));
        }
        table.put("pow", LayerEmitter.stateless(s -> "Elementwise.pow(" + s.input() + ", "
            + (s.inputs().size() == 2 ? s.inputs().get(1) : s.numberArg("exponent")) + ")"));
        table.put("clamp", LayerEmitter.stateless(s -> "Elementwise.clamp(" + s.input() + ", "
            + bound(s, "min", "MIN_VALUE", "NEGATIVE_INFINITY") + ", " + bound(s, "max", "MAX_VALUE", "POSITIVE_INFINITY")
            + ")"));
        table.put("where", LayerEmitter.stateless(s -> "Elementwise.where(" + String.join(", ", s.inputs())
            + (s.inputs().size() == 2 ? ", " + s.numberArg("other") : "") + ")"));
        table.put("maskedfill", LayerEmitter.stateless(s -> "Elementwise.maskedFill(" + s.input() + ", "
            + s.inputs().get(1) + ", " + s.numberArg("value") + ")"));
        table.put("randnlike", LayerEmitter.stateless(s -> "Elementwise.randnLike(" + s.input() + ", " + s.apply().id()
            + "L)"));
        table.put("randlike", LayerEmitter.stateless(s -> "Elementwise.randLike(" + s.input() + ", " + s.apply().id()
            + "L)"));
        for (String product : List.of("matmul", "bmm")) {
            table.put(product, LayerEmitter.stateless(s -> "Matrices.matmul(" + String.join(", ", s.inputs()) + ")"));
        }
        table.put("einsum", LayerEmitter.stateless(s -> "Matrices.einsum(\"" + s.stringValue("equation") + "\", "
            + String.join(", ", s.inputs()) + ")"));
    }

    /** clamp's min or max, or the type's extreme when it is None. */
    private static String bound(JavaStep s, String name, String longExtreme, String floatExtreme) {
        if (!s.isNone(name)) {
            return s.numberArg(name);
        }
        return s.longOutput() ? "Long." + longExtreme : "Float." + floatExtreme;
    }

    private static void addResampling(Map<String, LayerEmitter> table) {
        table.put("upsample", LayerEmitter.stateless(LayerEmitters::upsample));
        table.put("pixelshuffle", LayerEmitter.stateless(
            s -> "Resampling.pixelShuffle(" + s.input() + ", " + s.intArg("upscale_factor") + ")"));
        table.put("pixelunshuffle", LayerEmitter.stateless(
            s -> "Resampling.pixelUnshuffle(" + s.input() + ", " + s.intArg("downscale_factor") + ")"));
        Map<String, String> modes = Map.of("zeropad", "CONSTANT", "constantpad", "CONSTANT", "reflectionpad", "REFLECT",
            "replicationpad", "REPLICATE");
        modes.forEach((name, mode) -> {
            for (int d = 1; d <= 3; d++) {
                int dims = d;
                table.put(name + d + "d", LayerEmitter.stateless(s -> "Resampling.pad(" + s.input() + ", "
                    + JavaStep.ints(pads(s, dims)) + ", Resampling.PadMode." + mode + ", "
                    + (s.hasArg("value") ? s.floatArg("value") : "0f") + ")"));
            }
        });
    }

    /** PyTorch's (left, right, top, bottom, ...) order; one integer pads every side. */
    private static long[] pads(JavaStep s, int dims) {
        long[] given = s.sizes("padding");
        long[] pads = new long[2 * dims];
        for (int i = 0; i < pads.length; i++) {
            pads[i] = given[given.length == 1 ? 0 : i];
        }
        return pads;
    }

    /** Interpolation to the known output size, mapping coordinates back with scale_factor when that was given. */
    private static String upsample(JavaStep s) {
        String mode = s.stringValue("mode");
        String interpolation = mode.equals("nearest") ? "NEAREST" : mode.equals("bicubic") ? "CUBIC" : "LINEAR";
        boolean alignCorners = s.arg("align_corners") instanceof Value.Bool && s.boolValue("align_corners");
        return "Resampling.interpolate(" + s.input() + ", " + spatialOutput(s) + ", " + scaleFactors(s)
            + ", Resampling.Interpolation." + interpolation + ", " + alignCorners + ")";
    }

    /** {@code new double[] {2.0, 1.5}}, one scale factor per spatial dimension, or null when the size was given. */
    private static String scaleFactors(JavaStep s) {
        Value given = s.arg("scale_factor");
        if (given instanceof Value.None) {
            return "null";
        }
        List<Value> factors = given instanceof Value.Tuple ? ((Value.Tuple) given).elements()
            : Collections.nCopies(s.output().size() - 1, given);
        StringJoiner out = new StringJoiner(", ", "new double[] {", "}");
        for (Value factor : factors) {
            out.add(Double.toString(JavaStep.number(factor)));
        }
        return out.toString();
    }

    /** An activation of the runtime's Activations, passing the named float arguments after the input. */
    private static LayerEmitter activation(String method, String... floatArgs) {
        return LayerEmitter.stateless(s -> {
            StringBuilder call = new StringBuilder("Activations.").append(method).append('(').append(s.input());
            for (String arg : floatArgs) {
                call.append(", ").append(s.floatArg(arg));
            }
            return call.append(')').toString();
        });
    }

    /** softmax(dim=None): PyTorch's legacy implicit dimension (0 for ranks 0, 1 and 3, else 1). */
    private static String softmaxDim(JavaStep s) {
        if (!s.isNone("dim")) {
            return s.intArg("dim");
        }
        int rank = s.inputShape().rank();
        return rank == 0 || rank == 1 || rank == 3 ? "0" : "1";
    }

    private static LayerEmitter.Field weightAndBias(JavaStep s) {
        return new LayerEmitter.Field("WeightAndBias",
            "new WeightAndBias(" + s.state("weight") + ", " + s.state("bias") + ")");
    }

    /** Weight and bias when the layer is affine (elementwise_affine, affine), else no state. */
    private static LayerEmitter.Field optionalWeightAndBias(JavaStep s) {
        return s.hasState("weight") ? weightAndBias(s) : null;
    }

    private static String conv(JavaStep s) {
        ConvPadding padding = ConvPadding.of(s);
        return "Convolution.conv(" + padding.input(s) + ", " + s.field() + ".weight(), " + s.field() + ".bias(), "
            + s.intsArg("stride") + ", " + padding.symmetric() + ", " + s.intsArg("dilation") + ", "
            + s.intArg("groups") + ")";
    }

    private static String convTranspose(JavaStep s) {
        return "Convolution.convTranspose(" + s.input() + ", " + s.field() + ".weight(), " + s.field() + ".bias(), "
            + s.intsArg("stride") + ", " + s.intsArg("padding") + ", " + s.intsArg("output_padding") + ", "
            + s.intArg("groups") + ", " + s.intsArg("dilation") + ")";
    }

    /**
     * A convolution's padding: symmetric zero padding goes to the kernel; "same" with an odd total and
     * the reflect/replicate/circular modes pad the input first, as PyTorch does.
     */
    private record ConvPadding(long[] before, long[] after, String mode) {
        static ConvPadding of(JavaStep s) {
            long[] kernel = s.sizes("kernel_size");
            long[] dilation = s.sizes("dilation");
            long[] before = new long[kernel.length];
            long[] after = new long[kernel.length];
            String word = s.arg("padding") instanceof Value.Str ? s.stringValue("padding") : null;
            for (int i = 0; i < kernel.length; i++) {
                long total = "same".equals(word) ? dilation[i] * (kernel[i] - 1) : 0;
                before[i] = word == null ? s.sizes("padding")[i] : total / 2;
                after[i] = word == null ? before[i] : total - total / 2;
            }
            return new ConvPadding(before, after, s.stringValue("padding_mode"));
        }

        boolean inKernel() {
            return mode.equals("zeros") && Arrays.equals(before, after);
        }

        String symmetric() {
            return JavaStep.ints(inKernel() ? before : new long[before.length]);
        }

        String input(JavaStep s) {
            if (inKernel()) {
                return s.input();
            }
            long[] pads = new long[2 * before.length];
            for (int i = 0; i < before.length; i++) {
                pads[2 * i] = before[before.length - 1 - i];
                pads[2 * i + 1] = after[before.length - 1 - i];
            }
            String padMode = mode.equals("zeros") ? "CONSTANT" : mode.toUpperCase(Locale.ROOT);
            return "Resampling.pad(" + s.input() + ", " + JavaStep.ints(pads) + ", Resampling.PadMode." + padMode
                + ", 0f)";
        }
    }

    private static String maxPool(JavaStep s) {
        return "Pooling.maxPool(" + s.input() + ", " + s.intsArg("kernel_size") + ", " + poolStride(s) + ", "
            + s.intsArg("padding") + ", " + s.intsArg("dilation") + ", " + s.boolArg("ceil_mode") + ")";
    }

    /** divisor_override (2d and 3d only) replaces the divisor count_include_pad would choose. */
    private static String avgPool(JavaStep s) {
        String windows = s.input() + ", " + s.intsArg("kernel_size") + ", " + poolStride(s) + ", " + s.intsArg("padding")
            + ", " + s.boolArg("ceil_mode") + ", ";
        if (s.hasArg("divisor_override") && !s.isNone("divisor_override")) {
            return "Pooling.avgPoolWithDivisor(" + windows + s.intArg("divisor_override") + ")";
        }
        return "Pooling.avgPool(" + windows + s.boolArg("count_include_pad") + ")";
    }

    /** stride=None means the kernel size. */
    private static String poolStride(JavaStep s) {
        return s.intsArg(s.isNone("stride") ? "kernel_size" : "stride");
    }

    /** The spatial sizes of the output: what an adaptive pool's output_size resolves to (None keeps the input's). */
    private static String spatialOutput(JavaStep s) {
        Shape out = s.output();
        long[] sizes = new long[out.size() - 1];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = out.dim(i + 1);
        }
        return JavaStep.ints(sizes);
    }

    /** Affine parameters and running statistics when the layer tracks them, else its affine parameters if any. */
    private static LayerEmitter.Field normState(JavaStep s) {
        if (!s.boolValue("track_running_stats")) {
            return optionalWeightAndBias(s);
        }
        return new LayerEmitter.Field("BatchNormState", "new BatchNormState(" + s.state("weight") + ", "
            + s.state("bias") + ", " + s.state("running_mean") + ", " + s.state("running_var") + ")");
    }

    /** Eval mode normalizes with the running statistics, or with the batch's own when the layer keeps none. */
    private static String batchNorm(JavaStep s) {
        if (!s.boolValue("track_running_stats")) {
            return "Normalization.batchNormWithBatchStatistics(" + s.input() + ", " + s.fieldPart("weight") + ", "
                + s.fieldPart("bias") + ", " + s.doubleArg("eps") + ")";
        }
        return runningBatchNorm(s);
    }

    private static String runningBatchNorm(JavaStep s) {
        return "Normalization.batchNorm(" + s.input() + ", " + s.field() + ".runningMean(), " + s.field()
            + ".runningVar(), " + s.field() + ".weight(), " + s.field() + ".bias(), " + s.doubleArg("eps") + ")";
    }

    /** With running statistics, instance norm in eval mode is a batch norm; otherwise each plane has its own. */
    private static String instanceNorm(JavaStep s) {
        if (s.boolValue("track_running_stats")) {
            return runningBatchNorm(s);
        }
        return "Normalization.instanceNorm(" + s.input() + ", " + s.fieldPart("weight") + ", " + s.fieldPart("bias")
            + ", " + s.doubleArg("eps") + ")";
    }

    /** flatten, unflatten, view and reshape all come to a reshape to the known output shape. */
    private static String reshape(JavaStep s) {
        long[] dims = s.output().dims();
        long[] withBatch = new long[dims.length + 1];
        withBatch[0] = -1;
        System.arraycopy(dims, 0, withBatch, 1, dims.length);
        return s.input() + ".reshape(" + JavaStep.list(withBatch) + ")";
    }

    /**
     * The batch size is read when the code runs, off the last input: the tensor itself, or for a
     * parameter expanded to the batch, the tensor the .net file read it off. The other sizes are the output's.
     */
    private static String expand(JavaStep s) {
        StringBuilder sizes = new StringBuilder(s.inputs().get(s.inputs().size() - 1) + ".shape()[0]");
        for (long dim : s.output().dims()) {
            sizes.append(", ").append(dim);
        }
        return "Shaping.expand(" + s.input() + ", " + sizes + ")";
    }

    /**
     * {@code a + b}, or a tensor with a number: Arithmetic's broadcasting kernels or its affine map. The operands
     * are computed in {@code operands}: the result's type, or for a comparison the operands' promoted type.
     */
    static String arithmetic(Trace.Arithmetic step, String left, String right, Value.DType operands)
        throws UnsupportedLayerException {
        if (step.operator().comparison()) {
            return comparison(step, left, right, operands == Value.DType.INT64);
        }
        return step.right() >= 0 ? tensorOperator(step, left, right) : numberOperator(step, left);
    }

    /** {@code Elementwise.compare(x, ">", 0.5f)}: with the number first, the operator turned round. */
    private static String comparison(Trace.Arithmetic step, String left, String right, boolean longs) {
        if (step.right() >= 0) {
            return "Elementwise.compare(" + left + ", \"" + step.operator().symbol() + "\", " + right + ")";
        }
        String symbol = step.operator().symbol();
        if (step.scalarFirst()) {
            symbol = symbol.replace('<', '#').replace('>', '<').replace('#', '>');
        }
        return "Elementwise.compare(" + left + ", \"" + symbol + "\", " + numberLiteral(step.scalar(), 1, longs) + ")";
    }

    private static String tensorOperator(Trace.Arithmetic step, String left, String right)
        throws UnsupportedLayerException {
        switch (step.operator()) {
            case POWER:
                return "Elementwise.pow(" + left + ", " + right + ")";
            case ADD:
                return "Arithmetic.add(" + left + ", " + right + ")";
            case SUBTRACT:
                return "Arithmetic.sub(" + left + ", " + right + ")";
            case MULTIPLY:
                return "Arithmetic.mul(" + left + ", " + right + ")";
            case DIVIDE:
                return "Arithmetic.div(" + left + ", " + right + ")";
            default:
                throw unsupportedOperator(step);
        }
    }

    /**
     * A tensor and a number, the number first when {@code scalarFirst}. An int64 result (an int64 tensor and
     * an integer) is computed in long; otherwise in float, the tensor converted first if it was int64.
     */
    private static String numberOperator(Trace.Arithmetic step, String tensor) throws UnsupportedLayerException {
        boolean longs = step.dtype() == Value.DType.INT64;
        String one = longs ? "1L" : "1f";
        String number = numberLiteral(step.scalar(), 1, longs);
        switch (step.operator()) {
            case ADD:
                return "Arithmetic.affine(" + tensor + ", " + one + ", " + number + ")";
            case SUBTRACT:
                return step.scalarFirst() ? "Arithmetic.affine(" + tensor + ", -" + one + ", " + number + ")"
                    : "Arithmetic.affine(" + tensor + ", " + one + ", " + numberLiteral(step.scalar(), -1, longs) + ")";
            case MULTIPLY:
                return "Arithmetic.affine(" + tensor + ", " + number + ", " + (longs ? "0L" : "0f") + ")";
            case DIVIDE:
                return step.scalarFirst() ? "Activations.map(" + tensor + ", v -> " + number + " / v)"
                    : "Activations.map(" + tensor + ", v -> v / " + number + ")";
            case POWER:
                return step.scalarFirst() ? "Elementwise.pow(" + number + ", " + tensor + ")"
                    : "Elementwise.pow(" + tensor + ", " + number + ")";
            default:
                throw unsupportedOperator(step);
        }
    }

    /** {@code sign · number} as a Java literal: {@code 3L} for long arithmetic, {@code 3.0f} for float. */
    private static String numberLiteral(Value number, int sign, boolean longs) {
        if (longs) {
            return sign * ((Value.Int) number).value() + "L";
        }
        return JavaStep.floatLiteral(sign * JavaStep.number(number));
    }

    private static UnsupportedLayerException unsupportedOperator(Trace.Arithmetic step) {
        return new UnsupportedLayerException(Text.of("java.no_operator", step.operator().symbol()), step.span());
    }

    /** {@code x[:, -1, 2:5]}: selections and slices, the highest dimension first so lower ones keep their numbers. */
    static String index(Trace.Index step, String input) {
        String expression = input;
        List<Trace.IndexPart> parts = step.parts();
        for (int i = parts.size() - 1; i >= 0; i--) {
            Trace.IndexPart part = parts.get(i);
            if (part.single()) {
                expression = "Shaping.select(" + expression + ", " + part.dim() + ", " + part.start() + ")";
            } else {
                expression = "Shaping.slice(" + expression + ", " + part.dim() + ", " + part.start() + ", "
                    + part.stop() + ", " + part.step() + ")";
            }
        }
        return expression;
    }
}
