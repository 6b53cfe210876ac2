package netc.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import netc.OracleSamples;
import netc.cli.Main;
import netc.runtime.OracleAssertions;
import netc.runtime.SafeTensors;
import netc.runtime.Tensor;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The generated Java of each oracle model, compiled and run on the oracle's weights and input,
 * against PyTorch's eval-mode output; and {@code netc run} writing the same output file.
 */
class JavaOracleTest {
    @TempDir
    Path temp;

    /** The samples whose oracle has weights, an input and PyTorch's output. */
    static Stream<OracleSamples.Pairing> weightedSamples() {
        return OracleSamples.compared("weights.safetensors");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("weightedSamples")
    void generatedProgramMatchesPyTorch(OracleSamples.Pairing pairing) throws Exception {
        Path dir = pairing.oracleDir();
        String[] files = {"--weights", dir.resolve("weights.safetensors").toString(),
            "--input", dir.resolve("io.safetensors").toString()};
        Path programOutput = temp.resolve("program.safetensors");
        Class<?> program = GeneratedModels.compile(pairing.analyze());
        program.getMethod("main", String[].class).invoke(null, (Object) withOutput(files, programOutput));

        Tensor expected = SafeTensors.read(dir.resolve("io.safetensors")).tensor("output");
        OracleAssertions.assertMatches(expected, SafeTensors.read(programOutput).tensor("output"));

        Path runOutput = temp.resolve("run.safetensors");
        List<String> run = new ArrayList<>(List.of("run", pairing.sample().toString()));
        run.addAll(pairing.setArguments());
        run.addAll(List.of(withOutput(files, runOutput)));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(run.toArray(String[]::new), new ByteArrayInputStream(new byte[0]),
            new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
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
