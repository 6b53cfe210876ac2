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
 * gelu (Div by √2, Erf, Add of 1, Mul by 0.5, Mul), self-attention and transformer encoders (the
 * nodes named after the layer, checked operator by operator against what netc onnx writes for the
 * arguments read off them), a parameter's Expand to the batch; and single nodes that read as a call
 * of the language rather than a layer: LayerNormalization, a block that computes nothing (the Identity
 * netc onnx names after it), a Mul or Add of a tensor and a module's parameter ({@code layer_scale * x}).
 * A node in no group is mapped alone (OnnxOps); a group's
 * nodes that do not match exactly are, and so are listed as unsupported.
 */
final class LayerGroups {
    /** A parameter's name in its module's state_dict: a word. */
    private static final Pattern WORD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** What a group is written as. */
    enum Kind { LINEAR, GELU, LAYER_NORM, EMPTY_BLOCK, PARAMETER_ARITHMETIC, PARAMETER_EXPAND, ATTENTION, TRANSFORMER }

    /**
     * The operators of netc onnx's multi-head self-attention, in its order (Constants left out): the rows of
     * in_proj_weight and in_proj_bias split, q, k and v projected, heads by Reshape and Transpose,
     * softmax(q·kᵀ/√d)·v, heads joined, out_proj, and the weights averaged over the heads.
     */
    private static final List<String> ATTENTION = List.of("Split", "Split", "Transpose", "MatMul", "Add", "Transpose",
        "MatMul", "Add", "Transpose", "MatMul", "Add", "Reshape", "Transpose", "Reshape", "Transpose", "Reshape", "Transpose",
        "MatMul", "Mul", "Softmax", "MatMul", "Transpose", "Reshape", "Transpose", "MatMul", "Add", "ReduceMean");

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
    /** The arguments of each transformer group, by its first node. */
    private final Map<NodeProto, Transformer> transformers = new HashMap<>();
    /** The nodes of each layer netc onnx named: the layer's label, then {@code label/OpType}. */
    private final Map<String, List<NodeProto>> byLayer = new HashMap<>();

    private LayerGroups(OnnxGraph graph) {
        this.graph = graph;
        graph.model.getGraph().getInitializerList().forEach(t -> initializers.add(t.getName()));
        for (NodeProto node : graph.nodes) {
            node.getOutputList().forEach(out -> producers.put(out, node));
            node.getInputList().forEach(in -> readers.computeIfAbsent(in, k -> new ArrayList<>()).add(node));
            if (!node.getName().startsWith("/") && !node.getName().isEmpty()) {
                byLayer.computeIfAbsent(node.getName().split("/", 2)[0], k -> new ArrayList<>()).add(node);
            }
        }
    }

    /** The groups of a graph's nodes. */
    static LayerGroups of(OnnxGraph graph) {
        LayerGroups found = new LayerGroups(graph);
        for (NodeProto node : graph.nodes) {
            if (found.groups.containsKey(node)) {
                continue;
            }
            Group group = found.startingAt(node);
            if (group != null && group.nodes.stream().noneMatch(found.groups::containsKey)) {
                group.nodes.forEach(member -> found.groups.put(member, group));
            }
        }
        return found;
    }

    /** The group whose first node (or, for a group found from inside, whose key node) is {@code node}; null if none. */
    private Group startingAt(NodeProto node) {
        Group transformer = transformer(node); // a transformer's first node may be a layer norm's
        return transformer != null ? transformer : switch (node.getOpType()) {
            case "MatMul" -> linear(node);
            case "Erf" -> gelu(node);
            case "LayerNormalization" -> layerNorm(node);
            case "Identity" -> emptyBlock(node);
            case "Mul", "Add" -> parameterArithmetic(node);
            case "Expand" -> parameterExpand(node);
            case "Split" -> attention(node);
            default -> null;
        };
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
        // netc onnx adds the bias second, torch.onnx first
        int bias = add == null || add.getInputCount() != 2 ? -1 : add.getInput(0).equals(OnnxGraph.output(matMul)) ? 1 : 0;
        if (bias >= 0 && add.getOpType().equals("Add") && isWeight(add.getInput(bias), "bias", 1)
                && owner.equals(owner(add.getInput(bias), "bias"))) {
            nodes.add(add);
        }
        return new Group(Kind.LINEAR, nodes, transpose, matMul.getInput(0), OnnxGraph.output(nodes.get(nodes.size() - 1)));
    }

    /**
     * Exact gelu as netc onnx writes it (x / √2, Erf, + 1, x * 0.5, and their product) or torch.onnx (x / √2,
     * Erf, + 1, x times that, then * 0.5).
     */
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
        if (product.getInput(0).equals(x)) { // torch.onnx's order
            NodeProto half = onlyReader(product, null);
            if (half == null || !half.getOpType().equals("Mul") || half.getInputCount() != 2
                    || !half.getInput(0).equals(OnnxGraph.output(product)) || !isScalar(half.getInput(1), 0.5f)) {
                return null;
            }
            return new Group(Kind.GELU, List.of(div, erf, plusOne, product, half), div, x, OnnxGraph.output(half));
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

    /** Mul or Add of a parameter of a module ({@code features.1.0.layer_scale}) and a tensor, in either order. */
    private Group parameterArithmetic(NodeProto node) {
        if (node.getInputCount() != 2) {
            return null;
        }
        int at = parameterName(node.getInput(0)) != null ? 0 : parameterName(node.getInput(1)) != null ? 1 : -1;
        if (at < 0 || graph.constants.containsKey(node.getInput(1 - at))) {
            return null;
        }
        return new Group(Kind.PARAMETER_ARITHMETIC, List.of(node), node, node.getInput(1 - at), OnnxGraph.output(node));
    }

    /**
     * A parameter expanded to a tensor's batch as netc onnx writes {@code class_token.expand(n, -1, -1)}: the
     * Shape of the tensor's first dimension, a Concat of the other sizes, and the Expand.
     */
    private Group parameterExpand(NodeProto expand) {
        NodeProto concat = producers.get(expand.getInputCount() == 2 ? expand.getInput(1) : "");
        if (parameterName(expand.getInput(0)) == null || concat == null || !concat.getOpType().equals("Concat")
                || concat.getInputCount() != 2 || onlyReader(concat, expand) == null || !graph.constants.containsKey(concat.getInput(1))) {
            return null;
        }
        NodeProto shape = producers.get(concat.getInput(0));
        if (shape == null || !shape.getOpType().equals("Shape") || onlyReader(shape, concat) == null
                || !Arrays.equals(new long[] {integer(shape, "start", 0), integer(shape, "end", -2)}, new long[] {0, 1})) {
            return null;
        }
        return new Group(Kind.PARAMETER_EXPAND, List.of(shape, concat, expand), expand, shape.getInput(0), OnnxGraph.output(expand));
    }

    /**
     * netc onnx's self-attention of a layer {@code P}: its nodes are those named P and P/..., of the operators
     * ATTENTION in that order, its weights {@code P.in_proj_weight}, {@code P.in_proj_bias}, {@code
     * P.out_proj.weight} and {@code P.out_proj.bias}, every projection reading one tensor, the heads' sizes
     * those of the Reshapes, the scores scaled by 1/√d; its weights read by nothing (need_weights=false).
     */
    private Group attention(NodeProto split) {
        String label = split.getName();
        List<NodeProto> nodes = byLayer.getOrDefault(label, List.of());
        if (!split.getInput(0).equals(label + ".in_proj_weight")
                || !nodes.stream().map(NodeProto::getOpType).toList().equals(ATTENTION)) {
            return null;
        }
        OnnxGraph.Constant inWeight = graph.constants.get(label + ".in_proj_weight");
        NodeProto first = nodes.get(3);
        String x = first.getInput(0);
        NodeProto reshape = nodes.get(11);
        OnnxGraph.Constant heads = graph.constants.get(reshape.getInput(1));
        boolean weights = isWeight(label + ".in_proj_weight", "in_proj_weight", 2) && isWeight(label + ".in_proj_bias", "in_proj_bias", 1)
            && isWeight(label + ".out_proj.weight", "weight", 2) && isWeight(label + ".out_proj.bias", "bias", 1)
            && nodes.get(1).getInput(0).equals(label + ".in_proj_bias") && nodes.get(23).getInput(0).equals(label + ".out_proj.weight")
            && nodes.get(25).getInput(1).equals(label + ".out_proj.bias");
        if (!weights || heads == null || heads.longs() == null || heads.longs().length != 4) {
            return null;
        }
        long embed = inWeight.shape()[1];
        long count = heads.longs()[2];
        Set<NodeProto> members = new HashSet<>(nodes);
        for (NodeProto node : nodes) {
            for (String in : node.getInputList()) {
                boolean inside = producers.containsKey(in) && members.contains(producers.get(in));
                if (!inside && !graph.constants.containsKey(in) && !in.equals(x)) {
                    return null; // reads another tensor: a mask, or keys and values of their own
                }
            }
        }
        String output = OnnxGraph.output(nodes.get(25));
        for (NodeProto node : nodes) {
            boolean readOutside = readers.getOrDefault(OnnxGraph.output(node), List.of()).stream().anyMatch(r -> !members.contains(r))
                || graph.outputNames.contains(OnnxGraph.output(node));
            if (readOutside != OnnxGraph.output(node).equals(output)) {
                return null; // its averaged weights read, or a step in between
            }
        }
        long headDim = count < 1 ? 0 : embed / count;
        boolean sizes = count >= 1 && headDim * count == embed && inWeight.shape()[0] == 3 * embed
            && Arrays.equals(graph.constants.get(label + ".in_proj_bias").shape(), new int[] {3 * (int) embed})
            && Arrays.equals(graph.constants.get(label + ".out_proj.weight").shape(), new int[] {(int) embed, (int) embed})
            && Arrays.equals(graph.constants.get(label + ".out_proj.bias").shape(), new int[] {(int) embed})
            && nodes.stream().allMatch(node -> agrees(node, count, headDim));
        return sizes ? new Group(Kind.ATTENTION, nodes, split, x, output) : null;
    }

    /** The shape of a transformer encoder netc onnx wrote: the arguments its operators and weights say. */
    private record Transformer(boolean stack, long layers, long model, long heads, long feedForward, boolean gelu,
                               boolean normFirst, float eps, boolean finalNorm) {
        /** The weights' keys, in PyTorch's order. */
        List<String> keys() {
            List<String> keys = new ArrayList<>();
            for (long i = 0; i < layers; i++) {
                String layer = stack ? "layers." + i + "." : "";
                for (String key : List.of("self_attn.in_proj_weight", "self_attn.in_proj_bias", "self_attn.out_proj.weight",
                        "self_attn.out_proj.bias", "linear1.weight", "linear1.bias", "linear2.weight", "linear2.bias",
                        "norm1.weight", "norm1.bias", "norm2.weight", "norm2.bias")) {
                    keys.add(layer + key);
                }
            }
            if (finalNorm) {
                keys.addAll(List.of("norm.weight", "norm.bias"));
            }
            return keys;
        }

        /** The shape of the weight of {@code key} (one of keys()). */
        List<Integer> shapeOf(String key) {
            int e = (int) model;
            int f = (int) feedForward;
            return switch (key.replaceFirst("^layers\\.[0-9]+\\.", "")) {
                case "self_attn.in_proj_weight" -> List.of(3 * e, e);
                case "self_attn.in_proj_bias" -> List.of(3 * e);
                case "self_attn.out_proj.weight" -> List.of(e, e);
                case "linear1.weight" -> List.of(f, e);
                case "linear1.bias" -> List.of(f);
                case "linear2.weight" -> List.of(e, f);
                default -> List.of(e); // out_proj.bias, linear2.bias, the norms'
            };
        }

        /** The operators netc onnx writes for it, in order, and the weights they read in that order. */
        List<List<String>> expected() {
            List<String> ops = new ArrayList<>();
            List<String> weights = new ArrayList<>();
            for (long i = 0; i < layers; i++) {
                String layer = stack ? "layers." + i + "." : "";
                for (int block = 1; block <= 2; block++) {
                    String norm = layer + "norm" + block + ".";
                    if (normFirst) {
                        ops.add("LayerNormalization");
                        weights.addAll(List.of(norm + "weight", norm + "bias"));
                    }
                    if (block == 1) {
                        ops.addAll(ATTENTION);
                        String attention = layer + "self_attn.";
                        weights.addAll(List.of(attention + "in_proj_weight", attention + "in_proj_bias",
                            attention + "out_proj.weight", attention + "out_proj.bias"));
                    } else {
                        ops.addAll(List.of("Transpose", "MatMul", "Add"));
                        ops.addAll(gelu ? List.of("Div", "Erf", "Mul", "Add", "Mul") : List.of("Relu"));
                        ops.addAll(List.of("Transpose", "MatMul", "Add"));
                        weights.addAll(List.of(layer + "linear1.weight", layer + "linear1.bias", layer + "linear2.weight",
                            layer + "linear2.bias"));
                    }
                    ops.add("Add");
                    if (!normFirst) {
                        ops.add("LayerNormalization");
                        weights.addAll(List.of(norm + "weight", norm + "bias"));
                    }
                }
            }
            if (finalNorm) {
                ops.add("LayerNormalization");
                weights.addAll(List.of("norm.weight", "norm.bias"));
            }
            return List.of(ops, weights);
        }

        String text() {
            return (stack ? "transformerencoder(" + model + ", " + heads + ", " + layers : "transformerencoderlayer(" + model + ", "
                + heads) + (feedForward == 2048 ? "" : ", dim_feedforward=" + feedForward) + (gelu ? ", activation=\"gelu\"" : "")
                + (eps == 1e-5f ? "" : ", layer_norm_eps=" + exponent(eps)) + ", batch_first=true" + (normFirst ? ", norm_first=true" : "")
                + (finalNorm ? ", norm=true" : "") + ")";
        }
    }

    /**
     * netc onnx's transformer encoder (a stack, or one layer) named {@code P}: its nodes those named P and P/...,
     * the weights {@code P.layers.0.self_attn.in_proj_weight}, ... Its arguments are read off the weights and
     * operators, then the operators and the weights they read must be exactly those netc onnx writes for them,
     * every attention's heads and scale, every norm's eps the same, one tensor read and one given.
     */
    private Group transformer(NodeProto first) {
        String label = first.getName();
        List<NodeProto> nodes = byLayer.getOrDefault(label, List.of());
        boolean stack = graph.constants.containsKey(label + ".layers.0.self_attn.in_proj_weight");
        String layer0 = label + (stack ? ".layers.0." : ".");
        OnnxGraph.Constant inWeight = graph.constants.get(layer0 + "self_attn.in_proj_weight");
        OnnxGraph.Constant linear1 = graph.constants.get(layer0 + "linear1.weight");
        if (nodes.isEmpty() || nodes.get(0) != first || inWeight == null || linear1 == null) {
            return null;
        }
        NodeProto reshape = nodes.stream().filter(n -> n.getOpType().equals("Reshape")).findFirst().orElse(null);
        NodeProto norm = nodes.stream().filter(n -> n.getOpType().equals("LayerNormalization")).findFirst().orElse(null);
        if (reshape == null || norm == null || inWeight.shape().length != 2 || linear1.shape().length != 2) {
            return null;
        }
        long layers = stack ? IntStream.iterate(0, i -> i + 1)
            .filter(i -> !graph.constants.containsKey(label + ".layers." + i + ".self_attn.in_proj_weight")).findFirst().getAsInt() : 1;
        OnnxGraph.Constant heads = graph.constants.get(reshape.getInput(1));
        if (heads == null || heads.longs() == null || heads.longs().length != 4) {
            return null;
        }
        float eps;
        try {
            eps = OnnxGraph.floatAttribute(norm, "epsilon", 1e-5f);
        } catch (ImportException e) {
            return null;
        }
        long model = inWeight.shape()[1];
        Transformer shape = new Transformer(stack, layers, model, heads.longs()[2], linear1.shape()[0],
            nodes.stream().anyMatch(n -> n.getOpType().equals("Erf")), nodes.get(0).getOpType().equals("LayerNormalization"), eps,
            stack && graph.constants.containsKey(label + ".norm.weight"));
        List<List<String>> expected = shape.expected();
        List<String> weights = new ArrayList<>();
        Set<NodeProto> members = new HashSet<>(nodes);
        String x = nodes.stream().flatMap(node -> node.getInputList().stream())
            .filter(in -> !graph.constants.containsKey(in) && !(producers.containsKey(in) && members.contains(producers.get(in))))
            .findFirst().orElse("");
        for (NodeProto node : nodes) {
            for (String in : node.getInputList()) {
                if (initializers.contains(in)) {
                    weights.add(in.startsWith(label + ".") ? in.substring(label.length() + 1) : in);
                } else if (!(producers.containsKey(in) && members.contains(producers.get(in))) && !graph.constants.containsKey(in)
                        && !in.equals(x)) {
                    return null; // reads another tensor: a mask, or a decoder's memory
                }
            }
        }
        if (!nodes.stream().map(NodeProto::getOpType).toList().equals(expected.get(0)) || !weights.equals(expected.get(1))) {
            return null;
        }
        String output = OnnxGraph.output(nodes.get(nodes.size() - 1));
        long headDim = shape.heads() < 1 ? 0 : model / shape.heads();
        for (NodeProto node : nodes) {
            String out = OnnxGraph.output(node);
            boolean readOutside = readers.getOrDefault(out, List.of()).stream().anyMatch(r -> !members.contains(r))
                || graph.outputNames.contains(out);
            boolean agrees = node.getOpType().equals("LayerNormalization")
                ? integer(node, "axis", -1) == -1 && floatOr(node, "epsilon") == eps : agrees(node, shape.heads(), headDim);
            if (!agrees || readOutside != out.equals(output)) {
                return null;
            }
        }
        boolean shaped = shape.keys().stream().allMatch(key -> Arrays.stream(graph.constants.get(label + "." + key).shape())
            .boxed().toList().equals(shape.shapeOf(key)));
        if (shape.heads() < 1 || headDim * shape.heads() != model || !shaped) {
            return null;
        }
        transformers.put(first, shape);
        return new Group(Kind.TRANSFORMER, nodes, first, x, output);
    }

    /**
     * Whether a node of an attention or a feed-forward block holds the constants netc onnx writes: heads of
     * {@code headDim} by Reshape and joined, q·kᵀ scaled by 1/√d, softmax over the last dimension, the
     * permutations of weights and heads, gelu's √2, 1 and 0.5.
     */
    private boolean agrees(NodeProto node, long heads, long headDim) {
        boolean constant = node.getInputCount() == 2 && graph.constants.containsKey(node.getInput(1))
            && !initializers.contains(node.getInput(1));
        NodeProto before = producers.get(node.getInput(0));
        return switch (node.getOpType()) {
            case "Reshape" -> {
                OnnxGraph.Constant to = graph.constants.get(node.getInput(1));
                yield to != null && (Arrays.equals(to.longs(), new long[] {0, -1, heads, headDim})
                    || Arrays.equals(to.longs(), new long[] {0, 0, heads * headDim}));
            }
            case "Mul" -> !constant || isScalar(node.getInput(1),
                before != null && before.getOpType().equals("MatMul") ? (float) (1 / Math.sqrt(headDim)) : 0.5f);
            case "Add" -> !constant || isScalar(node.getInput(1), 1);
            case "Div" -> isScalar(node.getInput(1), (float) Math.sqrt(2));
            case "Softmax" -> integer(node, "axis", -1) == -1;
            case "Transpose" -> {
                long[] perm = ints(node, "perm");
                boolean weight = before == null || before.getOpType().equals("Split");
                yield weight ? Arrays.equals(perm, new long[] {1, 0}) : Arrays.equals(perm, new long[] {0, 2, 1, 3})
                    || Arrays.equals(perm, new long[] {0, 2, 3, 1});
            }
            case "ReduceMean" -> Arrays.equals(ints(node, "axes"), new long[] {1}) && integer(node, "keepdims", 1) == 0;
            default -> true;
        };
    }

    private static float floatOr(NodeProto node, String name) {
        try {
            return OnnxGraph.floatAttribute(node, name, 1e-5f);
        } catch (ImportException e) {
            return Float.NaN;
        }
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
                    NodeProto add = group.last();
                    String biasName = add.getInput(add.getInput(0).equals(OnnxGraph.output(group.nodes().get(1))) ? 1 : 0);
                    state.put("bias", graph.constants.get(biasName).stored());
                    names.add(biasName);
                }
                yield new Step(OnnxOps.Kind.LAYER, "linear(" + weight.shape()[1] + ", " + weight.shape()[0]
                    + (bias ? "" : ", bias=false") + ")", out, state, names);
            }
            case GELU -> new Step(OnnxOps.Kind.LAYER, "gelu", in, Map.of(), List.of());
            case LAYER_NORM -> layerNorm(node, in);
            case EMPTY_BLOCK -> new Step(OnnxOps.Kind.EMPTY_BLOCK, "", in, Map.of(), List.of());
            case PARAMETER_ARITHMETIC -> parameterArithmetic(group, in);
            case PARAMETER_EXPAND -> parameterExpand(group, in);
            case ATTENTION -> attention(group, in);
            case TRANSFORMER -> transformer(group, in);
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

    private Step transformer(Group group, long[] in) throws ImportException {
        Transformer shape = transformers.get(group.named());
        String label = group.named().getName();
        if (in.length != 3 || in[2] != shape.model()) {
            throw OnnxOps.invalid(group.named(), "importer.linear_features", "[" + shape.model() + "]", in[in.length - 1]);
        }
        Map<String, SafeTensors.Stored> state = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        for (String key : shape.keys()) {
            state.put(key, graph.constants.get(label + "." + key).stored());
            names.add(label + "." + key);
        }
        return new Step(OnnxOps.Kind.LAYER, shape.text(), in, state, names);
    }

    /** Self-attention: {@code multiheadattention(768, 12, batch_first=true, need_weights=false)}, its output the first of its tuple. */
    private Step attention(Group group, long[] in) throws ImportException {
        String label = group.named().getName();
        OnnxGraph.Constant inWeight = graph.constants.get(label + ".in_proj_weight");
        long embed = inWeight.shape()[1];
        if (in.length != 3 || in[2] != embed) {
            throw OnnxOps.invalid(group.nodes().get(3), "importer.linear_features", Arrays.toString(inWeight.shape()), in[in.length - 1]);
        }
        long heads = graph.constants.get(group.nodes().get(11).getInput(1)).longs()[2];
        Map<String, SafeTensors.Stored> state = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        for (String key : List.of("in_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias")) {
            state.put(key, graph.constants.get(label + "." + key).stored());
            names.add(label + "." + key);
        }
        return new Step(OnnxOps.Kind.TUPLE_LAYER, "multiheadattention(" + embed + ", " + heads
            + ", batch_first=true, need_weights=false)", in, state, names);
    }

    /**
     * {@code layer_scale * x} (or {@code x + pos_embedding}, in the node's order): the parameter broadcast over the
     * tensor, which keeps its shape; {@code {}} in the text stands for the tensor.
     */
    private Step parameterArithmetic(Group group, long[] in) throws ImportException {
        NodeProto node = group.named();
        boolean first = !node.getInput(0).equals(group.input());
        String key = node.getInput(first ? 0 : 1);
        OnnxGraph.Constant parameter = graph.constants.get(key);
        int[] shape = parameter.shape();
        boolean broadcasts = shape.length <= in.length && (shape.length < in.length || shape[0] == 1) && IntStream.range(0, shape.length)
            .allMatch(i -> shape[i] == 1 || shape[i] == in[in.length - shape.length + i]);
        if (!broadcasts) {
            throw OnnxOps.invalid(node, "importer.parameter_broadcast", OnnxGraph.printable(key), Arrays.toString(shape),
                Arrays.toString(in));
        }
        String name = parameterName(key);
        String operator = node.getOpType().equals("Mul") ? " * " : " + ";
        return new Step(OnnxOps.Kind.OPERATOR, first ? name + operator + "{}" : "{}" + operator + name, in,
            Map.of(name, parameter.stored()), List.of(key));
    }

    /** {@code class_token.expand({}.shape[0], -1, -1)}: the batch read off the tensor, -1 where the parameter's size is kept. */
    private Step parameterExpand(Group group, long[] in) throws ImportException {
        NodeProto expand = group.named();
        String key = expand.getInput(0);
        OnnxGraph.Constant parameter = graph.constants.get(key);
        OnnxGraph.Constant rest = graph.constants.get(group.nodes().get(1).getInput(1));
        int[] shape = parameter.shape();
        long[] sizes = rest.longs();
        if (sizes == null || sizes.length != shape.length - 1 || shape[0] != 1) {
            throw OnnxOps.invalid(expand, "importer.parameter_broadcast", OnnxGraph.printable(key), Arrays.toString(shape),
                Arrays.toString(sizes));
        }
        long[] out = new long[shape.length];
        out[0] = in[0];
        StringBuilder text = new StringBuilder(parameterName(key) + ".expand({}.shape[0]");
        for (int i = 1; i < shape.length; i++) {
            out[i] = sizes[i - 1];
            text.append(", ").append(sizes[i - 1] == shape[i] ? "-1" : Long.toString(sizes[i - 1]));
            if (shape[i] != 1 && shape[i] != sizes[i - 1]) {
                throw OnnxOps.invalid(expand, "importer.parameter_broadcast", OnnxGraph.printable(key), Arrays.toString(shape),
                    Arrays.toString(sizes));
            }
        }
        return new Step(OnnxOps.Kind.OPERATOR, text.append(')').toString(), out, Map.of(parameterName(key), parameter.stored()),
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

    /** The parameter's name when {@code value} is a float initializer named {@code path.name} (or {@code name}, the model's); else null. */
    private String parameterName(String value) {
        int dot = value.lastIndexOf('.');
        String name = value.substring(dot + 1);
        return initializers.contains(value) && graph.constants.get(value).longs() == null && WORD.matcher(name).matches()
            && (dot < 0 || NetWriter.scope(value.substring(0, dot)) != null) ? name : null;
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

    private static long integer(NodeProto node, String name, long otherwise) {
        try {
            return OnnxGraph.intAttribute(node, name, otherwise);
        } catch (ImportException e) {
            return Long.MIN_VALUE; // as above
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
