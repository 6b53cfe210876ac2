package netc.diagnostics;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.ResourceBundle;

/**
 * User-facing texts of one resource bundle in one language: English in the base bundle, Simplified
 * Chinese in its {@code _zh} bundle (for any Chinese locale). Codes, layer names and PyTorch's terms
 * stay as they are in every language; a language without a bundle reads English, whatever the
 * machine's default locale is.
 */
public final class Messages {
    private final ResourceBundle bundle;
    private final Locale locale;

    private Messages(ResourceBundle bundle, Locale locale) {
        this.bundle = bundle;
        this.locale = locale;
    }

    /** The bundle {@code name} (netc.backend.Explain) for {@code locale}. */
    public static Messages of(String name, Locale locale) {
        return new Messages(bundle(name, locale), locale);
    }

    /** The resource bundle {@code name} for {@code locale}: its {@code _zh} one for Chinese, the English base one otherwise. */
    public static ResourceBundle bundle(String name, Locale locale) {
        ResourceBundle.Control control = ResourceBundle.Control.getNoFallbackControl(
            ResourceBundle.Control.FORMAT_PROPERTIES);
        return ResourceBundle.getBundle(name, locale, control);
    }

    /** The pattern of {@code key} as the bundle holds it, its {n} places unfilled. */
    public String pattern(String key) {
        return bundle.getString(key);
    }

    /** The text of {@code key} with {@code arguments} in its {0}, {1}, ... places (texts, never formatted numbers). */
    public String get(String key, String... arguments) {
        return new MessageFormat(bundle.getString(key), locale).format(arguments);
    }

    /** The texts of diagnostics (the bundle {@link Text#BUNDLE}) in {@code locale}. */
    public static Messages diagnostics(Locale locale) {
        return of(Text.BUNDLE, locale);
    }

    /**
     * {@code text} in this language: its key's pattern with each {n} replaced by argument n. Unlike
     * {@link #get}, the patterns are not MessageFormat's: an apostrophe is itself, and only {n} is special.
     */
    public String render(Text text) {
        String pattern = bundle.getString(text.key());
        StringBuilder out = new StringBuilder(pattern.length() + 32);
        int at = 0;
        while (at < pattern.length()) {
            int close = pattern.charAt(at) == '{' ? pattern.indexOf('}', at) : -1;
            int index = close > at + 1 ? argumentIndex(pattern.substring(at + 1, close)) : -1;
            if (index >= 0 && index < text.args().size()) {
                Object arg = text.args().get(index);
                out.append(arg instanceof Text ? render((Text) arg) : (String) arg);
                at = close + 1;
            } else {
                out.append(pattern.charAt(at++));
            }
        }
        return out.toString();
    }

    /** The number in a {n} place, or -1 when the braces hold something else. */
    private static int argumentIndex(String digits) {
        return digits.length() <= 2 && digits.chars().allMatch(Character::isDigit) ? Integer.parseInt(digits) : -1;
    }

    /** The language of the texts actually found: the bundle's, not the one asked for. */
    public Locale language() {
        return bundle.getLocale();
    }
}
