package netc.backend;

import java.util.ArrayList;
import java.util.List;
import netc.diagnostics.Messages;
import netc.diagnostics.Sources;
import netc.semantic.catalog.Derivation;
import netc.semantic.catalog.Formula;
import netc.semantic.catalog.Working;
import netc.semantic.model.AnalyzedModel;
import netc.semantic.model.Module;
import netc.semantic.model.Shape;
import netc.semantic.model.StateEntry;
import netc.semantic.model.Trace;

/**
 * netc explain: each layer call of a model's forward pass with its working, as PyTorch computes it:
 * the incoming shape, each size the layer's rules computed (with symbols, then with this call's
 * numbers), the result, and the parameters; then how torchsummary sums its totals and sizes. The
 * working comes from the catalogue's rules themselves ({@link Working}), run again on the call.
 */
public final class Explanation {
    /** The bundle of explain's texts: English, and Simplified Chinese in Explain_zh. */
    public static final String BUNDLE = "netc.backend.Explain";
    private static final String INDENT = "    ";
    private static final long MB = 1024 * 1024;

    private final AnalyzedModel model;
    private final Sources sources;
    private final Messages text;
    private final StringBuilder out = new StringBuilder();

    private Explanation(AnalyzedModel model, Sources sources, Messages text) {
        this.model = model;
        this.sources = sources;
        this.text = text;
    }

    /** Every layer call of the model's forward pass, in order: what explain shows, and what --at picks from. */
    public static List<Trace.Apply> calls(AnalyzedModel model) {
        List<Trace.Apply> calls = new ArrayList<>();
        for (Trace.Step step : model.trace().steps()) {
            if (step instanceof Trace.Apply apply) {
                calls.add(apply);
            }
        }
        return calls;
    }

    /** The whole model's working, then torchsummary's totals. */
    public static String render(AnalyzedModel model, Sources sources, Messages text) {
        Explanation explanation = new Explanation(model, sources, text);
        explanation.header();
        for (Trace.Apply call : calls(model)) {
            explanation.call(call);
        }
        explanation.torchsummary();
        return explanation.out.toString();
    }

    /** The working of the calls {@code --at} picked. */
    public static String render(AnalyzedModel model, Sources sources, Messages text, List<Trace.Apply> picked) {
        Explanation explanation = new Explanation(model, sources, text);
        for (Trace.Apply call : picked) {
            explanation.call(call);
        }
        return explanation.out.toString();
    }

    private void header() {
        line(text.get("model", model.name(), sources.main().path()));
        for (Trace.Input input : model.inputs()) {
            line(text.get("input", input.name(), input.shape().toString()));
        }
        out.append('\n');
    }

    private void call(Trace.Apply call) {
        String main = sources.main().path();
        String where = call.span().positionSeenFrom(main);
        String written = sources.slice(call.span());
        Module module = call.module();
        String heading = module == null ? text.get("call", written, where)
            : text.get("layer", module.path(), written, where, "nn." + module.torchClass());
        line(heading);
        List<String> inputs = new ArrayList<>();
        for (int id : call.inputs()) {
            inputs.add(String.valueOf(model.trace().shape(id)));
        }
        line(INDENT + text.get(inputs.size() == 1 ? "in" : "ins", String.join(", ", inputs)));
        Working working = Working.of(call, model.trace(), sources);
        for (Derivation derivation : working.shape()) {
            derivation(derivation);
        }
        Shape output = call.output();
        boolean kept = working.shape().isEmpty() && call.inputs().size() == 1
            && output.equals(model.trace().shape(call.inputs().get(0)));
        line(INDENT + text.get(kept ? "out.same" : "out", String.valueOf(output), call.name()));
        for (Derivation derivation : working.state()) {
            derivation(derivation);
        }
        if (module != null) {
            state(module);
        }
        out.append('\n');
    }

    private void derivation(Derivation derivation) {
        line(INDENT + derivation.text());
        if (derivation.unless() != null) {
            line(INDENT + INDENT + text.get("unless", derivation.unless().text()));
        }
    }

    /** {@code weight [16, 3, 3, 3] = 16·3·3·3 = 432, bias [16] = 16, total 448}, then the buffers so. */
    private void state(Module module) {
        List<String> parameters = new ArrayList<>();
        List<String> buffers = new ArrayList<>();
        long total = 0;
        for (Entry entry : entries(module, "")) {
            (entry.state().parameter() ? parameters : buffers).add(entry.text());
            total += entry.state().parameter() ? entry.state().elements() : 0;
        }
        if (!parameters.isEmpty()) {
            line(INDENT + text.get("parameters", String.join(text.get("separator"), parameters),
                PythonFormat.grouped(total)));
        }
        if (!buffers.isEmpty()) {
            line(INDENT + text.get("buffers", String.join(text.get("separator"), buffers)));
        }
    }

    /** A state_dict entry of a layer, its key relative to the layer (out_proj.weight inside attention). */
    private record Entry(String key, StateEntry state) {
        String text() {
            List<Formula> sizes = new ArrayList<>();
            for (long size : state.shape()) {
                sizes.add(Formula.number(size));
            }
            return key + " " + Shape.unbatched(state.shape()) + " = " + Derivation.working(Formula.product(sizes));
        }
    }

    private static List<Entry> entries(Module module, String prefix) {
        List<Entry> entries = new ArrayList<>();
        for (StateEntry entry : module.state()) {
            entries.add(new Entry(prefix + entry.key(), entry));
        }
        for (Module child : module.children()) {
            entries.addAll(entries(child, prefix + child.name() + "."));
        }
        return entries;
    }

    /** How torchsummary sums its figures: the parameter totals, and its sizes in MB (4 bytes a value). */
    private void torchsummary() {
        TorchSummaryTable.Figures figures = TorchSummaryTable.figures(model, false);
        line(text.get("torchsummary"));
        List<String> params = new ArrayList<>();
        List<Formula> outputs = new ArrayList<>();
        long rowParams = 0;
        long totalOutput = 0;
        for (TorchSummaryTable.Row row : figures.rows()) {
            params.add(PythonFormat.grouped(row.params()));
            rowParams += row.params();
            totalOutput += row.outputProduct();
        }
        for (TorchSummaryTable.Row row : figures.rows()) {
            // |Σ np.prod(shape)|, each product negative for the batch's -1 when every row is one tensor
            outputs.add(Formula.number(totalOutput < 0 ? -row.outputProduct() : row.outputProduct()));
        }
        String total = PythonFormat.grouped(figures.totalParams());
        if (rowParams != figures.totalParams()) {
            line(INDENT + text.get("total.all", total));
        } else {
            line(INDENT + "Total params = " + (params.size() > 1 ? String.join(" + ", params) + " = " : "") + total);
        }
        line(INDENT + text.get("trainable", PythonFormat.grouped(figures.trainableParams()),
            PythonFormat.grouped(figures.totalParams() - figures.trainableParams())));
        long input = (long) figures.inputBytes();
        long output = (long) figures.outputBytes();
        long parameters = (long) figures.paramsBytes();
        line(INDENT + "Input size (MB) = " + input + "/" + MB + " = "
            + PythonFormat.twoDecimals(figures.inputSize()));
        Formula outputBytes = Formula.number(2).times(Formula.number(4))
            .times(outputs.isEmpty() ? Formula.number(0) : Formula.sum(outputs));
        line(INDENT + "Forward/backward pass size (MB) = " + outputBytes.print(true) + "/" + MB + " = " + output
            + "/" + MB + " = " + PythonFormat.twoDecimals(figures.outputSize()));
        line(INDENT + "Params size (MB) = 4·" + figures.totalParams() + "/" + MB + " = " + parameters + "/" + MB
            + " = " + PythonFormat.twoDecimals(figures.paramsSize()));
        line(INDENT + "Estimated Total Size (MB) = (" + input + " + " + output + " + " + parameters + ")/" + MB
            + " = " + PythonFormat.twoDecimals(figures.totalSize()));
        line(INDENT + text.get("sizes"));
    }

    private void line(String line) {
        out.append(line).append('\n');
    }
}
