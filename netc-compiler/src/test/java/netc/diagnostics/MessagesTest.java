package netc.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import netc.backend.Explanation;
import org.junit.jupiter.api.Test;

/** The bundles of user-facing texts: every key in both languages, with the same placeholders. */
class MessagesTest {
    private static final Path ENGLISH = Path.of("netc-compiler/src/main/resources/netc/backend/Explain.properties");
    private static final Path CHINESE = Path.of("netc-compiler/src/main/resources/netc/backend/Explain_zh.properties");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\d+)\\}");

    private static Properties load(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return properties;
    }

    private static Set<String> placeholders(String text) {
        Set<String> found = new TreeSet<>();
        Matcher matcher = PLACEHOLDER.matcher(text);
        while (matcher.find()) {
            found.add(matcher.group());
        }
        return found;
    }

    @Test
    void everyKeyHasBothLanguagesWithTheSamePlaceholders() throws IOException {
        Properties english = load(ENGLISH);
        Properties chinese = load(CHINESE);
        assertEquals(new TreeSet<>(english.stringPropertyNames()), new TreeSet<>(chinese.stringPropertyNames()));
        for (String key : english.stringPropertyNames()) {
            assertEquals(placeholders(english.getProperty(key)), placeholders(chinese.getProperty(key)), key);
        }
    }

    /** Rendered with its arguments, no text keeps a placeholder or loses a quote to MessageFormat. */
    @Test
    void everyTextRendersWithoutAPlaceholderLeft() throws IOException {
        for (Locale locale : new Locale[] {Locale.ENGLISH, Locale.SIMPLIFIED_CHINESE}) {
            Messages messages = Messages.of(Explanation.BUNDLE, locale);
            Properties texts = load(locale == Locale.ENGLISH ? ENGLISH : CHINESE);
            for (String key : texts.stringPropertyNames()) {
                String text = messages.get(key, "a0", "a1", "a2", "a3");
                assertFalse(PLACEHOLDER.matcher(text).find(), key + ": " + text);
                assertEquals(texts.getProperty(key).contains("''"), text.contains("'"), key + ": " + text);
            }
        }
    }

    @Test
    void aLanguageWithoutItsBundleReadsEnglish() {
        assertEquals(Locale.ROOT, Messages.of(Explanation.BUNDLE, Locale.FRANCE).language());
        assertEquals(new Locale("zh"), Messages.of(Explanation.BUNDLE, Locale.SIMPLIFIED_CHINESE).language());
    }
}
