package netc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import netc.diagnostics.Diagnostic;
import netc.diagnostics.Diagnostics;
import netc.diagnostics.Related;
import netc.diagnostics.SourceText;
import netc.semantic.Analyzer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Wrong models with their expected diagnostics written beside the faulty line, as jlox's tests
 * do: {@code // expect E201 @5: message} (or {@code @line:column}), then optional
 * {@code // note: ...} and {@code // help: ...} lines. Every diagnostic must be expected, exactly.
 */
public class ErrorCorpusTest {
    private static final Path CORPUS = Path.of("netc-compiler/src/test/resources/errors");
    private static final Pattern EXPECT = Pattern.compile("// expect ([EW]\\d{3}) @(?:(\\d+):)?(\\d+): (.*)$");
    private static final Pattern NOTE = Pattern.compile("^\\s*// note: (.*)$");
    private static final Pattern HELP = Pattern.compile("^\\s*// help: (.*)$");

    public static Stream<Path> corpus() throws IOException {
        return Files.list(CORPUS).filter(p -> p.toString().endsWith(".net")).sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void reportsExactlyTheExpectedDiagnostics(Path file) {
        SourceText source = TestFiles.source(file);
        Diagnostics diagnostics = new Diagnostics();
        Analyzer.analyze(source, Analyzer.Options.all(), diagnostics);
        List<String> actual = diagnostics.all().stream().map(d -> describe(file, d)).collect(Collectors.toList());
        assertEquals(expectations(file, source), sorted(actual));
    }

    private static String describe(Path file, Diagnostic d) {
        StringBuilder out = new StringBuilder();
        out.append(d.span().file()).append(':').append(d.span().position()).append(' ').append(d.code().id())
            .append(": ").append(d.message().english());
        for (Related related : d.related()) {
            out.append("\n  note: ").append(related.message().english());
        }
        if (d.help() != null) {
            out.append("\n  help: ").append(d.help().english());
        }
        return out.toString();
    }

    private static List<String> expectations(Path file, SourceText source) {
        List<String> expected = new ArrayList<>();
        for (int line = 1; line <= source.lineCount(); line++) {
            String text = source.line(line);
            Matcher expect = EXPECT.matcher(text);
            Matcher note = NOTE.matcher(text);
            Matcher help = HELP.matcher(text);
            if (expect.find()) {
                String at = expect.group(2) != null ? expect.group(2) : Integer.toString(line);
                expected.add(file + ":" + at + ":" + expect.group(3) + " " + expect.group(1) + ": " + expect.group(4));
            } else if (note.matches()) {
                appendToLast(expected, "\n  note: " + note.group(1));
            } else if (help.matches()) {
                appendToLast(expected, "\n  help: " + help.group(1));
            }
        }
        return sorted(expected);
    }

    private static void appendToLast(List<String> expected, String text) {
        int last = expected.size() - 1;
        expected.set(last, expected.get(last) + text);
    }

    /** Ordered by position, so the order in which passes report does not matter. */
    private static List<String> sorted(List<String> entries) {
        return entries.stream().sorted(Comparator.comparing(ErrorCorpusTest::position)).collect(Collectors.toList());
    }

    private static long position(String entry) {
        String[] parts = entry.split(" ", 2)[0].split(":");
        return Long.parseLong(parts[parts.length - 2]) * 10_000 + Long.parseLong(parts[parts.length - 1]);
    }
}
