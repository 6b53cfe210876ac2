package netc.lsp;

import com.google.gson.JsonPrimitive;
import java.util.List;
import netc.backend.GraphSvg;
import netc.backend.ModelGraph;
import netc.diagnostics.Diagnostic;
import netc.diagnostics.Messages;
import netc.semantic.model.AnalyzedModel;

/**
 * The workspace command {@code netc.showGraph}: the picture netc graph draws of a document's model,
 * errors and all, as SVG text. Its arguments are the document's URI and, optionally, the model's
 * name (else the document's first model).
 */
final class ShowGraph {
    static final String COMMAND = "netc.showGraph";

    private ShowGraph() {
    }

    /** The argument at {@code index} as text: JSON-RPC hands strings over as JSON primitives; null if absent. */
    static String argument(List<Object> arguments, int index) {
        if (arguments == null || arguments.size() <= index) {
            return null;
        }
        Object argument = arguments.get(index);
        if (argument instanceof JsonPrimitive primitive && primitive.isString()) {
            return primitive.getAsString();
        }
        return argument instanceof String text ? text : null;
    }

    /**
     * The SVG of the model named {@code name} (null: the first), its errors in the language of
     * {@code messages}; null when the document has no such model.
     */
    static String svg(DocumentAnalysis analysis, String name, Messages messages) {
        AnalyzedModel model = null;
        for (AnalyzedModel candidate : analysis.models()) {
            if (model == null && (name == null || candidate.name().equals(name))) {
                model = candidate;
            }
        }
        if (model == null) {
            return null;
        }
        List<Diagnostic> errors = analysis.diagnostics().stream().filter(Diagnostic::isError).toList();
        return GraphSvg.render(ModelGraph.of(model, ModelGraph.FULL_DEPTH, errors, messages));
    }
}
