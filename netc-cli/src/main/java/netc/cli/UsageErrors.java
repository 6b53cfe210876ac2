package netc.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import netc.diagnostics.Messages;
import netc.diagnostics.Text;
import picocli.CommandLine;

/**
 * Prints a usage error in the language the command line asks for ({@link LanguageOption#requested}):
 * its message, picocli's "did you mean" for a mistyped option or command, and where the options are
 * listed (the whole usage text would bury the one line that matters). netc's own errors are
 * {@link UsageError}s; picocli builds its messages in English, so they are read back by their
 * exception's type against the English patterns of the keys {@code picocli.*} and rendered from the
 * same keys in the language asked for. A message no pattern reads (a picocli message netc has not
 * seen) is printed as picocli wrote it.
 */
final class UsageErrors {
    /** The messages of each kind of exception, the more specific pattern first (".+?" could span the rest). */
    private static final List<String> UNMATCHED = List.of("picocli.unknown_option_expected", "picocli.unknown_option",
        "picocli.unknown_options", "picocli.unmatched_argument", "picocli.unmatched_arguments");
    private static final List<String> MISSING = List.of("picocli.missing_parameter_for", "picocli.expected_parameter",
        "picocli.missing_parameter", "picocli.missing_parameters", "picocli.missing_option", "picocli.missing_options",
        "picocli.missing_options_and_parameters");
    private static final List<String> OVERWRITTEN = List.of("picocli.specified_once");
    private static final List<String> INVALID = List.of("picocli.invalid_value");
    /** The English parts of picocli's messages (what an option is called, why a value is invalid). */
    private static final List<String> PARTS = List.of("picocli.option_value_at", "picocli.option_value",
        "picocli.option", "picocli.positional", "picocli.not_a", "picocli.not_an", "picocli.expected_one_of",
        "picocli.cannot_convert");
    private static final Pattern PLACE = Pattern.compile("\\{(\\d)\\}");
    private static final Messages ENGLISH = Messages.of(LanguageOption.CLI_BUNDLE, Locale.ROOT);

    private UsageErrors() {
    }

    /** picocli's handler of usage errors: prints {@code error} and returns exit code 2. */
    static int print(CommandLine.ParameterException error, String[] args) {
        Messages messages = Messages.of(LanguageOption.CLI_BUNDLE, LanguageOption.requested(args));
        PrintWriter err = error.getCommandLine().getErr();
        err.println(error instanceof UsageError ? ((UsageError) error).message(messages) : picocliMessage(error, messages));
        if (error instanceof CommandLine.UnmatchedArgumentException) {
            suggestions((CommandLine.UnmatchedArgumentException) error, messages, err);
        }
        err.println(messages.render(Text.of("usage.help_hint", error.getCommandLine().getCommandSpec().qualifiedName())));
        err.flush();
        return 2;
    }

    /** picocli's message in {@code messages}' language. */
    static String picocliMessage(CommandLine.ParameterException error, Messages messages) {
        List<String> keys = error instanceof CommandLine.UnmatchedArgumentException ? UNMATCHED
            : error instanceof CommandLine.MissingParameterException ? MISSING
            : error instanceof CommandLine.OverwrittenOptionException ? OVERWRITTEN : INVALID;
        Text text = read(error.getMessage(), keys, true);
        return text == null ? error.getMessage() : messages.render(text);
    }

    /** picocli's "Possible solutions" (options) or "Did you mean" (commands), as picocli prints them. */
    private static void suggestions(CommandLine.UnmatchedArgumentException error, Messages messages, PrintWriter err) {
        List<String> suggestions = error.getSuggestions();
        if (suggestions.isEmpty()) {
            return;
        }
        if (error.isUnknownOption()) {
            err.println(messages.render(Text.of("usage.possible_solutions", String.join(", ", suggestions))));
            return;
        }
        String command = error.getCommandLine().getCommandSpec().name();
        Object alternatives = command + " " + suggestions.get(suggestions.size() - 1);
        for (int i = suggestions.size() - 2; i >= 0; i--) {
            alternatives = Text.of("usage.or", command + " " + suggestions.get(i), alternatives);
        }
        err.println(messages.render(Text.of("usage.did_you_mean", alternatives)));
    }

    /**
     * {@code english} as the first of {@code keys} whose English pattern it matches, each argument
     * itself read as a part where one matches ({@code parts}); null when none matches.
     */
    private static Text read(String english, List<String> keys, boolean parts) {
        for (String key : keys) {
            List<Integer> places = new ArrayList<>();
            Matcher matcher = regex(ENGLISH.pattern(key), places).matcher(english);
            if (matcher.matches()) {
                Object[] args = new Object[places.size()];
                for (int group = 1; group <= places.size(); group++) {
                    Text part = parts ? read(matcher.group(group), PARTS, false) : null;
                    args[places.get(group - 1)] = part != null ? part : matcher.group(group);
                }
                return Text.of(key, args);
            }
        }
        return null;
    }

    /** The regular expression of a pattern: its text literally, each {n} a group; {@code places} gets the n's in order. */
    private static Pattern regex(String pattern, List<Integer> places) {
        StringBuilder regex = new StringBuilder();
        Matcher place = PLACE.matcher(pattern);
        int at = 0;
        while (place.find()) {
            regex.append(Pattern.quote(pattern.substring(at, place.start()))).append("(.+?)");
            places.add(Integer.parseInt(place.group(1)));
            at = place.end();
        }
        return Pattern.compile(regex.append(Pattern.quote(pattern.substring(at))).toString(), Pattern.DOTALL);
    }
}
