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
import netc.diagnostics.Diagnostics;
import netc.diagnostics.SourceReader;
import netc.diagnostics.SourceText;
import netc.runtime.OracleAssertions;
import netc.runtime.SafeTensors;
import netc.runtime.Tensor;
import netc.semantic.Analyzer;
import netc.semantic.model.AnalyzedModel;
import netc.semantic.model.Trace;
import netc.semantic.model.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated PyTorch module of every sample and every layer fixture, run by real PyTorch
 * ({@code tools/torch_roundtrip.py}, one process for all): its state_dict has netc's keys and shapes
 * in netc's order, a fixture's weights load with strict=True and forward gives the fixture's output,
 * and a sample's forward gives netc's output shape. Skipped, saying so, when /usr/bin/python3 has no
 * torch (Debian: apt-get install python3-torch). Also the training smoke test of the issue.
 */
class TorchRoundTripTest {
    private static final String PYTHON = "/usr/bin/python3";
    /** Where pip finds the safetensors wheel, offline. */
    private static final String WHEELS = System.getenv().getOrDefault("NETC_WHEELS", "/opt/pypi/files");
    /**
     * Cases whose tables differ from torchinfo's for reasons outside the generated module: PyTorch cannot
     * run them at torchinfo's batch of 1, or netc's table is not torchinfo's.
     */
    private static final Map<String, String> TABLES_DIFFER = Map.of(
        "batchnorm1d_batch_statistics_not_affine", "batch statistics of one value per channel: PyTorch refuses batch 1",
        "multiheadattention_nobias", "PyTorch 1.13's fused attention path, taken under no_grad, fails without bias",
        "indexing_and_operators", "squeeze without dim also squeezes torchinfo's batch of 1; netc keeps the batch");

    @TempDir
    Path temp;

    @Test
    void everySampleAndLayerFixtureRoundTripsThroughPyTorch() throws Exception {
        assumeTrue(hasTorch(), "skipped: " + PYTHON + " cannot import torch (apt-get install python3-torch)");
        checkAll();
    }

    /**
     * torchsummary 1.5.1 and torchinfo 1.8.0, from the paths in TORCHSUMMARY and TORCHINFO (exported from
     * git as tools/table_oracle.py says), print on every generated module the tables netc prints.
     */
    @Test
    void torchsummaryAndTorchinfoPrintNetcsTablesOnEveryGeneratedModule() throws Exception {
        assumeTrue(hasTorch(), "skipped: " + PYTHON + " cannot import torch (apt-get install python3-torch)");
        assumeTrue(System.getenv("TORCHSUMMARY") != null && System.getenv("TORCHINFO") != null,
            "skipped: set TORCHSUMMARY and TORCHINFO to torchsummary 1.5.1 and torchinfo 1.8.0 (see tools/table_oracle.py)");
        checkAll("--tables");
    }

    /**
     * Samples built in PyTorch with other model parameters than the defaults their module was generated
     * with ({@code MobileNetV2(classes=10)}), against netc's analysis with those values (--set).
     */
    private static final Map<String, Map<String, Long>> ARGUMENTS = new LinkedHashMap<>();

    static {
        ARGUMENTS.put("lstm_classifier", Map.of("hidden", 32L, "classes", 3L));
        ARGUMENTS.put("mobilenet_v2", Map.of("classes", 10L));
        ARGUMENTS.put("tiny_transformer", Map.of("vocab", 100L, "d", 32L, "heads", 2L, "layers", 1L));
        ARGUMENTS.put("unet_small", Map.of("cin", 3L, "classes", 5L, "w", 8L));
    }

    /** Runs tools/torch_roundtrip.py on every sample and layer fixture: every case must say ok. */
    private void checkAll(String... options) throws Exception {
        List<String> cases = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Path sample : TorchGeneratorTest.samples().toList()) {
            String name = sample.getFileName().toString().replace(".net", "");
            cases.add(describe(name, sample, null, Map.of()));
            names.add(name);
        }
        for (Map.Entry<String, Map<String, Long>> sample : ARGUMENTS.entrySet()) {
            String name = sample.getKey() + new TreeMap<>(sample.getValue());
            cases.add(describe(name, Path.of("samples", sample.getKey() + ".net"), null, sample.getValue()));
            names.add(name);
        }
        for (String construct : List.of("lists", "branches")) {
            cases.add(describe(construct, Path.of("netc-compiler/src/test/resources/torch", construct, "model.net"), null, Map.of()));
            names.add(construct);
        }
        for (String fixture : LayerFixtureTest.cases()) {
            Path directory = Path.of("netc-compiler/src/test/resources/layers", fixture);
            cases.add(describe(fixture, directory.resolve("model.net"), directory, Map.of()));
            names.add(fixture);
        }
        Path manifest = temp.resolve("manifest.json");
        Files.writeString(manifest, "[\n" + String.join(",\n", cases) + "\n]\n", StandardCharsets.UTF_8);
        List<String> command = new ArrayList<>(List.of(PYTHON, "tools/torch_roundtrip.py"));
        command.addAll(List.of(options));
        command.add(manifest.toString());
        List<String> results = run(command.toArray(String[]::new));
        List<String> expected = new ArrayList<>();
        boolean tables = List.of(options).contains("--tables");
        names.forEach(name -> expected.add(tables && TABLES_DIFFER.containsKey(name) ? "differs as known: " + name
            : "ok " + name));
        assertEquals(String.join("\n", expected), String.join("\n", results));
    }

    /**
     * The generated LeNet5 trains in PyTorch (20 SGD steps on a random batch: the loss falls), and its
     * state_dict, saved as safetensors by tools/save_safetensors.py without the safetensors package,
     * runs in {@code netc run} with PyTorch's eval-mode output, within 1e-5 * max(1, max|out|).
     */
    @Test
    void theGeneratedLeNet5TrainsAndItsWeightsRunInNetc() throws Exception {
        assumeTrue(hasTorch(), "skipped: " + PYTHON + " cannot import torch (apt-get install python3-torch)");
        assumeTrue(!run(PYTHON, "-c", "import safetensors").isEmpty(),
            "skipped: " + PYTHON + " has the safetensors package, so save_safetensors.py would not write the file");
        trainAndRunInNetc(PYTHON, "saved by save_safetensors");
    }

    /**
     * The same with the safetensors package writing the files: its wheel installed from {@link #WHEELS}
     * into a virtual environment of this test's own over /usr/bin/python3's packages (torch).
     */
    @Test
    void theGeneratedLeNet5sWeightsSavedByTheSafetensorsPackageRunInNetc() throws Exception {
        assumeTrue(hasTorch(), "skipped: " + PYTHON + " cannot import torch (apt-get install python3-torch)");
        Path venv = temp.resolve("venv");
        String python = venv.resolve("bin/python").toString();
        List<String> made = run(PYTHON, "-m", "venv", "--system-site-packages", venv.toString());
        List<String> installed = made.isEmpty() ? run(python, "-m", "pip", "install", "-q", "--no-index",
            "--find-links", WHEELS, "safetensors") : made;
        assumeTrue(installed.isEmpty(), () -> "skipped: cannot install the safetensors package from " + WHEELS
            + " into a venv (set NETC_WHEELS to a folder holding its wheel): " + String.join("\n", installed));
        trainAndRunInNetc(python, "saved by safetensors");
    }

    private void trainAndRunInNetc(String python, String savedBy) throws Exception {
        Path module = temp.resolve("lenet5.py");
        Files.writeString(module, TorchGeneratorTest.generate(Path.of("samples/lenet5.net")), StandardCharsets.UTF_8);
        List<String> printed = run(python, "tools/torch_train_smoke.py", module.toString(), "LeNet5", "1,32,32",
            temp.toString());
        assertEquals(3, printed.size(), () -> String.join("\n", printed));
        double first = Double.parseDouble(printed.get(0).replace("first loss ", ""));
        double last = Double.parseDouble(printed.get(1).replace("last loss ", ""));
        assertTrue(last < first, () -> "the loss did not fall: " + printed);
        assertEquals(savedBy, printed.get(2));

        Path output = temp.resolve("netc_output.safetensors");
        assertEquals(0, netc.cli.Main.run(new String[] {"run", "samples/lenet5.net", "--weights",
            temp.resolve("weights.safetensors").toString(), "--input", temp.resolve("input.safetensors").toString(),
            "--output", output.toString()}, System.in, System.out, System.err));
        Tensor want = SafeTensors.read(temp.resolve("output.safetensors")).tensor("output");
        Tensor got = SafeTensors.read(output).tensor("output");
        OracleAssertions.assertMatches(want, got, 1e-5);
    }

    /** The tensors the model returns: its output, or the tensors of the tuple it returns, in order. */
    private static List<Integer> outputs(AnalyzedModel model) {
        Trace.Tuple tuple = model.returnedTuple();
        return tuple != null ? model.trace().tensorIdsIn(tuple.value()) : List.of(model.trace().idOf(model.output()));
    }

    /**
     * One case of the manifest: the module generated into the temporary directory with the model's
     * defaults, the {@code arguments} to build it with, and netc's analysis with those to check it against.
     */
    private String describe(String name, Path file, Path fixture, Map<String, Long> arguments) throws Exception {
        Diagnostics diagnostics = new Diagnostics();
        SourceText source = SourceReader.read(file, file.toString(), diagnostics);
        Path module = temp.resolve("case_" + name.replaceAll("\\W", "_") + ".py");
        Files.writeString(module, TorchGenerator.generate(
            Analyzer.analyze(source, Analyzer.Options.all(), diagnostics).models().get(0), source, Map.of()),
            StandardCharsets.UTF_8);
        Map<String, Value> settings = new LinkedHashMap<>();
        arguments.forEach((parameter, value) -> settings.put(parameter, new Value.Int(value)));
        AnalyzedModel model = Analyzer.analyze(source, new Analyzer.Options(null, settings), diagnostics).models().get(0);
        JsonWriter json = new JsonWriter().beginObject();
        json.name("name").value(name);
        json.name("module").value(module.toString());
        json.name("class").value(PythonNames.identifier(model.name()));
        json.name("arguments").beginObject();
        arguments.forEach((parameter, value) -> json.name(parameter).value(value));
        json.endObject();
        json.name("state_dict").beginArray();
        for (Map.Entry<String, long[]> entry : model.stateDict().entrySet()) {
            json.beginArray().value(entry.getKey()).longs(entry.getValue()).endArray();
        }
        json.endArray();
        json.name("inputs").beginArray();
        model.inputs().forEach(input -> json.value(input.name()));
        json.endArray().name("input_shapes").beginArray();
        model.inputs().forEach(input -> json.longs(input.shape().dims()));
        json.endArray().name("input_dtypes").beginArray();
        model.inputs().forEach(input -> json.value(input.dtype().label()));
        json.endArray().name("output_shapes").beginArray();
        for (int id : outputs(model)) {
            json.longs(model.trace().shape(id).dims());
        }
        json.endArray();
        json.name("torchsummary").value(TorchSummaryTable.render(model, false));
        json.name("torchinfo").value(TorchInfoTable.render(model, TorchInfoTable.Options.defaults()));
        json.name("tables_differ").value(TABLES_DIFFER.containsKey(name));
        if (fixture != null) {
            json.name("weights").value(fixture.resolve("weights.safetensors").toString());
            json.name("io").value(fixture.resolve("io.safetensors").toString());
        }
        return json.endObject().toString();
    }

    private static boolean hasTorch() throws InterruptedException {
        try {
            return run(PYTHON, "-c", "import torch").isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    /** The lines the command prints, and its warnings and errors after them, once it ends within ten minutes. */
    private static List<String> run(String... command) throws IOException, InterruptedException {
        Path errors = Files.createTempFile("netc-torch", ".err");
        try {
            Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
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
