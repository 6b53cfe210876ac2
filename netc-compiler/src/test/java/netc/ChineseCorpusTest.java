package netc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import netc.diagnostics.Diagnostic;
import netc.diagnostics.DiagnosticRenderer;
import netc.diagnostics.Diagnostics;
import netc.diagnostics.Fix;
import netc.diagnostics.Messages;
import netc.diagnostics.Related;
import netc.diagnostics.SourceText;
import netc.diagnostics.Text;
import netc.semantic.Analyzer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The error corpus in Simplified Chinese: every message, note, hint and fix title of every file
 * renders (no key missing), fills every {n}, and leaves no English sentence in what the bundle says.
 * The arguments a text is given (numbers, shapes, names, source) stay as they are by design, so the
 * check looks at the bundle's words alone, with each argument replaced by a mark; an argument given as
 * a string must be a piece of the file or hold no English sentence either. A few files are golden.
 */
class ChineseCorpusTest {
    private static final Messages CHINESE = Messages.diagnostics(Locale.SIMPLIFIED_CHINESE);
    private static final Messages ENGLISH = Messages.diagnostics(Locale.ROOT);
    private static final Path GOLDEN = Path.of("netc-compiler/src/test/resources/errors/zh-CN");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\d+\\}");
    /** Stands for an argument: it ends a run of words. */
    private static final String MARK = "\u2022";
    /** Code in a text: quoted, in backticks, a shape or list in brackets, a body in braces. */
    private static final Pattern CODE = Pattern.compile("'[^']*'|\"[^\"]*\"|`[^`]*`|\\[[^\\]]*\\]|\\{[^}]*\\}");
    /** Three or more ASCII words in a row: an English phrase, not a term or an identifier. */
    private static final Pattern ENGLISH_RUN = Pattern.compile("[A-Za-z][\\w.]*(?: [A-Za-z][\\w.]*){2,}");
    private static final Pattern CJK = Pattern.compile("\\p{IsHan}");

    static Stream<Path> corpus() throws IOException {
        return ErrorCorpusTest.corpus();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void everyDiagnosticReadsInChinese(Path file) {
        SourceText source = TestFiles.source(file);
        List<Diagnostic> found = analyze(source);
        assertFalse(found.isEmpty(), file + " reports nothing");
        for (Diagnostic d : found) {
            List<Text> texts = new ArrayList<>();
            texts.add(d.message());
            d.related().stream().map(Related::message).forEach(texts::add);
            if (d.help() != null) {
                texts.add(d.help());
            }
            d.fixes().stream().map(Fix::title).forEach(texts::add);
            for (Text text : texts) {
                String where = file.getFileName() + " " + d.code().id() + " " + text.key() + ": " + CHINESE.render(text);
                assertFalse(PLACEHOLDER.matcher(CHINESE.render(text)).find(), where);
                String words = CODE.matcher(CHINESE.render(marked(text))).replaceAll(MARK);
                assertFalse(ENGLISH_RUN.matcher(words).find(), where);
                assertStringArgumentsAreNoSentences(text, source, where);
                boolean ownWords = ENGLISH.render(marked(text)).chars().anyMatch(Character::isLetter);
                assertTrue(!ownWords || CJK.matcher(CHINESE.render(text)).find(), where);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"in_features", "kernel_too_large", "unknown_layer", "lexical", "tuples", "broadcasting"})
    void representativeFilesMatchTheirGoldens(String name) throws IOException {
        SourceText source = TestFiles.source(Path.of("netc-compiler/src/test/resources/errors", name + ".net"));
        DiagnosticRenderer renderer = new DiagnosticRenderer(false, CHINESE);
        StringBuilder rendered = new StringBuilder();
        for (Diagnostic d : analyze(source)) {
            rendered.append(renderer.render(d, source));
        }
        Path golden = GOLDEN.resolve(name + ".txt");
        if (!Files.exists(golden)) {
            Files.writeString(Path.of("target", name + ".zh-CN.txt"), rendered, StandardCharsets.UTF_8);
        }
        assertEquals(Files.readString(golden, StandardCharsets.UTF_8), rendered.toString());
    }

    private static List<Diagnostic> analyze(SourceText source) {
        Diagnostics diagnostics = new Diagnostics();
        Analyzer.analyze(source, Analyzer.Options.all(), diagnostics);
        return diagnostics.all();
    }

    /** The text with each string argument replaced by the mark: what the bundle itself says. */
    private static Text marked(Text text) {
        Object[] args = text.args().stream().map(arg -> arg instanceof Text ? marked((Text) arg) : MARK).toArray();
        return Text.of(text.key(), args);
    }

    private static void assertStringArgumentsAreNoSentences(Text text, SourceText source, String where) {
        for (Object arg : text.args()) {
            if (arg instanceof Text) {
                assertStringArgumentsAreNoSentences((Text) arg, source, where);
            } else if (!source.text().contains((String) arg)) {
                Matcher run = ENGLISH_RUN.matcher(CODE.matcher((String) arg).replaceAll(MARK));
                assertFalse(run.find(), where + " (argument " + arg + ")");
            }
        }
    }
}
