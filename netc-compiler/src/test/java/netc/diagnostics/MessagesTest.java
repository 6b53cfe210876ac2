package netc.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import netc.backend.Explanation;
import org.junit.jupiter.api.Test;

/** The bundles of user-facing texts: every key in both languages, with the same placeholders. */
class MessagesTest {
    private static final Path ENGLISH = Path.of("netc-compiler/src/main/resources/netc/backend/Explain.properties");
    private static final Path CHINESE = Path.of("netc-compiler/src/main/resources/netc/backend/Explain_zh.properties");
    private static final Path DIAGNOSTICS = Path.of("netc-compiler/src/main/resources/netc/diagnostics/Diagnostics.properties");
    private static final Path DIAGNOSTICS_ZH = Path.of("netc-compiler/src/main/resources/netc/diagnostics/Diagnostics_zh.properties");
    private static final Path CLI = Path.of("netc-cli/src/main/resources/netc/cli/Cli.properties");
    private static final Path CLI_ZH = Path.of("netc-cli/src/main/resources/netc/cli/Cli_zh.properties");
    private static final Path HELP = Path.of("netc-cli/src/main/resources/netc/cli/Help.properties");
    private static final Path HELP_ZH = Path.of("netc-cli/src/main/resources/netc/cli/Help_zh.properties");
    private static final Pattern NAMED_KEY = Pattern.compile("Text\\.(?:of|joined)\\(\\s*\"([^\"]+)\"");
    private static final Pattern QUOTED = Pattern.compile("\"([a-z]+(?:\\.[a-z_0-9]+)*)\"");
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
        assertSameKeysAndPlaceholders(ENGLISH, CHINESE);
    }

    /** The diagnostics' bundle too: every message, note, hint and fix title in both languages. */
    @Test
    void everyDiagnosticTextHasBothLanguagesWithTheSamePlaceholders() throws IOException {
        assertSameKeysAndPlaceholders(DIAGNOSTICS, DIAGNOSTICS_ZH);
    }

    /** The command line's own lines: counts, files written, usage errors (picocli's among them). */
    @Test
    void everyCommandLineTextHasBothLanguagesWithTheSamePlaceholders() throws IOException {
        assertSameKeysAndPlaceholders(CLI, CLI_ZH);
    }

    /** The commands' help (netc-cli's HelpTest checks that picocli reads every key). */
    @Test
    void everyHelpTextHasBothLanguages() throws IOException {
        assertSameKeysAndPlaceholders(HELP, HELP_ZH);
    }

    private static void assertSameKeysAndPlaceholders(Path englishFile, Path chineseFile) throws IOException {
        Properties english = load(englishFile);
        Properties chinese = load(chineseFile);
        assertFalse(english.isEmpty());
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

    /**
     * The code names only keys the bundles have, and the diagnostics' and the command line's bundles
     * have no key the code never names.
     */
    @Test
    void theCodeAndTheBundlesNameTheSameKeys() throws IOException {
        Set<String> keys = new TreeSet<>(load(DIAGNOSTICS).stringPropertyNames());
        keys.addAll(load(CLI).stringPropertyNames());
        Set<String> named = new TreeSet<>();
        Set<String> quoted = new TreeSet<>();
        List<Path> sources;
        sources = new ArrayList<>();
        for (String module : List.of("netc-compiler", "netc-lsp", "netc-cli")) {
            try (Stream<Path> files = Files.walk(Path.of(module, "src/main/java"))) {
                files.filter(f -> f.toString().endsWith(".java")).forEach(sources::add);
            }
        }
        for (Path file : sources) {
            String code = Files.readString(file, StandardCharsets.UTF_8);
            Matcher key = NAMED_KEY.matcher(code);
            while (key.find()) {
                named.add(key.group(1));
            }
            Matcher literal = QUOTED.matcher(code);
            while (literal.find()) {
                quoted.add(literal.group(1));
            }
        }
        named.removeAll(keys);
        assertEquals(Set.of(), named, "keys the code names that the bundles lack");
        keys.removeAll(quoted);
        assertEquals(Set.of(), keys, "keys of the bundles that no code names");
    }

    /** A text puts its arguments, texts of its own among them, in its {n} places; an apostrophe stays. */
    @Test
    void aTextRendersItsArgumentsInTheLanguageAskedFor() {
        Text text = Text.of("conv.expects_input_channels_incoming", "conv2d", 3L, "[-1, 1, 28, 28]", 1);
        assertEquals("conv2d expects 3 input channels, but the incoming tensor [-1, 1, 28, 28] has 1",
            Messages.diagnostics(Locale.ROOT).render(text));
        assertEquals("conv2d 期望 3 个输入通道，但输入张量 [-1, 1, 28, 28] 有 1 个",
            Messages.diagnostics(Locale.SIMPLIFIED_CHINESE).render(text));
        Text nested = Text.of("suggest.did_you_mean", "relu");
        assertEquals("conv2d's padding_mode must be \"zeros\", but it is did you mean relu?",
            Messages.diagnostics(Locale.ENGLISH).render(Text.of("conv.padding_mode_must", "conv2d", "\"zeros\"", nested)));
        assertEquals("a, b or c", Text.joined("list.or", List.of("a", "b", "c")).english());
        assertEquals("a、b 或 c", Messages.diagnostics(Locale.CHINA).render(Text.joined("list.or", List.of("a", "b", "c"))));
    }

    @Test
    void aLanguageWithoutItsBundleReadsEnglish() {
        assertEquals(Locale.ROOT, Messages.of(Explanation.BUNDLE, Locale.FRANCE).language());
        assertEquals(new Locale("zh"), Messages.of(Explanation.BUNDLE, Locale.SIMPLIFIED_CHINESE).language());
    }
}
