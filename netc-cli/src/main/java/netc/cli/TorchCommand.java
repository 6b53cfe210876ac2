package netc.cli;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import netc.backend.TorchGenerator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "torch", mixinStandardHelpOptions = true)
final class TorchCommand implements Callable<Integer> {
    private final InputStream stdin;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    private ModelGeneration generation;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR")
    private String output;

    TorchCommand(InputStream stdin) {
        this.stdin = stdin;
    }

    @Override
    public Integer call() {
        CommandLine cli = spec.commandLine();
        if (!output.equals("-")) {
            GeneratedSource.checkDirectory(cli, Path.of(output));
        }
        ModelGeneration.Result<String> result = generation.generate(cli, stdin,
            (model, source) -> TorchGenerator.generate(model, source, generation.options.values(cli)));
        if (result.generated() == null) {
            return result.exitCode();
        }
        GeneratedSource.deliver(cli, output, Path.of(output).resolve(moduleName(generation.options.file) + ".py"),
            result.generated(), generation.options.file);
        return 0;
    }

    private static String moduleName(String file) {
        if (file.equals("-")) {
            return "model";
        }
        String name = Path.of(file).getFileName().toString().replaceFirst("\\.net$", "");
        String identifier = name.replaceAll("[^A-Za-z0-9_]", "_");
        return Character.isDigit(identifier.charAt(0)) ? "_" + identifier : identifier;
    }
}
