package netc.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import netc.onnx.OnnxProto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code netc onnx}: weights required, opsets it can honour, its file written whole or not at all. */
class OnnxCommandTest {
    private static final String WEIGHTS = "netc-runtime/src/test/resources/oracle/seed_simple/weights.safetensors";
    private static final String USAGE = "run 'netc onnx --help' for its options\n";

    @TempDir
    Path tmp;

    private static CliRunner.Run onnx(String... args) {
        List<String> all = Stream.concat(Stream.of("onnx"), Stream.of(args)).collect(Collectors.toList());
        all.addAll(List.of("--color", "never"));
        return CliRunner.run(all.toArray(String[]::new));
    }

    @Test
    void writesTheModelWithItsWeights() throws IOException {
        Path out = tmp.resolve("simple.onnx");
        assertEquals(new CliRunner.Run(0, "wrote " + out + "\n", ""),
            onnx("samples/simple.net", "--weights", WEIGHTS, "-o", out.toString()));
        OnnxProto.ModelProto model = OnnxProto.ModelProto.parseFrom(Files.readAllBytes(out));
        assertEquals("SimpleModel", model.getGraph().getName());
        assertEquals(17, model.getOpsetImport(0).getVersion());
        assertEquals(8, model.getGraph().getInitializerCount());
        assertEquals("x", model.getGraph().getInput(0).getName());
        assertEquals("output", model.getGraph().getOutput(0).getName());
    }

    @Test
    void randomWeightsAtAnotherOpset() throws IOException {
        Path out = tmp.resolve("simple.onnx");
        assertEquals(0, onnx("samples/simple.net", "--random-weights", "--opset", "19", "-o", out.toString()).exitCode());
        OnnxProto.ModelProto model = OnnxProto.ModelProto.parseFrom(Files.readAllBytes(out));
        assertEquals(19, model.getOpsetImport(0).getVersion());
        assertEquals(9, model.getIrVersion());
    }

    @Test
    void withoutWeightsNothingIsExported() {
        Path out = tmp.resolve("m.onnx");
        assertEquals(new CliRunner.Run(2, "", "--weights W.safetensors is needed: the model's state_dict becomes the "
            + "ONNX initializers (--random-weights exports the structure with made-up weights)\n" + USAGE),
            onnx("samples/simple.net", "-o", out.toString()));
        assertEquals(new CliRunner.Run(2, "", "--weights and --random-weights exclude each other\n" + USAGE),
            onnx("samples/simple.net", "--weights", WEIGHTS, "--random-weights", "-o", out.toString()));
        assertFalse(Files.exists(out));
    }

    @Test
    void opsetsTheMappingCannotHonourAreRefused() {
        Path out = tmp.resolve("m.onnx");
        for (String opset : List.of("16", "22", "-1")) {
            assertEquals(new CliRunner.Run(2, "", "--opset " + opset + ": netc exports opsets 17 to 21 "
                + "(LayerNormalization, which every norm of a transformer becomes, is opset 17)\n" + USAGE),
                onnx("samples/simple.net", "--random-weights", "--opset", opset, "-o", out.toString()));
        }
        assertFalse(Files.exists(out));
    }

    @Test
    void weightsOfAnotherModelAreAnErrorAndKeepTheOldFile() throws IOException {
        Path out = Files.writeString(tmp.resolve("m.onnx"), "before");
        String lenet = "netc-runtime/src/test/resources/oracle/lenet5/weights.safetensors";
        CliRunner.Run run = onnx("samples/simple.net", "--weights", lenet, "-o", out.toString());
        assertEquals(1, run.exitCode());
        assertEquals("error: " + lenet + ": weights do not match the model (18 problems):",
            run.err().lines().findFirst().orElse(""));
        assertEquals("", run.out());
        assertEquals("before", Files.readString(out));
    }

    @Test
    void weightsTooLargeForOneFileAreLocatedAndWriteNothing() throws IOException {
        Path model = Files.writeString(tmp.resolve("p.net"), "model P {\n    input x: [100000]\n"
            + "    linear(100000, 100000)\n}\n");
        Path out = Files.writeString(tmp.resolve("p.onnx"), "before");
        CliRunner.Run run = onnx(model.toString(), "--random-weights", "-o", out.toString());
        assertEquals(1, run.exitCode());
        assertEquals(model + ":1:1: error[E604]: the ONNX export cannot hold more than 2000000000 bytes of weights in "
            + "one file (protobuf's limit is 2 GiB, and netc writes no external data)",
            run.err().lines().findFirst().orElse(""));
        assertEquals("before", Files.readString(out, StandardCharsets.UTF_8));
    }

    @Test
    void theOutputMayNotBeAnInput() throws IOException {
        Path weights = Files.copy(Path.of(WEIGHTS), tmp.resolve("w.safetensors"));
        byte[] before = Files.readAllBytes(weights);
        assertEquals(new CliRunner.Run(2, "", "-o " + weights + " is the same file as --weights " + weights
            + ": writing the ONNX model would destroy it\n" + USAGE),
            onnx("samples/simple.net", "--weights", weights.toString(), "-o", weights.toString()));
        assertArrayEquals(before, Files.readAllBytes(weights));
    }

    @Test
    void aWeightsFileThatIsNoSafetensorsIsAnError() throws IOException {
        Path weights = Files.writeString(tmp.resolve("w.safetensors"), "not safetensors at all");
        CliRunner.Run run = onnx("samples/simple.net", "--weights", weights.toString(), "-o",
            tmp.resolve("m.onnx").toString());
        assertEquals(1, run.exitCode(), run.err());
        assertEquals("error: ", run.err().substring(0, 7));
        assertFalse(run.err().contains("\tat "), run.err());
        assertFalse(Files.exists(tmp.resolve("m.onnx")));
    }
}
