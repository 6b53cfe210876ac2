package netc.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import netc.diagnostics.Diagnostics;
import netc.diagnostics.SourceText;
import netc.semantic.Analyzer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

@Command(name = "check", mixinStandardHelpOptions = true,
    description = "Reports every syntax and shape error of the files (all their models).")
final class CheckCommand implements Callable<Integer> {
    private final InputStream stdin;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Model files; - reads standard input.")
    private List<String> files;

    @CommandLine.Mixin
    private ColorOption color;

    @CommandLine.Mixin
    private LimitOption limit;

    CheckCommand(InputStream stdin) {
        this.stdin = stdin;
    }

    @Override
    public Integer call() {
        Inputs.requireExisting(spec.commandLine(), files);
        PrintWriter err = spec.commandLine().getErr();
        boolean failed = false;
        for (String file : files) {
            Diagnostics diagnostics = new Diagnostics();
            SourceText source = Inputs.read(file, stdin, diagnostics);
            if (source != null) {
                Analyzer.analyze(source, Analyzer.Options.check(limit.maxLayers()), diagnostics);
            }
            DiagnosticPrinter.print(err, diagnostics, source, color.enabled());
            failed |= diagnostics.hasErrors();
        }
        return failed ? 1 : 0;
    }
}
