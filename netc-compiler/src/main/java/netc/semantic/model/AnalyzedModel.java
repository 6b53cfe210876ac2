package netc.semantic.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model after analysis: its module tree, the trace of its forward pass, its output. Its inputs,
 * call tree and the editor's observations derive from the trace, each time they are asked for. An
 * analysis for diagnostics only (netc check) keeps no trace, and its unlabelled groups no children:
 * their parameters are counted in the total, but its state_dict lacks them.
 */
public record AnalyzedModel(String name, Module root, Value.Tensor output, Trace trace) {

    /** The declared input tensors, in order; none for a trace that was not kept. */
    public List<Trace.Input> inputs() {
        List<Trace.Input> inputs = new ArrayList<>();
        for (Trace.Step step : trace.steps()) {
            if (step instanceof Trace.Input input) {
                inputs.add(input);
            }
        }
        return inputs;
    }

    /** Every state_dict key with its shape, in PyTorch's order: own entries, then children's. */
    public Map<String, long[]> stateDict() {
        Map<String, long[]> entries = new LinkedHashMap<>();
        collect(root, entries);
        return entries;
    }

    private static void collect(Module module, Map<String, long[]> entries) {
        String prefix = module.path().isEmpty() ? "" : module.path() + ".";
        for (StateEntry entry : module.state()) {
            entries.put(prefix + entry.key(), entry.shape());
        }
        for (Module child : module.children()) {
            collect(child, entries);
        }
    }

    /** The model's call, with the calls of its forward pass under it. */
    /** The step returning the tuple of the model's outputs ({@code (dec, mu, logvar)}); null when it returns a tensor. */
    public Trace.Tuple returnedTuple() {
        List<Trace.Step> steps = trace.steps();
        Trace.Step last = steps.isEmpty() ? null : steps.get(steps.size() - 1);
        return last instanceof Trace.Tuple tuple && tuple.returned() ? tuple : null;
    }

    public Invocation forward() {
        return CallTree.of(this);
    }

    public Observations observations() {
        return Observations.of(trace);
    }

    public long totalParameters() {
        return root.totalParameters();
    }
}
