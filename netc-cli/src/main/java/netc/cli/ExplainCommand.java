package netc.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import netc.backend.Explanation;
import netc.diagnostics.Code;
import netc.diagnostics.Diagnostic;
import netc.diagnostics.Diagnostics;
import netc.diagnostics.Messages;
import netc.diagnostics.SourceSpan;
import netc.diagnostics.SourceText;
import netc.diagnostics.Text;
import netc.semantic.Analyzer;
import netc.semantic.evaluation.Suggestions;
import netc.semantic.model.AnalyzedModel;
import netc.semantic.model.Trace;
import netc.semantic.model.Value;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "explain", mixinStandardHelpOptions = true)
final class ExplainCommand implements Callable<Integer> {
    /** {@code --at 12} or {@code --at 12:9}: a line, or a position, of the file. */
    private static final Pattern POSITION = Pattern.compile("(\\d+)(?::(\\d+))?");

    private final InputStream stdin;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    private ModelOptions options;

    @Option(names = "--at", paramLabel = "LABEL|LINE[:COL]")
    private String at;

    ExplainCommand(InputStream stdin) {
        this.stdin = stdin;
    }

    @Override
    public Integer call() {
        CommandLine cli = spec.commandLine();
        Inputs.requireExisting(cli, List.of(options.file));
        Map<String, Value> values = options.values(cli);
        Messages text = Messages.of(Explanation.BUNDLE, options.language.locale());
        Diagnostics diagnostics = new Diagnostics();
        SourceText source = Inputs.read(options.file, stdin, diagnostics);
        Analyzer.Result result = null;
        AnalyzedModel analyzed = null;
        if (source != null) {
            result = Analyzer.analyze(source, new Analyzer.Options(options.model, values, options.limit.maxLayers(), false),
                diagnostics);
            analyzed = ModelSelection.select(cli, options.file, result, options.model);
        }
        List<Trace.Apply> picked = analyzed == null || diagnostics.hasErrors() || at == null ? null
            : pick(analyzed, source, diagnostics);
        DiagnosticPrinter.print(cli, diagnostics, source, options.color.enabled());
        if (diagnostics.hasErrors() || analyzed == null) {
            return ModelSelection.exitCode(diagnostics);
        }
        PrintWriter out = cli.getOut();
        out.print(picked == null ? Explanation.render(analyzed, result.sources(), text)
            : Explanation.render(analyzed, result.sources(), text, picked));
        out.flush();
        return 0;
    }

    /** The calls --at names; none after reporting E440 or E441. */
    private List<Trace.Apply> pick(AnalyzedModel analyzed, SourceText source, Diagnostics diagnostics) {
        List<Trace.Apply> calls = Explanation.calls(analyzed);
        Matcher position = POSITION.matcher(at);
        List<Trace.Apply> picked = new ArrayList<>();
        if (position.matches()) {
            int line = positive(position.group(1));
            int column = position.group(2) == null ? 0 : positive(position.group(2));
            SourceSpan point = SourceSpan.at(source.path(), line, Math.max(column, 1));
            for (Trace.Apply call : calls) {
                SourceSpan span = call.span();
                boolean onLine = span.file().equals(source.path()) && span.startLine() == line;
                if (column == 0 ? onLine : span.contains(point)) {
                    picked.add(call);
                }
            }
            if (picked.isEmpty()) {
                diagnostics.report(Diagnostic.error(Code.NO_CALL_AT, point, Text.of("explain.no_call",
                    column == 0 ? Text.of("explain.on_line", line) : Text.of("explain.at", line + ":" + column),
                    analyzed.name())).withHelp(callLines(calls, source.path())));
            }
            return picked;
        }
        Set<String> labels = new LinkedHashSet<>();
        for (Trace.Apply call : calls) {
            if (call.module() == null) {
                continue;
            }
            String path = call.module().path();
            labels.add(path);
            if (path.equals(at) || path.startsWith(at + ".")) {
                picked.add(call);
            }
        }
        if (picked.isEmpty()) {
            SourceSpan span = analyzed.root().span();
            diagnostics.report(Diagnostic.error(Code.UNKNOWN_CALL_LABEL, SourceSpan.at(span.file(), span.startLine(),
                span.startColumn()), Text.of("explain.no_label", analyzed.name(), at))
                .withHelp(labelHelp(labels)));
        }
        return picked;
    }

    /** A line or column of --at: 1 or more, within what a file netc reads can have. */
    private int positive(String digits) {
        CommandLine cli = spec.commandLine();
        if (digits.length() > 9 || Integer.parseInt(digits) < 1) {
            throw new UsageError(cli, "usage.at_range", at);
        }
        return Integer.parseInt(digits);
    }

    /** A near label, else the labels there are. */
    private Text labelHelp(Set<String> labels) {
        if (labels.isEmpty()) {
            return Text.of("explain.no_labels");
        }
        Text near = Suggestions.didYouMean(at, labels);
        return near != null ? near : Text.of("explain.labels", String.join(", ", labels));
    }

    /** The lines where the model calls layers, for the help of E441. */
    private static Text callLines(List<Trace.Apply> calls, String path) {
        Set<String> lines = new LinkedHashSet<>();
        for (Trace.Apply call : calls) {
            if (call.span().file().equals(path)) {
                lines.add(Integer.toString(call.span().startLine()));
            }
        }
        return lines.isEmpty() ? null : Text.of("explain.call_lines", String.join(", ", lines));
    }
}
