package netc.cli;

import java.util.concurrent.Callable;
import netc.backend.CatalogReference;
import netc.semantic.catalog.Catalog;
import picocli.CommandLine.Command;
import picocli.CommandLine;

@Command(name = "layers", mixinStandardHelpOptions = true,
    description = "Lists every layer netc knows, with its PyTorch class and arguments (Markdown).")
final class LayersCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(CatalogReference.markdown(Catalog.standard()));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
