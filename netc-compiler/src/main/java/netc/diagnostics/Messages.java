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
        ResourceBundle.Control control = ResourceBundle.Control.getNoFallbackControl(
            ResourceBundle.Control.FORMAT_PROPERTIES);
        return new Messages(ResourceBundle.getBundle(name, locale, control), locale);
    }

    /** The text of {@code key} with {@code arguments} in its {0}, {1}, ... places (texts, never formatted numbers). */
    public String get(String key, String... arguments) {
        return new MessageFormat(bundle.getString(key), locale).format(arguments);
    }

    /** The language of the texts actually found: the bundle's, not the one asked for. */
    public Locale language() {
        return bundle.getLocale();
    }
}
