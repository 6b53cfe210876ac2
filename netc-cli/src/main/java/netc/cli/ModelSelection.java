package netc.cli;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import netc.diagnostics.Code;
import netc.diagnostics.Diagnostics;
import netc.diagnostics.SourceText;
import netc.semantic.Analyzer;
import netc.semantic.model.AnalyzedModel;
import netc.semantic.model.Value;
import picocli.CommandLine;

/** The model a command works on: the one of the file, or the one --model names, with --set values. */
final class ModelSelection {
    private ModelSelection() {
    }

    /** Analyses the file; null when there is no model (an error already reported). */
    static AnalyzedModel analyze(CommandLine cli, String file, SourceText source, String model,
                                 Map<String, Value> values, long maxLayers, Diagnostics diagnostics) {
        Analyzer.Result result = Analyzer.analyze(source, new Analyzer.Options(model, values, maxLayers, false),
            diagnostics);
        return select(cli, file, result, model);
    }

    /** The model the command works on among those analysed: the one named, or the only one; null when none. */
    static AnalyzedModel select(CommandLine cli, String file, Analyzer.Result result, String model) {
        if (model != null) {
            return result.model(model);
        }
        if (result.models().size() > 1) {
            throw new UsageError(cli, "usage.several_models", file,
                String.join(", ", result.models().stream().map(AnalyzedModel::name).toArray(String[]::new)));
        }
        return result.models().isEmpty() ? null : result.models().get(0);
    }

    /** Errors about the command line rather than the input: --model, --set or --at naming nothing. */
    private static final Set<Code> USAGE = EnumSet.of(Code.UNKNOWN_MODEL, Code.UNKNOWN_PARAMETER,
        Code.UNKNOWN_CALL_LABEL, Code.NO_CALL_AT);

    /**
     * The exit code of a command that found errors: 2 when they are about its command line (--model,
     * --set or --at naming nothing), 1 when they are the input's.
     */
    static int exitCode(Diagnostics diagnostics) {
        boolean usage = diagnostics.all().stream()
            .anyMatch(d -> USAGE.contains(d.code()));
        return usage ? 2 : 1;
    }

    /** The --set NAME=VALUE options as values by name. */
    static Map<String, Value> parseSettings(CommandLine cli, List<String> settings) {
        Map<String, Value> values = new LinkedHashMap<>();
        for (String setting : settings) {
            int eq = setting.indexOf('=');
            if (eq <= 0) {
                throw new UsageError(cli, "usage.set_syntax", setting);
            }
            try {
                values.put(setting.substring(0, eq), Settings.parse(setting.substring(eq + 1)));
            } catch (IllegalArgumentException e) {
                throw new UsageError(cli, "usage.set_integer_too_big", setting, setting.substring(eq + 1));
            }
        }
        return values;
    }
}
