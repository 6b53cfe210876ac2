package netc.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import netc.semantic.catalog.ArgSpec;
import netc.semantic.catalog.Catalog;
import netc.semantic.catalog.LayerSpec;

/** The layer catalogue as a Markdown table: docs/layers.md is this text, checked by a test. */
public final class CatalogReference {
    private CatalogReference() {
    }

    public static String markdown(Catalog catalog) {
        StringBuilder out = new StringBuilder("| name | PyTorch | arguments (in order; `a\\|b` = alias, `=_` = inferred "
            + "when left out) | ONNX (`netc onnx`) |\n")
            .append("| --- | --- | --- | --- |\n");
        for (Catalog.Entry entry : catalog.entries()) {
            out.append("| `").append(entry.name()).append("` | ").append(torchClass(entry, "`")).append(" | ")
                .append(signature(entry.any())).append(" | ").append(onnx(entry)).append(" |\n");
        }
        return out.toString();
    }

    /**
     * One layer as a terminal shows it, without Markdown: its PyTorch class, the ranks it takes,
     * then each argument in order with its short forms, type and default.
     * <pre>
     * linear: Linear
     * input: at least 2-d (counting the batch)
     * arguments, in order:
     *   in_features    int, inferred from the input when left out
     *   ...
     * </pre>
     */
    public static String text(Catalog.Entry entry) {
        LayerSpec spec = entry.any();
        StringBuilder out = new StringBuilder(entry.name()).append(": ").append(torchClass(entry, "")).append('\n')
            .append("input: ").append(entry.rankDescription().english()).append(" (counting the batch)\n")
            .append("onnx: ").append(onnx(entry)).append('\n');
        if (spec.signature().isEmpty()) {
            return out.append("arguments: none\n").toString();
        }
        List<String> names = new ArrayList<>();
        for (ArgSpec arg : spec.signature()) {
            names.add(Stream.concat(Stream.of(arg.name()), arg.aliases().stream()).collect(Collectors.joining(", ")));
        }
        int width = names.stream().mapToInt(String::length).max().orElse(0);
        out.append("arguments, in order:\n");
        for (int i = 0; i < names.size(); i++) {
            out.append("  ").append(String.format("%-" + width + "s", names.get(i))).append("  ")
                .append(spec.signature().get(i).describe(spec.spatialDims()).english()).append('\n');
        }
        return out.toString();
    }

    /** The ONNX operators the layer becomes in netc onnx, or "no" when it has no mapping. */
    private static String onnx(Catalog.Entry entry) {
        OnnxLayers.Mapping mapping = OnnxLayers.forLayer(entry.any().name());
        return mapping == null ? "no" : mapping.operators();
    }

    /** {@code quote} marks code: a backtick in Markdown, nothing on a terminal. */
    private static String torchClass(Catalog.Entry entry, String quote) {
        LayerSpec spec = entry.any();
        if (!spec.module()) {
            String function = spec.torch().functional();
            return function != null ? "no module (" + quote + function + "(...)" + quote + ")"
                : "no module (like " + quote + "x." + spec.name() + "(...)" + quote + ")";
        }
        if (entry.generic()) {
            return entry.variants().stream().map(LayerSpec::torchClass).collect(Collectors.joining(", "))
                + " by the input's rank";
        }
        return spec.torchClass();
    }

    private static String signature(LayerSpec spec) {
        return spec.signature().stream().map(CatalogReference::argument).collect(Collectors.joining(", "));
    }

    private static String argument(ArgSpec arg) {
        StringBuilder out = new StringBuilder(arg.name());
        arg.aliases().forEach(alias -> out.append("\\|").append(alias));
        if (arg.inferable()) {
            out.append("=_");
        } else if (arg.defaultValue() != null) {
            out.append('=').append(arg.defaultValue().show());
        }
        return out.toString();
    }
}
