package netc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every script in tools/ at least compiles: they regenerate the ground truth, and most need PyTorch,
 * so no other test runs them on a machine without it (a merge once cut a string of
 * layer_fixtures.py short, and nothing noticed). Skipped, saying so, without a python3.
 */
class ToolsTest {
    private static final String PYTHON = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3"
        : "python3";

    @Test
    void everyPythonScriptInToolsCompiles() throws Exception {
        assumeTrue(run(List.of(PYTHON, "--version")) == 0, "skipped: no python3 to compile tools/*.py with");
        List<String> command = new ArrayList<>(List.of(PYTHON, "-c",
            "import ast, sys\nfor f in sys.argv[1:]: ast.parse(open(f, encoding='utf-8').read(), f)"));
        try (Stream<Path> files = Files.list(Path.of("tools"))) {
            files.filter(f -> f.toString().endsWith(".py")).sorted().forEach(f -> command.add(f.toString()));
        }
        assertTrue(command.contains(Path.of("tools", "layer_fixtures.py").toString()), command::toString);
        assertEquals(0, run(command));
    }

    private static int run(List<String> command) throws IOException, InterruptedException {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int code = process.waitFor();
            if (code != 0) {
                System.err.println(output);
            }
            return code;
        } catch (IOException e) {
            return -1; // no such program
        }
    }
}
