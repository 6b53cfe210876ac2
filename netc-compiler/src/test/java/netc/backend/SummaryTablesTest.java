package netc.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import netc.TestFiles;
import netc.semantic.model.AnalyzedModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Recurrent, attention and transformer models (netc-compiler/src/test/resources/tables/, written by
 * tools/table_oracle.py from real PyTorch 1.13, torchsummary 1.5.1 and torchinfo 1.8.0) print
 * every table exactly as those tools print it for the equivalent PyTorch module; where
 * torchsummary fails, the table is netc's extension as the script computes it on that module.
 */
class SummaryTablesTest {
    private static final Path TABLES = Path.of("netc-compiler/src/test/resources/tables");
    private static final List<TorchInfoTable.Column> ALL_COLUMNS = List.of(TorchInfoTable.Column.INPUT_SIZE,
        TorchInfoTable.Column.OUTPUT_SIZE, TorchInfoTable.Column.NUM_PARAMS, TorchInfoTable.Column.KERNEL_SIZE,
        TorchInfoTable.Column.MULT_ADDS);

    /** Every case: each has a torchinfo table. */
    static Stream<String> cases() throws IOException {
        try (Stream<Path> files = Files.list(TABLES)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".torchinfo.txt"))
                .map(n -> n.substring(0, n.indexOf('.'))).sorted().collect(Collectors.toList()).stream();
        }
    }

    @Test
    void everyRecurrentAndAttentionLayerHasACase() throws IOException {
        List<String> names = cases().collect(Collectors.toList());
        for (String layer : List.of("rnn", "gru", "lstm", "multiheadattention", "transformerencoderlayer",
            "transformerdecoderlayer", "transformerencoder", "transformerdecoder", "lstm_classifier", "tiny_transformer")) {
            assertTrue(names.contains(layer), layer + " in " + names);
        }
    }

    @ParameterizedTest(name = "{0}: torchsummary's table, or netc's extension where it fails")
    @MethodSource("cases")
    void torchsummaryStyle(String name) {
        Path real = TABLES.resolve(name + ".torchsummary.txt");
        String expected;
        if (Files.exists(real)) {
            expected = TestFiles.read(real);
        } else {
            assertTrue(Files.exists(TABLES.resolve(name + ".torchsummary_error.txt")), name);
            expected = TestFiles.read(TABLES.resolve(name + ".extension.txt"));
        }
        assertEquals(expected, TorchSummaryTable.render(analyze(name), false));
    }

    @ParameterizedTest(name = "{0}: torchinfo's default table")
    @MethodSource("cases")
    void torchinfoDefaultColumns(String name) {
        assertEquals(TestFiles.read(TABLES.resolve(name + ".torchinfo.txt")),
            TorchInfoTable.render(analyze(name), TorchInfoTable.Options.defaults()));
    }

    @ParameterizedTest(name = "{0}: torchinfo's table with every column")
    @MethodSource("cases")
    void torchinfoAllColumns(String name) {
        assertEquals(withoutUnwritableInputs(name, TestFiles.read(TABLES.resolve(name + ".torchinfo_all_columns.txt"))),
            withoutUnwritableInputs(name, TorchInfoTable.render(analyze(name),
                new TorchInfoTable.Options(3, ALL_COLUMNS, TorchInfoTable.Options.DEFAULT_ROWS, 1, false))));
    }

    @ParameterizedTest(name = "{0}: torchinfo's table at depth 2")
    @MethodSource("cases")
    void torchinfoDepthTwo(String name) {
        assertEquals(TestFiles.read(TABLES.resolve(name + ".torchinfo_depth2.txt")),
            TorchInfoTable.render(analyze(name), new TorchInfoTable.Options(2, TorchInfoTable.Options.DEFAULT_COLUMNS,
                TorchInfoTable.Options.DEFAULT_ROWS, 1, false)));
    }

    @ParameterizedTest(name = "{0}: torchinfo's table with every column at depth 6")
    @MethodSource("cases")
    void torchinfoDepthSix(String name) {
        assertEquals(withoutUnwritableInputs(name, TestFiles.read(TABLES.resolve(name + ".torchinfo_depth6.txt"))),
            withoutUnwritableInputs(name, TorchInfoTable.render(analyze(name),
                new TorchInfoTable.Options(6, ALL_COLUMNS, TorchInfoTable.Options.DEFAULT_ROWS, 1, false))));
    }

    @ParameterizedTest(name = "{0}: torchinfo's table with every column and variable names")
    @MethodSource("cases")
    void torchinfoVariableNames(String name) {
        assertEquals(withoutUnwritableInputs(name, TestFiles.read(TABLES.resolve(name + ".torchinfo_var_names.txt"))),
            withoutUnwritableInputs(name, TorchInfoTable.render(analyze(name), TorchInfoTableTest.VAR_NAMES)));
    }

    /**
     * The Input Shape cells a .net transcription cannot give: densenet121's list inputs (see
     * {@link TorchInfoTableTest#withoutListInputs}), and vit_b_16's attention, which torchvision's
     * EncoderBlock calls with keyword arguments only (query=x, key=x, value=x), so that torchinfo
     * shows it no input (--), while a .net chain gives self-attention the incoming tensor.
     */
    private static String withoutUnwritableInputs(String name, String table) {
        String blanked = TorchInfoTableTest.withoutListInputs(table);
        return name.equals("vit_b_16") ? TorchInfoTableTest.withoutInputs(blanked, "MultiheadAttention") : blanked;
    }

    /** The case's own .net file, or the sample of its name (the samples torchsummary cannot run). */
    private static AnalyzedModel analyze(String name) {
        Path own = TABLES.resolve(name + ".net");
        Path file = Files.exists(own) ? own : TestFiles.SAMPLES.resolve(name + ".net");
        return TestFiles.analyzeClean(file).models().get(0);
    }
}
