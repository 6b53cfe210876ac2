package netc.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import netc.OracleSamples;
import netc.runtime.SafeTensors;
import netc.semantic.model.AnalyzedModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every layer fixture (netc-compiler/src/test/resources/layers) and every weighted oracle sample exported to ONNX
 * with PyTorch's weights, at opsets 17 and 21, then checked in one Python run of tools/onnx_check.py: onnx.checker with
 * full_check, and ONNX Runtime's output against PyTorch's. The Python side runs in a venv of its own
 * (NETC_ONNX_VENV, else target/onnx-venv), built once from the wheels in NETC_WHEELS (default
 * /opt/pypi/files); without python3's venv or the wheels that test is skipped, saying why. No fixture
 * is refused: the one use refused by design (OnnxExporterTest) is not among them.
 */
class OnnxRuntimeTest {
    private static final Path LAYERS = Path.of("netc-compiler/src/test/resources/layers");
    private static final String WHEELS = System.getenv().getOrDefault("NETC_WHEELS", "/opt/pypi/files");
    private static final Path VENV = Path.of(System.getenv().getOrDefault("NETC_ONNX_VENV", "target/onnx-venv"));

    /** The fixtures the export refuses, by design (docs/onnx.md), with the exact diagnostic. */
    private static final Map<String, String> REFUSED = Map.of();

    @TempDir
    static Path temp;

    /** Each exported case: its .onnx file and the io.safetensors PyTorch wrote for it, by name. */
    private static final Map<String, Path[]> EXPORTED = new LinkedHashMap<>();
    private static final Map<String, String> REFUSALS = new TreeMap<>();

    /** Each model at the lowest and the highest opset netc exports, which spell some operators differently. */
    @BeforeAll
    static void exportEverything() throws Exception {
        for (int opset : List.of(OnnxExporter.MIN_OPSET, OnnxExporter.MAX_OPSET)) {
            for (String name : LayerFixtureTest.cases()) {
                Path directory = LAYERS.resolve(name);
                export(name, opset, GeneratedModels.analyze(directory.resolve("model.net")), directory);
            }
            for (OracleSamples.Pairing pairing : OracleSamples.compared("weights.safetensors").toList()) {
                export("oracle_" + pairing.oracle(), opset, pairing.analyze(), pairing.oracleDir());
            }
        }
    }

    private static void export(String name, int opset, AnalyzedModel model, Path directory) throws IOException {
        try {
            OnnxExporter.Weights weights = OnnxExporter.weightsOf(SafeTensors.read(directory.resolve("weights.safetensors")),
                model);
            byte[] bytes = OnnxExporter.export(model, weights, opset, "test").toByteArray();
            Path file = temp.resolve(name + ".opset" + opset + ".onnx");
            Files.write(file, bytes);
            EXPORTED.put(file.getFileName().toString(), new Path[] {file, directory.resolve("io.safetensors")});
        } catch (UnsupportedLayerException e) {
            REFUSALS.put(name, e.code().id() + " " + e.span().startLine() + ":" + e.span().startColumn() + " "
                + e.getMessage());
        } catch (RuntimeException e) { // a bug of the export: listed with the refusals, which it then fails
            REFUSALS.put(name, "crash: " + e + " at " + e.getStackTrace()[0]);
        }
    }

    @Test
    void onlyTheDocumentedCasesAreRefused() {
        assertEquals(new TreeMap<>(REFUSED), REFUSALS);
    }

    @Test
    void onnxRuntimeGivesPyTorchsOutputs() throws Exception {
        String python = python();
        // a list file: onnxruntime crashes on import in a process of a few hundred arguments
        Path pairs = Files.write(temp.resolve("pairs.txt"), EXPORTED.values().stream()
            .map(pair -> pair[0] + " " + pair[1]).collect(Collectors.toList()));
        List<String> lines = run(List.of(python, "tools/onnx_check.py", "--pairs", pairs.toString()));
        List<String> failures = lines.stream().filter(line -> !line.startsWith("ok ")).collect(Collectors.toList());
        assertEquals(List.of(), failures, "models that fail the checker or differ from PyTorch");
        assertEquals(EXPORTED.size(), lines.size(), "one line per model");
        // never vacuous: 182 layer fixtures and 10 weighted oracle samples, at two opsets
        assertTrue(EXPORTED.size() >= 2 * (182 + 10), "exported " + EXPORTED.size());
    }

    /** The venv's python, the venv built first when missing; skips the test, saying why, when it cannot be. */
    private static String python() throws Exception {
        Path python = VENV.resolve("bin/python");
        if (!Files.isExecutable(python) || !run(List.of(python.toString(), "-c", "import onnx, onnxruntime")).isEmpty()) {
            List<String> made = run(List.of("python3", "-m", "venv", VENV.toString()));
            List<String> installed = made.isEmpty() ? run(List.of(python.toString(), "-m", "pip", "install", "-q",
                "--no-index", "--find-links", WHEELS, "onnx", "onnxruntime")) : made;
            String why = "skipped: cannot make a venv with onnx and onnxruntime in " + VENV + " from the wheels in "
                + WHEELS + " (python3-venv and the wheels are needed; NETC_WHEELS names another folder): "
                + String.join("\n", installed);
            if (!installed.isEmpty()) {
                System.err.println("OnnxRuntimeTest " + why);
            }
            assumeTrue(installed.isEmpty(), why);
        }
        return python.toString();
    }

    /** The lines the command prints, and its errors after them when it fails, once it ends within ten minutes. */
    private static List<String> run(List<String> command) throws IOException, InterruptedException {
        Path errors = Files.createTempFile("netc-onnx", ".err");
        try {
            Process process;
            try {
                process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
            } catch (IOException e) {
                return List.of("cannot run " + command.get(0) + ": " + e.getMessage());
            }
            List<String> lines;
            try (var reader = process.inputReader(StandardCharsets.UTF_8)) {
                lines = new ArrayList<>(reader.lines().toList());
            }
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not end");
            }
            if (process.exitValue() != 0) {
                lines.add("exit " + process.exitValue() + ": " + Files.readString(errors, StandardCharsets.UTF_8));
            }
            return lines;
        } finally {
            Files.delete(errors);
        }
    }
}
