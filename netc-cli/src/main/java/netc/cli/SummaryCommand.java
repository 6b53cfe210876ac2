package netc.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.concurrent.Callable;
import netc.backend.JsonSummary;
import netc.backend.TorchInfoTable;
import netc.backend.TorchSummaryTable;
import netc.diagnostics.Code;
import netc.diagnostics.Diagnostics;
import netc.diagnostics.SourceText;
import netc.semantic.model.AnalyzedModel;
import netc.semantic.model.Value;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

@Command(name = "summary", mixinStandardHelpOptions = true)
final class SummaryCommand implements Callable<Integer> {
    enum Format { table, json }

    enum Style { torchsummary, torchinfo }

    /** Options that only the torchinfo table has. */
    private static final List<String> TORCHINFO_OPTIONS = List.of("--depth", "--columns", "--rows", "--batch");

    private final InputStream stdin;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    private ModelOptions options;

    @Option(names = "--hide-stateless")
    private boolean hideStateless;

    @Option(names = "--format", defaultValue = "table", paramLabel = "FORMAT")
    private Format format = Format.table;

    @Option(names = "--style", defaultValue = "torchsummary", paramLabel = "STYLE")
    private Style style = Style.torchsummary;

    @Option(names = "--depth", defaultValue = "3", paramLabel = "N")
    private int depth = 3;

    @Option(names = "--columns", split = ",", paramLabel = "COLUMN")
    private List<String> columns = List.of();

    @Option(names = "--rows", split = ",", paramLabel = "SETTING")
    private List<String> rows = List.of();

    @Option(names = "--batch", defaultValue = "1", paramLabel = "N")
    private int batch = 1;

    SummaryCommand(InputStream stdin) {
        this.stdin = stdin;
    }

    @Override
    public Integer call() {
        CommandLine cli = spec.commandLine();
        Inputs.requireExisting(cli, List.of(options.file));
        Map<String, Value> values = options.values(cli);
        TorchInfoTable.Options torchinfo = torchinfoOptions(cli);
        Diagnostics diagnostics = new Diagnostics();
        SourceText source = Inputs.read(options.file, stdin, diagnostics);
        AnalyzedModel analyzed = null;
        if (source != null) {
            analyzed = analyze(source, values, diagnostics);
        }
        DiagnosticPrinter.print(cli, diagnostics, source, options.color.enabled());
        if (diagnostics.hasErrors() || analyzed == null) {
            return ModelSelection.exitCode(diagnostics);
        }
        PrintWriter out = cli.getOut();
        out.print(render(analyzed, torchinfo));
        out.flush();
        return 0;
    }

    private String render(AnalyzedModel analyzed, TorchInfoTable.Options torchinfo) {
        if (format == Format.json) {
            return JsonSummary.render(analyzed, hideStateless);
        }
        return style == Style.torchinfo ? TorchInfoTable.render(analyzed, torchinfo)
            : TorchSummaryTable.render(analyzed, hideStateless);
    }

    /** The torchinfo table's options, checked before any work; usage errors where they do not apply. */
    private TorchInfoTable.Options torchinfoOptions(CommandLine cli) {
        if (style != Style.torchinfo) {
            for (String option : TORCHINFO_OPTIONS) {
                if (cli.getParseResult().hasMatchedOption(option)) {
                    throw new UsageError(cli, "usage.needs_torchinfo", option);
                }
            }
            return null;
        }
        if (format == Format.json) {
            throw new UsageError(cli, "usage.torchinfo_not_json");
        }
        if (depth < 0) {
            throw new UsageError(cli, "usage.at_least", "--depth", 0, depth);
        }
        if (batch < 1) {
            throw new UsageError(cli, "usage.at_least", "--batch", 1, batch);
        }
        List<TorchInfoTable.Column> chosenColumns = columns.isEmpty() ? TorchInfoTable.Options.DEFAULT_COLUMNS
            : parseNames(cli, "--columns", "usage.unknown_column", columns, TorchInfoTable.Column.values(),
                TorchInfoTable.Column::key);
        Set<TorchInfoTable.RowSetting> chosenRows = rows.isEmpty() ? TorchInfoTable.Options.DEFAULT_ROWS
            : Set.copyOf(parseNames(cli, "--rows", "usage.unknown_row_setting", rows, TorchInfoTable.RowSetting.values(),
                TorchInfoTable.RowSetting::key));
        return new TorchInfoTable.Options(depth, chosenColumns, chosenRows, batch, hideStateless);
    }

    /** The values torchinfo calls {@code names}; a usage error ({@code unknownKey}) naming the known ones otherwise. */
    private static <T> List<T> parseNames(CommandLine cli, String option, String unknownKey, List<String> names, T[] values,
                                          Function<T, String> key) {
        List<T> parsed = new ArrayList<>();
        for (String name : names) {
            T value = Arrays.stream(values).filter(v -> key.apply(v).equals(name)).findFirst().orElseThrow(() ->
                new UsageError(cli, unknownKey, option, name, Arrays.stream(values).map(key).collect(Collectors.joining(", "))));
            parsed.add(value);
        }
        return parsed;
    }

    private AnalyzedModel analyze(SourceText source, Map<String, Value> values, Diagnostics diagnostics) {
        return ModelSelection.analyze(spec.commandLine(), options.file, source, options.model, values,
            options.limit.maxLayers(), diagnostics);
    }
}
