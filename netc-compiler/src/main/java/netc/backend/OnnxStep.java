package netc.backend;

import java.util.List;
import netc.semantic.model.Shape;
import netc.semantic.model.Trace;
import netc.semantic.model.Value;

/**
 * One layer step as an ONNX mapping sees it: the graph it adds nodes to, the value names of its
 * inputs (already converted to the element type the layer computes in), its arguments (read
 * through {@link JavaStep}'s accessors, which know the catalogue's values), and the label its nodes
 * are named after: the module's path, or for a functional call its name and position.
 */
final class OnnxStep {
    private final OnnxGraph graph;
    private final Trace.Apply apply;
    private final JavaStep arguments;
    private final List<String> inputs;
    private final List<Shape> inputShapes;
    private final String label;
    private final List<String> initialStates;

    /** {@code initialStates}: a recurrent layer's h0 and c0 ("" where it starts from zeros). */
    OnnxStep(OnnxGraph graph, Trace.Apply apply, List<String> inputs, List<Shape> inputShapes, String label,
             List<String> initialStates) {
        this.graph = graph;
        this.apply = apply;
        this.arguments = new JavaStep(apply, inputs, inputShapes, null, null);
        this.inputs = List.copyOf(inputs);
        this.inputShapes = List.copyOf(inputShapes);
        this.label = label;
        this.initialStates = List.copyOf(initialStates);
    }

    OnnxGraph graph() {
        return graph;
    }

    Trace.Apply apply() {
        return apply;
    }

    /** The layer's arguments. */
    JavaStep args() {
        return arguments;
    }

    String label() {
        return label;
    }

    String input() {
        return inputs.get(0);
    }

    List<String> inputs() {
        return inputs;
    }

    Shape inputShape() {
        return inputShapes.get(0);
    }

    /** The rank of the first input, the batch counted. */
    int rank() {
        return inputShape().rank();
    }

    Shape output() {
        return apply.output();
    }

    Value.DType dtype() {
        return apply.dtype();
    }

    List<String> initialStates() {
        return initialStates;
    }

    /** A node named after the step. */
    String node(String opType, List<String> nodeInputs, OnnxGraph.Attr... attributes) {
        return graph.node(opType, label, nodeInputs, attributes);
    }

    List<String> node(String opType, List<String> nodeInputs, int outputs, OnnxGraph.Attr... attributes) {
        return graph.node(opType, label, nodeInputs, outputs, attributes);
    }

    String ints(long... values) {
        return graph.ints(label, values);
    }

    String floatScalar(double value) {
        return graph.floatScalar(label, value);
    }

    /** The initializer of the module's state entry {@code key} ({@code weight}, {@code self_attn.in_proj_weight}), or "". */
    String weight(String key) {
        String name = apply.module().path().isEmpty() ? key : apply.module().path() + "." + key;
        return graph.hasInitializer(name) ? name : "";
    }

    /** A dimension argument as ONNX's non-negative axis, for a tensor of {@code rank}. */
    static long axis(long dim, int rank) {
        return dim < 0 ? dim + rank : dim;
    }
}
