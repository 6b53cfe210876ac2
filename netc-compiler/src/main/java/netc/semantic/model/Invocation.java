package netc.semantic.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import netc.diagnostics.SourceSpan;

/**
 * One call of a module during the (compile-time) forward pass, with the calls made inside it, as
 * {@link CallTree} derives it from the trace. torchsummary lists these after they return
 * (post-order); torchinfo as they start (pre-order).
 */
public final class Invocation {
    private final Module module;
    private final SourceSpan span;
    private final List<Shape> inputs;
    private List<Invocation> children = List.of();
    private Shape output;
    /** What a block or the model returned when it is a tuple; null when it returns its output tensor alone. */
    private Value.Tuple returned;

    Invocation(Module module, SourceSpan span, List<Shape> inputs) {
        this.module = module;
        this.span = span;
        // most calls take one tensor: a singleton list is a quarter of the size of a copied ArrayList
        this.inputs = inputs.size() == 1 ? Collections.singletonList(inputs.get(0))
            : Collections.unmodifiableList(new ArrayList<>(inputs));
    }

    public Module module() {
        return module;
    }

    public SourceSpan span() {
        return span;
    }

    /** Input shapes; an entry is null where an earlier error left it unknown. */
    public List<Shape> inputs() {
        return inputs;
    }

    /** The output shape, or null where an error left it unknown. */
    public Shape output() {
        return output;
    }

    /** The tuple a block returned ({@code return x + r, s}), whose first tensor is {@link #output()}; else null. */
    public Value.Tuple returned() {
        return returned;
    }

    void returns(Value.Tuple tuple) {
        this.returned = tuple;
    }

    public List<Invocation> children() {
        return Collections.unmodifiableList(children);
    }

    /** Every call below this one in the order torchsummary hooks them: after each returns. */
    public List<Invocation> callsAsReturned() {
        List<Invocation> calls = new ArrayList<>();
        for (Invocation child : children) {
            child.postOrder(calls);
        }
        return calls;
    }

    private void postOrder(List<Invocation> out) {
        for (Invocation child : children) {
            child.postOrder(out);
        }
        out.add(this);
    }

    void add(Invocation child) {
        if (children.isEmpty()) {
            children = new ArrayList<>();
        }
        children.add(child);
    }

    void finish(Shape shape) {
        this.output = shape;
    }
}
