package netc.backend;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import netc.backend.OnnxGraph.Attr;
import netc.diagnostics.Text;
import netc.semantic.model.Shape;
import netc.semantic.model.Value;

/**
 * The ONNX operators of every catalogue layer, by catalogue name: the one table to extend when the
 * catalogue grows (a drift test ties it to the catalogue), with the operators each becomes for
 * {@code netc layers}. Inference semantics throughout, as PyTorch's eval mode: dropout is Identity,
 * batch norm stays BatchNormalization over its running statistics. Weights are never rewritten:
 * where ONNX wants them in another layout (a recurrent layer's gate order, a transposed linear
 * weight), nodes of the graph rearrange the state_dict's tensors, which ONNX Runtime folds once.
 */
final class OnnxLayers {
    /** How one layer becomes ONNX nodes: the values it gives, in the order of what it returns, flattened. */
    @FunctionalInterface
    interface Rule {
        List<String> emit(OnnxStep step) throws UnsupportedLayerException;
    }

    /** A layer's mapping: its operators in words, and its rule. */
    record Mapping(Text operators, Rule rule) {
    }

    private static final Map<String, Mapping> MAPPINGS = build();
    private static final double SQRT_2 = Math.sqrt(2);

    private OnnxLayers() {
    }

    /** The mapping of a catalogue layer, or null when it has none. */
    static Mapping forLayer(String name) {
        return MAPPINGS.get(name);
    }

    private static Mapping one(String operators, SingleRule rule) {
        return one(Text.of("verbatim", operators), rule);
    }

    /** A mapping whose operators are described in words: a key of the diagnostics' bundle. */
    private static Mapping one(Text operators, SingleRule rule) {
        return new Mapping(operators, s -> List.of(rule.emit(s)));
    }

    /** A rule giving one tensor. */
    @FunctionalInterface
    private interface SingleRule {
        String emit(OnnxStep step) throws UnsupportedLayerException;
    }

    private static Map<String, Mapping> build() {
        Map<String, Mapping> table = new LinkedHashMap<>();
        for (int d = 1; d <= 3; d++) {
            table.put("conv" + d + "d", one(Text.of("onnx.ops.conv"), OnnxLayers::conv));
            table.put("convtranspose" + d + "d", one("ConvTranspose", OnnxLayers::convTranspose));
            table.put("maxpool" + d + "d", one("MaxPool", OnnxLayers::maxPool));
            table.put("avgpool" + d + "d", one(Text.of("onnx.ops.avgpool"), OnnxLayers::avgPool));
            table.put("adaptiveavgpool" + d + "d", one(Text.of("onnx.ops.adaptiveavgpool"),
                s -> adaptivePool(s, "AveragePool", "ReduceMean")));
            table.put("adaptivemaxpool" + d + "d", one(Text.of("onnx.ops.adaptivemaxpool"),
                s -> adaptivePool(s, "MaxPool", "ReduceMax")));
            table.put("batchnorm" + d + "d", one(Text.of("onnx.ops.batchnorm"), OnnxLayers::batchNorm));
            table.put("instancenorm" + d + "d", one("InstanceNormalization", OnnxLayers::instanceNorm));
            table.put("dropout" + d + "d", one("Identity", OnnxLayers::identity));
        }
        table.put("linear", one(Text.of("onnx.ops.linear"), s -> linear(s, s.input(), "weight", "bias", s.rank())));
        table.put("identity", one("Identity", OnnxLayers::identity));
        table.put("dropout", one("Dropout", OnnxLayers::dropout));
        table.put("layernorm", one("LayerNormalization", OnnxLayers::layerNorm));
        table.put("groupnorm", one("Reshape, InstanceNormalization, Mul, Add", OnnxLayers::groupNorm));
        table.put("localresponsenorm", one(Text.of("onnx.ops.localresponsenorm"),
            OnnxLayers::localResponseNorm));
        addActivations(table);
        addSequenceLayers(table);
        addTensorOperations(table);
        addFunctions(table);
        addResampling(table);
        for (String name : List.of("unflatten", "view", "reshape")) {
            table.put(name, one("Reshape", s -> s.graph().reshape(s.label(), s.input(), s.output().dims())));
        }
        // ONNX's Flatten where all after the batch becomes one dimension, as torch.onnx writes nn.Flatten
        // (and netc import reads it back as flatten); other dimension ranges as a Reshape
        table.put("flatten", one("Flatten, Reshape", s -> s.output().dims().length == 1
            ? s.node("Flatten", List.of(s.input()), OnnxGraph.Attr.of("axis", 1L))
            : s.graph().reshape(s.label(), s.input(), s.output().dims())));
        return table;
    }

    private static String identity(OnnxStep s) {
        return s.node("Identity", List.of(s.input()));
    }

    /**
     * ONNX's Dropout, which passes its input through outside training, its ratio given when not the
     * default 0.5: so netc import gives dropout back (an Identity could be any module or none).
     */
    private static String dropout(OnnxStep s) {
        double p = s.args().doubleValue("p");
        return s.node("Dropout", p == 0.5 ? List.of(s.input()) : List.of(s.input(), s.floatScalar(p)));
    }

    private static void addActivations(Map<String, Mapping> table) {
        Map<String, String> plain = Map.of("relu", "Relu", "selu", "Selu", "sigmoid", "Sigmoid", "tanh", "Tanh",
            "hardswish", "HardSwish", "softsign", "Softsign");
        plain.forEach((layer, op) -> table.put(layer, one(op, s -> s.node(op, List.of(s.input())))));
        table.put("relu6", one("Clip", s -> clip(s, s.input(), 0, 6)));
        table.put("hardtanh", one("Clip", s -> clip(s, s.input(), s.args().doubleValue("min_val"),
            s.args().doubleValue("max_val"))));
        table.put("silu", one("Sigmoid, Mul", s -> s.node("Mul", List.of(s.input(), s.node("Sigmoid",
            List.of(s.input()))))));
        table.put("mish", one("Softplus, Tanh, Mul", s -> s.node("Mul", List.of(s.input(),
            s.node("Tanh", List.of(s.node("Softplus", List.of(s.input())))))))); // Mish is opset 18
        table.put("hardsigmoid", one("HardSigmoid", s -> s.node("HardSigmoid", List.of(s.input()),
            Attr.of("alpha", 1.0 / 6), Attr.of("beta", 0.5))));
        table.put("logsigmoid", one("Neg, Softplus, Neg", s -> s.node("Neg", List.of(s.node("Softplus",
            List.of(s.node("Neg", List.of(s.input()))))))));
        table.put("tanhshrink", one("Tanh, Sub", s -> s.node("Sub", List.of(s.input(), s.node("Tanh",
            List.of(s.input()))))));
        table.put("softmax2d", one("Softmax", s -> s.node("Softmax", List.of(s.input()), Attr.of("axis", -3))));
        table.put("leakyrelu", one("LeakyRelu", s -> s.node("LeakyRelu", List.of(s.input()),
            Attr.of("alpha", s.args().doubleValue("negative_slope")))));
        table.put("elu", one("Elu", s -> s.node("Elu", List.of(s.input()), Attr.of("alpha", s.args().doubleValue("alpha")))));
        table.put("celu", one("Celu", s -> s.node("Celu", List.of(s.input()),
            Attr.of("alpha", s.args().doubleValue("alpha")))));
        table.put("softplus", one("Mul, Softplus, Div, Greater, Where", OnnxLayers::softplus));
        table.put("threshold", one("Greater, Where", s -> s.node("Where", List.of(
            s.node("Greater", List.of(s.input(), s.floatScalar(s.args().doubleValue("threshold")))), s.input(),
            s.floatScalar(s.args().doubleValue("value"))))));
        table.put("gelu", one(Text.of("onnx.ops.gelu"), s -> gelu(s, s.input(),
            s.args().stringValue("approximate").equals("tanh"))));
        table.put("softmax", one("Softmax", s -> s.node("Softmax", List.of(s.input()), Attr.of("axis", softmaxDim(s)))));
        table.put("logsoftmax", one("LogSoftmax", s -> s.node("LogSoftmax", List.of(s.input()),
            Attr.of("axis", softmaxDim(s)))));
        table.put("glu", one("Split, Sigmoid, Mul", s -> {
            long axis = OnnxStep.axis(s.args().intValue("dim"), s.rank());
            long half = s.inputShape().dim((int) axis - 1) / 2;
            List<String> halves = split(s, axis, new long[] {half, half});
            return s.node("Mul", List.of(halves.get(0), s.node("Sigmoid", List.of(halves.get(1)))));
        }));
        table.put("prelu", one("PRelu", OnnxLayers::prelu));
    }

    private static String clip(OnnxStep s, String input, double min, double max) {
        return s.node("Clip", List.of(input, s.floatScalar(min), s.floatScalar(max)));
    }

    /** PyTorch's softplus: log(1 + exp(βx))/β, and x itself where βx exceeds the threshold. */
    private static String softplus(OnnxStep s) {
        String scaled = s.node("Mul", List.of(s.input(), s.floatScalar(s.args().doubleValue("beta"))));
        String soft = s.node("Div", List.of(s.node("Softplus", List.of(scaled)),
            s.floatScalar(s.args().doubleValue("beta"))));
        String linear = s.node("Greater", List.of(scaled, s.floatScalar(s.args().doubleValue("threshold"))));
        return s.node("Where", List.of(linear, s.input(), soft));
    }

    /** x·Φ(x) exactly (with erf), or PyTorch's tanh approximation. */
    private static String gelu(OnnxStep s, String x, boolean tanh) {
        String inner;
        if (tanh) {
            String cube = s.node("Mul", List.of(x, s.node("Mul", List.of(x, x))));
            String sum = s.node("Add", List.of(x, s.node("Mul", List.of(cube, s.floatScalar(0.044715)))));
            inner = s.node("Tanh", List.of(s.node("Mul", List.of(sum, s.floatScalar(Math.sqrt(2 / Math.PI))))));
        } else {
            inner = s.node("Erf", List.of(s.node("Div", List.of(x, s.floatScalar(SQRT_2)))));
        }
        String half = s.node("Mul", List.of(x, s.floatScalar(0.5)));
        return s.node("Mul", List.of(half, s.node("Add", List.of(inner, s.floatScalar(1)))));
    }

    /** softmax(dim=None): PyTorch's legacy implicit dimension (0 for ranks 0, 1 and 3, else 1). */
    private static long softmaxDim(OnnxStep s) {
        if (!s.args().isNone("dim")) {
            return s.args().intValue("dim");
        }
        int rank = s.rank();
        return rank == 0 || rank == 1 || rank == 3 ? 0 : 1;
    }

    /** The slope broadcasts along the channels (dimension 1): [C] becomes [C, 1, ...]. */
    private static String prelu(OnnxStep s) {
        String slope = s.weight("weight");
        long channels = s.apply().module().state().get(0).shape()[0];
        if (s.rank() > 2 && channels > 1) {
            long[] shape = new long[s.rank() - 1];
            Arrays.fill(shape, 1);
            shape[0] = channels;
            slope = s.node("Reshape", List.of(slope, s.ints(shape)));
        }
        return s.node("PRelu", List.of(s.input(), slope));
    }

    // ---- convolution and pooling

    /**
     * Zero padding goes to the kernel (asymmetric for "same" with an even total); reflect, replicate and
     * circular pad the input first.
     */
    private static String conv(OnnxStep s) {
        JavaStep a = s.args();
        long[] kernel = a.sizes("kernel_size");
        long[] dilation = a.sizes("dilation");
        int d = kernel.length;
        long[] pads = new long[2 * d];
        String word = a.arg("padding") instanceof Value.Str ? a.stringValue("padding") : null;
        for (int i = 0; i < d; i++) {
            long total = "same".equals(word) ? dilation[i] * (kernel[i] - 1) : 0;
            pads[i] = word == null ? a.sizes("padding")[i] : total / 2;
            pads[d + i] = word == null ? pads[i] : total - total / 2;
        }
        String input = s.input();
        String mode = a.stringValue("padding_mode");
        if (mode.equals("circular")) {
            input = wrap(s, input, pads);
            pads = new long[2 * d];
        } else if (!mode.equals("zeros")) {
            input = pad(s, input, pads, mode.equals("reflect") ? "reflect" : "edge", "");
            pads = new long[2 * d];
        }
        return s.node("Conv", List.of(input, s.weight("weight"), s.weight("bias")), Attr.of("kernel_shape", kernel),
            Attr.of("strides", a.sizes("stride")), Attr.of("dilations", dilation), Attr.of("group", a.intValue("groups")),
            Attr.of("pads", pads));
    }

    /** Circular padding: each side gets the other end's rows (Pad's wrap mode only arrives in opset 19). */
    private static String wrap(OnnxStep s, String input, long[] pads) {
        int d = pads.length / 2;
        String x = input;
        for (int i = 0; i < d; i++) {
            int axis = s.rank() - d + i;
            long size = s.inputShape().dim(axis - 1);
            List<String> parts = new ArrayList<>();
            if (pads[i] > 0) {
                parts.add(s.graph().slice(s.label(), x, axis, size - pads[i], size));
            }
            parts.add(x);
            if (pads[d + i] > 0) {
                parts.add(s.graph().slice(s.label(), x, axis, 0, pads[d + i]));
            }
            x = parts.size() == 1 ? x : s.node("Concat", parts, Attr.of("axis", axis));
        }
        return x;
    }

    /** Pad of the last {@code pads.length / 2} dimensions, ONNX's order (every begin, then every end). */
    private static String pad(OnnxStep s, String input, long[] spatialPads, String mode, String value) {
        int rank = s.rank();
        int d = spatialPads.length / 2;
        long[] pads = new long[2 * rank];
        for (int i = 0; i < d; i++) {
            pads[rank - d + i] = spatialPads[i];
            pads[2 * rank - d + i] = spatialPads[d + i];
        }
        List<String> inputs = new ArrayList<>(List.of(input, s.ints(pads)));
        if (!value.isEmpty()) {
            inputs.add(value);
        }
        return s.node("Pad", inputs, Attr.of("mode", mode));
    }

    private static String convTranspose(OnnxStep s) {
        JavaStep a = s.args();
        long[] padding = a.sizes("padding");
        return s.node("ConvTranspose", List.of(s.input(), s.weight("weight"), s.weight("bias")),
            Attr.of("kernel_shape", a.sizes("kernel_size")), Attr.of("strides", a.sizes("stride")),
            Attr.of("dilations", a.sizes("dilation")), Attr.of("group", a.intValue("groups")),
            Attr.of("pads", twice(padding)), Attr.of("output_padding", a.sizes("output_padding")));
    }

    /** Symmetric padding in ONNX's begins-then-ends order. */
    private static long[] twice(long[] padding) {
        long[] pads = new long[2 * padding.length];
        for (int i = 0; i < padding.length; i++) {
            pads[i] = padding[i];
            pads[padding.length + i] = padding[i];
        }
        return pads;
    }

    /** A pool's size argument for each of its dimensions (one integer stands for all). */
    private static long[] perDimension(OnnxStep s, String name, int d) {
        long[] given = s.args().sizes(name);
        long[] sizes = new long[d];
        for (int i = 0; i < d; i++) {
            sizes[i] = given[given.length == 1 ? 0 : i];
        }
        return sizes;
    }

    private static String maxPool(OnnxStep s) {
        int d = s.apply().spec().spatialDims();
        return ceilWindows(s, d, s.node("MaxPool", List.of(s.input()),
            Attr.of("kernel_shape", perDimension(s, "kernel_size", d)),
            Attr.of("strides", perDimension(s, s.args().isNone("stride") ? "kernel_size" : "stride", d)),
            Attr.of("pads", twice(perDimension(s, "padding", d))), Attr.of("dilations", perDimension(s, "dilation", d)),
            Attr.of("ceil_mode", s.args().boolValue("ceil_mode") ? 1 : 0)));
    }

    /**
     * With ceil_mode, PyTorch drops a last window that would start in the right padding; ONNX keeps
     * it. The pool's output is cut to the size the trace gives (a no-op where they agree).
     */
    private static String ceilWindows(OnnxStep s, int d, String pooled) {
        if (!s.args().boolValue("ceil_mode")) {
            return pooled;
        }
        long[] starts = new long[d];
        long[] ends = new long[d];
        long[] axes = new long[d];
        for (int i = 0; i < d; i++) {
            axes[i] = s.rank() - d + i;
            ends[i] = s.output().dim((int) axes[i] - 1);
        }
        return s.node("Slice", List.of(pooled, s.ints(starts), s.ints(ends), s.ints(axes)));
    }

    /** divisor_override: the average over the whole padded window, scaled to divide by the divisor instead. */
    private static String avgPool(OnnxStep s) {
        int d = s.apply().spec().spatialDims();
        long[] kernel = perDimension(s, "kernel_size", d);
        boolean divisor = s.args().hasArg("divisor_override") && !s.args().isNone("divisor_override");
        String average = ceilWindows(s, d, s.node("AveragePool", List.of(s.input()), Attr.of("kernel_shape", kernel),
            Attr.of("strides", perDimension(s, s.args().isNone("stride") ? "kernel_size" : "stride", d)),
            Attr.of("pads", twice(perDimension(s, "padding", d))),
            Attr.of("ceil_mode", s.args().boolValue("ceil_mode") ? 1 : 0),
            Attr.of("count_include_pad", divisor || s.args().boolValue("count_include_pad") ? 1 : 0)));
        if (!divisor) {
            return average;
        }
        long window = 1;
        for (long k : kernel) {
            window *= k;
        }
        return s.node("Mul", List.of(average, s.floatScalar((double) window / s.args().intValue("divisor_override"))));
    }

    /**
     * An adaptive pool: global when every output size is 1, a plain pool when each output size divides
     * its input, else PyTorch's windows (from ⌊i·in/out⌋ to ⌈(i+1)·in/out⌉) one dimension at a time,
     * which gives the same numbers since a mean or a max over a box is one over each of its sides.
     */
    private static String adaptivePool(OnnxStep s, String pool, String reduce) {
        int d = s.apply().spec().spatialDims();
        int rank = s.rank();
        Shape in = s.inputShape();
        Shape out = s.output();
        boolean global = rank == d + 2;
        boolean divides = rank == d + 2;
        long[] kernel = new long[d];
        for (int i = 0; i < d; i++) {
            long inSize = in.dim(in.size() - d + i);
            long outSize = out.dim(out.size() - d + i);
            global &= outSize == 1;
            divides &= inSize % outSize == 0;
            kernel[i] = inSize / Math.max(outSize, 1);
        }
        if (global) {
            return s.node("Global" + pool, List.of(s.input()));
        }
        if (divides) {
            return s.node(pool, List.of(s.input()), Attr.of("kernel_shape", kernel), Attr.of("strides", kernel));
        }
        String x = s.input();
        for (int i = 0; i < d; i++) {
            int axis = rank - d + i;
            long inSize = in.dim(axis - 1);
            long outSize = out.dim(axis - 1);
            if (inSize == outSize) {
                continue;
            }
            List<String> windows = new ArrayList<>();
            for (long j = 0; j < outSize; j++) {
                long start = Math.floorDiv(j * inSize, outSize);
                long end = -Math.floorDiv(-(j + 1) * inSize, outSize);
                windows.add(s.graph().reduce(reduce, s.label(), s.graph().slice(s.label(), x, axis, start, end),
                    new long[] {axis}, true));
            }
            x = s.node("Concat", windows, Attr.of("axis", axis));
        }
        return x;
    }

    // ---- normalization

    /** The state entry, or a Constant of ones (or zeros) of {@code size} where the layer is not affine. */
    private static String affine(OnnxStep s, String key, long[] dims, float fill) {
        String weight = s.apply().module() == null ? "" : s.weight(key);
        if (!weight.isEmpty()) {
            return weight;
        }
        long count = 1;
        for (long dim : dims) {
            count *= dim;
        }
        float[] values = new float[Math.toIntExact(count)];
        Arrays.fill(values, fill);
        return s.graph().floats(s.label(), dims, values);
    }

    private static String batchNorm(OnnxStep s) {
        long channels = s.inputShape().dim(0);
        if (!s.args().boolValue("track_running_stats")) {
            return batchStatistics(s, channels);
        }
        return s.node("BatchNormalization", List.of(s.input(), affine(s, "weight", new long[] {channels}, 1),
            affine(s, "bias", new long[] {channels}, 0), s.weight("running_mean"), s.weight("running_var")),
            Attr.of("epsilon", s.args().doubleValue("eps")));
    }

    /** A batch norm that keeps no running statistics normalizes with the batch's own, in eval mode too. */
    private static String batchStatistics(OnnxStep s, long channels) {
        int rank = s.rank();
        long[] axes = new long[rank - 1];
        long[] perChannel = new long[rank - 1];
        for (int i = 0, axis = 0; axis < rank; axis++) {
            if (axis != 1) {
                axes[i++] = axis;
            }
        }
        Arrays.fill(perChannel, 1);
        perChannel[0] = channels;
        String mean = s.graph().reduce("ReduceMean", s.label(), s.input(), axes, true);
        String centred = s.node("Sub", List.of(s.input(), mean));
        String variance = s.graph().reduce("ReduceMean", s.label(), s.node("Mul", List.of(centred, centred)), axes, true);
        String std = s.node("Sqrt", List.of(s.node("Add", List.of(variance, s.floatScalar(s.args().doubleValue("eps"))))));
        String normalized = s.node("Div", List.of(centred, std));
        return scaleAndShift(s, normalized, perChannel);
    }

    /** Multiplies by the weight and adds the bias, reshaped to broadcast along the channels; none when not affine. */
    private static String scaleAndShift(OnnxStep s, String x, long[] perChannel) {
        if (s.apply().module() == null || s.weight("weight").isEmpty()) {
            return x;
        }
        String shape = s.ints(perChannel);
        String scaled = s.node("Mul", List.of(x, s.node("Reshape", List.of(s.weight("weight"), shape))));
        return s.node("Add", List.of(scaled, s.node("Reshape", List.of(s.weight("bias"), shape))));
    }

    /** With running statistics, eval-mode instance norm is a batch norm; otherwise each plane has its own. */
    private static String instanceNorm(OnnxStep s) {
        long channels = s.inputShape().dim(0);
        if (s.args().boolValue("track_running_stats")) {
            return s.node("BatchNormalization", List.of(s.input(), affine(s, "weight", new long[] {channels}, 1),
                affine(s, "bias", new long[] {channels}, 0), s.weight("running_mean"), s.weight("running_var")),
                Attr.of("epsilon", s.args().doubleValue("eps")));
        }
        return s.node("InstanceNormalization", List.of(s.input(), affine(s, "weight", new long[] {channels}, 1),
            affine(s, "bias", new long[] {channels}, 0)), Attr.of("epsilon", s.args().doubleValue("eps")));
    }

    private static String layerNorm(OnnxStep s) {
        long[] normalized = s.args().sizes("normalized_shape");
        return s.node("LayerNormalization", List.of(s.input(), affine(s, "weight", normalized, 1),
            affine(s, "bias", normalized, 0)), Attr.of("axis", -normalized.length),
            Attr.of("epsilon", s.args().doubleValue("eps")));
    }

    /** Each group normalized as one instance-norm plane ([N, G, rest]), then the per-channel affine map. */
    private static String groupNorm(OnnxStep s) {
        long groups = s.args().intValue("num_groups");
        long[] ones = new long[(int) groups];
        Arrays.fill(ones, 1);
        float[] one = new float[(int) groups];
        Arrays.fill(one, 1f);
        String grouped = s.node("Reshape", List.of(s.input(), s.ints(0, groups, -1)));
        String normalized = s.node("InstanceNormalization", List.of(grouped,
            s.graph().floats(s.label(), new long[] {groups}, one),
            s.graph().floats(s.label(), new long[] {groups}, new float[(int) groups])),
            Attr.of("epsilon", s.args().doubleValue("eps")));
        String back = s.graph().reshape(s.label(), normalized, s.inputShape().dims());
        long[] perChannel = new long[s.rank() - 1];
        Arrays.fill(perChannel, 1);
        perChannel[0] = s.inputShape().dim(0);
        return scaleAndShift(s, back, perChannel);
    }

    /**
     * As PyTorch computes it: the squares averaged over a window of channels (size/2 before, (size-1)/2
     * after, zeros beyond the ends), which ONNX's LRN centres otherwise for an even size.
     */
    private static String localResponseNorm(OnnxStep s) {
        JavaStep a = s.args();
        long size = a.intValue("size");
        long channels = s.inputShape().dim(0);
        String squares = s.node("Mul", List.of(s.input(), s.input()));
        String planes = s.node("Reshape", List.of(squares, s.ints(0, 1, channels, -1)));
        String padded = s.node("Pad", List.of(planes, s.ints(0, 0, size / 2, 0, 0, 0, (size - 1) / 2, 0)));
        String mean = s.node("AveragePool", List.of(padded), Attr.of("kernel_shape", new long[] {size, 1}));
        String back = s.graph().reshape(s.label(), mean, s.inputShape().dims());
        String scaled = s.node("Add", List.of(s.node("Mul", List.of(back, s.floatScalar(a.doubleValue("alpha")))),
            s.floatScalar(a.doubleValue("k"))));
        return s.node("Div", List.of(s.input(), s.node("Pow", List.of(scaled, s.floatScalar(a.doubleValue("beta"))))));
    }

    /** {@code x·Wᵀ + b}: Gemm for a matrix, MatMul with the weight transposed otherwise. */
    private static String linear(OnnxStep s, String x, String weightKey, String biasKey, int rank) {
        String weight = s.weight(weightKey);
        String bias = s.weight(biasKey);
        if (rank == 2) {
            return s.node("Gemm", bias.isEmpty() ? List.of(x, weight) : List.of(x, weight, bias), Attr.of("transB", 1));
        }
        String product = s.node("MatMul", List.of(x, s.graph().transpose(s.label(), weight, 1, 0)));
        return bias.isEmpty() ? product : s.node("Add", List.of(product, bias));
    }

    // ---- embeddings, recurrent layers, attention

    private static void addSequenceLayers(Map<String, Mapping> table) {
        table.put("embedding", one(Text.of("onnx.ops.embedding"),
            OnnxLayers::embedding));
        table.put("rnn", new Mapping(Text.of("onnx.ops.rnn"), s -> Recurrent.emit(s, Recurrent.RNN)));
        table.put("lstm", new Mapping(Text.of("onnx.ops.lstm"), s -> Recurrent.emit(s, Recurrent.LSTM)));
        table.put("gru", new Mapping(Text.of("onnx.ops.gru"),
            s -> Recurrent.emit(s, Recurrent.GRU)));
        table.put("multiheadattention", new Mapping(Text.of("onnx.ops.multiheadattention"),
            s -> {
                // attn(x, x, x) reads one tensor three times: the trace lists it once
                String key = s.inputs().get(Math.min(1, s.inputs().size() - 1));
                String value = s.inputs().get(s.inputs().size() - 1);
                Attention.Heads heads = Attention.attend(s, "", s.input(), key, value, s.args().intValue("num_heads"));
                return List.of(heads.output(), heads.weights());
            }));
        Text transformer = Text.of("onnx.ops.transformer");
        table.put("transformerencoderlayer", one(transformer, s -> Attention.layers(s, false, false)));
        table.put("transformerdecoderlayer", one(transformer, s -> Attention.layers(s, true, false)));
        table.put("transformerencoder", one(transformer, s -> Attention.layers(s, false, true)));
        table.put("transformerdecoder", one(transformer, s -> Attention.layers(s, true, true)));
    }

    /** A lookup; with max_norm, the rows looked up scaled down to that norm as PyTorch renormalizes them. */
    private static String embedding(OnnxStep s) {
        String rows = s.node("Gather", List.of(s.weight("weight"), s.input()));
        JavaStep a = s.args();
        if (a.isNone("max_norm")) {
            return rows;
        }
        double p = a.doubleValue("norm_type");
        long[] last = {-1};
        String norm;
        if (p == 2) {
            norm = s.graph().reduce("ReduceL2", s.label(), rows, last, true);
        } else if (p == 0) { // the count of non-zero elements, as torch.norm's p=0
            String nonZero = s.node("Not", List.of(s.node("Equal", List.of(rows, s.floatScalar(0)))));
            norm = s.graph().reduce("ReduceSum", s.label(), s.graph().cast(s.label(), nonZero, Value.DType.FLOAT32),
                last, true);
        } else {
            String powers = s.node("Pow", List.of(s.node("Abs", List.of(rows)), s.floatScalar(p)));
            norm = s.node("Pow", List.of(s.graph().reduce("ReduceSum", s.label(), powers, last, true),
                s.floatScalar(1 / p)));
        }
        double maxNorm = a.doubleValue("max_norm");
        String scale = s.node("Div", List.of(s.floatScalar(maxNorm), s.node("Add", List.of(norm, s.floatScalar(1e-7)))));
        String over = s.node("Greater", List.of(norm, s.floatScalar(maxNorm)));
        return s.node("Mul", List.of(rows, s.node("Where", List.of(over, scale, s.floatScalar(1)))));
    }

    /** RNN, LSTM and GRU layer by layer, with PyTorch's weights rearranged in the graph to ONNX's gate order. */
    private static final class Recurrent {
        /** ONNX's operator, and for each of its gates the PyTorch gate it takes. */
        private record Kind(String op, long[] gateOrder) {
        }

        static final Kind RNN = new Kind("RNN", new long[] {0});
        /** PyTorch i, f, g, o; ONNX i, o, f, c. */
        static final Kind LSTM = new Kind("LSTM", new long[] {0, 3, 1, 2});
        /** PyTorch r, z, n; ONNX z, r, h. */
        static final Kind GRU = new Kind("GRU", new long[] {1, 0, 2});

        static List<String> emit(OnnxStep s, Kind kind) {
            JavaStep a = s.args();
            boolean projected = a.hasArg("proj_size") && a.intValue("proj_size") > 0;
            long hidden = a.intValue("hidden_size");
            long layers = a.intValue("num_layers");
            long directions = a.boolValue("bidirectional") ? 2 : 1;
            // ONNX runs [sequence, batch, features]; netc's recurrent layers are batch_first (check refuses others)
            String x = s.graph().transpose(s.label(), s.input(), 1, 0, 2);
            List<String> finalH = new ArrayList<>();
            List<String> finalC = new ArrayList<>();
            for (long layer = 0; layer < layers; layer++) {
                if (projected) {
                    List<String> outputs = Unrolled.layer(s, x, layer, hidden, a.intValue("proj_size"), directions);
                    x = outputs.get(0);
                    finalH.add(outputs.get(1));
                    finalC.add(outputs.get(2));
                    continue;
                }
                List<String> outputs = layer(s, kind, x, layer, hidden, directions);
                String y = s.graph().transpose(s.label(), outputs.get(0), 0, 2, 1, 3);
                x = s.node("Reshape", List.of(y, s.ints(0, 0, directions * hidden)));
                finalH.add(outputs.get(1));
                if (kind == LSTM) {
                    finalC.add(outputs.get(2));
                }
            }
            List<String> results = new ArrayList<>();
            results.add(s.graph().transpose(s.label(), x, 1, 0, 2));
            results.add(concat(s, finalH));
            if (kind == LSTM) {
                results.add(concat(s, finalC));
            }
            return results;
        }

        private static String concat(OnnxStep s, List<String> states) {
            return states.size() == 1 ? s.node("Identity", states) : s.node("Concat", states, Attr.of("axis", 0));
        }

        private static List<String> layer(OnnxStep s, Kind kind, String x, long layer, long hidden, long directions) {
            List<String> w = new ArrayList<>();
            List<String> r = new ArrayList<>();
            List<String> b = new ArrayList<>();
            for (long d = 0; d < directions; d++) {
                String suffix = "_l" + layer + (d == 1 ? "_reverse" : "");
                w.add(direction(s, kind, s.weight("weight_ih" + suffix), hidden));
                r.add(direction(s, kind, s.weight("weight_hh" + suffix), hidden));
                if (!s.weight("bias_ih" + suffix).isEmpty()) {
                    String both = s.node("Concat", List.of(gates(s, kind, s.weight("bias_ih" + suffix), hidden),
                        gates(s, kind, s.weight("bias_hh" + suffix), hidden)), Attr.of("axis", 0));
                    b.add(s.node("Unsqueeze", List.of(both, s.ints(0))));
                }
            }
            List<String> inputs = new ArrayList<>(List.of(x, stack(s, w), stack(s, r), b.isEmpty() ? "" : stack(s, b), ""));
            inputs.add(initialState(s, 0, layer, directions));
            if (kind == LSTM) {
                inputs.add(initialState(s, 1, layer, directions));
            }
            while (inputs.get(inputs.size() - 1).isEmpty()) {
                inputs.remove(inputs.size() - 1);
            }
            List<Attr> attributes = new ArrayList<>(List.of(Attr.of("hidden_size", hidden),
                Attr.of("direction", directions == 2 ? "bidirectional" : "forward")));
            if (kind == GRU) {
                attributes.add(Attr.of("linear_before_reset", 1));
            }
            if (kind == RNN) {
                String activation = s.args().stringValue("nonlinearity").equals("relu") ? "Relu" : "Tanh";
                attributes.add(Attr.strings("activations", Collections.nCopies((int) directions, activation)));
            }
            return s.node(kind.op(), inputs, kind == LSTM ? 3 : 2, attributes.toArray(Attr[]::new));
        }

        /** One direction's weight in ONNX's gate order, with the direction axis in front. */
        private static String direction(OnnxStep s, Kind kind, String weight, long hidden) {
            return s.node("Unsqueeze", List.of(gates(s, kind, weight, hidden), s.ints(0)));
        }

        /** The rows of each gate, in ONNX's order. */
        private static String gates(OnnxStep s, Kind kind, String weight, long hidden) {
            if (kind.gateOrder().length == 1) {
                return weight;
            }
            long[] sizes = new long[kind.gateOrder().length];
            Arrays.fill(sizes, hidden);
            List<String> parts = s.node("Split", List.of(weight, s.ints(sizes)), sizes.length, Attr.of("axis", 0));
            List<String> ordered = new ArrayList<>();
            for (long gate : kind.gateOrder()) {
                ordered.add(parts.get((int) gate));
            }
            return s.node("Concat", ordered, Attr.of("axis", 0));
        }

        private static String stack(OnnxStep s, List<String> directions) {
            return directions.size() == 1 ? directions.get(0) : s.node("Concat", directions, Attr.of("axis", 0));
        }

        /** The layer's slice of h0 (which 0) or c0 (1), [directions, batch, hidden]; "" for zeros. */
        private static String initialState(OnnxStep s, int which, long layer, long directions) {
            String state = s.initialStates().get(which);
            if (state.isEmpty()) {
                return "";
            }
            return s.graph().slice(s.label(), state, 0, layer * directions, (layer + 1) * directions);
        }
    }

    /**
     * An LSTM with proj_size, which ONNX's LSTM lacks, its time steps unrolled (the sequence, after the
     * batch, has a known length): per step gates = x·W_ihᵀ + h·W_hhᵀ + b_ih + b_hh, c = σ(f)·c + σ(i)·tanh(g),
     * h = (σ(o)·tanh(c))·W_hrᵀ, as PyTorch computes it.
     */
    private static final class Unrolled {
        /** The layer's output [sequence, batch, directions·proj], and its final h and c per direction, stacked. */
        static List<String> layer(OnnxStep s, String x, long layer, long hidden, long proj, long directions) {
            long steps = s.inputShape().dim(0);
            String batch = s.node("Shape", List.of(x), Attr.of("start", 1), Attr.of("end", 2));
            List<String> outputs = new ArrayList<>();
            List<String> finalH = new ArrayList<>();
            List<String> finalC = new ArrayList<>();
            for (long d = 0; d < directions; d++) {
                String suffix = "_l" + layer + (d == 1 ? "_reverse" : "");
                String wih = s.graph().transpose(s.label(), s.weight("weight_ih" + suffix), 1, 0);
                String whh = s.graph().transpose(s.label(), s.weight("weight_hh" + suffix), 1, 0);
                String whr = s.graph().transpose(s.label(), s.weight("weight_hr" + suffix), 1, 0);
                String bias = s.weight("bias_ih" + suffix).isEmpty() ? ""
                    : s.node("Add", List.of(s.weight("bias_ih" + suffix), s.weight("bias_hh" + suffix)));
                long index = layer * directions + d;
                String h = initial(s, 0, index, batch, proj);
                String c = initial(s, 1, index, batch, hidden);
                String[] ys = new String[(int) steps];
                for (long i = 0; i < steps; i++) {
                    long t = d == 0 ? i : steps - 1 - i;
                    String xt = s.node("Gather", List.of(x, s.graph().intScalar(s.label(), t)), Attr.of("axis", 0));
                    String gates = s.node("Add", List.of(s.node("MatMul", List.of(xt, wih)),
                        s.node("MatMul", List.of(h, whh))));
                    if (!bias.isEmpty()) {
                        gates = s.node("Add", List.of(gates, bias));
                    }
                    List<String> g = s.node("Split", List.of(gates, s.ints(hidden, hidden, hidden, hidden)), 4,
                        Attr.of("axis", 1));
                    c = s.node("Add", List.of(s.node("Mul", List.of(sigmoid(s, g.get(1)), c)),
                        s.node("Mul", List.of(sigmoid(s, g.get(0)), s.node("Tanh", List.of(g.get(2)))))));
                    String full = s.node("Mul", List.of(sigmoid(s, g.get(3)), s.node("Tanh", List.of(c))));
                    h = s.node("MatMul", List.of(full, whr));
                    ys[(int) t] = s.node("Unsqueeze", List.of(h, s.ints(0)));
                }
                outputs.add(ys.length == 1 ? ys[0] : s.node("Concat", List.of(ys), Attr.of("axis", 0)));
                finalH.add(s.node("Unsqueeze", List.of(h, s.ints(0))));
                finalC.add(s.node("Unsqueeze", List.of(c, s.ints(0))));
            }
            String y = outputs.size() == 1 ? outputs.get(0) : s.node("Concat", outputs, Attr.of("axis", 2));
            return List.of(y, Recurrent.stack(s, finalH), Recurrent.stack(s, finalC));
        }

        private static String sigmoid(OnnxStep s, String x) {
            return s.node("Sigmoid", List.of(x));
        }

        /** Direction {@code index} of h0 (which 0) or c0 (1), [batch, size]; zeros where none is given. */
        private static String initial(OnnxStep s, int which, long index, String batch, long size) {
            String state = s.initialStates().get(which);
            if (!state.isEmpty()) {
                return s.node("Gather", List.of(state, s.graph().intScalar(s.label(), index)), Attr.of("axis", 0));
            }
            String shape = s.node("Concat", List.of(batch, s.ints(size)), Attr.of("axis", 0));
            return s.node("Expand", List.of(s.graph().floats(s.label(), new long[] {1, size}, new float[(int) size]),
                shape));
        }
    }

    /** Multi-head attention and the transformer layers as their operator graphs, eval mode, no masks. */
    private static final class Attention {
        /** Attention's output, and its weights averaged over the heads. */
        record Heads(String output, String weights) {
        }

        /**
         * PyTorch's attention over batch-first q, k, v [B, L, E]: the rows of in_proj_weight project each,
         * bias_k/bias_v and a zero row (add_zero_attn) extend the keys and values, then per head
         * softmax(q·kᵀ/√d)·v, and out_proj.
         */
        static Heads attend(OnnxStep s, String prefix, String query, String key, String value, long heads) {
            long embed = s.inputShape().last();
            String inWeight = s.weight(prefix + "in_proj_weight");
            String inBias = s.weight(prefix + "in_proj_bias");
            long[] thirds = {embed, embed, embed};
            List<String> weights = s.node("Split", List.of(inWeight, s.ints(thirds)), 3, Attr.of("axis", 0));
            List<String> biases = inBias.isEmpty() ? List.of("", "", "")
                : s.node("Split", List.of(inBias, s.ints(thirds)), 3, Attr.of("axis", 0));
            String q = project(s, query, weights.get(0), biases.get(0));
            String k = extraSources(s, prefix, project(s, key, weights.get(1), biases.get(1)), "bias_k", embed);
            String v = extraSources(s, prefix, project(s, value, weights.get(2), biases.get(2)), "bias_v", embed);
            long headDim = embed / heads;
            String qh = s.graph().transpose(s.label(), s.node("Reshape", List.of(q, s.ints(0, -1, heads, headDim))),
                0, 2, 1, 3);
            String kt = s.graph().transpose(s.label(), s.node("Reshape", List.of(k, s.ints(0, -1, heads, headDim))),
                0, 2, 3, 1);
            String vh = s.graph().transpose(s.label(), s.node("Reshape", List.of(v, s.ints(0, -1, heads, headDim))),
                0, 2, 1, 3);
            String scores = s.node("Mul", List.of(s.node("MatMul", List.of(qh, kt)), s.floatScalar(1 / Math.sqrt(headDim))));
            String attention = s.node("Softmax", List.of(scores), Attr.of("axis", -1));
            String context = s.graph().transpose(s.label(), s.node("MatMul", List.of(attention, vh)), 0, 2, 1, 3);
            String joined = s.node("Reshape", List.of(context, s.ints(0, 0, embed)));
            String out = linear(s, joined, prefix + "out_proj.weight", prefix + "out_proj.bias", 3);
            return new Heads(out, s.graph().reduce("ReduceMean", s.label(), attention, new long[] {1}, false));
        }

        private static String project(OnnxStep s, String x, String weight, String bias) {
            String product = s.node("MatMul", List.of(x, s.graph().transpose(s.label(), weight, 1, 0)));
            return bias.isEmpty() ? product : s.node("Add", List.of(product, bias));
        }

        /** The keys or values, then bias_k or bias_v [1, 1, E] for every batch item, then a zero row. */
        private static String extraSources(OnnxStep s, String prefix, String projected, String biasKey, long embed) {
            String bias = s.weight(prefix + biasKey);
            boolean zero = s.args().hasArg("add_zero_attn") && s.args().boolValue("add_zero_attn");
            if (bias.isEmpty() && !zero) {
                return projected;
            }
            String batch = s.node("Shape", List.of(projected), Attr.of("start", 0), Attr.of("end", 1));
            String rows = s.node("Concat", List.of(batch, s.ints(1, embed)), Attr.of("axis", 0));
            List<String> parts = new ArrayList<>(List.of(projected));
            if (!bias.isEmpty()) {
                parts.add(s.node("Expand", List.of(bias, rows)));
            }
            if (zero) {
                parts.add(s.node("Expand", List.of(s.graph().floats(s.label(), new long[] {1, 1, embed},
                    new float[(int) embed]), rows)));
            }
            return s.node("Concat", parts, Attr.of("axis", 1));
        }

        /** A transformer layer or stack over its input (and memory, for a decoder), batch_first as check requires. */
        static String layers(OnnxStep s, boolean decoder, boolean stack) {
            JavaStep a = s.args();
            String x = s.input();
            String memory = decoder ? s.inputs().get(1) : null;
            long count = stack ? a.intValue("num_layers") : 1;
            for (long i = 0; i < count; i++) {
                x = layer(s, stack ? "layers." + i + "." : "", x, memory);
            }
            if (stack && a.boolValue("norm")) {
                x = norm(s, "norm.", x);
            }
            return x;
        }

        private static String layer(OnnxStep s, String prefix, String x, String memory) {
            boolean normFirst = s.args().boolValue("norm_first");
            long heads = s.args().intValue("nhead");
            List<String> blocks = new ArrayList<>(List.of("self_attn"));
            if (memory != null) {
                blocks.add("multihead_attn");
            }
            blocks.add("feed_forward");
            for (int i = 0; i < blocks.size(); i++) {
                String norm = prefix + "norm" + (i + 1) + ".";
                String in = normFirst ? norm(s, norm, x) : x;
                String block;
                if (blocks.get(i).equals("feed_forward")) {
                    String hidden = linear(s, in, prefix + "linear1.weight", prefix + "linear1.bias", 3);
                    hidden = s.args().stringValue("activation").equals("gelu") ? gelu(s, hidden, false)
                        : s.node("Relu", List.of(hidden));
                    block = linear(s, hidden, prefix + "linear2.weight", prefix + "linear2.bias", 3);
                } else {
                    String source = blocks.get(i).equals("self_attn") ? in : memory;
                    block = attend(s, prefix + blocks.get(i) + ".", in, source, source, heads).output();
                }
                String sum = s.node("Add", List.of(x, block));
                x = normFirst ? sum : norm(s, norm, sum);
            }
            return x;
        }

        private static String norm(OnnxStep s, String prefix, String x) {
            return s.node("LayerNormalization", List.of(x, s.weight(prefix + "weight"), s.weight(prefix + "bias")),
                Attr.of("axis", -1), Attr.of("epsilon", s.args().doubleValue("layer_norm_eps")));
        }
    }

    // ---- tensor operations and functions

    private static void addTensorOperations(Map<String, Mapping> table) {
        table.put("cat", one("Concat", s -> s.node("Concat", s.inputs(), Attr.of("axis", s.args().intValue("dim")))));
        table.put("add", one("Add", s -> chain(s, "Add")));
        table.put("mul", one("Mul", s -> chain(s, "Mul")));
        Map<String, String> reductions = Map.of("mean", "ReduceMean", "sum", "ReduceSum", "amax", "ReduceMax");
        reductions.forEach((name, op) -> table.put(name, one(op, s -> s.graph().reduce(op, s.label(), s.input(),
            s.args().sizes("dim"), s.args().boolValue("keepdim")))));
        table.put("permute", one("Transpose", s -> {
            long[] dims = s.args().sizes("dims");
            for (int i = 0; i < dims.length; i++) {
                dims[i] = OnnxStep.axis(dims[i], s.rank());
            }
            return s.graph().transpose(s.label(), s.input(), dims);
        }));
        table.put("transpose", one("Transpose", s -> {
            long[] perm = new long[s.rank()];
            for (int i = 0; i < perm.length; i++) {
                perm[i] = i;
            }
            int a = (int) OnnxStep.axis(s.args().intValue("dim0"), s.rank());
            int b = (int) OnnxStep.axis(s.args().intValue("dim1"), s.rank());
            perm[a] = b;
            perm[b] = a;
            return s.graph().transpose(s.label(), s.input(), perm);
        }));
        table.put("unsqueeze", one("Unsqueeze", s -> s.node("Unsqueeze", List.of(s.input(),
            s.ints(s.args().intValue("dim"))))));
        table.put("squeeze", one(Text.of("onnx.ops.squeeze"), OnnxLayers::squeeze));
        table.put("expand", one("Shape, Concat, Expand", OnnxLayers::expand));
        table.put("contiguous", one("Identity", OnnxLayers::identity));
        table.put("select", one("Gather", s -> s.node("Gather", List.of(s.input(),
            s.graph().intScalar(s.label(), s.args().intValue("index"))), Attr.of("axis", s.args().intValue("dim")))));
        table.put("stack", one("Unsqueeze, Concat", s -> {
            long dim = s.args().intValue("dim");
            List<String> parts = new ArrayList<>();
            for (String input : s.inputs()) {
                parts.add(s.node("Unsqueeze", List.of(input, s.ints(dim))));
            }
            return s.node("Concat", parts, Attr.of("axis", dim));
        }));
        table.put("chunk", new Mapping(Text.of("verbatim", "Split"), OnnxLayers::pieces));
        table.put("split", new Mapping(Text.of("verbatim", "Split"), OnnxLayers::pieces));
        table.put("unbind", new Mapping(Text.of("verbatim", "Split, Squeeze"), s -> {
            long axis = OnnxStep.axis(s.args().intValue("dim"), s.rank());
            long[] ones = new long[(int) s.inputShape().dim((int) axis - 1)];
            Arrays.fill(ones, 1);
            List<String> squeezed = new ArrayList<>();
            for (String piece : split(s, axis, ones)) {
                squeezed.add(s.node("Squeeze", List.of(piece, s.ints(axis))));
            }
            return squeezed;
        }));
    }

    /** Add or Mul of every input in turn. */
    private static String chain(OnnxStep s, String op) {
        String result = s.input();
        for (String input : s.inputs().subList(1, s.inputs().size())) {
            result = s.node(op, List.of(result, input));
        }
        return s.inputs().size() == 1 ? s.node("Identity", List.of(result)) : result;
    }

    /** squeeze(dim) of a dimension that is not 1 is a no-op in PyTorch; squeeze() drops every 1 after the batch. */
    private static String squeeze(OnnxStep s) {
        Shape in = s.inputShape();
        List<Long> axes = new ArrayList<>();
        if (!s.args().isNone("dim")) {
            long axis = OnnxStep.axis(s.args().intValue("dim"), s.rank());
            if (axis > 0 && in.dim((int) axis - 1) == 1) {
                axes.add(axis);
            }
        } else {
            for (int i = 0; i < in.size(); i++) {
                if (in.dim(i) == 1) {
                    axes.add((long) i + 1);
                }
            }
        }
        if (axes.isEmpty()) {
            return identity(s);
        }
        return s.node("Squeeze", List.of(s.input(), s.ints(axes.stream().mapToLong(Long::longValue).toArray())));
    }

    /** The batch read off the last input (the tensor itself, or the one a parameter is expanded to), the rest known. */
    private static String expand(OnnxStep s) {
        String batch = s.node("Shape", List.of(s.inputs().get(s.inputs().size() - 1)), Attr.of("start", 0),
            Attr.of("end", 1));
        String shape = s.node("Concat", List.of(batch, s.ints(s.output().dims())), Attr.of("axis", 0));
        return s.node("Expand", List.of(s.input(), shape));
    }

    /** chunk and split: the sizes of the pieces the trace gives, along the dimension. */
    private static List<String> pieces(OnnxStep s) {
        long axis = OnnxStep.axis(s.args().intValue("dim"), s.rank());
        List<Value> pieces = s.apply().returned().elements();
        long[] sizes = new long[pieces.size()];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = ((Value.Tensor) pieces.get(i)).shape().dim((int) axis - 1);
        }
        return split(s, axis, sizes);
    }

    private static List<String> split(OnnxStep s, long axis, long[] sizes) {
        return s.node("Split", List.of(s.input(), s.ints(sizes)), sizes.length, Attr.of("axis", axis));
    }

    private static void addFunctions(Map<String, Mapping> table) {
        Map<String, String> unary = Map.of("exp", "Exp", "log", "Log", "sqrt", "Sqrt", "abs", "Abs");
        unary.forEach((name, op) -> table.put(name, one(op, s -> s.node(op, List.of(s.input())))));
        table.put("rsqrt", one("Sqrt, Reciprocal", s -> s.node("Reciprocal", List.of(s.node("Sqrt",
            List.of(s.input()))))));
        table.put("pow", one("Pow", s -> s.node("Pow", List.of(s.input(), s.inputs().size() == 2 ? s.inputs().get(1)
            : s.graph().scalar(s.label(), JavaStep.number(s.args().arg("exponent")), s.dtype())))));
        table.put("clamp", one("Max, Min", OnnxLayers::clamp));
        table.put("where", one("Where", s -> s.node("Where", s.inputs().size() == 3 ? s.inputs()
            : List.of(s.input(), s.inputs().get(1), s.graph().scalar(s.label(),
            JavaStep.number(s.args().arg("other")), s.dtype())))));
        table.put("maskedfill", one("Where", s -> s.node("Where", List.of(s.inputs().get(1),
            s.graph().scalar(s.label(), JavaStep.number(s.args().arg("value")), s.dtype()), s.input()))));
        table.put("randnlike", one(Text.of("onnx.ops.randnlike"), s -> s.node("RandomNormalLike",
            List.of(s.input()), Attr.of("seed", (double) s.apply().id()))));
        table.put("randlike", one(Text.of("onnx.ops.randlike"), s -> s.node("RandomUniformLike",
            List.of(s.input()), Attr.of("seed", (double) s.apply().id()))));
        for (String product : List.of("matmul", "bmm")) {
            table.put(product, one("MatMul", s -> s.node("MatMul", s.inputs())));
        }
        table.put("einsum", one("Einsum", s -> s.node("Einsum", s.inputs(),
            Attr.of("equation", s.args().stringValue("equation")))));
    }

    /** Max with min and Min with max where given (Clip takes no int64 bounds in every runtime). */
    private static String clamp(OnnxStep s) {
        String x = s.input();
        if (!s.args().isNone("min")) {
            x = s.node("Max", List.of(x, s.graph().scalar(s.label(), JavaStep.number(s.args().arg("min")), s.dtype())));
        }
        if (!s.args().isNone("max")) {
            x = s.node("Min", List.of(x, s.graph().scalar(s.label(), JavaStep.number(s.args().arg("max")), s.dtype())));
        }
        return x == s.input() ? identity(s) : x;
    }

    // ---- resampling and padding

    private static void addResampling(Map<String, Mapping> table) {
        table.put("upsample", one("Gather (nearest), Resize (linear, cubic)", OnnxLayers::upsample));
        table.put("pixelshuffle", one("Reshape, Transpose, Reshape", s -> shuffle(s, s.args().intValue("upscale_factor"),
            true)));
        table.put("pixelunshuffle", one("Reshape, Transpose, Reshape", s -> shuffle(s,
            s.args().intValue("downscale_factor"), false)));
        Map<String, String> modes = Map.of("zeropad", "constant", "constantpad", "constant", "reflectionpad", "reflect",
            "replicationpad", "edge");
        modes.forEach((name, mode) -> {
            for (int d = 1; d <= 3; d++) {
                int dims = d;
                table.put(name + d + "d", one("Pad (" + mode + ")", s -> padLayer(s, dims, mode)));
            }
        });
    }

    /** PyTorch's (left, right, top, bottom, ...) order, last dimension first; one integer pads every side. */
    private static String padLayer(OnnxStep s, int dims, String mode) {
        long[] given = s.args().sizes("padding");
        long[] pads = new long[2 * dims];
        for (int i = 0; i < dims; i++) {
            int torch = 2 * (dims - 1 - i);
            pads[i] = given[given.length == 1 ? 0 : torch];
            pads[dims + i] = given[given.length == 1 ? 0 : torch + 1];
        }
        String value = s.args().hasArg("value") ? s.floatScalar(s.args().doubleValue("value")) : "";
        return pad(s, s.input(), pads, mode, value);
    }

    /**
     * Resize to the known output size. PyTorch's nearest is ONNX's asymmetric floor; linear and cubic
     * use half-pixel centres (clamped at 0 for linear, as PyTorch) or align_corners, cubic with a = -0.75;
     * a scale_factor given maps coordinates by itself, as PyTorch does, so it is passed as the scales.
     */
    private static String upsample(OnnxStep s) {
        String mode = s.args().stringValue("mode");
        boolean alignCorners = s.args().arg("align_corners") instanceof Value.Bool && s.args().boolValue("align_corners");
        if (mode.equals("nearest")) {
            return nearest(s);
        }
        List<Attr> attributes = new ArrayList<>();
        boolean cubic = mode.equals("bicubic");
        attributes.add(Attr.of("mode", cubic ? "cubic" : "linear"));
        attributes.add(Attr.of("coordinate_transformation_mode", alignCorners ? "align_corners"
            : cubic ? "half_pixel" : "pytorch_half_pixel"));
        if (cubic) {
            attributes.add(Attr.of("cubic_coeff_a", -0.75));
        }
        Value factor = s.args().arg("scale_factor");
        int rank = s.rank();
        if (factor instanceof Value.None) {
            long[] sizes = new long[rank - 2];
            for (int i = 0; i < sizes.length; i++) {
                sizes[i] = s.output().dim(i + 1);
            }
            String batchAndChannels = s.node("Shape", List.of(s.input()), Attr.of("start", 0), Attr.of("end", 2));
            String target = s.node("Concat", List.of(batchAndChannels, s.ints(sizes)), Attr.of("axis", 0));
            return s.node("Resize", List.of(s.input(), "", "", target), attributes.toArray(Attr[]::new));
        }
        List<Value> factors = factor instanceof Value.Tuple tuple ? tuple.elements()
            : Collections.nCopies(rank - 2, factor);
        float[] scales = new float[rank];
        scales[0] = 1;
        scales[1] = 1;
        for (int i = 0; i < factors.size(); i++) {
            scales[i + 2] = (float) JavaStep.number(factors.get(i));
        }
        return s.node("Resize", List.of(s.input(), "", s.graph().floats(s.label(), new long[] {rank}, scales)),
            attributes.toArray(Attr[]::new));
    }

    /**
     * PyTorch's nearest (not nearest-exact): output j of each spatial dimension reads input
     * min(⌊j·scale⌋, in - 1) in float32, scale being 1/scale_factor when given, else in/out. A Gather of
     * those indices is exact, where Resize recomputes the scale from the sizes (ONNX Runtime does).
     */
    private static String nearest(OnnxStep s) {
        Value factor = s.args().arg("scale_factor");
        int d = s.rank() - 2;
        String x = s.input();
        for (int i = 0; i < d; i++) {
            long in = s.inputShape().dim(i + 1);
            long out = s.output().dim(i + 1);
            Value given = factor instanceof Value.Tuple tuple ? tuple.elements().get(i) : factor;
            float scale = given instanceof Value.None ? (float) in / out : (float) (1.0 / JavaStep.number(given));
            long[] indices = new long[(int) out];
            for (int j = 0; j < indices.length; j++) {
                indices[j] = Math.min((long) Math.floor(j * scale), in - 1);
            }
            x = s.node("Gather", List.of(x, s.ints(indices)), Attr.of("axis", i + 2));
        }
        return x;
    }

    /**
     * pixel_shuffle as PyTorch defines it, by reshapes and a transpose: [C·r·r, H, W] to [C, H·r, W·r]
     * (ONNX's DepthToSpace CRD is the same, but SpaceToDepth has the other channel order).
     */
    private static String shuffle(OnnxStep s, long r, boolean up) {
        Shape in = s.inputShape();
        int n = in.size();
        long c = in.dim(n - 3);
        long h = in.dim(n - 2);
        long w = in.dim(n - 1);
        long[] lead = Arrays.copyOf(in.dims(), n - 3);
        long[] split;
        long[] perm;
        if (up) {
            split = concat(lead, c / (r * r), r, r, h, w);
            perm = permutation(lead.length + 1, 0, 3, 1, 4, 2);
        } else {
            split = concat(lead, c, h / r, r, w / r, r);
            perm = permutation(lead.length + 1, 0, 2, 4, 1, 3);
        }
        String parts = s.graph().reshape(s.label(), s.input(), split);
        String moved = s.graph().transpose(s.label(), parts, perm);
        return s.graph().reshape(s.label(), moved, s.output().dims());
    }

    private static long[] concat(long[] lead, long... rest) {
        long[] all = Arrays.copyOf(lead, lead.length + rest.length);
        System.arraycopy(rest, 0, all, lead.length, rest.length);
        return all;
    }

    /** The identity on the first {@code fixed} axes, then {@code tail} offset by {@code fixed}. */
    private static long[] permutation(int fixed, long... tail) {
        long[] perm = new long[fixed + tail.length];
        for (int i = 0; i < fixed; i++) {
            perm[i] = i;
        }
        for (int i = 0; i < tail.length; i++) {
            perm[fixed + i] = fixed + tail[i];
        }
        return perm;
    }
}
