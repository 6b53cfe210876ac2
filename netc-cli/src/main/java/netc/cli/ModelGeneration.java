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
 * What the commands that generate code from one model share (java, run, torch, graph): the model's
 * options, and its generation.
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

    /** A backend that draws a model with errors too: the part that checks, with {@code errors} on its steps. */
    interface Drawing<T> {
        T draw(AnalyzedModel model, List<Diagnostic> errors);
    }

    <T> Result<T> generate(CommandLine cli, InputStream stdin, Generator<T> generator) {
        Diagnostics diagnostics = new Diagnostics();
        Analysis analysis = analyze(cli, stdin, diagnostics);
        T generated = null;
        if (analysis.model() != null && !diagnostics.hasErrors()) {
            try {
                generated = generator.generate(analysis.model(), analysis.source());
            } catch (UnsupportedLayerException e) {
                diagnostics.report(Diagnostic.error(e.code(), e.span(), e.text()));
            }
        }
        DiagnosticPrinter.print(cli, diagnostics, analysis.source(), options.color.enabled());
        return new Result<>(generated, generated != null ? 0 : ModelSelection.exitCode(diagnostics));
    }

    /**
     * The drawing of the model, errors or not; none when there is no model or the command line is
     * wrong (--set naming no parameter). The exit code is 1 when the model has errors, drawn or not.
     */
    <T> Result<T> draw(CommandLine cli, InputStream stdin, Drawing<T> drawing) {
        Diagnostics diagnostics = new Diagnostics();
        Analysis analysis = analyze(cli, stdin, diagnostics);
        DiagnosticPrinter.print(cli, diagnostics, analysis.source(), options.color.enabled());
        int exitCode = diagnostics.hasErrors() ? ModelSelection.exitCode(diagnostics) : 0;
        if (analysis.model() == null || exitCode == 2) {
            return new Result<>(null, ModelSelection.exitCode(diagnostics));
        }
        List<Diagnostic> errors = diagnostics.all().stream().filter(Diagnostic::isError).toList();
        return new Result<>(drawing.draw(analysis.model(), errors), exitCode);
    }

    /** The file's text (null when it cannot be read) and the model chosen in it (null when there is none). */
    private record Analysis(SourceText source, AnalyzedModel model) {
    }

    private Analysis analyze(CommandLine cli, InputStream stdin, Diagnostics diagnostics) {
        Inputs.requireExisting(cli, List.of(options.file));
        SourceText source = Inputs.read(options.file, stdin, diagnostics);
        AnalyzedModel analyzed = source == null ? null
            : ModelSelection.analyze(cli, options.file, source, options.model, options.values(cli),
                options.limit.maxLayers(), diagnostics);
        return new Analysis(source, analyzed);
    }
}
