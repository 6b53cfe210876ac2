package netc.cli;

import java.io.InputStream;
import java.util.List;
import netc.backend.UnsupportedLayerException;
import netc.diagnostics.Diagnostic;
import netc.diagnostics.Diagnostics;
import netc.diagnostics.SourceText;
import netc.semantic.model.AnalyzedModel;
import picocli.CommandLine;

/**
 * What the commands that generate code from one model share (java, run, torch): the model's options,
 * and its generation.
 */
final class ModelGeneration {
    @CommandLine.Mixin
    ModelOptions options;

    /** A backend: the code of one analysed model. */
    interface Generator<T> {
        T generate(AnalyzedModel model, SourceText source) throws UnsupportedLayerException;
    }

    /** The generated code, or none (after printing why) and the exit code to end with. */
    record Result<T>(T generated, int exitCode) {
    }

    <T> Result<T> generate(CommandLine cli, InputStream stdin, Generator<T> generator) {
        Inputs.requireExisting(cli, List.of(options.file));
        Diagnostics diagnostics = new Diagnostics();
        SourceText source = Inputs.read(options.file, stdin, diagnostics);
        AnalyzedModel analyzed = source == null ? null
            : ModelSelection.analyze(cli, options.file, source, options.model, options.values(cli),
                options.limit.maxLayers(), diagnostics);
        T generated = null;
        if (analyzed != null && !diagnostics.hasErrors()) {
            try {
                generated = generator.generate(analyzed, source);
            } catch (UnsupportedLayerException e) {
                diagnostics.report(Diagnostic.error(e.code(), e.span(), e.getMessage()));
            }
        }
        DiagnosticPrinter.print(cli.getErr(), diagnostics, source, options.color.enabled());
        return new Result<>(generated, generated != null ? 0 : ModelSelection.exitCode(diagnostics));
    }
}
