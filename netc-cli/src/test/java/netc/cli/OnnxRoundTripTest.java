package netc.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * netc onnx, then netc import: the model comes back with the same summary table, the same
 * state_dict and the same weights. The samples here are chains of modules; what does not come back
 * yet (functional calls, which the graph writes as modules, and blocks with residual sums) is listed
 * in docs/onnx.md.
 */
class OnnxRoundTripTest {
    @TempDir
    Path temp;

    @ParameterizedTest
    @ValueSource(strings = {"seed_sequential", "lenet5"})
    void importingTheExportGivesTheModelBack(String name) throws Exception {
        String sample = "samples/" + name + ".net";
        Path weights = Path.of("netc-runtime/src/test/resources/oracle", name, "weights.safetensors");
        Path onnx = temp.resolve(name + ".onnx");
        Path imported = temp.resolve(name + ".net");
        Path importedWeights = temp.resolve(name + ".safetensors");
        CliRunner.Run exported = CliRunner.run("onnx", sample, "--weights", weights.toString(), "-o", onnx.toString());
        assertEquals(0, exported.exitCode(), exported.err());
        CliRunner.Run read = CliRunner.run("import", onnx.toString(), "-o", imported.toString(), "--weights-out",
            importedWeights.toString());
        assertEquals(0, read.exitCode(), read.err());

        assertEquals(CliRunner.run("summary", sample).out(), CliRunner.run("summary", imported.toString()).out());
        assertEquals(json(sample).substring(json(sample).indexOf("\"total_params\"")),
            json(imported.toString()).substring(json(imported.toString()).indexOf("\"total_params\"")),
            "parameter counts and state_dict");

        Path input = Path.of("netc-runtime/src/test/resources/oracle", name, "io.safetensors");
        Path original = temp.resolve("original.safetensors");
        Path roundTripped = temp.resolve("round-tripped.safetensors");
        assertEquals(0, CliRunner.run("run", sample, "--weights", weights.toString(), "--input", input.toString(),
            "--output", original.toString()).exitCode());
        CliRunner.Run run = CliRunner.run("run", imported.toString(), "--weights", importedWeights.toString(), "--input",
            input.toString(), "--output", roundTripped.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertArrayEquals(Files.readAllBytes(original), Files.readAllBytes(roundTripped));
    }

    private static String json(String file) {
        return CliRunner.run("summary", file, "--format", "json").out();
    }
}
