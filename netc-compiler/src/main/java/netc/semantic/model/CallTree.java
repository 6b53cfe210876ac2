package netc.semantic.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import netc.diagnostics.SourceSpan;
import netc.semantic.catalog.Structure;

/**
 * The calls of modules a forward pass makes, derived from its trace: each layer with a module, each
 * block instance and group with the calls between its bounds, and a composite layer's calls inside it.
 */
final class CallTree {
    private CallTree() {
    }

    /** The model's call, with every call under it; empty for a trace that was not kept. */
    static Invocation of(AnalyzedModel model) {
        Trace trace = model.trace();
        Invocation forward = new Invocation(model.root(), model.root().span(), List.of());
        Deque<Invocation> open = new ArrayDeque<>();
        open.push(forward);
        for (Trace.Step step : trace.steps()) {
            if (step instanceof Trace.Apply apply) {
                // a layer subclass's super runs its parent's forward inside the block's own call
                if (apply.module() != null && apply.module().kind() == Module.Kind.LAYER) {
                    Invocation call = call(apply.module(), apply, shapes(trace, apply.inputs()), apply.output());
                    open.peek().add(call);
                    if (apply.structure() != null) {
                        addCalls(apply.module(), call, apply.structure().calls(), apply);
                    }
                }
            } else if (step instanceof Trace.Block block) {
                bound(open, block.module(), block.end(), shapes(trace, block.inputs()), block.output(), block.span());
            } else if (step instanceof Trace.Group group) {
                bound(open, group.module(), group.end(), Collections.singletonList(group.shape()), group.shape(),
                    group.span());
            } else if (step instanceof Trace.Tuple tuple) {
                if (tuple.returned()) {
                    open.peek().returns(tuple.value()); // the block whose end follows, or the model
                }
            } else if (!(step instanceof Trace.Input || step instanceof Trace.Arithmetic
                || step instanceof Trace.Index || step instanceof Trace.Binding || step instanceof Trace.State)) {
                throw new AssertionError(step); // the others call no module
            }
        }
        forward.finish(model.output().shape());
        return forward;
    }

    /** Opens the call of a block or group at its start, and closes it at its end with its output. */
    private static void bound(Deque<Invocation> open, Module module, boolean end, List<Shape> inputs, Shape output,
                              SourceSpan span) {
        if (end) {
            open.pop().finish(output);
            return;
        }
        Invocation call = new Invocation(module, span, inputs);
        open.peek().add(call);
        open.push(call);
    }

    private static Invocation call(Module module, Trace.Apply apply, List<Shape> inputs, Shape output) {
        Invocation call = new Invocation(module, apply.span(), inputs);
        call.finish(output);
        return call;
    }

    /** The calls a composite layer's forward makes among its sub-modules, at the layer's span. */
    private static void addCalls(Module root, Invocation parent, List<Structure.Call> calls, Trace.Apply apply) {
        for (Structure.Call sub : calls) {
            Module target = root;
            for (String name : sub.path().split("\\.")) {
                target = target.child(name);
            }
            Invocation call = call(target, apply, Collections.singletonList(sub.input()), sub.output());
            parent.add(call);
            addCalls(target, call, sub.calls(), apply);
        }
    }

    private static List<Shape> shapes(Trace trace, List<Integer> ids) {
        List<Shape> shapes = new ArrayList<>(ids.size());
        for (int id : ids) {
            shapes.add(trace.shape(id));
        }
        return shapes;
    }
}
