package netc.cli;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import netc.backend.TorchGenerator;
import netc.backend.UnsupportedLayerException;
import netc.diagnostics.Code;
import netc.diagnostics.Diagnostic;
import netc.diagnostics.Diagnostics;
import netc.diagnostics.SourceText;
import netc.semantic.AnalyzedModel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "torch", mixinStandardHelpOptions = true,
    description = "Generates the PyTorch module of a model (nn.Module classes), to train it in PyTorch.")
final class TorchCommand implements Callable<Integer> {
    private final InputStream stdin;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The model file; - reads standard input.")
    private String file;

    @Option(names = "--model", paramLabel = "NAME", description = "The model to generate, when the file has several.")
    private String model;

    @Option(names = "--set", paramLabel = "NAME=VALUE", description = "Sets a model parameter (repeatable).")
    private List<String> settings = List.of();

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR",
        description = "The directory to write MODULE.py into (the .net file's name); - writes to standard output.")
    private String output;

    @CommandLine.Mixin
    private ColorOption color;

    @CommandLine.Mixin
    private LimitOption limit;

    TorchCommand(InputStream stdin) {
        this.stdin = stdin;
    }

    @Override
    public Integer call() {
        CommandLine cli = spec.commandLine();
        Inputs.requireExisting(cli, List.of(file));
        if (!output.equals("-")) {
            GeneratedSource.checkDirectory(cli, Path.of(output));
        }
        Diagnostics diagnostics = new Diagnostics();
        SourceText source = Inputs.read(file, stdin, diagnostics);
        AnalyzedModel analyzed = source == null ? null
            : ModelSelection.analyze(cli, file, source, model, ModelSelection.parseSettings(cli, settings),
                limit.maxLayers(), diagnostics);
        String python = null;
        if (analyzed != null && !diagnostics.hasErrors()) {
            try {
                python = TorchGenerator.generate(analyzed, source);
            } catch (UnsupportedLayerException e) {
                diagnostics.report(Diagnostic.error(Code.NO_TORCH_CODE, e.span(), e.getMessage()));
            }
        }
        DiagnosticPrinter.print(cli.getErr(), diagnostics, source, color.enabled());
        if (python == null) {
            boolean usage = diagnostics.all().stream()
                .anyMatch(d -> d.code() == Code.UNKNOWN_MODEL || d.code() == Code.UNKNOWN_PARAMETER);
            return usage ? 2 : 1;
        }
        if (output.equals("-")) {
            cli.getOut().print(python);
            cli.getOut().flush();
            return 0;
        }
        GeneratedSource.write(cli, Path.of(output).resolve(moduleName(file) + ".py"), python, file);
        return 0;
    }

    /** The Python module's name: the file's, made an identifier ({@code model} for standard input). */
    private static String moduleName(String file) {
        if (file.equals("-")) {
            return "model";
        }
        String name = Path.of(file).getFileName().toString().replaceFirst("\\.net$", "");
        String identifier = name.replaceAll("[^A-Za-z0-9_]", "_");
        return Character.isDigit(identifier.charAt(0)) ? "_" + identifier : identifier;
    }
}
