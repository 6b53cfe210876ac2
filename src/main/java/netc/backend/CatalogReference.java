package netc.backend;

import java.util.stream.Collectors;
import netc.semantic.catalog.ArgSpec;
import netc.semantic.catalog.Catalog;
import netc.semantic.catalog.LayerSpec;

/** The layer catalogue as a Markdown table: docs/layers.md is this text, checked by a test. */
public final class CatalogReference {
    private CatalogReference() {
    }

    public static String markdown(Catalog catalog) {
        StringBuilder out = new StringBuilder("| name | PyTorch | arguments (in order; `a\\|b` = alias, `=_` = inferred when left out) |\n")
            .append("| --- | --- | --- |\n");
        for (Catalog.Entry entry : catalog.entries()) {
            out.append("| `").append(entry.name()).append("` | ").append(torchClass(entry)).append(" | ")
                .append(signature(entry.any())).append(" |\n");
        }
        return out.toString();
    }

    private static String torchClass(Catalog.Entry entry) {
        LayerSpec spec = entry.any();
        if (!spec.module()) {
            String function = spec.torch().functional();
            return function != null ? "no module (`" + function + "(...)`)" : "no module (like `x." + spec.name() + "(...)`)";
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
