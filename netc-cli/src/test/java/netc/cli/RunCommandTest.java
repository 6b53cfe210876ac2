package netc.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import netc.runtime.AnyTensor;
import netc.runtime.LongTensor;
import netc.runtime.SafeTensors;
import netc.runtime.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code netc run}: it never destroys its own inputs, writes its output whole or not at all, and checks its input. */
class RunCommandTest {
    private static final Path ORACLE = Path.of("netc-runtime/src/test/resources/oracle/seed_simple");

    @TempDir
    Path tmp;

    private Path weights;
    private Path input;
    private Path model;

    private void copyFiles() throws IOException {
        weights = Files.copy(ORACLE.resolve("weights.safetensors"), tmp.resolve("weights.safetensors"));
        input = Files.copy(ORACLE.resolve("io.safetensors"), tmp.resolve("io.safetensors"));
        model = Files.copy(Path.of("samples/simple.net"), tmp.resolve("simple.net"));
    }

    private CliRunner.Run run(Path output) {
        return CliRunner.run("run", model.toString(), "--weights", weights.toString(), "--input", input.toString(),
            "--output", output.toString(), "--color", "never");
    }

    private void assertRefused(Path output, String firstLine) throws IOException {
        byte[][] before = {Files.readAllBytes(weights), Files.readAllBytes(input), Files.readAllBytes(model)};
        CliRunner.Run run = run(output);
        assertEquals(2, run.exitCode(), run.err());
        assertEquals(firstLine, run.err().lines().findFirst().orElse(""));
        assertArrayEquals(before[0], Files.readAllBytes(weights));
        assertArrayEquals(before[1], Files.readAllBytes(input));
        assertArrayEquals(before[2], Files.readAllBytes(model));
    }

    @Test
    void anOutputThatIsAnInputIsRefusedBeforeAnythingIsRead() throws IOException {
        copyFiles();
        assertRefused(weights, "--output " + weights + " is the same file as --weights " + weights
            + ": writing the output would destroy it");
        assertRefused(input, "--output " + input + " is the same file as --input " + input
            + ": writing the output would destroy it");
        assertRefused(model, "--output " + model + " is the same file as the model file " + model
            + ": writing the output would destroy it");
    }

    @Test
    void linksToAnInputAreSeenThrough() throws IOException {
        copyFiles();
        Path link = Files.createSymbolicLink(tmp.resolve("link.safetensors"), input);
        assertRefused(link, "--output " + link + " is the same file as --input " + input
            + ": writing the output would destroy it");
        Path hardLink = Files.createLink(tmp.resolve("hard.safetensors"), weights);
        assertRefused(hardLink, "--output " + hardLink + " is the same file as --weights " + weights
            + ": writing the output would destroy it");
        Path dotted = tmp.resolve(".").resolve("io.safetensors");
        assertRefused(dotted, "--output " + dotted + " is the same file as --input " + input
            + ": writing the output would destroy it");
    }

    @Test
    void theOutputReplacesAnOldOneWholeAndLeavesNoTemporaryFile() throws IOException {
        copyFiles();
        Path output = Files.writeString(tmp.resolve("out.safetensors"), "an old output");
        Path link = Files.createSymbolicLink(tmp.resolve("latest.safetensors"), output);
        CliRunner.Run run = run(link);
        assertEquals(0, run.exitCode(), run.err());
        assertArrayEquals(new int[] {2, 10}, SafeTensors.read(output).shape("output"));
        assertTrue(Files.isSymbolicLink(link), "the link still points at the output");
        assertEquals(List.of("io.safetensors", "latest.safetensors", "out.safetensors", "simple.net",
            "weights.safetensors"), names(tmp));
    }

    @Test
    void anOutputThatCannotBeWrittenSaysWhyBeforeRunning() throws IOException {
        copyFiles();
        Path missing = tmp.resolve("no/such/dir/out.safetensors");
        assertRefused(missing, "--output: cannot write " + missing + ": No such file or directory");
        Path underAFile = weights.resolve("out.safetensors");
        assertRefused(underAFile, "--output: cannot write " + underAFile + ": Not a directory");
        assertRefused(tmp, "--output: cannot write " + tmp + ": Is a directory");
    }

    @Test
    void theInputIsCheckedAgainstTheModelsDeclaration() throws IOException {
        copyFiles();
        Path output = tmp.resolve("out.safetensors");
        writeInput(Map.of("x", Tensor.zeros(1, 3, 64, 64)));
        assertRunError(output, "error: the input file's tensor 'x' has shape [1, 3, 64, 64], but model input x is "
            + "declared float32 [3, 32, 32] after the batch: it needs shape [N, 3, 32, 32], N at least 1");
        writeInput(Map.of("x", Tensor.zeros(3, 32, 32)));
        assertRunError(output, "error: the input file's tensor 'x' has shape [3, 32, 32], but model input x is "
            + "declared float32 [3, 32, 32] after the batch: it needs shape [N, 3, 32, 32], N at least 1");
        writeInput(Map.of("x", new LongTensor(new long[2 * 3 * 32 * 32], 2, 3, 32, 32)));
        assertRunError(output, "error: the input file's tensor 'x' holds I64 numbers, but model input x is declared "
            + "float32 [3, 32, 32]: save it as floats");
        writeInput(Map.of("a", Tensor.zeros(1, 3, 32, 32), "b", Tensor.zeros(1, 3, 32, 32)));
        assertRunError(output, "error: the input file has no tensor 'x' (it has [a, b]); model input x is "
            + "declared float32 [3, 32, 32]");
        assertFalse(Files.exists(output));
    }

    /** As the PyTorch oracles name several inputs: input0, input1, ... in the order the model declares them. */
    @Test
    void severalInputsAreReadByNameOrElseByPosition() throws IOException {
        copyFiles();
        model = Files.writeString(tmp.resolve("pair.net"), "model Pair {\n    input a: [2], b: [2]\n    a - b\n}\n");
        weights = tmp.resolve("none.safetensors");
        SafeTensors.write(weights, new TreeMap<String, Tensor>());
        Path output = tmp.resolve("out.safetensors");
        Tensor first = new Tensor(new float[] {5, 7}, 1, 2);
        Tensor second = new Tensor(new float[] {1, 2}, 1, 2);
        for (Map<String, Tensor> tensors : List.of(Map.of("input0", first, "input1", second),
                Map.of("a", first, "input1", second), Map.of("b", second, "input0", first))) {
            writeInput(tensors);
            CliRunner.Run run = run(output);
            assertEquals(0, run.exitCode(), run.err());
            Tensor difference = SafeTensors.read(output).tensor("output");
            assertEquals(List.of(4f, 5f), List.of(difference.get(0, 0), difference.get(0, 1)), tensors.toString());
        }
        writeInput(Map.of("input1", first, "input2", second));
        assertRunError(output, "error: the input file has no tensor 'a' (it has [input1, input2]); model input a is "
            + "declared float32 [2]");
    }

    private void writeInput(Map<String, ? extends AnyTensor> tensors) throws IOException {
        SafeTensors.write(input, new TreeMap<>(tensors));
    }

    private void assertRunError(Path output, String firstLine) {
        CliRunner.Run run = run(output);
        assertEquals(1, run.exitCode(), run.err());
        assertEquals(firstLine, run.err().lines().findFirst().orElse(""));
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }
}
