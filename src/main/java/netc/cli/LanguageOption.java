package netc.cli;

import java.util.List;
import java.util.Locale;
import netc.diagnostics.Messages;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code --lang en|zh-CN}: the language of diagnostics and explanations. Without it, the JVM's default
 * locale, which Java takes from LANG / LC_ALL (or -Duser.language); English where netc has no texts.
 */
final class LanguageOption {
    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    private CommandLine.Model.CommandSpec mixee;

    @Option(names = "--lang", paramLabel = "LANG",
        description = "The language of messages: en or zh-CN (default: the locale's, else en).")
    private String lang;

    /** en, zh-CN (or zh): a language netc has texts in; anything else is a usage error. */
    Locale locale() {
        if (lang == null) {
            return Locale.getDefault();
        }
        Locale locale = Locale.forLanguageTag(lang);
        if (!List.of("en", "zh").contains(locale.getLanguage())) {
            throw new CommandLine.ParameterException(mixee.commandLine(), "--lang must be en or zh-CN, but got " + lang);
        }
        return locale;
    }

    /** The diagnostics' texts in this language. */
    Messages diagnostics() {
        return Messages.diagnostics(locale());
    }
}
