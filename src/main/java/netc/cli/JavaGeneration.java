package netc.cli;

import java.io.InputStream;
import java.util.List;
import netc.backend.JavaGenerator;
import netc.backend.UnsupportedLayerException;
import netc.diagnostics.Code;
import netc.diagnostics.Diagnostic;
import netc.diagnostics.Diagnostics;
import netc.diagnostics.SourceText;
import netc.semantic.AnalyzedModel;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What {@code netc java} and {@code netc run} share: the model to generate and its generation. */
final class JavaGeneration {
    @Parameters(index = "0", paramLabel = "FILE", description = "The model file; - reads standard input.")
    String file;

    @Option(names = "--model", paramLabel = "NAME", description = "The model to generate, when the file has several.")
    String model;

    @Option(names = "--set", paramLabel = "NAME=VALUE", description = "Sets a model parameter (repeatable).")
    List<String> settings = List.of();

    @CommandLine.Mixin
    ColorOption color;

    @CommandLine.Mixin
    LimitOption limit;

    /** The generated class, or none (after printing why) and the exit code to end with. */
    record Result(JavaGenerator.GeneratedJava java, int exitCode) {
    }

    Result generate(CommandLine cli, InputStream stdin, String packageName) {
        Inputs.requireExisting(cli, List.of(file));
        Diagnostics diagnostics = new Diagnostics();
        SourceText source = Inputs.read(file, stdin, diagnostics);
        AnalyzedModel analyzed = source == null ? null
            : ModelSelection.analyze(cli, file, source, model, ModelSelection.parseSettings(cli, settings),
                limit.maxLayers(), diagnostics);
        JavaGenerator.GeneratedJava generated = null;
        if (analyzed != null && !diagnostics.hasErrors()) {
            try {
                generated = JavaGenerator.generate(analyzed, packageName);
            } catch (UnsupportedLayerException e) {
                diagnostics.report(Diagnostic.error(e.code(), e.span(), e.getMessage()));
            }
        }
        DiagnosticPrinter.print(cli.getErr(), diagnostics, source, color.enabled());
        if (generated != null) {
            return new Result(generated, 0);
        }
        boolean usage = diagnostics.all().stream()
            .anyMatch(d -> d.code() == Code.UNKNOWN_MODEL || d.code() == Code.UNKNOWN_PARAMETER);
        return new Result(null, usage ? 2 : 1);
    }
}
