package netc.importer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import netc.onnx.OnnxProto.AttributeProto;
import netc.onnx.OnnxProto.NodeProto;
import netc.runtime.SafeTensors;

/**
 * The operator groups netc onnx writes for an {@code rnn}, {@code lstm} or {@code gru} layer, recognised
 * as that layer: nodes named after its label ({@code lstm}, {@code lstm/Split_3}, ...), one RNN, LSTM or GRU
 * node per layer reading the state_dict's weights (through the Split and Concat that put PyTorch's gates in
 * ONNX's order), Unsqueeze and Concat stacking the directions, the Transposes and Reshapes of batch_first and
 * between layers. A group that differs from that in any node, attribute, weight or shape is not
 * recognised, and its operators are then reported as unsupported, as any others: a model is never
 * written with a recurrent layer other than the one the graph computes.
 */
final class OnnxRecurrent {
    /** PyTorch's gate of each ONNX gate: LSTM i, o, f, c from i, f, g, o; GRU z, r, h from r, z, n; RNN's one. */
    private static final Map<String, int[]> GATE_ORDERS = Map.of("LSTM", new int[] {0, 3, 1, 2}, "GRU", new int[] {1, 0, 2},
        "RNN", new int[] {0});

    /**
     * A recognised layer: {@code text} its call ({@code {}} where it names its h0), the input size (which the input's
     * shape checks), the sequence it reads, its h0 (null for none), what it gives the model (its sequence, or its
     * final state h_n when the model reads only that), the rows and the width of h0 and h_n (layers · directions,
     * hidden; the batch between them), its weights by state_dict key (after the label) and
     * their initializers' names, and every node of the group.
     */
    record Layer(String text, long inputSize, long outputSize, String input, String initialState, String output,
                 boolean returnsState, long stateRows, long hidden, Map<String, SafeTensors.Stored> state,
                 List<String> stateNames, Set<NodeProto> nodes) {
    }

    private final OnnxGraph graph;
    private final Map<String, NodeProto> producers = new HashMap<>();
    private final Map<String, List<NodeProto>> readers = new HashMap<>();

    private OnnxRecurrent(OnnxGraph graph) {
        this.graph = graph;
        for (NodeProto node : graph.nodes) {
            node.getOutputList().forEach(out -> producers.put(out, node));
            node.getInputList().forEach(in -> readers.computeIfAbsent(in, k -> new ArrayList<>()).add(node));
        }
    }

    /** The recognised layers, by each node of their groups. */
    static Map<NodeProto, Layer> find(OnnxGraph graph) throws ImportException {
        OnnxRecurrent finder = new OnnxRecurrent(graph);
        Map<String, List<NodeProto>> groups = new LinkedHashMap<>();
        for (NodeProto node : graph.nodes) {
            int slash = node.getName().indexOf('/');
            if (GATE_ORDERS.containsKey(node.getOpType()) && slash > 0 && (node.getDomain().isEmpty()
                    || node.getDomain().equals("ai.onnx"))) {
                groups.computeIfAbsent(node.getName().substring(0, slash), k -> new ArrayList<>()).add(node);
            }
        }
        Map<NodeProto, Layer> layers = new HashMap<>();
        for (Map.Entry<String, List<NodeProto>> group : groups.entrySet()) {
            Layer layer = finder.layer(group.getKey(), group.getValue());
            if (layer != null) {
                layer.nodes().forEach(node -> layers.put(node, layer));
            }
        }
        return layers;
    }

    /** The layer of label {@code label} whose ONNX layers are {@code cells}, in order; null when the group is another. */
    private Layer layer(String label, List<NodeProto> cells) throws ImportException {
        String op = cells.get(0).getOpType();
        int[] order = GATE_ORDERS.get(op);
        long hidden = OnnxGraph.intAttribute(cells.get(0), "hidden_size", -1);
        AttributeProto directionAttribute = OnnxGraph.optional(cells.get(0), "direction", AttributeProto.AttributeType.STRING);
        String direction = directionAttribute == null ? "forward" : directionAttribute.getS().toStringUtf8();
        int directions = direction.equals("bidirectional") ? 2 : direction.equals("forward") ? 1 : 0;
        boolean bias = graph.constants.containsKey(label + ".bias_ih_l0");
        Set<NodeProto> used = new HashSet<>();
        NodeProto first = node(cells.get(0).getInput(0), "Transpose", used);
        String activation = activation(cells.get(0), directions);
        if (hidden < 1 || directions == 0 || first == null || !first.getName().equals(label) || !perm(first, 1, 0, 2)
                || (op.equals("RNN") && activation == null)) {
            return null;
        }
        Map<String, SafeTensors.Stored> state = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        long gates = order.length * hidden;
        long inputSize = -1;
        String sequence = cells.get(0).getInput(0);
        String initialState = cells.get(0).getInputCount() == 6 ? initialState(cells.get(0), 0, directions, used) : null;
        for (int layer = 0; layer < cells.size(); layer++) {
            NodeProto cell = cells.get(layer);
            used.add(cell);
            boolean given = initialState != null && !op.equals("LSTM"); // an LSTM's h0 and c0 are not read back yet
            if (!op.equals(cell.getOpType()) || !attributesAre(cell, op, hidden, direction)
                    || (op.equals("RNN") && !activation.equals(activation(cell, directions)))
                    || cell.getInputCount() != (given ? 6 : bias ? 4 : 3) || !cell.getInput(0).equals(sequence)
                    || (given && (!(bias || cell.getInput(3).isEmpty()) || !cell.getInput(4).isEmpty()
                        || !initialState.equals(initialState(cell, layer, directions, used))))
                    || cell.getOutputCount() != (op.equals("LSTM") ? 3 : 2)) {
                return null;
            }
            List<String> w = stacked(cell.getInput(1), directions, used);
            List<String> r = stacked(cell.getInput(2), directions, used);
            List<String> b = bias ? stacked(cell.getInput(3), directions, used) : null;
            if (w == null || r == null || (bias && b == null)) {
                return null;
            }
            for (int d = 0; d < directions; d++) {
                String suffix = "_l" + layer + (d == 1 ? "_reverse" : "");
                String weightIh = gatesOf(unsqueezed(w.get(d), used), order, hidden, used);
                String weightHh = gatesOf(unsqueezed(r.get(d), used), order, hidden, used);
                OnnxGraph.Constant ih = weightIh == null ? null : graph.constants.get(weightIh);
                long inputs = layer == 0 ? (ih == null || ih.shape().length != 2 ? -1 : ih.shape()[1]) : directions * hidden;
                if (!(label + ".weight_ih" + suffix).equals(weightIh) || !(label + ".weight_hh" + suffix).equals(weightHh)
                        || !shape(weightIh, gates, inputs) || !shape(weightHh, gates, hidden) || inputs < 1) {
                    return null;
                }
                inputSize = layer == 0 ? inputs : inputSize;
                add(state, names, "weight_ih" + suffix, weightIh);
                add(state, names, "weight_hh" + suffix, weightHh);
                if (bias) {
                    NodeProto both = node(unsqueezed(b.get(d), used), "Concat", used);
                    if (both == null || both.getInputCount() != 2 || OnnxGraph.intAttribute(both, "axis", 1) != 0) {
                        return null;
                    }
                    String biasIh = gatesOf(both.getInput(0), order, hidden, used);
                    String biasHh = gatesOf(both.getInput(1), order, hidden, used);
                    if (!(label + ".bias_ih" + suffix).equals(biasIh) || !(label + ".bias_hh" + suffix).equals(biasHh)
                            || !shape(biasIh, gates) || !shape(biasHh, gates)) {
                        return null;
                    }
                    add(state, names, "bias_ih" + suffix, biasIh);
                    add(state, names, "bias_hh" + suffix, biasHh);
                }
            }
            // the directions' outputs side by side again: [sequence, batch, directions · hidden]
            NodeProto spread = readBy(cell.getOutput(0), "Transpose", used);
            NodeProto joined = spread == null ? null : readBy(OnnxGraph.output(spread), "Reshape", used);
            if (joined == null || !perm(spread, 0, 2, 1, 3)
                    || !Arrays.equals(longs(joined.getInput(1)), new long[] {0, 0, directions * hidden})) {
                return null;
            }
            sequence = OnnxGraph.output(joined);
        }
        NodeProto last = readBy(sequence, "Transpose", used);
        String finalState = op.equals("LSTM") ? null : finalState(label, cells, used);
        boolean returnsState = finalState != null && last != null && !leaves(OnnxGraph.output(last), used);
        String output = returnsState ? finalState : last == null ? null : OnnxGraph.output(last);
        if (last == null || !perm(last, 1, 0, 2) || !weightsAre(label, state.keySet())
                || !closed(label, used, cells, output)) {
            return null;
        }
        StringBuilder text = new StringBuilder(op.toLowerCase() + "(" + (initialState != null ? "{}, " : "") + inputSize
            + ", " + hidden);
        text.append(cells.size() > 1 ? ", num_layers=" + cells.size() : "")
            .append("Relu".equals(activation) ? ", nonlinearity=\"relu\"" : "").append(bias ? "" : ", bias=false")
            .append(", batch_first=true").append(directions == 2 ? ", bidirectional=true" : "").append(')');
        return new Layer(text.toString(), inputSize, directions * hidden, first.getInput(0), initialState, output, returnsState,
            (long) cells.size() * directions, hidden, state, names, used);
    }

    /**
     * The h0 a cell's Slice takes its layer's rows {@code [layer · directions, (layer + 1) · directions)} of (netc onnx's
     * slice of a given state); null when its initial_h is computed otherwise.
     */
    private String initialState(NodeProto cell, long layer, int directions, Set<NodeProto> used) {
        NodeProto slice = node(cell.getInputCount() == 6 ? cell.getInput(5) : null, "Slice", used);
        return slice == null || slice.getInputCount() != 4 || !Arrays.equals(longs(slice.getInput(1)), new long[] {layer * directions})
            || !Arrays.equals(longs(slice.getInput(2)), new long[] {(layer + 1) * directions})
            || !Arrays.equals(longs(slice.getInput(3)), new long[] {0}) ? null : slice.getInput(0);
    }

    /**
     * The final state h_n netc onnx gathers from the cells' Y_h (an Identity of one, a Concat on axis 0 of
     * several, in order) when the model reads it (added to {@code used}); null when nothing reads it.
     */
    private String finalState(String label, List<NodeProto> cells, Set<NodeProto> used) throws ImportException {
        List<String> states = cells.stream().map(cell -> cell.getOutput(1)).toList();
        List<NodeProto> gathering = readers.getOrDefault(states.get(0), List.of());
        NodeProto gathers = gathering.size() == 1 ? gathering.get(0) : null;
        boolean gathered = gathers != null && gathers.getName().startsWith(label + "/") && gathers.getInputList().equals(states)
            && (cells.size() == 1 ? gathers.getOpType().equals("Identity")
                : gathers.getOpType().equals("Concat") && OnnxGraph.intAttribute(gathers, "axis", 1) == 0);
        if (!gathered || !leaves(OnnxGraph.output(gathers), Set.of(gathers))) {
            return null;
        }
        used.add(gathers);
        return OnnxGraph.output(gathers);
    }

    /** Whether a node other than those in {@code inside} reads the value, or the graph returns it. */
    private boolean leaves(String value, Set<NodeProto> inside) {
        return graph.outputNames.contains(value)
            || readers.getOrDefault(value, List.of()).stream().anyMatch(reader -> !inside.contains(reader));
    }

    /**
     * Whether the cell has exactly netc onnx's attributes: hidden_size, direction, GRU's linear_before_reset=1
     * and RNN's activations.
     */
    private static boolean attributesAre(NodeProto cell, String op, long hidden, String direction) throws ImportException {
        AttributeProto directionAttribute = OnnxGraph.optional(cell, "direction", AttributeProto.AttributeType.STRING);
        boolean gru = op.equals("GRU");
        return OnnxGraph.intAttribute(cell, "hidden_size", -1) == hidden
            && (directionAttribute == null ? "forward" : directionAttribute.getS().toStringUtf8()).equals(direction)
            && (!gru || OnnxGraph.intAttribute(cell, "linear_before_reset", 0) == 1)
            && cell.getAttributeCount() == (directionAttribute == null ? 1 : 2) + (op.equals("LSTM") ? 0 : 1);
    }

    /** An RNN's activation, Tanh or Relu, the same in every direction; null for any other (or none: not an RNN). */
    private static String activation(NodeProto cell, int directions) throws ImportException {
        AttributeProto activations = OnnxGraph.optional(cell, "activations", AttributeProto.AttributeType.STRINGS);
        if (activations == null || activations.getStringsCount() != directions) {
            return null;
        }
        String first = activations.getStrings(0).toStringUtf8();
        boolean same = activations.getStringsList().stream().allMatch(a -> a.toStringUtf8().equals(first));
        return same && (first.equals("Tanh") || first.equals("Relu")) ? first : null;
    }

    /** The weights of the directions a Concat on axis 0 stacks (one direction: the value itself). */
    private List<String> stacked(String value, int directions, Set<NodeProto> used) throws ImportException {
        if (directions == 1) {
            return List.of(value);
        }
        NodeProto concat = node(value, "Concat", used);
        return concat == null || concat.getInputCount() != directions || OnnxGraph.intAttribute(concat, "axis", 1) != 0
            ? null : concat.getInputList();
    }

    /** What an Unsqueeze at axis 0 adds the direction axis to; null when the value is no such Unsqueeze's. */
    private String unsqueezed(String value, Set<NodeProto> used) {
        NodeProto unsqueeze = node(value, "Unsqueeze", used);
        return unsqueeze == null || unsqueeze.getInputCount() != 2 || !Arrays.equals(longs(unsqueeze.getInput(1)), new long[] {0})
            ? null : unsqueeze.getInput(0);
    }

    /**
     * The weight whose gate rows a Split into equal parts and a Concat in ONNX's gate order rearrange
     * (netc onnx's reordering of PyTorch's gates), or an RNN's weight itself; null when the value is computed otherwise.
     */
    private String gatesOf(String value, int[] order, long hidden, Set<NodeProto> used) throws ImportException {
        if (order.length == 1) {
            return value != null && graph.constants.containsKey(value) ? value : null;
        }
        NodeProto concat = value == null ? null : node(value, "Concat", used);
        if (concat == null || concat.getInputCount() != order.length || OnnxGraph.intAttribute(concat, "axis", 1) != 0) {
            return null;
        }
        NodeProto split = producers.get(concat.getInput(0));
        long[] sizes = new long[order.length];
        Arrays.fill(sizes, hidden);
        if (split == null || !split.getOpType().equals("Split") || split.getInputCount() != 2 || split.getOutputCount() != order.length
                || !Arrays.equals(longs(split.getInput(1)), sizes) || OnnxGraph.intAttribute(split, "axis", 0) != 0
                || split.getAttributeCount() != 1) {
            return null;
        }
        for (int i = 0; i < order.length; i++) {
            if (!concat.getInput(i).equals(split.getOutput(order[i]))) {
                return null;
            }
        }
        used.add(split);
        return split.getInput(0);
    }

    /** The node of this op type that computes {@code value}, added to {@code used}; null when another computes it. */
    private NodeProto node(String value, String op, Set<NodeProto> used) {
        NodeProto node = value == null ? null : producers.get(value);
        if (node == null || !node.getOpType().equals(op)) {
            return null;
        }
        used.add(node);
        return node;
    }

    /** The one node that reads {@code value}, when it is of this op type (added to {@code used}). */
    private NodeProto readBy(String value, String op, Set<NodeProto> used) {
        List<NodeProto> nodes = value == null ? List.of() : readers.getOrDefault(value, List.of());
        if (nodes.size() != 1 || !nodes.get(0).getOpType().equals(op)) {
            return null;
        }
        used.add(nodes.get(0));
        return nodes.get(0);
    }

    private static boolean perm(NodeProto node, long... perm) throws ImportException {
        return node != null && node.getOpType().equals("Transpose") && Arrays.equals(OnnxGraph.intsAttribute(node, "perm"), perm);
    }

    private long[] longs(String value) {
        OnnxGraph.Constant constant = graph.constants.get(value);
        return constant == null ? null : constant.longs();
    }

    private boolean shape(String weight, long... dims) {
        OnnxGraph.Constant constant = graph.constants.get(weight);
        return constant != null && constant.longs() == null
            && Arrays.equals(Arrays.stream(constant.shape()).asLongStream().toArray(), dims);
    }

    private void add(Map<String, SafeTensors.Stored> state, List<String> names, String key, String initializer) {
        state.put(key, graph.constants.get(initializer).stored());
        names.add(initializer);
    }

    /** Whether the label's weights in the file are exactly those the layer reads (no projection's weight_hr, say). */
    private boolean weightsAre(String label, Set<String> keys) {
        return graph.model.getGraph().getInitializerList().stream().map(i -> i.getName())
            .filter(name -> name.startsWith(label + ".")).allMatch(name -> keys.contains(name.substring(label.length() + 1)));
    }

    /**
     * Whether the group is only the nodes recognised, and the states h_n and c_n netc onnx gathers that
     * nothing reads; only {@code output} (the sequence, or the h_n the model reads instead) leaves the group.
     */
    private boolean closed(String label, Set<NodeProto> used, List<NodeProto> cells, String output) {
        Set<String> states = new HashSet<>();
        cells.forEach(cell -> states.addAll(cell.getOutputList().subList(1, cell.getOutputCount())));
        for (NodeProto node : graph.nodes) {
            boolean named = node.getName().equals(label) || node.getName().startsWith(label + "/");
            boolean gathersStates = named && !used.contains(node) && (node.getOpType().equals("Concat")
                || node.getOpType().equals("Identity")) && states.containsAll(node.getInputList())
                && !readers.containsKey(OnnxGraph.output(node)) && !graph.outputNames.contains(OnnxGraph.output(node));
            if (gathersStates) {
                used.add(node);
            } else if (named != used.contains(node)) {
                return false;
            }
        }
        for (NodeProto node : used) {
            for (String out : node.getOutputList()) {
                if (leaves(out, used) && !out.equals(output)) {
                    return false;
                }
            }
        }
        return true;
    }
}
