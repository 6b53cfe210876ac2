package netc.backend;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import netc.semantic.model.AnalyzedModel;
import netc.semantic.model.Invocation;
import netc.semantic.model.Module;
import netc.semantic.model.Trace;
import netc.semantic.model.Value;

/**
 * The summary as JSON: the table's rows (with true parameter counts and source positions), the
 * true totals, and the state_dict keys and shapes in PyTorch's order.
 */
public final class JsonSummary {
    private JsonSummary() {
    }

    public static String render(AnalyzedModel model, boolean hideStateless) {
        JsonWriter json = new JsonWriter().beginObject();
        json.newline("  ").name("model").value(model.name());
        json.newline("  ").name("input_shape");
        inputShape(json, model);
        json.newline("  ").name("output_shape");
        value(json, model.forward().returned() != null ? model.forward().returned() : model.output());
        json.newline("  ").name("layers").beginArray();
        List<Invocation> rows = SummaryRows.of(model.forward(), hideStateless);
        for (int i = 0; i < rows.size(); i++) {
            json.newline("    ");
            layer(json, rows.get(i), i + 1);
        }
        json.newline("  ").endArray();
        json.newline("  ").name("total_params").value(model.totalParameters());
        json.newline("  ").name("trainable_params").value(model.totalParameters());
        json.newline("  ").name("state_dict").beginObject();
        for (Map.Entry<String, long[]> entry : model.stateDict().entrySet()) {
            json.newline("    ").name(entry.getKey()).longs(entry.getValue());
        }
        json.newline("  ").endObject();
        return json.newline("").endObject().toString() + "\n";
    }

    /** One input's dimensions, or a list of them when the model has several. */
    private static void inputShape(JsonWriter json, AnalyzedModel model) {
        if (model.inputs().size() == 1) {
            json.longs(model.inputs().get(0).shape().dims());
            return;
        }
        json.beginArray();
        for (Trace.Input input : model.inputs()) {
            json.longs(input.shape().dims());
        }
        json.endArray();
    }

    /**
     * What the model returns: a tensor's shape with the batch as -1, a recurrent state's with the
     * batch second ([1, -1, 128]), a tuple as a list of them.
     */
    private static void value(JsonWriter json, Value value) {
        if (value instanceof Value.Tensor tensor) {
            json.longs(prefixed(tensor.shape().dims(), -1));
        } else if (value instanceof Value.State state) {
            json.longs(prefixed(state.shape().dims(), state.first(), -1));
        } else if (value instanceof Value.Tuple tuple) {
            json.beginArray();
            for (Value element : tuple.elements()) {
                value(json, element);
            }
            json.endArray();
        } else {
            throw new AssertionError(value);
        }
    }

    /** {@code dims} after {@code leading}: a shape printed with its batch (-1) and what stands before it. */
    private static long[] prefixed(long[] dims, long... leading) {
        long[] out = Arrays.copyOf(leading, leading.length + dims.length);
        System.arraycopy(dims, 0, out, leading.length, dims.length);
        return out;
    }

    private static void layer(JsonWriter json, Invocation call, int index) {
        Module module = call.module();
        json.beginObject()
            .name("name").value(module.torchClass() + "-" + index)
            .name("type").value(module.torchClass())
            .name("module").value(module.path())
            .name("output_shape").longs(prefixed(call.output().dims(), -1))
            .name("params").value(module.ownParameters())
            .name("trainable").value(true)
            .name("line").value(call.span().startLine())
            .name("column").value(call.span().startColumn())
            .endObject();
    }
}
