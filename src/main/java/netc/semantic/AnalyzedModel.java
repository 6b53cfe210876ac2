package netc.semantic;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A model after analysis: its inputs, module tree, the calls of its forward pass, its output. */
public record AnalyzedModel(String name, List<Input> inputs, Module root, Invocation forward, Value.Tensor output,
                            Observations observations, Trace trace) {

    public AnalyzedModel {
        inputs = List.copyOf(inputs);
    }

    /** A declared input tensor. */
    public record Input(String name, Shape shape, Value.DType dtype) {
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

    public long totalParameters() {
        return root.totalParameters();
    }

    /** Every call in the order torchsummary hooks them: after each returns, the model itself excluded. */
    public List<Invocation> callsAsReturned() {
        List<Invocation> calls = new ArrayList<>();
        for (Invocation child : forward.children()) {
            postOrder(child, calls);
        }
        return calls;
    }

    private static void postOrder(Invocation call, List<Invocation> out) {
        for (Invocation child : call.children()) {
            postOrder(child, out);
        }
        out.add(call);
    }
}
