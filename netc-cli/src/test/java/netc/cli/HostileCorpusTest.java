package netc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Inputs found by trying netc as an attacker or a new user would. Each case is {@code NAME.net}
 * (or {@code NAME.onnx}, for netc import), read verbatim, beside {@code NAME.expect}: lines {@code args: ...} (the command line, {@code {file}}
 * standing for the input; default {@code check {file}}), {@code exit: N}, and {@code stderr: ...}
 * or {@code stdout: ...}, the exact first line of that stream ({@code {file}} again for the path).
 */
class HostileCorpusTest {
    private static final Path CORPUS = Path.of("netc-compiler/src/test/resources/hostile");

    static Stream<Path> corpus() throws IOException {
        return Files.list(CORPUS).filter(p -> p.toString().endsWith(".net") || p.toString().endsWith(".onnx")).sorted();
    }

    @Test
    void theCorpusIsNotEmpty() throws IOException {
        assertFalse(corpus().findAny().isEmpty(), "no case in " + CORPUS);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void firstLineAndExitCodeAreAsExpected(Path input) throws IOException {
        Path expectFile = Path.of(input.toString().replaceFirst("\\.(net|onnx)$", ".expect"));
        Map<String, String> expect = readExpectation(expectFile);
        String file = input.toString();
        List<String> args = new ArrayList<>();
        for (String arg : expect.getOrDefault("args", "check {file}").split(" ")) {
            args.add(arg.replace("{file}", file));
        }
        args.add("--color");
        args.add("never");
        CliRunner.Run run = CliRunner.run(args.toArray(String[]::new));
        String stream = expect.containsKey("stdout") ? "stdout" : "stderr";
        String output = stream.equals("stdout") ? run.out() : run.err();
        String context = "stdout:\n" + head(run.out()) + "\nstderr:\n" + head(run.err());
        assertEquals(Integer.parseInt(expect.get("exit")), run.exitCode(), context);
        assertEquals(expect.get(stream).replace("{file}", file), output.lines().findFirst().orElse(""), context);
        assertFalse(run.err().contains("\tat "), "no stack trace: " + context);
    }

    private static Map<String, String> readExpectation(Path file) throws IOException {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            int colon = line.indexOf(": ");
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (colon < 0) {
                throw new AssertionError(file + ": not a 'key: value' line: " + line);
            }
            fields.put(line.substring(0, colon), line.substring(colon + 2));
        }
        if (!fields.containsKey("exit") || !(fields.containsKey("stderr") || fields.containsKey("stdout"))) {
            throw new AssertionError(file + " needs exit: and stderr: or stdout:");
        }
        return fields;
    }

    private static String head(String text) {
        return text.substring(0, Math.min(2000, text.length()));
    }
}
