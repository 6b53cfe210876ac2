package netc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import netc.backend.JsonSummary;
import netc.backend.TorchSummaryTable;
import netc.runtime.Json;
import netc.semantic.AnalyzedModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every sample is clean, and those of real PyTorch models reproduce the oracle exactly. */
class SamplesTest {
    /** sample file, oracle folder, whether the oracle's model has functional relu/pool/view. */
    static Stream<Arguments> oracleSamples() {
        return Stream.of(
            Arguments.of("simple.net", "seed_simple", true),
            Arguments.of("seed_sequential.net", "seed_sequential", false),
            Arguments.of("lenet5.net", "lenet5", false),
            Arguments.of("vgg11.net", "vgg11", false),
            Arguments.of("resnet18.net", "resnet18", false),
            Arguments.of("mobilenet_v2.net", "mobilenet_v2", false),
            Arguments.of("unet_small.net", "unet_small", false));
    }

    /**
     * Models torchsummary cannot summarise (integer inputs, an LSTM's state, transformers): compared
     * with model.json here, and their tables (netc's extension, torchinfo's) in SummaryTablesTest.
     */
    static Stream<Arguments> modelOnlySamples() {
        return Stream.of(
            Arguments.of("lstm_classifier.net", "lstm_classifier", false),
            Arguments.of("tiny_transformer.net", "tiny_transformer", false));
    }

    static Stream<Arguments> allOracleSamples() {
        return Stream.concat(oracleSamples(), modelOnlySamples());
    }

    @Test
    void everySampleChecksClean() throws IOException {
        List<Path> samples;
        try (Stream<Path> files = Files.list(TestFiles.SAMPLES)) {
            samples = files.filter(p -> p.toString().endsWith(".net")).sorted().collect(Collectors.toList());
        }
        assertTrue(samples.size() >= 4, "samples: " + samples);
        for (Path sample : samples) {
            assertEquals(1, TestFiles.analyzeClean(sample).models().size(), sample.toString());
        }
    }

    @Test
    void everySampleHasAnOracleTest() throws IOException {
        List<String> covered = allOracleSamples().map(a -> (String) a.get()[0]).collect(Collectors.toList());
        try (Stream<Path> files = Files.list(TestFiles.SAMPLES)) {
            files.filter(p -> p.toString().endsWith(".net"))
                .forEach(p -> assertTrue(covered.contains(p.getFileName().toString()), p + " has no oracle test"));
        }
    }

    /**
     * Every oracle's torchsummary table is compared; an oracle without one (torchsummary fails on
     * the model) has netc's extension table among the table cases, which SummaryTablesTest compares.
     */
    @Test
    void everyOracleTableIsCompared() throws IOException {
        List<String> compared = oracleSamples().map(a -> (String) a.get()[1]).collect(Collectors.toList());
        List<Path> oracles;
        try (Stream<Path> dirs = Files.list(TestFiles.ORACLE)) {
            oracles = dirs.sorted().collect(Collectors.toList());
        }
        assertEquals(9, oracles.size(), oracles.toString());
        for (Path oracle : oracles) {
            String name = oracle.getFileName().toString();
            if (Files.exists(oracle.resolve("torchsummary.txt"))) {
                assertTrue(compared.contains(name), name + "/torchsummary.txt is compared by no test");
            } else {
                assertTrue(Files.exists(Path.of("src/test/resources/tables", name + ".extension.txt")), name);
            }
        }
    }

    @ParameterizedTest(name = "{0} prints {1}/torchsummary.txt")
    @MethodSource("oracleSamples")
    void tableEqualsTorchsummary(String sample, String oracle, boolean hideStateless) {
        AnalyzedModel model = analyze(sample);
        assertEquals(TestFiles.oracleText(oracle, "torchsummary.txt"), TorchSummaryTable.render(model, hideStateless));
    }

    @ParameterizedTest(name = "{0} has the state_dict of {1}")
    @MethodSource("allOracleSamples")
    void stateDictEqualsPyTorch(String sample, String oracle, boolean hideStateless) {
        Map<String, Object> expected = TestFiles.oracleModel(oracle);
        Map<String, Object> json = summaryJson(sample, hideStateless);
        assertEquals(expected.get("state_dict"), json.get("state_dict"));
        assertEquals(new ArrayList<>(((Map<?, ?>) expected.get("state_dict")).keySet()),
            new ArrayList<>(((Map<?, ?>) json.get("state_dict")).keySet()), "state_dict order");
        assertEquals(expected.get("total_params"), json.get("total_params"));
        assertEquals(expected.get("trainable_params"), json.get("trainable_params"));
    }

    @ParameterizedTest(name = "{0} has the layers of {1}")
    @MethodSource("allOracleSamples")
    void layersEqualPyTorch(String sample, String oracle, boolean hideStateless) {
        List<?> expected = unwrapTupleShapes((List<?>) TestFiles.oracleModel(oracle).get("layers"));
        List<?> actual = (List<?>) summaryJson(sample, hideStateless).get("layers");
        assertEquals(project(expected, "name", "type", "output_shape", "own_params"),
            project(actual, "name", "type", "output_shape", "params"));
    }

    @Test
    void jsonNamesSourcePositions() {
        Map<String, Object> json = summaryJson("simple.net", true);
        Map<?, ?> fc1 = (Map<?, ?>) ((List<?>) json.get("layers")).get(2);
        assertEquals(Arrays.asList("Linear-3", 9L, 10L, List.of(3L, 32L, 32L)),
            Arrays.asList(fc1.get("name"), fc1.get("line"), fc1.get("column"), json.get("input_shape")));
    }

    /**
     * The oracle records a module returning a tuple (LSTM, attention) with a list of shapes; netc
     * passes the first element on, so its row has that element's shape.
     */
    private static List<?> unwrapTupleShapes(List<?> layers) {
        List<Object> out = new ArrayList<>();
        for (Object layer : layers) {
            Map<String, Object> row = new LinkedHashMap<>();
            ((Map<?, ?>) layer).forEach((k, v) -> row.put((String) k, v));
            List<?> shape = (List<?>) row.get("output_shape");
            if (shape.get(0) instanceof List) {
                row.put("output_shape", shape.get(0));
            }
            out.add(row);
        }
        return out;
    }

    private static List<List<Object>> project(List<?> layers, String... keys) {
        List<List<Object>> rows = new ArrayList<>();
        for (Object layer : layers) {
            List<Object> row = new ArrayList<>();
            for (String key : keys) {
                row.add(((Map<?, ?>) layer).get(key));
            }
            rows.add(row);
        }
        return rows;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> summaryJson(String sample, boolean hideStateless) {
        return new LinkedHashMap<>((Map<String, Object>) Json.parse(JsonSummary.render(analyze(sample), hideStateless)));
    }

    private static AnalyzedModel analyze(String sample) {
        return TestFiles.analyzeClean(TestFiles.SAMPLES.resolve(sample)).models().get(0);
    }
}
