package netc.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import netc.diagnostics.Diagnostic;
import netc.diagnostics.Diagnostics;
import netc.diagnostics.JsonDiagnostics;
import netc.diagnostics.Messages;
import netc.diagnostics.SarifDiagnostics;
import netc.diagnostics.SourceText;
import netc.semantic.Analyzer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

@Command(name = "check", mixinStandardHelpOptions = true)
final class CheckCommand implements Callable<Integer> {
    enum Format { text, json, sarif }

    private final InputStream stdin;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", descriptionKey = "files")
    private List<String> files;

    @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT")
    private Format format = Format.text;

    @CommandLine.Mixin
    private ColorOption color;

    @CommandLine.Mixin
    private LimitOption limit;

    @CommandLine.Mixin
    private LanguageOption language;

    CheckCommand(InputStream stdin) {
        this.stdin = stdin;
    }

    @Override
    public Integer call() {
        Inputs.requireExisting(spec.commandLine(), files);
        Messages messages = language.diagnostics();
        List<Diagnostic> all = new ArrayList<>();
        int errors = 0;
        for (String file : files) {
            Diagnostics diagnostics = new Diagnostics();
            SourceText source = Inputs.read(file, stdin, diagnostics);
            if (source != null) {
                Analyzer.analyze(source, Analyzer.Options.check(limit.maxLayers()), diagnostics);
            }
            if (format == Format.text) {
                DiagnosticPrinter.print(spec.commandLine(), diagnostics, source, color.enabled());
            }
            all.addAll(diagnostics.all());
            errors += diagnostics.errorCount();
        }
        if (format != Format.text) {
            PrintWriter out = spec.commandLine().getOut();
            out.print(format == Format.json ? JsonDiagnostics.write(all, errors, messages)
                : SarifDiagnostics.write(all, Version.number(), messages));
            out.flush();
        }
        return errors > 0 ? 1 : 0;
    }
}
