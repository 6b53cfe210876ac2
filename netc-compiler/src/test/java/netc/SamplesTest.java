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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every sample is clean, and those of real PyTorch models reproduce the oracle exactly. */
class SamplesTest {
    /** The samples whose oracle has torchsummary's table (where torchsummary fails, see SummaryTablesTest). */
    static Stream<OracleSamples.Pairing> oracleSamples() {
        return OracleSamples.compared("torchsummary.txt");
    }

    static Stream<OracleSamples.Pairing> allOracleSamples() {
        return OracleSamples.compared().stream();
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
        List<Path> covered = allOracleSamples().map(OracleSamples.Pairing::sample).collect(Collectors.toList());
        try (Stream<Path> files = Files.list(TestFiles.SAMPLES)) {
            files.filter(p -> p.toString().endsWith(".net"))
                .forEach(p -> assertTrue(covered.contains(p), p + " has no oracle test"));
        }
    }

    @ParameterizedTest(name = "{0}: torchsummary.txt")
    @MethodSource("oracleSamples")
    void tableEqualsTorchsummary(OracleSamples.Pairing pairing) {
        assertEquals(TestFiles.oracleText(pairing.oracle(), "torchsummary.txt"),
            TorchSummaryTable.render(pairing.analyze(), pairing.hideStateless()));
    }

    @ParameterizedTest(name = "{0}: state_dict")
    @MethodSource("allOracleSamples")
    void stateDictEqualsPyTorch(OracleSamples.Pairing pairing) {
        Map<String, Object> expected = TestFiles.oracleModel(pairing.oracle());
        Map<String, Object> json = summaryJson(pairing);
        assertEquals(expected.get("state_dict"), json.get("state_dict"));
        assertEquals(new ArrayList<>(((Map<?, ?>) expected.get("state_dict")).keySet()),
            new ArrayList<>(((Map<?, ?>) json.get("state_dict")).keySet()), "state_dict order");
        assertEquals(expected.get("total_params"), json.get("total_params"));
        assertEquals(expected.get("trainable_params"), json.get("trainable_params"));
    }

    @ParameterizedTest(name = "{0}: layers")
    @MethodSource("allOracleSamples")
    void layersEqualPyTorch(OracleSamples.Pairing pairing) {
        List<?> expected = unwrapTupleShapes((List<?>) TestFiles.oracleModel(pairing.oracle()).get("layers"));
        List<?> actual = (List<?>) summaryJson(pairing).get("layers");
        assertEquals(project(expected, "name", "type", "module", "output_shape", "own_params"),
            project(actual, "name", "type", "module", "output_shape", "params"));
    }

    @Test
    void jsonNamesSourcePositions() {
        Map<String, Object> json = summaryJson(OracleSamples.pairing("seed_simple"));
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
    private static Map<String, Object> summaryJson(OracleSamples.Pairing pairing) {
        return new LinkedHashMap<>((Map<String, Object>) Json.parse(JsonSummary.render(pairing.analyze(),
            pairing.hideStateless())));
    }
}
