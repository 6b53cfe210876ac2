package netc.cli;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import netc.backend.GraphDot;
import netc.backend.GraphSvg;
import netc.backend.ModelGraph;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "graph", mixinStandardHelpOptions = true)
final class GraphCommand implements Callable<Integer> {
    enum Format { svg, dot }

    private final InputStream stdin;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    private ModelGeneration generation;

    @Option(names = "--format", defaultValue = "svg", paramLabel = "FORMAT")
    private Format format = Format.svg;

    @Option(names = "--depth", paramLabel = "N")
    private Integer depth;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE")
    private String output;

    GraphCommand(InputStream stdin) {
        this.stdin = stdin;
    }

    @Override
    public Integer call() {
        CommandLine cli = spec.commandLine();
        if (depth != null && depth < 1) {
            throw new UsageError(cli, "usage.at_least", "--depth", 1, depth);
        }
        int shown = depth == null ? ModelGraph.FULL_DEPTH : depth;
        ModelGeneration.Result<String> result = generation.draw(cli, stdin, (model, errors) -> {
            ModelGraph graph = ModelGraph.of(model, shown, errors, generation.options.language.diagnostics());
            return format == Format.svg ? GraphSvg.render(graph) : GraphDot.render(graph);
        });
        if (result.generated() == null) {
            return result.exitCode();
        }
        GeneratedSource.deliver(cli, output, Path.of(output), result.generated(), generation.options.file);
        return result.exitCode();
    }
}
