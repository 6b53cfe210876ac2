package netc.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import netc.diagnostics.Diagnostics;
import netc.diagnostics.SourceReader;
import netc.diagnostics.SourceText;
import netc.semantic.AnalyzedModel;
import netc.semantic.Analyzer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated PyTorch module of every sample and every layer fixture, run by real PyTorch
 * ({@code tools/torch_roundtrip.py}, one process for all): its state_dict has netc's keys and shapes
 * in netc's order, a fixture's weights load with strict=True and forward gives the fixture's output,
 * and a sample's forward gives netc's output shape. Skipped, saying so, when /usr/bin/python3 has no
 * torch (Debian: apt-get install python3-torch).
 */
class TorchRoundTripTest {
    private static final String PYTHON = "/usr/bin/python3";

    @TempDir
    Path temp;

    @Test
    void everySampleAndLayerFixtureRoundTripsThroughPyTorch() throws Exception {
        assumeTrue(hasTorch(), "skipped: " + PYTHON + " cannot import torch (apt-get install python3-torch)");
        List<String> cases = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Path sample : TorchGeneratorTest.samples().toList()) {
            String name = sample.getFileName().toString().replace(".net", "");
            cases.add(describe(name, sample, null));
            names.add(name);
        }
        for (String fixture : LayerFixtureTest.cases()) {
            Path directory = Path.of("src/test/resources/layers", fixture);
            cases.add(describe(fixture, directory.resolve("model.net"), directory));
            names.add(fixture);
        }
        Path manifest = temp.resolve("manifest.json");
        Files.writeString(manifest, "[\n" + String.join(",\n", cases) + "\n]\n", StandardCharsets.UTF_8);
        List<String> results = run(PYTHON, "tools/torch_roundtrip.py", manifest.toString());
        List<String> expected = new ArrayList<>();
        names.forEach(name -> expected.add("ok " + name));
        assertEquals(String.join("\n", expected), String.join("\n", results));
    }

    /** One case of the manifest: the module generated into the temporary directory, and what to check it against. */
    private String describe(String name, Path file, Path fixture) throws Exception {
        Diagnostics diagnostics = new Diagnostics();
        SourceText source = SourceReader.read(file, file.toString(), diagnostics);
        AnalyzedModel model = Analyzer.analyze(source, Analyzer.Options.all(), diagnostics).models().get(0);
        Path module = temp.resolve("case_" + name + ".py");
        Files.writeString(module, TorchGenerator.generate(model, source), StandardCharsets.UTF_8);
        JsonWriter json = new JsonWriter().beginObject();
        json.name("name").value(name);
        json.name("module").value(module.toString());
        json.name("class").value(PythonNames.identifier(model.name()));
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
        json.endArray().name("output_shape").longs(model.output().shape().dims());
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
