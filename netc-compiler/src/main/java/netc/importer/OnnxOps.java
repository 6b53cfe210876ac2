package netc.importer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import netc.diagnostics.Code;
import netc.diagnostics.Text;
import netc.onnx.OnnxProto.AttributeProto;
import netc.onnx.OnnxProto.NodeProto;
import netc.runtime.LongTensor;
import netc.runtime.SafeTensors;
import netc.runtime.Tensor;

/**
 * Each computing node of an ONNX graph as one step of a .net model: a catalogue layer with its
 * arguments (PyTorch's defaults left out) and its state_dict entries, a functional reshape, a sum or
 * a concatenation; shapes are followed from the input so that sizes (in_features, an adaptive pool's
 * size) can be written. Nodes that have no such step are collected, all of them, for one error.
 */
final class OnnxOps {
    /**
     * OPERATOR: {@code text} is + or * between tensors, or a number and its operator before one ({@code 0.5 *}),
     * or an expression of one tensor, {@code {}} ({@code {} + pos_embedding}); INDEX: {@code text} is the
     * brackets after the tensor ({@code [:, :24]}); EMPTY_BLOCK: the block of the node's name, which gives its
     * input back; TUPLE_LAYER: a layer returning a tuple, the step's output its first element
     * (multiheadattention's output, its weights unread); STATE_LAYER: a recurrent layer whose final state h_n
     * the model reads, not its sequence, the step's output that second element.
     */
    enum Kind { LAYER, FUNCTION, OPERATOR, CAT, INDEX, EMPTY_BLOCK, TUPLE_LAYER, STATE_LAYER }

    /** One step: for a LAYER, {@code text} is the call without label or F. ({@code conv2d(3, 64, k=7)}). */
    record Op(NodeProto node, Kind kind, String text, List<String> inputs, String output,
              Map<String, SafeTensors.Stored> state, List<String> stateNames) {
    }

    /** The op types {@link #map} knows (some of them only with some attributes). */
    private static final java.util.Set<String> MAPPED = java.util.Set.of("Identity", "Conv", "ConvTranspose", "BatchNormalization", "Gemm",
        "Relu", "Sigmoid", "Tanh", "LeakyRelu", "Softmax", "LogSoftmax", "Clip", "MaxPool", "AveragePool",
        "GlobalAveragePool", "GlobalMaxPool", "Flatten", "Dropout", "Reshape", "Add", "Concat", "Gather", "Transpose", "ReduceMax", "Mul", "Exp", "RandomNormalLike",
        "Slice", "ReduceMean");

    private final OnnxGraph graph;
    private final Map<String, long[]> shapes = new HashMap<>();
    private final Map<String, String> aliases = new HashMap<>();
    /** The values that hold int64 indices: the inputs that are int64. */
    private final java.util.Set<String> integers = new java.util.HashSet<>();
    /** Op type (with what is unsupported about it) to the nodes of it, for the error. */
    private final Map<Text, List<Text>> unsupported = new TreeMap<>(Comparator.comparing(Text::english));
    /** Each Slice's output: what it takes of each dimension ({@code :-1}), null where it takes all. */
    private final Map<String, String[]> indexParts = new HashMap<>();
    /** The recurrent layers netc onnx's groups of nodes are, by each node of the group. */
    private final Map<NodeProto, OnnxRecurrent.Layer> recurrent = new HashMap<>();

    private OnnxOps(OnnxGraph graph) {
        this.graph = graph;
        for (OnnxGraph.Input input : graph.inputs) {
            shapes.put(input.name(), input.shape());
            if (input.integer()) {
                integers.add(input.name());
            }
        }
    }

    /** The graph's steps in order, and the values the graph returns (through Identity nodes). */
    record Steps(List<Op> ops, List<String> outputs) {
    }

    static Steps of(OnnxGraph graph) throws ImportException {
        OnnxOps mapper = new OnnxOps(graph);
        LayerGroups groups = LayerGroups.of(graph);
        mapper.recurrent.putAll(OnnxRecurrent.find(graph));
        List<Op> ops = new ArrayList<>();
        for (NodeProto node : graph.nodes) {
            Op op = groups.of(node) == null ? mapper.map(node) : mapper.group(groups, groups.of(node), node);
            if (op != null) {
                ops.add(op);
            }
        }
        if (!mapper.unsupported.isEmpty()) {
            int count = mapper.unsupported.values().stream().mapToInt(List::size).sum();
            List<Text> notes = new ArrayList<>();
            mapper.unsupported.forEach((op, nodes) -> {
                Text shown = Text.joined("list.comma", nodes.subList(0, Math.min(5, nodes.size())));
                notes.add(nodes.size() > 5 ? Text.of("importer.unsupported_note_more", op, nodes.size(), shown, nodes.size() - 5)
                    : Text.of("importer.unsupported_note", op, nodes.size(), shown));
            });
            int kinds = mapper.unsupported.size();
            throw new ImportException(Code.ONNX_UNSUPPORTED_OPERATORS, Text.of("importer.unsupported_operators", count,
                Text.plural(count), kinds, Text.plural(kinds), Text.joined("list.comma", List.copyOf(mapper.unsupported.keySet()))),
                notes);
        }
        List<String> outputs = graph.outputNames.stream().map(mapper::resolve).toList();
        return new Steps(mapper.mergeIndexing(ops, outputs), outputs);
    }

    private String resolve(String value) {
        String at = value;
        while (aliases.containsKey(at)) {
            at = aliases.get(at);
        }
        return at;
    }

    /** The step of a node; null for an Identity (its output is its input) or a node reported unsupported. */
    private Op map(NodeProto node) throws ImportException {
        if (recurrent.containsKey(node)) {
            OnnxRecurrent.Layer layer = recurrent.get(node);
            return OnnxGraph.output(node).equals(layer.output()) ? recurrent(node, layer) : null;
        }
        List<String> tensors = new ArrayList<>();
        for (String in : node.getInputList()) {
            if (!in.isEmpty() && !graph.constants.containsKey(in)) {
                String value = resolve(in);
                if (!shapes.containsKey(value)) { // computed by a node already reported: report this one only if unknown
                    return MAPPED.contains(node.getOpType()) && isDefaultDomain(node) ? null
                        : skip(node, OnnxGraph.printable(kind(node)));
                }
                tensors.add(value);
            }
        }
        String type = node.getOpType();
        if (!isDefaultDomain(node)) {
            return skip(node, OnnxGraph.printable(kind(node)));
        }
        if (tensors.isEmpty()) {
            return skip(node, Text.of("importer.skip_constants_only", type));
        }
        long[] in = shapes.get(tensors.get(0));
        if (!type.equals("Identity") && !type.equals("Gather") && tensors.stream().anyMatch(integers::contains)) {
            return skip(node, Text.of("importer.skip_integer", type));
        }
        switch (type) {
            case "Identity":
                aliases.put(OnnxGraph.output(node), tensors.get(0));
                return null;
            case "Conv":
                return conv(node, tensors, in);
            case "ConvTranspose":
                return convTranspose(node, tensors, in);
            case "BatchNormalization":
                return batchNorm(node, tensors, in);
            case "Gemm":
                return gemm(node, tensors, in);
            case "Relu":
                return simple(node, tensors, "relu", in);
            case "Sigmoid":
                return simple(node, tensors, "sigmoid", in);
            case "Tanh":
                return simple(node, tensors, "tanh", in);
            case "LeakyRelu": {
                float alpha = OnnxGraph.floatAttribute(node, "alpha", 0.01f);
                return simple(node, tensors, alpha == 0.01f ? "leakyrelu" : "leakyrelu(" + number(alpha) + ")", in);
            }
            case "Softmax":
            case "LogSoftmax": {
                long axis = OnnxGraph.intAttribute(node, "axis", graph.opset() >= 13 ? -1 : 1);
                return simple(node, tensors, type.toLowerCase() + "(dim=" + axis + ")", in);
            }
            case "Clip":
                return clip(node, tensors, in);
            case "MaxPool":
            case "AveragePool":
                return pool(node, tensors, in);
            case "GlobalAveragePool":
            case "GlobalMaxPool": {
                if (in.length < 3) {
                    throw invalid(node, "importer.needs_spatial", Arrays.toString(in));
                }
                long[] out = in.clone();
                Arrays.fill(out, 2, out.length, 1);
                String layer = type.equals("GlobalAveragePool") ? "adaptiveavgpool" : "adaptivemaxpool";
                return layer(node, tensors, layer + "(" + outputSize(Arrays.copyOfRange(out, 2, out.length)) + ")", out,
                    Map.of(), List.of());
            }
            case "Flatten":
                if (OnnxGraph.intAttribute(node, "axis", 1) != 1 || in.length < 2) {
                    return skip(node, Text.of("importer.skip_flatten_axis"));
                }
                return layer(node, tensors, "flatten", new long[] {in[0], LongStream.of(in).skip(1).reduce(1, (a, b) -> a * b)},
                    Map.of(), List.of());
            case "Dropout":
                if (node.getOutputCount() > 1 && !node.getOutput(1).isEmpty()) {
                    return skip(node, Text.of("importer.skip_dropout_mask"));
                }
                return dropout(node, tensors, in);
            case "Reshape":
                return reshape(node, tensors, in);
            case "Add":
                return add(node, tensors, in);
            case "Concat":
                return concat(node, tensors, in);
            case "Gather":
                return gather(node, tensors, in);
            case "Transpose":
                return transpose(node, tensors, in);
            case "Mul":
                return mul(node, tensors, in);
            case "Exp":
                return function(node, tensors, "torch.exp", in);
            case "RandomNormalLike":
                // a dtype, mean or scale of its own is not randn_like's; a seed only fixes the draw (netc onnx's numbers it)
                if (node.getAttributeList().stream().anyMatch(a -> !a.getName().equals("seed"))) {
                    return skip(node, Text.of("importer.skip_random_normal"));
                }
                return function(node, tensors, "torch.randn_like", in);
            case "ReduceMax":
                return reduceMax(node, tensors, in);
            case "ReduceMean":
                return reduceMean(node, tensors, in);
            case "Slice":
                return slice(node, tensors, in);
            default:
                return skip(node, OnnxGraph.printable(type));
        }
    }

    /** The step of a group of nodes that is one layer, at the group's last node; null at the others, or when its input is unknown. */
    private Op group(LayerGroups groups, LayerGroups.Group group, NodeProto node) throws ImportException {
        String input = resolve(group.input());
        if (node != group.last() || !shapes.containsKey(input)) {
            return null;
        }
        if (integers.contains(input)) {
            return skip(node, Text.of("importer.skip_integer", node.getOpType()));
        }
        LayerGroups.Step step = groups.step(group, shapes.get(input));
        shapes.put(group.output(), step.shape());
        return new Op(group.named(), step.kind(), step.text(), List.of(input), group.output(), step.state(), step.stateNames());
    }

    private static boolean isDefaultDomain(NodeProto node) {
        return node.getDomain().isEmpty() || node.getDomain().equals("ai.onnx");
    }

    /**
     * A node's operator as the error lists it: with its domain when it is another's (a custom operator,
     * or the local function torch.onnx writes a module as: torchvision.models.resnet.BasicBlock).
     */
    private static String kind(NodeProto node) {
        return isDefaultDomain(node) ? node.getOpType() : node.getDomain() + "." + node.getOpType();
    }

    /** Notes {@code node} as one netc import cannot write; {@code what} is its op type and what about it. */
    private Op skip(NodeProto node, Text what) {
        unsupported.computeIfAbsent(what, k -> new ArrayList<>()).add(node.getName().isEmpty()
            ? Text.of("importer.quoted", OnnxGraph.printable(node.getOutputCount() > 0 ? node.getOutput(0) : ""))
            : OnnxGraph.printable(node.getName()));
        return null;
    }

    private Op layer(NodeProto node, List<String> tensors, String text, long[] out, Map<String, SafeTensors.Stored> state,
                     List<String> stateNames) {
        shapes.put(OnnxGraph.output(node), out);
        return new Op(node, Kind.LAYER, text, List.of(tensors.get(0)), OnnxGraph.output(node), state, stateNames);
    }

    private Op simple(NodeProto node, List<String> tensors, String text, long[] in) {
        return layer(node, tensors, text, in, Map.of(), List.of());
    }

    private OnnxGraph.Constant constantInput(NodeProto node, int index, String what) throws ImportException {
        if (index >= node.getInputCount() || node.getInput(index).isEmpty()) {
            return null;
        }
        OnnxGraph.Constant constant = graph.constants.get(node.getInput(index));
        if (constant == null) {
            throw new ImportException(Code.ONNX_UNSUPPORTED_STRUCTURE, Text.of("importer.computed_input", OnnxGraph.describe(node),
                what, OnnxGraph.printable(node.getInput(index))));
        }
        return constant;
    }

    /** {@code node} does not hold together: the key {@code key} with the node and {@code args} after it. */
    static ImportException invalid(NodeProto node, String key, Object... args) {
        Object[] all = new Object[args.length + 1];
        all[0] = OnnxGraph.describe(node);
        System.arraycopy(args, 0, all, 1, args.length);
        return new ImportException(Code.ONNX_INVALID_GRAPH, Text.of(key, all));
    }

    private Op conv(NodeProto node, List<String> tensors, long[] in) throws ImportException {
        OnnxGraph.Constant weight = constantInput(node, 1, "weight");
        OnnxGraph.Constant bias = constantInput(node, 2, "bias");
        if (weight == null || weight.shape().length < 3 || weight.shape().length > 5 || weight.shape().length != in.length) {
            throw invalid(node, "importer.conv_weight_rank", in.length);
        }
        int rank = in.length - 2;
        long group = OnnxGraph.intAttribute(node, "group", 1);
        int[] w = weight.shape();
        if (group < 1 || w[1] * group != in[1] || w[0] % group != 0) {
            throw invalid(node, "importer.conv_groups", Arrays.toString(w), group, in[1]);
        }
        if (bias != null && (bias.shape().length != 1 || bias.shape()[0] != w[0])) {
            throw invalid(node, "importer.conv_bias", Arrays.toString(bias.shape()), w[0]);
        }
        String autoPad = autoPad(node);
        if (!autoPad.equals("NOTSET") && !autoPad.equals("VALID")) {
            return skip(node, Text.of("importer.skip_auto_pad", "Conv", OnnxGraph.printable(autoPad)));
        }
        long[] kernel = Arrays.stream(w).skip(2).asLongStream().toArray();
        long[] strides = orOnes(OnnxGraph.intsAttribute(node, "strides"), rank, node, "strides");
        long[] dilations = orOnes(OnnxGraph.intsAttribute(node, "dilations"), rank, node, "dilations");
        long[] pads = symmetricPads(node, rank);
        if (pads == null) {
            return skip(node, Text.of("importer.skip_uneven_pads", "Conv"));
        }
        long[] out = in.clone();
        out[1] = w[0];
        for (int i = 0; i < rank; i++) {
            out[i + 2] = (in[i + 2] + 2 * pads[i] - dilations[i] * (kernel[i] - 1) - 1) / strides[i] + 1;
            if (out[i + 2] < 1) {
                throw invalid(node, "importer.kernel_too_large");
            }
        }
        StringBuilder text = new StringBuilder("conv" + rank + "d(" + in[1] + ", " + w[0] + ", k=" + sizes(kernel));
        option(text, "s", strides, 1);
        option(text, "p", pads, 0);
        option(text, "d", dilations, 1);
        if (group != 1) {
            text.append(", g=").append(group);
        }
        if (bias == null) {
            text.append(", bias=false");
        }
        text.append(')');
        Map<String, SafeTensors.Stored> state = new LinkedHashMap<>();
        state.put("weight", weight.stored());
        List<String> names = new ArrayList<>(List.of(node.getInput(1)));
        if (bias != null) {
            state.put("bias", bias.stored());
            names.add(node.getInput(2));
        }
        return layer(node, tensors, text.toString(), out, state, names);
    }

    /** ConvTranspose: its weight [in, out / groups, kernel...], PyTorch's layout. */
    private Op convTranspose(NodeProto node, List<String> tensors, long[] in) throws ImportException {
        OnnxGraph.Constant weight = constantInput(node, 1, "weight");
        OnnxGraph.Constant bias = constantInput(node, 2, "bias");
        if (weight == null || weight.shape().length < 3 || weight.shape().length > 5 || weight.shape().length != in.length) {
            throw invalid(node, "importer.conv_weight_rank", in.length);
        }
        int rank = in.length - 2;
        long group = OnnxGraph.intAttribute(node, "group", 1);
        int[] w = weight.shape();
        if (group < 1 || w[0] != in[1] || w[0] % group != 0) {
            throw invalid(node, "importer.conv_groups", Arrays.toString(w), group, in[1]);
        }
        long outChannels = w[1] * group;
        if (bias != null && (bias.shape().length != 1 || bias.shape()[0] != outChannels)) {
            throw invalid(node, "importer.conv_bias", Arrays.toString(bias.shape()), outChannels);
        }
        String autoPad = autoPad(node);
        if (!autoPad.equals("NOTSET") && !autoPad.equals("VALID")) {
            return skip(node, Text.of("importer.skip_auto_pad", "ConvTranspose", OnnxGraph.printable(autoPad)));
        }
        if (OnnxGraph.intsAttribute(node, "output_shape") != null) {
            return skip(node, Text.of("importer.skip_output_shape", "ConvTranspose"));
        }
        long[] kernel = Arrays.stream(w).skip(2).asLongStream().toArray();
        long[] strides = orOnes(OnnxGraph.intsAttribute(node, "strides"), rank, node, "strides");
        long[] dilations = orOnes(OnnxGraph.intsAttribute(node, "dilations"), rank, node, "dilations");
        long[] pads = symmetricPads(node, rank);
        if (pads == null) {
            return skip(node, Text.of("importer.skip_uneven_pads", "ConvTranspose"));
        }
        long[] outputPadding = OnnxGraph.intsAttribute(node, "output_padding");
        if (outputPadding == null) {
            outputPadding = new long[rank];
        } else if (outputPadding.length != rank || LongStream.of(outputPadding).anyMatch(p -> p < 0)) {
            throw invalid(node, "importer.output_padding_rank", Arrays.toString(outputPadding), rank);
        }
        long[] out = in.clone();
        out[1] = outChannels;
        for (int i = 0; i < rank; i++) {
            out[i + 2] = (in[i + 2] - 1) * strides[i] - 2 * pads[i] + dilations[i] * (kernel[i] - 1) + outputPadding[i] + 1;
            if (out[i + 2] < 1) {
                throw invalid(node, "importer.padding_larger_than_output");
            }
        }
        StringBuilder text = new StringBuilder("convtranspose" + rank + "d(" + in[1] + ", " + outChannels + ", k="
            + sizes(kernel));
        option(text, "s", strides, 1);
        option(text, "p", pads, 0);
        option(text, "output_padding", outputPadding, 0);
        if (group != 1) {
            text.append(", g=").append(group);
        }
        if (bias == null) {
            text.append(", bias=false");
        }
        option(text, "d", dilations, 1);
        text.append(')');
        Map<String, SafeTensors.Stored> state = new LinkedHashMap<>();
        state.put("weight", weight.stored());
        List<String> names = new ArrayList<>(List.of(node.getInput(1)));
        if (bias != null) {
            state.put("bias", bias.stored());
            names.add(node.getInput(2));
        }
        return layer(node, tensors, text.toString(), out, state, names);
    }

    private Op batchNorm(NodeProto node, List<String> tensors, long[] in) throws ImportException {
        List<OnnxGraph.Constant> parts = new ArrayList<>();
        String[] keys = {"weight", "bias", "running_mean", "running_var"};
        for (int i = 0; i < 4; i++) {
            OnnxGraph.Constant part = constantInput(node, i + 1, keys[i]);
            if (part == null || part.shape().length != 1 || in.length < 2 || part.shape()[0] != in[1]) {
                throw invalid(node, "importer.batchnorm_shape", keys[i], in.length < 2 ? "C" : in[1]);
            }
            parts.add(part);
        }
        if (node.getOutputCount() > 1 && node.getOutputList().subList(1, node.getOutputCount()).stream()
                .anyMatch(o -> !o.isEmpty())) {
            return skip(node, Text.of("importer.skip_batchnorm_training"));
        }
        float eps = OnnxGraph.floatAttribute(node, "epsilon", 1e-5f);
        Map<String, SafeTensors.Stored> state = new LinkedHashMap<>();
        for (int i = 0; i < 4; i++) {
            state.put(keys[i], parts.get(i).stored());
        }
        state.put("num_batches_tracked", SafeTensors.Stored.of(new LongTensor(new long[] {0})));
        String text = "batchnorm(" + in[1] + (eps == 1e-5f ? "" : ", eps=" + number(eps)) + ")";
        return layer(node, tensors, text, in, state, node.getInputList().subList(1, 5));
    }

    private Op gemm(NodeProto node, List<String> tensors, long[] in) throws ImportException {
        OnnxGraph.Constant b = constantInput(node, 1, "weight");
        OnnxGraph.Constant c = constantInput(node, 2, "bias");
        if (OnnxGraph.floatAttribute(node, "alpha", 1) != 1 || OnnxGraph.floatAttribute(node, "beta", 1) != 1
                || OnnxGraph.intAttribute(node, "transA", 0) != 0 || b == null || in.length != 2) {
            return skip(node, Text.of("importer.skip_gemm"));
        }
        boolean transposed = OnnxGraph.intAttribute(node, "transB", 0) != 0;
        int[] shape = b.shape();
        if (shape.length != 2 || shape[transposed ? 1 : 0] != in[1]) {
            throw invalid(node, transposed ? "importer.gemm_weight_transposed" : "importer.gemm_weight",
                Arrays.toString(shape), in[1]);
        }
        int outFeatures = shape[transposed ? 0 : 1];
        SafeTensors.Stored weight = transposed ? b.stored() : SafeTensors.Stored.of(transpose(b.floats(), shape[0], shape[1]));
        Map<String, SafeTensors.Stored> state = new LinkedHashMap<>();
        state.put("weight", weight);
        List<String> names = new ArrayList<>(List.of(node.getInput(1)));
        if (c != null) {
            if (c.floats().length != outFeatures || (c.shape().length == 2 && c.shape()[0] != 1) || c.shape().length > 2) {
                return skip(node, Text.of("importer.skip_gemm_broadcast"));
            }
            SafeTensors.Stored bias = c.stored();
            state.put("bias", new SafeTensors.Stored(bias.dtype(), new int[] {outFeatures}, bias.data()));
            names.add(node.getInput(2));
        }
        String text = "linear(" + in[1] + ", " + outFeatures + (c == null ? ", bias=false" : "") + ")";
        return layer(node, tensors, text, new long[] {in[0], outFeatures}, state, names);
    }

    private static Tensor transpose(float[] data, int rows, int columns) {
        float[] out = new float[data.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                out[c * rows + r] = data[r * columns + c];
            }
        }
        return new Tensor(out, columns, rows);
    }

    private Op clip(NodeProto node, List<String> tensors, long[] in) throws ImportException {
        Float min;
        Float max;
        if (graph.opset() < 11) {
            AttributeProto low = OnnxGraph.optional(node, "min", AttributeProto.AttributeType.FLOAT);
            AttributeProto high = OnnxGraph.optional(node, "max", AttributeProto.AttributeType.FLOAT);
            min = low == null ? null : low.getF();
            max = high == null ? null : high.getF();
        } else {
            OnnxGraph.Constant low = constantInput(node, 1, "min");
            OnnxGraph.Constant high = constantInput(node, 2, "max");
            min = low == null || low.floats().length != 1 ? null : low.floats()[0];
            max = high == null || high.floats().length != 1 ? null : high.floats()[0];
        }
        if (min == null || max == null) {
            return skip(node, Text.of("importer.skip_clip"));
        }
        return simple(node, tensors, min == 0 && max == 6 ? "relu6" : "hardtanh(" + number(min) + ", " + number(max) + ")", in);
    }

    private Op pool(NodeProto node, List<String> tensors, long[] in) throws ImportException {
        String type = node.getOpType();
        int rank = in.length - 2;
        long[] kernel = OnnxGraph.intsAttribute(node, "kernel_shape");
        if (rank < 1 || kernel == null || kernel.length != rank) {
            throw invalid(node, "importer.kernel_shape", Math.max(rank, 1));
        }
        if (node.getOutputCount() > 1 && !node.getOutput(1).isEmpty()) {
            return skip(node, Text.of("importer.skip_indices", type));
        }
        if (!autoPad(node).equals("NOTSET") && !autoPad(node).equals("VALID")) {
            return skip(node, Text.of("importer.skip_auto_pad", type, OnnxGraph.printable(autoPad(node))));
        }
        long[] strides = orOnes(OnnxGraph.intsAttribute(node, "strides"), rank, node, "strides");
        long[] dilations = orOnes(OnnxGraph.intsAttribute(node, "dilations"), rank, node, "dilations");
        long[] pads = symmetricPads(node, rank);
        if (pads == null) {
            return skip(node, Text.of("importer.skip_uneven_pads", type));
        }
        boolean ceil = OnnxGraph.intAttribute(node, "ceil_mode", 0) != 0;
        long[] out = in.clone();
        for (int i = 0; i < rank; i++) {
            if (kernel[i] < 1 || 2 * pads[i] > kernel[i]) {
                throw invalid(node, "importer.pool_padding", kernel[i], pads[i]);
            }
            long span = in[i + 2] + 2 * pads[i] - dilations[i] * (kernel[i] - 1) - 1;
            long size = (ceil ? Math.floorDiv(span + strides[i] - 1, strides[i]) : Math.floorDiv(span, strides[i])) + 1;
            if (ceil && (size - 1) * strides[i] >= in[i + 2] + pads[i]) {
                size--; // PyTorch's rule: the last window starts inside the input or its left padding
            }
            if (size < 1) {
                throw invalid(node, "importer.window_too_large");
            }
            out[i + 2] = size;
        }
        boolean average = type.equals("AveragePool");
        boolean ones = LongStream.of(kernel).allMatch(k -> k == 1) && LongStream.of(strides).allMatch(s -> s == 1)
            && LongStream.of(pads).allMatch(p -> p == 0);
        if (average && ones) {
            // PyTorch exports AdaptiveAvgPool2d((7, 7)) of a 7x7 input so; an AvgPool2d(1) does nothing
            return simple(node, tensors, "adaptiveavgpool(" + outputSize(Arrays.copyOfRange(in, 2, in.length)) + ")", in);
        }
        StringBuilder text = new StringBuilder((average ? "avgpool(" : "maxpool(") + sizes(kernel));
        if (!Arrays.equals(strides, kernel)) {
            text.append(", s=").append(sizes(strides));
        }
        option(text, "p", pads, 0);
        if (average && LongStream.of(dilations).anyMatch(d -> d != 1)) {
            return skip(node, Text.of("importer.skip_average_dilations"));
        }
        option(text, "d", dilations, 1);
        if (ceil) {
            text.append(", ceil_mode=true");
        }
        if (average && OnnxGraph.intAttribute(node, "count_include_pad", 0) == 0 && LongStream.of(pads).anyMatch(p -> p != 0)) {
            text.append(", count_include_pad=false");
        }
        return layer(node, tensors, text.append(')').toString(), out, Map.of(), List.of());
    }

    private Op reshape(NodeProto node, List<String> tensors, long[] in) throws ImportException {
        OnnxGraph.Constant shape = constantInput(node, 1, "shape");
        if (shape == null || shape.longs() == null || shape.longs().length < 1
                || (shape.longs()[0] != 0 && shape.longs()[0] != in[0] && !batchInferred(shape.longs(), in))) {
            return skip(node, Text.of("importer.skip_reshape_batch"));
        }
        long[] target = shape.longs().clone();
        if (target[0] == -1) {
            target[0] = 0; // the batch, inferred from sizes that keep every other element: kept
        }
        long known = 1;
        int inferred = -1;
        long[] out = new long[target.length];
        for (int i = 0; i < target.length; i++) {
            out[i] = target[i] == 0 && i < in.length ? in[i] : target[i];
            if (out[i] == -1 && inferred < 0) {
                inferred = i;
            } else if (out[i] < 1) {
                throw invalid(node, "importer.reshape_to", Arrays.toString(target));
            } else {
                known *= out[i];
            }
        }
        long total = LongStream.of(in).reduce(1, (a, b) -> a * b);
        if (inferred >= 0) {
            out[inferred] = total % known == 0 ? total / known : -2;
        }
        if (LongStream.of(out).reduce(1, (a, b) -> a * b) != total) {
            throw invalid(node, "importer.reshape_from_to", Arrays.toString(in), Arrays.toString(target));
        }
        long[] written = Arrays.copyOfRange(target, 1, target.length);
        for (int i = 0; i < written.length; i++) {
            written[i] = written[i] == 0 ? out[i + 1] : written[i];
        }
        int split = unflattened(in, out);
        if (split > 0 && NetWriter.scope(node.getName()) != null && !node.getName().startsWith("/")) {
            // a module netc onnx named (dec.0): nn.Unflatten, which has a row and a place in its group
            long[] sizes = Arrays.copyOfRange(out, split, split + out.length - in.length + 1);
            return layer(node, tensors, "unflatten(" + split + ", " + sizes(sizes, true) + ")", out, Map.of(), List.of());
        }
        shapes.put(OnnxGraph.output(node), out);
        return new Op(node, Kind.FUNCTION, "view(" + LongStream.of(written).mapToObj(Long::toString)
            .collect(Collectors.joining(", ")) + ")", List.of(tensors.get(0)), OnnxGraph.output(node), Map.of(), List.of());
    }

    /** The dimension a reshape splits into several, the others kept; -1 when it does something else. */
    private static int unflattened(long[] in, long[] out) {
        int added = out.length - in.length;
        int split = 0;
        while (split < in.length && in[split] == out[split]) {
            split++;
        }
        if (added < 1 || split == in.length
                || !Arrays.equals(Arrays.copyOfRange(in, split + 1, in.length), Arrays.copyOfRange(out, split + added + 1, out.length))) {
            return -1;
        }
        return split;
    }

    /**
     * A shape of -1 then fixed sizes holding exactly the elements after the batch (as view(-1, n)
     * does, and netc onnx writes with its symbolic batch): the batch stays first.
     */
    private static boolean batchInferred(long[] target, long[] in) {
        if (target[0] != -1) {
            return false;
        }
        long rest = 1;
        for (int i = 1; i < target.length; i++) {
            if (target[i] < 1) {
                return false;
            }
            rest *= target[i];
        }
        return rest == LongStream.of(in).skip(1).reduce(1, (a, b) -> a * b);
    }

    private Op add(NodeProto node, List<String> tensors, long[] in) {
        return arithmetic(node, tensors, in, "+", "importer.skip_add");
    }

    private Op concat(NodeProto node, List<String> tensors, long[] in) throws ImportException {
        long axis = OnnxGraph.intAttribute(node, "axis", 1);
        axis = axis < 0 ? axis + in.length : axis;
        if (tensors.size() != node.getInputCount() || axis < 1 || axis >= in.length) {
            return skip(node, Text.of("importer.skip_concat"));
        }
        long[] out = in.clone();
        out[(int) axis] = 0;
        for (String tensor : tensors) {
            long[] shape = shapes.get(tensor);
            for (int i = 0; i < in.length; i++) {
                if (shape.length != in.length || (i != axis && shape[i] != in[i])) {
                    throw invalid(node, "importer.concat_shapes", axis);
                }
            }
            out[(int) axis] += shape[(int) axis];
        }
        shapes.put(OnnxGraph.output(node), out);
        return new Op(node, Kind.CAT, "dim=" + axis, tensors, OnnxGraph.output(node), Map.of(), List.of());
    }

    /** Gather of a float matrix's rows at int64 indices: an embedding, the matrix its weight; or at one constant index, {@link #select}. */
    private Op gather(NodeProto node, List<String> tensors, long[] in) throws ImportException {
        OnnxGraph.Constant index = node.getInputCount() == 2 ? graph.constants.get(node.getInput(1)) : null;
        if (tensors.size() == 1 && index != null && index.longs() != null && index.shape().length == 0) {
            return select(node, tensors, in, index.longs()[0]);
        }
        OnnxGraph.Constant weight = graph.constants.get(node.getInput(0));
        if (tensors.size() != 1 || node.getInputCount() != 2 || weight == null || weight.longs() != null
                || weight.shape().length != 2 || !integers.contains(tensors.get(0))
                || OnnxGraph.intAttribute(node, "axis", 0) != 0) {
            return skip(node, Text.of("importer.skip_gather"));
        }
        long[] out = Arrays.copyOf(in, in.length + 1);
        out[in.length] = weight.shape()[1];
        return layer(node, tensors, "embedding(" + weight.shape()[0] + ", " + weight.shape()[1] + ")", out,
            Map.of("weight", weight.stored()), List.of(node.getInput(0)));
    }

    /** Dropout, its ratio written when a constant other than PyTorch's default 0.5; one told its training mode is not read. */
    private Op dropout(NodeProto node, List<String> tensors, long[] in) throws ImportException {
        OnnxGraph.Constant ratio = constantInput(node, 1, "ratio");
        boolean training = node.getInputCount() > 2 && !node.getInput(2).isEmpty();
        if (training || (ratio != null && ratio.floats().length != 1)) {
            return skip(node, Text.of("importer.skip_dropout_ratio"));
        }
        float p = ratio == null ? 0.5f : ratio.floats()[0];
        return simple(node, tensors, p == 0.5f ? "dropout" : "dropout(" + number(p) + ")", in);
    }

    private Op mul(NodeProto node, List<String> tensors, long[] in) {
        return arithmetic(node, tensors, in, "*", "importer.skip_mul");
    }

    /**
     * Add or Mul of two tensors of one shape ({@code x1 * x2}), or of a tensor and a number ({@code 0.5 * x1};
     * {@code 0.0 + x1}, a sum started from 0); {@code unsupported} the key of any other.
     */
    private Op arithmetic(NodeProto node, List<String> tensors, long[] in, String symbol, String unsupported) {
        OnnxGraph.Constant number = tensors.size() == 1 && node.getInputCount() == 2
            ? graph.constants.get(node.getInput(node.getInput(0).equals(tensors.get(0)) ? 1 : 0)) : null;
        String text;
        if (number != null && number.floats().length == 1 && number.shape().length == 0) {
            text = number(number.floats()[0]) + " " + symbol;
        } else if (tensors.size() == 2 && node.getInputCount() == 2 && Arrays.equals(shapes.get(tensors.get(1)), in)) {
            text = symbol;
        } else {
            return skip(node, Text.of(unsupported));
        }
        shapes.put(OnnxGraph.output(node), in);
        return new Op(node, Kind.OPERATOR, text, tensors, OnnxGraph.output(node), Map.of(), List.of());
    }

    /** A Transpose that keeps the batch first: {@code permute(0, 2, 1)}. */
    private Op transpose(NodeProto node, List<String> tensors, long[] in) throws ImportException {
        long[] perm = OnnxGraph.intsAttribute(node, "perm");
        if (perm == null || perm.length != in.length || perm[0] != 0
                || !Arrays.equals(LongStream.of(perm).sorted().toArray(), LongStream.range(0, in.length).toArray())) {
            return skip(node, Text.of("importer.skip_transpose"));
        }
        long[] out = new long[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = in[(int) perm[i]];
        }
        return function(node, tensors, "permute(" + LongStream.of(perm).mapToObj(Long::toString)
            .collect(Collectors.joining(", ")) + ")", out);
    }

    /** A ReduceMax over one dimension after the batch (its axes an attribute, as before opset 18): {@code amax(dim=2)}. */
    private Op reduceMax(NodeProto node, List<String> tensors, long[] in) throws ImportException {
        long[] axes = OnnxGraph.intsAttribute(node, "axes");
        long axis = axes == null || axes.length != 1 ? 0 : axes[0] < 0 ? axes[0] + in.length : axes[0];
        if (tensors.size() != 1 || node.getInputCount() != 1 || axis < 1 || axis >= in.length) {
            return skip(node, Text.of("importer.skip_reduce_max"));
        }
        boolean keep = OnnxGraph.intAttribute(node, "keepdims", 1) != 0;
        long[] out = keep ? in.clone() : LongStream.range(0, in.length).filter(i -> i != axis).map(i -> in[(int) i]).toArray();
        if (keep) {
            out[(int) axis] = 1;
        }
        return function(node, tensors, "amax(dim=" + axis + (keep ? ", keepdim=true)" : ")"), out);
    }

    /** A ReduceMean over dimensions after the batch, its axes an attribute or (from opset 18) a constant: {@code mean(dim=(2, 3))}. */
    private Op reduceMean(NodeProto node, List<String> tensors, long[] in) throws ImportException {
        OnnxGraph.Constant axesInput = constantInput(node, 1, "axes");
        long[] axes = axesInput == null ? OnnxGraph.intsAttribute(node, "axes") : axesInput.longs();
        long[] dims = axes == null ? new long[0] : LongStream.of(axes).map(a -> a < 0 ? a + in.length : a).sorted().distinct().toArray();
        if (tensors.size() != 1 || dims.length == 0 || dims.length != axes.length || dims[0] < 1 || dims[dims.length - 1] >= in.length) {
            return skip(node, Text.of("importer.skip_reduce_mean"));
        }
        boolean keep = OnnxGraph.intAttribute(node, "keepdims", 1) != 0;
        long[] out = LongStream.range(0, in.length).filter(i -> keep || Arrays.binarySearch(dims, i) < 0)
            .map(i -> Arrays.binarySearch(dims, i) < 0 ? in[(int) i] : 1).toArray();
        String dim = dims.length == 1 ? Long.toString(dims[0]) : sizes(dims, true);
        return function(node, tensors, "mean(dim=" + dim + (keep ? ", keepdim=true)" : ")"), out);
    }

    /**
     * A Slice of constant starts, ends, axes and positive steps, after the batch: {@code x[:, :24]}, as netc
     * onnx and torch.onnx write {@code x[:, :c // 2]}; an end that drops fewer elements than it keeps is
     * written from the end ({@code [:, :, :-1]}). Slices of one tensor in a row are one index ({@link #mergeIndexing}).
     */
    private Op slice(NodeProto node, List<String> tensors, long[] in) throws ImportException {
        OnnxGraph.Constant starts = constantInput(node, 1, "starts");
        OnnxGraph.Constant ends = constantInput(node, 2, "ends");
        OnnxGraph.Constant axes = constantInput(node, 3, "axes");
        OnnxGraph.Constant steps = constantInput(node, 4, "steps");
        int count = starts == null || starts.longs() == null ? -1 : starts.longs().length;
        if (tensors.size() != 1 || count < 1 || ends == null || ends.longs() == null || ends.longs().length != count
                || (axes != null && (axes.longs() == null || axes.longs().length != count))
                || (steps != null && (steps.longs() == null || steps.longs().length != count))) {
            return skip(node, Text.of("importer.skip_slice"));
        }
        String[] parts = new String[in.length];
        long[] out = in.clone();
        for (int i = 0; i < count; i++) {
            long axis = axes == null ? i : axes.longs()[i] < 0 ? axes.longs()[i] + in.length : axes.longs()[i];
            long step = steps == null ? 1 : steps.longs()[i];
            if (axis < 1 || axis >= in.length || parts[(int) axis] != null || step < 1) {
                return skip(node, Text.of("importer.skip_slice"));
            }
            long size = in[(int) axis];
            long start = Math.min(Math.max(starts.longs()[i] < 0 ? starts.longs()[i] + size : starts.longs()[i], 0), size);
            long end = Math.min(Math.max(ends.longs()[i] < 0 ? ends.longs()[i] + size : ends.longs()[i], 0), size);
            if (end <= start) {
                throw invalid(node, "importer.slice_empty", axis);
            }
            out[(int) axis] = (end - start + step - 1) / step;
            String stop = end == size ? "" : size - end < end ? Long.toString(end - size) : Long.toString(end);
            parts[(int) axis] = (start == 0 ? "" : Long.toString(start)) + ":" + stop + (step == 1 ? "" : ":" + step);
        }
        indexParts.put(OnnxGraph.output(node), parts);
        shapes.put(OnnxGraph.output(node), out);
        return new Op(node, Kind.INDEX, indexText(parts), List.of(tensors.get(0)), OnnxGraph.output(node), Map.of(), List.of());
    }

    /**
     * A Gather of one constant index along a dimension after the batch, which it removes: {@code x[:, -1]}
     * (an index in the second half of the dimension written from the end), as netc onnx writes {@code out[:, -1, :]}.
     */
    private Op select(NodeProto node, List<String> tensors, long[] in, long index) throws ImportException {
        long axis = OnnxGraph.intAttribute(node, "axis", 0);
        axis = axis < 0 ? axis + in.length : axis;
        if (axis < 1 || axis >= in.length) {
            return skip(node, Text.of("importer.skip_gather"));
        }
        long size = in[(int) axis];
        long at = index < 0 ? index + size : index;
        if (at < 0 || at >= size) {
            throw invalid(node, "importer.index_outside", index, axis, size);
        }
        long removed = axis;
        String[] parts = new String[in.length];
        parts[(int) axis] = Long.toString(size - 1 - at < at + 1 ? at - size : at);
        indexParts.put(OnnxGraph.output(node), parts);
        long[] out = LongStream.range(0, in.length).filter(i -> i != removed).map(i -> in[(int) i]).toArray();
        shapes.put(OnnxGraph.output(node), out);
        return new Op(node, Kind.INDEX, indexText(parts), List.of(tensors.get(0)), OnnxGraph.output(node), Map.of(), List.of());
    }

    /** A recognised recurrent group ({@link OnnxRecurrent}): its layer, reading a sequence [batch, steps, features]. */
    private Op recurrent(NodeProto node, OnnxRecurrent.Layer layer) throws ImportException {
        String input = resolve(layer.input());
        long[] in = shapes.get(input);
        if (in == null || integers.contains(input)) { // computed by a node already reported, or indices
            return in == null ? null : skip(node, Text.of("importer.skip_integer", node.getOpType()));
        }
        if (in.length != 3 || in[2] != layer.inputSize()) {
            throw invalid(node, "importer.recurrent_input", layer.inputSize(), Arrays.toString(in));
        }
        List<String> inputs = new ArrayList<>(List.of(input));
        if (layer.initialState() != null) {
            String initial = resolve(layer.initialState());
            long[] expected = {layer.stateRows(), in[0], layer.hidden()};
            if (!shapes.containsKey(initial)) {
                return null; // computed by a node already reported
            }
            if (!Arrays.equals(shapes.get(initial), expected)) {
                throw invalid(node, "importer.recurrent_state", Arrays.toString(expected), Arrays.toString(shapes.get(initial)));
            }
            inputs.add(initial);
        }
        shapes.put(layer.output(), layer.returnsState() ? new long[] {layer.stateRows(), in[0], layer.hidden()}
            : new long[] {in[0], in[1], layer.outputSize()});
        // a layer given h0 is written as the tuple it returns, its sequence taken (y, _ = ...); one whose h_n is read, h_n
        Kind kind = layer.returnsState() ? Kind.STATE_LAYER : layer.initialState() != null ? Kind.TUPLE_LAYER : Kind.LAYER;
        return new Op(node, kind, layer.text(), inputs, layer.output(), layer.state(), layer.stateNames());
    }

    private static int firstPart(String[] parts) {
        return java.util.stream.IntStream.range(0, parts.length).filter(i -> parts[i] != null).findFirst().orElseThrow();
    }

    private static int lastPart(String[] parts) {
        return java.util.stream.IntStream.range(0, parts.length).filter(i -> parts[i] != null).max().orElseThrow();
    }

    /** {@code [:, :, :-1]}: the parts up to the last one given, the others {@code :}. */
    private static String indexText(String[] parts) {
        int last = parts.length - 1;
        while (parts[last] == null) {
            last--;
        }
        return "[" + Arrays.stream(parts, 0, last + 1).map(p -> p == null ? ":" : p).collect(Collectors.joining(", ")) + "]";
    }

    /**
     * The steps with each index that reads an index of higher dimensions only, read by nothing else, merged
     * into it: netc onnx writes {@code x[:, -1, :2]} as a Slice or Gather per dimension, the last one first
     * (so that a Gather, which removes its dimension, leaves the numbers of those before it as they were).
     */
    private List<Op> mergeIndexing(List<Op> ops, List<String> outputs) {
        Map<String, Integer> readers = new HashMap<>();
        ops.forEach(op -> op.inputs().forEach(in -> readers.merge(in, 1, Integer::sum)));
        outputs.forEach(out -> readers.merge(out, 1, Integer::sum));
        Map<String, Op> indexes = new HashMap<>();
        List<Op> merged = new ArrayList<>();
        for (Op op : ops) {
            Op before = op.kind() == Kind.INDEX ? indexes.get(op.inputs().get(0)) : null;
            String[] parts = before == null ? null : indexParts.get(op.output());
            String[] earlier = before == null ? null : indexParts.get(before.output());
            boolean disjoint = parts != null && readers.get(before.output()) == 1 && lastPart(parts) < firstPart(earlier);
            Op written = op;
            if (disjoint) {
                String[] both = earlier.clone(); // the dimensions of the earlier index's input
                for (int i = 0; i < parts.length; i++) {
                    both[i] = parts[i] == null ? both[i] : parts[i];
                }
                indexParts.put(op.output(), both);
                merged.remove(before);
                written = new Op(op.node(), Kind.INDEX, indexText(both), before.inputs(), op.output(), Map.of(), List.of());
            }
            if (op.kind() == Kind.INDEX) {
                indexes.put(op.output(), written);
            }
            merged.add(written);
        }
        return withoutWholeSlices(merged, outputs);
    }

    /**
     * The steps without the indexes that take every element ({@code x1[:, :, :, :]}: a ceil_mode pool's
     * Slice that drops no window), their readers reading their input.
     */
    private List<Op> withoutWholeSlices(List<Op> ops, List<String> outputs) {
        Map<String, String> through = new HashMap<>();
        List<Op> kept = new ArrayList<>();
        for (Op op : ops) {
            List<String> inputs = op.inputs().stream().map(in -> through.getOrDefault(in, in)).toList();
            if (op.kind() == Kind.INDEX && !outputs.contains(op.output())
                    && Arrays.stream(indexParts.get(op.output())).allMatch(part -> part == null || part.equals(":"))) {
                through.put(op.output(), inputs.get(0));
            } else {
                kept.add(inputs.equals(op.inputs()) ? op
                    : new Op(op.node(), op.kind(), op.text(), inputs, op.output(), op.state(), op.stateNames()));
            }
        }
        return kept;
    }

    private Op function(NodeProto node, List<String> tensors, String text, long[] out) {
        shapes.put(OnnxGraph.output(node), out);
        return new Op(node, Kind.FUNCTION, text, List.of(tensors.get(0)), OnnxGraph.output(node), Map.of(), List.of());
    }

    private static String autoPad(NodeProto node) throws ImportException {
        AttributeProto attribute = OnnxGraph.optional(node, "auto_pad", AttributeProto.AttributeType.STRING);
        return attribute == null ? "NOTSET" : attribute.getS().toStringUtf8();
    }

    private static long[] orOnes(long[] values, int rank, NodeProto node, String name) throws ImportException {
        if (values == null) {
            return LongStream.generate(() -> 1).limit(rank).toArray();
        }
        if (values.length != rank || LongStream.of(values).anyMatch(v -> v < 1)) {
            throw invalid(node, "importer.attribute_sizes", name, Arrays.toString(values), rank);
        }
        return values;
    }

    /** The padding of each side, or null when the two sides of a dimension differ. */
    private static long[] symmetricPads(NodeProto node, int rank) throws ImportException {
        long[] pads = OnnxGraph.intsAttribute(node, "pads");
        if (pads == null) {
            return new long[rank];
        }
        if (pads.length != 2 * rank || LongStream.of(pads).anyMatch(p -> p < 0)) {
            throw invalid(node, "importer.attribute_sizes", "pads", Arrays.toString(pads), rank);
        }
        for (int i = 0; i < rank; i++) {
            if (pads[i] != pads[i + rank]) {
                return null;
            }
        }
        return Arrays.copyOf(pads, rank);
    }

    private static void option(StringBuilder text, String name, long[] values, long otherwise) {
        if (LongStream.of(values).anyMatch(v -> v != otherwise)) {
            text.append(", ").append(name).append('=').append(sizes(values));
        }
    }

    /** One size when all are equal ({@code 3}), else a tuple ({@code (3, 5)}), as PyTorch's arguments are written. */
    static String sizes(long[] values) {
        return sizes(values, false);
    }

    private static String sizes(long[] values, boolean tuple) {
        if (!tuple && LongStream.of(values).allMatch(v -> v == values[0])) {
            return Long.toString(values[0]);
        }
        return "(" + LongStream.of(values).mapToObj(Long::toString).collect(Collectors.joining(", ")) + ")";
    }

    /** An adaptive pool's output size as torchvision writes it: a tuple for 2 or 3 dimensions, (1, 1). */
    private static String outputSize(long[] size) {
        return size.length == 1 ? Long.toString(size[0]) : sizes(size, true);
    }

    /** A float as the shortest decimal that reads back as the same float. */
    static String number(float value) {
        String text = Float.toString(value);
        return text.contains("E") ? new java.math.BigDecimal(text).toPlainString() : text;
    }
}
