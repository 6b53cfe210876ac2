package netc.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import netc.runtime.LongTensor;
import netc.runtime.OracleAssertions;
import netc.runtime.SafeTensors;
import netc.semantic.catalog.Catalog;
import netc.semantic.model.AnalyzedModel;
import netc.semantic.model.Trace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case of netc-compiler/src/test/resources/layers, written by tools/layer_fixtures.py from a tiny PyTorch
 * module: the .net model has the module's state_dict keys in PyTorch's order, and its generated Java,
 * run on the module's weights and input, gives PyTorch's eval-mode output.
 */
class LayerFixtureTest {
    private static final Path CASES = Path.of("netc-compiler/src/test/resources/layers");

    @TempDir
    Path temp;

    static List<String> cases() throws IOException {
        try (Stream<Path> directories = Files.list(CASES)) {
            return directories.map(directory -> directory.getFileName().toString()).sorted().toList();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void generatedJavaMatchesPyTorch(String name) throws Exception {
        Path directory = CASES.resolve(name);
        Path weights = directory.resolve("weights.safetensors");
        Path io = directory.resolve("io.safetensors");
        AnalyzedModel model = GeneratedModels.analyze(directory.resolve("model.net"));
        assertEquals(new ArrayList<>(SafeTensors.read(weights).names()), new ArrayList<>(model.stateDict().keySet()),
            "state_dict keys");

        Path output = temp.resolve("output.safetensors");
        Class<?> program = GeneratedModels.compile(model);
        program.getMethod("main", String[].class).invoke(null, (Object) new String[] {"--weights", weights.toString(),
            "--input", io.toString(), "--output", output.toString()});

        SafeTensors expected = SafeTensors.read(io);
        SafeTensors actual = SafeTensors.read(output);
        // "output", or "output0", "output1", ... for a module returning a tuple: every one of them
        List<String> outputs = new ArrayList<>(expected.names());
        outputs.remove("input");
        assertEquals(outputs, new ArrayList<>(actual.names()), "output tensors");
        for (String tensor : outputs) {
            assertOutput(tensor, expected, actual);
        }
    }

    private static void assertOutput(String name, SafeTensors expected, SafeTensors actual) throws IOException {
        if (expected.dtype(name) == SafeTensors.Dtype.I64) {
            LongTensor want = expected.longTensor(name);
            LongTensor got = actual.longTensor(name);
            assertArrayEquals(want.shape, got.shape, name + " shape");
            assertArrayEquals(want.data, got.data, name);
        } else {
            OracleAssertions.assertMatches(expected.tensor(name), actual.tensor(name));
        }
    }

    @Test
    void everyCatalogueLayerHasACase() throws IOException {
        Set<String> missing = new TreeSet<>();
        Catalog.standard().entries().forEach(entry -> entry.variants().forEach(spec -> missing.add(spec.name())));
        for (String name : cases()) {
            AnalyzedModel model = GeneratedModels.analyze(CASES.resolve(name).resolve("model.net"));
            model.trace().steps().stream().filter(Trace.Apply.class::isInstance)
                .map(step -> ((Trace.Apply) step).spec().name()).forEach(missing::remove);
        }
        assertEquals(Set.of(), missing);
    }
}
