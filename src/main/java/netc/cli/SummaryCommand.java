package netc.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import netc.backend.JsonSummary;
import netc.backend.TorchSummaryTable;
import netc.diagnostics.Code;
import netc.diagnostics.Diagnostics;
import netc.diagnostics.SourceText;
import netc.semantic.AnalyzedModel;
import netc.semantic.Analyzer;
import netc.semantic.Value;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "summary", mixinStandardHelpOptions = true,
    description = "Prints a model's summary table, as torchsummary would, without running it.")
final class SummaryCommand implements Callable<Integer> {
    enum Format { table, json }

    private final InputStream stdin;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The model file; - reads standard input.")
    private String file;

    @Option(names = "--model", paramLabel = "NAME", description = "The model to summarise, when the file has several.")
    private String model;

    @Option(names = "--set", paramLabel = "NAME=VALUE", description = "Sets a model parameter (repeatable).")
    private List<String> settings = List.of();

    @Option(names = "--hide-stateless",
        description = "Leaves out layers without parameters or buffers, as if they were functional calls.")
    private boolean hideStateless;

    @Option(names = "--format", defaultValue = "table", paramLabel = "FORMAT",
        description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    private Format format = Format.table;

    @CommandLine.Mixin
    private ColorOption color;

    SummaryCommand(InputStream stdin) {
        this.stdin = stdin;
    }

    @Override
    public Integer call() {
        CommandLine cli = spec.commandLine();
        Inputs.requireExisting(cli, List.of(file));
        Map<String, Value> values = parseSettings(cli);
        Diagnostics diagnostics = new Diagnostics();
        SourceText source = Inputs.read(file, stdin, diagnostics);
        AnalyzedModel analyzed = null;
        if (source != null) {
            analyzed = analyze(source, values, diagnostics);
        }
        DiagnosticPrinter.print(cli.getErr(), diagnostics, source, color.enabled());
        if (diagnostics.all().stream().anyMatch(d -> d.code() == Code.UNKNOWN_MODEL || d.code() == Code.UNKNOWN_PARAMETER)) {
            return 2;
        }
        if (diagnostics.hasErrors() || analyzed == null) {
            return 1;
        }
        PrintWriter out = cli.getOut();
        out.print(format == Format.json ? JsonSummary.render(analyzed, hideStateless)
            : TorchSummaryTable.render(analyzed, hideStateless));
        out.flush();
        return 0;
    }

    private AnalyzedModel analyze(SourceText source, Map<String, Value> values, Diagnostics diagnostics) {
        Analyzer.Result result = Analyzer.analyze(source, new Analyzer.Options(model, values), diagnostics);
        if (model != null) {
            return result.model(model);
        }
        if (result.models().size() > 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), file + " defines several models ("
                + String.join(", ", result.models().stream().map(AnalyzedModel::name).toArray(String[]::new))
                + "); choose one with --model NAME");
        }
        return result.models().isEmpty() ? null : result.models().get(0);
    }

    private Map<String, Value> parseSettings(CommandLine cli) {
        Map<String, Value> values = new LinkedHashMap<>();
        for (String setting : settings) {
            int eq = setting.indexOf('=');
            if (eq <= 0) {
                throw new CommandLine.ParameterException(cli, "--set takes NAME=VALUE, but got " + setting);
            }
            values.put(setting.substring(0, eq), Settings.parse(setting.substring(eq + 1)));
        }
        return values;
    }
}
