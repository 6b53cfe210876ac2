package netc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import netc.diagnostics.Diagnostics;
import netc.diagnostics.SourceText;
import netc.runtime.Json;
import netc.semantic.Analyzer;
import netc.semantic.model.Value;

/** Files the tests read: samples/ and the copies of the PyTorch oracle under test resources. */
public final class TestFiles {
    public static final Path SAMPLES = Path.of("samples");
    public static final Path ORACLE = Path.of("netc-runtime/src/test/resources/oracle");

    private TestFiles() {
    }

    public static String read(Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file as a user's editor might hand it on: malformed UTF-8 (the hostile corpus has some) read as U+FFFD. */
    public static String readLeniently(Path path) {
        try {
            return new String(Files.readAllBytes(path), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every .net file of the project (the working directory), outside build output and hidden folders. */
    public static List<Path> projectNetFiles() {
        Path root = Path.of("").toAbsolutePath();
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.toString().endsWith(".net") && Files.isRegularFile(p))
                .filter(p -> !root.relativize(p).toString().matches("(.*/)?(target|\\.[^/]*)/.*"))
                .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static SourceText source(Path path) {
        return new SourceText(path.toString(), read(path));
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> oracleModel(String model) {
        return (Map<String, Object>) Json.parse(read(ORACLE.resolve(model).resolve("model.json")));
    }

    public static String oracleText(String model, String file) {
        return read(ORACLE.resolve(model).resolve(file));
    }

    /** Analyses a sample, failing the test with the rendered diagnostics if it has any. */
    public static Analyzer.Result analyzeClean(Path path) {
        return analyzeClean(path, Map.of());
    }

    /** The same with model parameters set, as {@code --set} sets them. */
    public static Analyzer.Result analyzeClean(Path path, Map<String, Value> settings) {
        Diagnostics diagnostics = new Diagnostics();
        Analyzer.Result result = Analyzer.analyze(source(path), new Analyzer.Options(null, settings), diagnostics);
        List<?> all = diagnostics.all();
        if (!all.isEmpty()) {
            throw new AssertionError(path + " has diagnostics: " + all);
        }
        return result;
    }
}
