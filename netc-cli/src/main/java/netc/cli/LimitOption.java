package netc.cli;

import netc.semantic.Analyzer;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code --max-layers N}: how many layer calls a model may expand to, so that a hostile one ends quickly. */
final class LimitOption {
    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    private CommandLine.Model.CommandSpec spec;

    private long maxLayers = Analyzer.Options.DEFAULT_MAX_LAYERS;

    @Option(names = "--max-layers", paramLabel = "N")
    void setMaxLayers(long value) {
        if (value < 1) {
            throw new UsageError(spec.commandLine(), "usage.at_least", "--max-layers", 1, value);
        }
        maxLayers = value;
    }

    long maxLayers() {
        return maxLayers;
    }
}
