package netc.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import netc.TestFiles;
import netc.semantic.AnalyzedModel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The torchinfo table equals torchinfo 1.8.0's own output for the samples of real PyTorch models. */
class TorchInfoTableTest {
    private static final List<TorchInfoTable.Column> ALL_COLUMNS = List.of(TorchInfoTable.Column.INPUT_SIZE,
        TorchInfoTable.Column.OUTPUT_SIZE, TorchInfoTable.Column.NUM_PARAMS, TorchInfoTable.Column.KERNEL_SIZE,
        TorchInfoTable.Column.MULT_ADDS);
    /** torchinfo adds the Python object around the input tensor to these two; netc cannot know its size. */
    private static final List<String> INPUT_SIZE_LINES = List.of("Input size (MB): ", "Estimated Total Size (MB): ");

    /** A sample and the oracle folder of the PyTorch model it reproduces; one line per sample. */
    static Stream<Arguments> oracleSamples() {
        return Stream.of(
            Arguments.of("simple.net", "seed_simple"),
            Arguments.of("seed_sequential.net", "seed_sequential"),
            Arguments.of("lenet5.net", "lenet5"),
            Arguments.of("vgg11.net", "vgg11"));
    }

    @ParameterizedTest(name = "{0} prints {1}/torchinfo.txt")
    @MethodSource("oracleSamples")
    void defaultColumnsEqualTorchinfo(String sample, String oracle) {
        AnalyzedModel model = analyze(sample);
        assertSameTable(TestFiles.oracleText(oracle, "torchinfo.txt"),
            TorchInfoTable.render(model, TorchInfoTable.Options.defaults()), model.name());
    }

    @ParameterizedTest(name = "{0} prints {1}/torchinfo_all_columns.txt")
    @MethodSource("oracleSamples")
    void allColumnsEqualTorchinfo(String sample, String oracle) {
        AnalyzedModel model = analyze(sample);
        assertSameTable(TestFiles.oracleText(oracle, "torchinfo_all_columns.txt"),
            TorchInfoTable.render(model, new TorchInfoTable.Options(3, ALL_COLUMNS, 1, false)), model.name());
    }

    /**
     * Equal line by line, but that the root row names the .net model where the oracle names its
     * PyTorch class, and that the input size lines may differ by 0.01.
     */
    static void assertSameTable(String expected, String actual, String modelName) {
        String[] want = expected.split("\n", -1);
        String[] got = actual.split("\n", -1);
        assertEquals(want.length, got.length, actual);
        String oracleRoot = want[3].substring(0, want[3].indexOf(' '));
        for (int i = 0; i < want.length; i++) {
            String line = i == 3 ? renamedRoot(got[i], modelName, oracleRoot) : got[i];
            if (!closeInputSize(want[i], line)) {
                assertEquals(want[i], line, "line " + (i + 1) + " of\n" + actual);
            }
        }
    }

    /** The root row with {@code name} replaced, the columns after it staying where they are. */
    private static String renamedRoot(String row, String name, String replacement) {
        assertTrue(row.startsWith(name + " "), row);
        String rest = row.substring(name.length()).stripLeading();
        int restStart = row.length() - rest.length();
        return replacement + " ".repeat(restStart - replacement.length()) + rest;
    }

    private static boolean closeInputSize(String expected, String actual) {
        for (String label : INPUT_SIZE_LINES) {
            if (expected.startsWith(label) && actual.startsWith(label)) {
                double want = Double.parseDouble(expected.substring(label.length()));
                double got = Double.parseDouble(actual.substring(label.length()));
                return Math.abs(want - got) <= 0.01 + 1e-9;
            }
        }
        return false;
    }

    static AnalyzedModel analyze(String sample) {
        return TestFiles.analyzeClean(TestFiles.SAMPLES.resolve(sample)).models().get(0);
    }
}
