package netc.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import netc.cli.Main;
import netc.runtime.OracleAssertions;
import netc.runtime.SafeTensors;
import netc.runtime.Tensor;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The generated Java of each oracle model, compiled and run on the oracle's weights and input,
 * against PyTorch's eval-mode output; and {@code netc run} writing the same output file.
 */
class JavaOracleTest {
    @TempDir
    Path temp;

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "samples/simple.net, seed_simple",
        "samples/seed_sequential.net, seed_sequential",
        "samples/lenet5.net, lenet5",
        "samples/unet_small.net, unet_small",
        "samples/lstm_classifier.net, lstm_classifier",
        "samples/tiny_transformer.net, tiny_transformer",
    })
    void generatedProgramMatchesPyTorch(String sample, String oracle) throws Exception {
        Path dir = Path.of("src/test/resources/oracle", oracle);
        String[] files = {"--weights", dir.resolve("weights.safetensors").toString(),
            "--input", dir.resolve("io.safetensors").toString()};
        Path programOutput = temp.resolve("program.safetensors");
        Class<?> program = GeneratedModels.compile(GeneratedModels.analyze(Path.of(sample)));
        program.getMethod("main", String[].class).invoke(null, (Object) withOutput(files, programOutput));

        Tensor expected = SafeTensors.read(dir.resolve("io.safetensors")).tensor("output");
        OracleAssertions.assertMatches(expected, SafeTensors.read(programOutput).tensor("output"));

        Path runOutput = temp.resolve("run.safetensors");
        String[] run = new String[files.length + 4];
        run[0] = "run";
        run[1] = sample;
        System.arraycopy(withOutput(files, runOutput), 0, run, 2, files.length + 2);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(run, new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, exit, () -> err.toString(StandardCharsets.UTF_8));
        assertArrayEquals(Files.readAllBytes(programOutput), Files.readAllBytes(runOutput));
    }

    private static String[] withOutput(String[] files, Path output) {
        String[] args = java.util.Arrays.copyOf(files, files.length + 2);
        args[files.length] = "--output";
        args[files.length + 1] = output.toString();
        return args;
    }
}
