package netc.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import netc.diagnostics.Messages;
import netc.diagnostics.Text;
import netc.semantic.catalog.ArgSpec;
import netc.semantic.catalog.Catalog;
import netc.semantic.catalog.LayerSpec;

/**
 * The layer catalogue as a Markdown table (docs/layers.md is its English text, checked by a test),
 * or one layer as a terminal shows it; in the language of {@code messages} (the diagnostics' bundle),
 * where layer names, PyTorch's classes and ONNX's operators stay as they are.
 */
public final class CatalogReference {
    private CatalogReference() {
    }

    public static String markdown(Catalog catalog, Messages messages) {
        StringBuilder out = new StringBuilder(messages.render(Text.of("layers.table_header"))).append('\n')
            .append("| --- | --- | --- | --- |\n");
        for (Catalog.Entry entry : catalog.entries()) {
            out.append("| `").append(entry.name()).append("` | ").append(torchClass(entry, "`", messages)).append(" | ")
                .append(signature(entry.any())).append(" | ").append(onnx(entry, messages)).append(" |\n");
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
    public static String text(Catalog.Entry entry, Messages messages) {
        LayerSpec spec = entry.any();
        StringBuilder out = new StringBuilder(entry.name()).append(": ").append(torchClass(entry, "", messages))
            .append('\n').append(messages.render(Text.of("layers.input", entry.rankDescription()))).append('\n')
            .append(messages.render(Text.of("layers.onnx", onnx(entry, messages)))).append('\n');
        if (spec.signature().isEmpty()) {
            return out.append(messages.render(Text.of("layers.no_arguments"))).append('\n').toString();
        }
        List<String> names = new ArrayList<>();
        for (ArgSpec arg : spec.signature()) {
            names.add(Stream.concat(Stream.of(arg.name()), arg.aliases().stream()).collect(Collectors.joining(", ")));
        }
        int width = names.stream().mapToInt(String::length).max().orElse(0);
        out.append(messages.render(Text.of("layers.arguments"))).append('\n');
        for (int i = 0; i < names.size(); i++) {
            out.append("  ").append(String.format("%-" + width + "s", names.get(i))).append("  ")
                .append(messages.render(spec.signature().get(i).describe(spec.spatialDims()))).append('\n');
        }
        return out.toString();
    }

    /** The ONNX operators the layer becomes in netc onnx, or "no" when it has no mapping. */
    private static String onnx(Catalog.Entry entry, Messages messages) {
        OnnxLayers.Mapping mapping = OnnxLayers.forLayer(entry.any().name());
        return messages.render(mapping == null ? Text.of("layers.no_onnx") : mapping.operators());
    }

    /** {@code quote} marks code: a backtick in Markdown, nothing on a terminal. */
    private static String torchClass(Catalog.Entry entry, String quote, Messages messages) {
        LayerSpec spec = entry.any();
        if (!spec.module()) {
            String function = spec.torch().functional();
            return messages.render(function != null ? Text.of("layers.no_module", quote + function + "(...)" + quote)
                : Text.of("layers.no_module_method", quote + "x." + spec.name() + "(...)" + quote));
        }
        if (entry.generic()) {
            return messages.render(Text.of("layers.by_rank",
                entry.variants().stream().map(LayerSpec::torchClass).collect(Collectors.joining(", "))));
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
