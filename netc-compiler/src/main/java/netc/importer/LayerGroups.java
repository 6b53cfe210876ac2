package netc.importer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import netc.onnx.OnnxProto.NodeProto;
import netc.onnx.OnnxProto.TensorProto;
import netc.runtime.SafeTensors;

/**
 * The groups of nodes that netc onnx writes for one layer or operation where no single ONNX operator
 * is it, recognised by their operators and the state_dict keys of their initializers: a linear on a
 * tensor of more than two dimensions (its weight's Transpose, MatMul, and Add of its bias), exact
 * gelu (Div by √2, Erf, Add of 1, Mul by 0.5, Mul), LayerNormalization, a block that computes
 * nothing (the Identity netc onnx names after it), and a Mul of a tensor by a parameter of its
 * module ({@code layer_scale * x}). A node in no group is mapped alone (OnnxOps).
 */
final class LayerGroups {
    /** A parameter's name in its module's state_dict: a word. */
    private static final Pattern WORD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** What a group is written as. */
    enum Kind { LINEAR, GELU, LAYER_NORM, EMPTY_BLOCK, PARAMETER_MUL }

    /**
     * One group: its nodes in graph order (the step is written at the last), the node named after the
     * layer, the value it reads and the one it gives.
     */
    record Group(Kind kind, List<NodeProto> nodes, NodeProto named, String input, String output) {
        NodeProto last() {
            return nodes.get(nodes.size() - 1);
        }
    }

    /** A group's step: its kind and text as OnnxOps writes them, its output's shape and state. */
    record Step(OnnxOps.Kind kind, String text, long[] shape, Map<String, SafeTensors.Stored> state, List<String> stateNames) {
    }

    private final OnnxGraph graph;
    private final Set<String> initializers = new HashSet<>();
    /** The node that gives each value, and the nodes reading it. */
    private final Map<String, NodeProto> producers = new HashMap<>();
    private final Map<String, List<NodeProto>> readers = new HashMap<>();
    private final Map<NodeProto, Group> groups = new HashMap<>();

    private LayerGroups(OnnxGraph graph) {
        this.graph = graph;
        graph.model.getGraph().getInitializerList().forEach(t -> initializers.add(t.getName()));
        for (NodeProto node : graph.nodes) {
            node.getOutputList().forEach(out -> producers.put(out, node));
            node.getInputList().forEach(in -> readers.computeIfAbsent(in, k -> new ArrayList<>()).add(node));
        }
    }

    /** The groups of a graph's nodes. */
    static LayerGroups of(OnnxGraph graph) throws ImportException {
        LayerGroups found = new LayerGroups(graph);
        for (NodeProto node : graph.nodes) {
            if (found.groups.containsKey(node)) {
                continue;
            }
            Group group = switch (node.getOpType()) {
                case "MatMul" -> found.linear(node);
                case "Erf" -> found.gelu(node);
                case "LayerNormalization" -> found.layerNorm(node);
                case "Identity" -> found.emptyBlock(node);
                case "Mul" -> found.parameterMul(node);
                default -> null;
            };
            if (group != null && group.nodes.stream().noneMatch(found.groups::containsKey)) {
                group.nodes.forEach(member -> found.groups.put(member, group));
            }
        }
        return found;
    }

    /** The group {@code node} belongs to, or null. */
    Group of(NodeProto node) {
        return groups.get(node);
    }

    // ---- recognising

    /** MatMul of a tensor by the Transpose of a weight {@code P.weight}, then an Add of {@code P.bias} if there is one. */
    private Group linear(NodeProto matMul) {
        NodeProto transpose = producers.get(matMul.getInputCount() == 2 ? matMul.getInput(1) : "");
        if (transpose == null || !transpose.getOpType().equals("Transpose") || transpose.getInputCount() != 1
                || !isWeight(transpose.getInput(0), "weight", 2) || onlyReader(transpose, matMul) == null
                || !Arrays.equals(ints(transpose, "perm"), new long[] {1, 0})) {
            return null;
        }
        String owner = owner(transpose.getInput(0), "weight");
        NodeProto add = onlyReader(matMul, null);
        List<NodeProto> nodes = new ArrayList<>(List.of(transpose, matMul));
        if (add != null && add.getOpType().equals("Add") && add.getInputCount() == 2
                && add.getInput(0).equals(OnnxGraph.output(matMul)) && isWeight(add.getInput(1), "bias", 1)
                && owner.equals(owner(add.getInput(1), "bias"))) {
            nodes.add(add);
        }
        return new Group(Kind.LINEAR, nodes, transpose, matMul.getInput(0), OnnxGraph.output(nodes.get(nodes.size() - 1)));
    }

    /** Exact gelu as netc onnx writes it: x / √2, Erf, + 1, x * 0.5, and their product. */
    private Group gelu(NodeProto erf) {
        NodeProto div = producers.get(erf.getInput(0));
        if (div == null || !div.getOpType().equals("Div") || div.getInputCount() != 2 || onlyReader(div, erf) == null
                || !isScalar(div.getInput(1), (float) Math.sqrt(2))) {
            return null;
        }
        String x = div.getInput(0);
        NodeProto plusOne = onlyReader(erf, null);
        if (plusOne == null || !plusOne.getOpType().equals("Add") || plusOne.getInputCount() != 2
                || !isScalar(plusOne.getInput(1), 1)) {
            return null;
        }
        NodeProto product = onlyReader(plusOne, null);
        if (product == null || !product.getOpType().equals("Mul") || product.getInputCount() != 2) {
            return null;
        }
        NodeProto half = producers.get(product.getInput(0));
        if (half == null || !half.getOpType().equals("Mul") || half.getInputCount() != 2 || !half.getInput(0).equals(x)
                || !isScalar(half.getInput(1), 0.5f) || onlyReader(half, product) == null) {
            return null;
        }
        List<NodeProto> nodes = new ArrayList<>(List.of(div, erf, half, plusOne, product));
        nodes.sort((a, b) -> Integer.compare(graph.nodes.indexOf(a), graph.nodes.indexOf(b)));
        return new Group(Kind.GELU, nodes, div, x, OnnxGraph.output(product));
    }

    /** LayerNormalization of a tensor with a weight and bias {@code P.weight}, {@code P.bias}. */
    private Group layerNorm(NodeProto node) {
        if (node.getInputCount() != 3 || node.getOutputCount() != 1 || !isWeight(node.getInput(1), "weight", -1)
                || !isWeight(node.getInput(2), "bias", -1)
                || !owner(node.getInput(1), "weight").equals(owner(node.getInput(2), "bias"))) {
            return null;
        }
        return new Group(Kind.LAYER_NORM, List.of(node), node, node.getInput(0), OnnxGraph.output(node));
    }

    /** An Identity named after a block the file records: the block computes nothing (torchvision's StochasticDepth). */
    private Group emptyBlock(NodeProto node) {
        String recorded = graph.blockClasses.get(node.getName());
        if (recorded == null || recorded.equals("Sequential") || recorded.contains(" : ") || node.getInputCount() != 1
                || NetWriter.scope(node.getName()) == null || node.getName().startsWith("/")) {
            return null;
        }
        return new Group(Kind.EMPTY_BLOCK, List.of(node), node, node.getInput(0), OnnxGraph.output(node));
    }

    /** Mul of a parameter of a module ({@code features.1.0.layer_scale}) and a tensor, in either order. */
    private Group parameterMul(NodeProto node) {
        if (node.getInputCount() != 2) {
            return null;
        }
        int at = parameterName(node.getInput(0)) != null ? 0 : parameterName(node.getInput(1)) != null ? 1 : -1;
        if (at < 0 || graph.constants.containsKey(node.getInput(1 - at))) {
            return null;
        }
        return new Group(Kind.PARAMETER_MUL, List.of(node), node, node.getInput(1 - at), OnnxGraph.output(node));
    }

    // ---- writing

    /** The step of {@code group} reading a tensor of shape {@code in}. */
    Step step(Group group, long[] in) throws ImportException {
        NodeProto node = group.named();
        return switch (group.kind()) {
            case LINEAR -> {
                OnnxGraph.Constant weight = graph.constants.get(node.getInput(0));
                boolean bias = group.nodes().size() == 3;
                if (in[in.length - 1] != weight.shape()[1]) {
                    throw OnnxOps.invalid(group.nodes().get(1), "importer.linear_features", Arrays.toString(weight.shape()),
                        in[in.length - 1]);
                }
                long[] out = in.clone();
                out[out.length - 1] = weight.shape()[0];
                Map<String, SafeTensors.Stored> state = new LinkedHashMap<>();
                state.put("weight", weight.stored());
                List<String> names = new ArrayList<>(List.of(weight.name()));
                if (bias) {
                    String biasName = group.last().getInput(1);
                    state.put("bias", graph.constants.get(biasName).stored());
                    names.add(biasName);
                }
                yield new Step(OnnxOps.Kind.LAYER, "linear(" + weight.shape()[1] + ", " + weight.shape()[0]
                    + (bias ? "" : ", bias=false") + ")", out, state, names);
            }
            case GELU -> new Step(OnnxOps.Kind.LAYER, "gelu", in, Map.of(), List.of());
            case LAYER_NORM -> layerNorm(node, in);
            case EMPTY_BLOCK -> new Step(OnnxOps.Kind.EMPTY_BLOCK, "", in, Map.of(), List.of());
            case PARAMETER_MUL -> parameterMul(group, in);
        };
    }

    private Step layerNorm(NodeProto node, long[] in) throws ImportException {
        OnnxGraph.Constant weight = graph.constants.get(node.getInput(1));
        long axis = OnnxGraph.intAttribute(node, "axis", -1);
        axis = axis < 0 ? axis + in.length : axis;
        long[] normalized = axis < 1 || axis >= in.length ? null : Arrays.copyOfRange(in, (int) axis, in.length);
        if (normalized == null || !Arrays.equals(normalized, Arrays.stream(weight.shape()).asLongStream().toArray())
                || !Arrays.equals(weight.shape(), graph.constants.get(node.getInput(2)).shape())) {
            throw OnnxOps.invalid(node, "importer.layernorm_shape", Arrays.toString(weight.shape()), Arrays.toString(in));
        }
        float eps = OnnxGraph.floatAttribute(node, "epsilon", 1e-5f);
        String text = "layernorm(" + (normalized.length == 1 ? Long.toString(normalized[0])
            : Arrays.stream(normalized).mapToObj(Long::toString).collect(Collectors.joining(", ", "(", ")")))
            + (eps == 1e-5f ? "" : ", eps=" + exponent(eps)) + ")";
        Map<String, SafeTensors.Stored> state = new LinkedHashMap<>();
        state.put("weight", weight.stored());
        state.put("bias", graph.constants.get(node.getInput(2)).stored());
        return new Step(OnnxOps.Kind.LAYER, text, in, state, List.of(node.getInput(1), node.getInput(2)));
    }

    /** {@code layer_scale * x} (or {@code x * layer_scale}): the parameter broadcast over the tensor, which keeps its shape. */
    private Step parameterMul(Group group, long[] in) throws ImportException {
        NodeProto node = group.named();
        boolean first = !node.getInput(0).equals(group.input());
        String key = node.getInput(first ? 0 : 1);
        OnnxGraph.Constant parameter = graph.constants.get(key);
        int[] shape = parameter.shape();
        boolean broadcasts = shape.length < in.length && IntStream.range(0, shape.length)
            .allMatch(i -> shape[i] == 1 || shape[i] == in[in.length - shape.length + i]);
        if (!broadcasts) {
            throw OnnxOps.invalid(node, "importer.parameter_broadcast", OnnxGraph.printable(key), Arrays.toString(shape),
                Arrays.toString(in));
        }
        String name = parameterName(key);
        return new Step(OnnxOps.Kind.OPERATOR, first ? name + " *" : "* " + name, in, Map.of(name, parameter.stored()),
            List.of(key));
    }

    // ---- helpers

    /** Whether {@code value} is an initializer named {@code owner.key} of {@code rank} dimensions (-1: any). */
    private boolean isWeight(String value, String key, int rank) {
        OnnxGraph.Constant constant = graph.constants.get(value);
        return initializers.contains(value) && value.endsWith("." + key) && constant != null && constant.longs() == null
            && (rank < 0 || constant.shape().length == rank);
    }

    private static String owner(String value, String key) {
        return value.substring(0, value.length() - key.length() - 1);
    }

    /** The parameter's name when {@code value} is a float initializer named {@code path.name}; else null. */
    private String parameterName(String value) {
        OnnxGraph.Constant constant = graph.constants.get(value);
        String name = value.substring(value.lastIndexOf('.') + 1);
        return initializers.contains(value) && value.contains(".") && constant.longs() == null && WORD.matcher(name).matches()
            && NetWriter.scope(value.substring(0, value.lastIndexOf('.'))) != null ? name : null;
    }

    /** Whether {@code value} is a float constant of one element equal to {@code number}. */
    private boolean isScalar(String value, float number) {
        OnnxGraph.Constant constant = graph.constants.get(value);
        return constant != null && constant.tensor().getDataType() == TensorProto.DataType.FLOAT_VALUE
            && constant.floats().length == 1 && constant.floats()[0] == number;
    }

    /** The one node reading {@code node}'s one output, when it is {@code expected} (or any, when null); else null. */
    private NodeProto onlyReader(NodeProto node, NodeProto expected) {
        List<NodeProto> reading = readers.getOrDefault(OnnxGraph.output(node), List.of());
        boolean output = graph.outputNames.contains(OnnxGraph.output(node));
        return node.getOutputCount() != 1 || reading.size() != 1 || output || (expected != null && reading.get(0) != expected)
            ? null : reading.get(0);
    }

    private static long[] ints(NodeProto node, String name) {
        try {
            return OnnxGraph.intsAttribute(node, name);
        } catch (ImportException e) {
            return null; // an attribute of the wrong type: not the group, and mapping the node alone reports it
        }
    }

    /** A float as netc writes a small one: 1e-6 rather than 0.0000010. */
    static String exponent(float value) {
        String text = Float.toString(value);
        int e = text.indexOf('E');
        if (e < 0) {
            return text;
        }
        String mantissa = text.substring(0, e);
        return (mantissa.endsWith(".0") ? mantissa.substring(0, mantissa.length() - 2) : mantissa) + "e" + text.substring(e + 1);
    }
}
