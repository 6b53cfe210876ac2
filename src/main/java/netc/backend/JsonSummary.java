package netc.backend;

import java.util.List;
import java.util.Map;
import netc.semantic.AnalyzedModel;
import netc.semantic.Invocation;
import netc.semantic.Module;
import netc.semantic.Trace;

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

    private static void layer(JsonWriter json, Invocation call, int index) {
        Module module = call.module();
        long[] dims = call.output().dims();
        long[] withBatch = new long[dims.length + 1];
        withBatch[0] = -1;
        System.arraycopy(dims, 0, withBatch, 1, dims.length);
        json.beginObject()
            .name("name").value(module.torchClass() + "-" + index)
            .name("type").value(module.torchClass())
            .name("output_shape").longs(withBatch)
            .name("params").value(module.ownParameters())
            .name("trainable").value(true)
            .name("line").value(call.span().startLine())
            .name("column").value(call.span().startColumn())
            .endObject();
    }
}
