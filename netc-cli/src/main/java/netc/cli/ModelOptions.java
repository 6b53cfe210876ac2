package netc.cli;

import java.util.List;
import java.util.Map;
import netc.semantic.model.Value;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The options of the commands that work on one model of a file: the file, --model and --set, and how
 * its diagnostics are shown and its expansion limited.
 */
final class ModelOptions {
    @Parameters(index = "0", paramLabel = "FILE", descriptionKey = "file")
    String file;

    @Option(names = "--model", paramLabel = "NAME")
    String model;

    @Option(names = "--set", paramLabel = "NAME=VALUE")
    List<String> settings = List.of();

    @CommandLine.Mixin
    ColorOption color;

    @CommandLine.Mixin
    LimitOption limit;

    @CommandLine.Mixin
    LanguageOption language;

    /** The --set options as values by name; a usage error where one is malformed. */
    Map<String, Value> values(CommandLine cli) {
        return ModelSelection.parseSettings(cli, settings);
    }
}
