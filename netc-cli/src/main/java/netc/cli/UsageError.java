package netc.cli;

import java.util.Locale;
import netc.diagnostics.Messages;
import netc.diagnostics.Text;
import picocli.CommandLine;

/**
 * A usage error netc finds itself (a value out of range, an output that is an input): a text of the
 * command line's bundle, put into a language only when printed, in the language of the whole
 * command line (as picocli's own usage errors are, which come before any option is read).
 */
final class UsageError extends CommandLine.ParameterException {
    private final transient Text text;

    /** {@code key} of Cli.properties with its arguments (Texts of the same bundle, or anything taken as its string). */
    UsageError(CommandLine cli, String key, Object... args) {
        this(cli, Text.of(key, args));
    }

    private UsageError(CommandLine cli, Text text) {
        super(cli, Messages.of(LanguageOption.CLI_BUNDLE, Locale.ROOT).render(text));
        this.text = text;
    }

    /** The message in {@code messages}' language (of the Cli bundle). */
    String message(Messages messages) {
        return messages.render(text);
    }
}
