package netc.cli;

import java.util.concurrent.Callable;
import netc.backend.CatalogReference;
import netc.semantic.catalog.Catalog;
import netc.semantic.evaluation.Suggestions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

@Command(name = "layers", mixinStandardHelpOptions = true)
final class LayersCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "NAME", descriptionKey = "layer")
    private String name;

    @CommandLine.Mixin
    private LanguageOption language;

    @Override
    public Integer call() {
        Catalog catalog = Catalog.standard();
        String text;
        if (name == null) {
            text = CatalogReference.markdown(catalog, language.diagnostics());
        } else {
            Catalog.Entry entry = catalog.lookup(name) != null ? catalog.lookup(name) : catalog.lookupTorchClass(name);
            if (entry == null) {
                String near = Suggestions.closest(name, catalog.names());
                throw near == null ? new UsageError(spec.commandLine(), "usage.no_layer", name)
                    : new UsageError(spec.commandLine(), "usage.no_layer_near", name, near);
            }
            text = CatalogReference.text(entry, language.diagnostics());
        }
        spec.commandLine().getOut().print(text);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
