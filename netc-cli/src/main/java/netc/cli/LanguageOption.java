package netc.cli;

import java.util.List;
import java.util.Locale;
import netc.diagnostics.Messages;
import netc.diagnostics.Text;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code --lang en|zh-CN}: the language of diagnostics, explanations and the command line's own
 * lines, help and usage errors among them. Without it, the JVM's default locale, which Java takes
 * from LC_ALL / LANG (or -Duser.language); English where netc has no texts.
 */
final class LanguageOption {
    static final String OPTION = "--lang";
    /** The command line's own texts: counts, files written, usage reasons. */
    static final String CLI_BUNDLE = "netc.cli.Cli";
    /** The commands' help (--help), in picocli's format. */
    static final String HELP_BUNDLE = "netc.cli.Help";

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    private CommandLine.Model.CommandSpec mixee;

    @Option(names = OPTION, paramLabel = "LANG")
    private String lang;

    Locale locale() {
        return locale(mixee.commandLine());
    }

    /** The diagnostics' texts in this language. */
    Messages diagnostics() {
        return Messages.diagnostics(locale());
    }

    /**
     * The language {@code cli}'s command was given (its --lang, else netc's before the command, else
     * the default locale): en, zh-CN (or zh), a language netc has texts in; anything else is a usage error.
     */
    static Locale locale(CommandLine cli) {
        String lang = null;
        for (CommandLine command = cli; command != null && lang == null; command = command.getParent()) {
            lang = command.getParseResult() == null ? null : command.getParseResult().matchedOptionValue(OPTION, null);
        }
        if (lang == null) {
            return Locale.getDefault();
        }
        Locale locale = known(lang);
        if (locale == null) {
            throw new UsageError(cli, "usage.lang", lang);
        }
        return locale;
    }

    /**
     * The language a whole command line asks for, read before picocli parses it (a usage error may
     * stop the parse before --lang): the value of its --lang (as {@code --lang X} or
     * {@code --lang=X}) when netc has texts in that language, else the default locale. Help and
     * usage errors are in this language.
     */
    static Locale requested(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String value = args[i].startsWith(OPTION + "=") ? args[i].substring(OPTION.length() + 1)
                : args[i].equals(OPTION) && i + 1 < args.length ? args[i + 1] : null;
            Locale locale = value == null ? null : known(value);
            if (locale != null) {
                return locale;
            }
        }
        return Locale.getDefault();
    }

    /** The locale of {@code lang} (en, zh-CN or zh) when netc has texts in it, else null. */
    private static Locale known(String lang) {
        Locale locale = Locale.forLanguageTag(lang);
        return List.of("en", "zh").contains(locale.getLanguage()) ? locale : null;
    }

    /** A line of the command line's own in {@code cli}'s language: {@code key} of Cli.properties with its arguments. */
    static String text(CommandLine cli, String key, Object... args) {
        return Messages.of(CLI_BUNDLE, locale(cli)).render(Text.of(key, args));
    }
}
