package netc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The oracle folders are those tools/oracle_models.py defines, and each is compared or waits for its sample. */
class OracleSamplesTest {
    private static final Pattern ORACLE_ENTRY = Pattern.compile("^    \"(\\w+)\": Oracle\\(", Pattern.MULTILINE);

    @Test
    void everyOracleOfTheScriptHasItsFolder() {
        Matcher entries = ORACLE_ENTRY.matcher(TestFiles.read(Path.of("tools/oracle_models.py")));
        List<String> defined = new ArrayList<>();
        while (entries.find()) {
            defined.add(entries.group(1));
        }
        assertEquals(defined.stream().sorted().collect(Collectors.toList()), OracleSamples.oracles());
    }

    /** torchsummary's table or its error, the three torchinfo tables where there are tables, weights with their io. */
    @Test
    void everyOracleHasItsFiles() {
        for (String oracle : OracleSamples.oracles()) {
            Path dir = TestFiles.ORACLE.resolve(oracle);
            assertTrue(Files.exists(dir.resolve("model.json")), oracle);
            boolean tables = Files.exists(dir.resolve("torchinfo.txt"));
            assertEquals(tables, Files.exists(dir.resolve("torchinfo_all_columns.txt")), oracle);
            assertEquals(tables, Files.exists(dir.resolve("torchinfo_var_names.txt")), oracle);
            assertEquals(tables, Files.exists(dir.resolve("torchsummary.txt")) != Files.exists(
                dir.resolve("torchsummary_error.txt")), oracle + ": torchsummary's table or its error, not both");
            assertEquals(Files.exists(dir.resolve("weights.safetensors")), Files.exists(dir.resolve("io.safetensors")),
                oracle);
            boolean small = TestFiles.oracleModel(oracle).containsKey("arguments");
            assertTrue(!small || Files.exists(dir.resolve("weights.safetensors")), oracle + " is small but has no weights");
        }
    }

    @Test
    void everyComparedOracleHasItsSample() {
        List<OracleSamples.Pairing> compared = OracleSamples.compared();
        assertEquals(OracleSamples.oracles().size() - OracleSamples.WAITING.size(), compared.size());
        for (OracleSamples.Pairing pairing : compared) {
            assertTrue(Files.exists(pairing.sample()), pairing.oracle() + " has no sample " + pairing.sample()
                + ": write it, or put the oracle on OracleSamples.WAITING");
        }
    }

    /** A small version's constructor arguments are the settings of its sample, in the order PyTorch takes them. */
    @Test
    void smallVersionsSetTheirSamplesParameters() {
        OracleSamples.Pairing vit = OracleSamples.pairing("vit_small");
        assertEquals(Path.of("samples/vit_b_16.net"), vit.sample());
        assertEquals(List.of("--set", "image_size=32", "--set", "patch_size=8", "--set", "num_layers=2", "--set",
            "num_heads=2", "--set", "hidden_dim=16", "--set", "mlp_dim=32"), vit.setArguments());
        assertEquals(List.of(), OracleSamples.pairing("lenet5").setArguments());
    }

    /** The list stays true: a waiting oracle is one of the folders, and its sample does not exist yet. */
    @Test
    void waitingOraclesHaveNoSampleYet() {
        List<String> waiting = new ArrayList<>();
        for (String oracle : OracleSamples.WAITING) {
            Path sample = OracleSamples.sample(oracle);
            assertTrue(OracleSamples.oracles().contains(oracle), oracle + " is waiting but has no oracle folder");
            assertFalse(Files.exists(sample), sample + " exists: take " + oracle
                + " off OracleSamples.WAITING, and the tests compare it");
            waiting.add(oracle + " (" + sample + ")");
        }
        System.out.println("Oracles waiting for their sample, not compared yet: " + String.join(", ", waiting));
    }

    /**
     * Where torchsummary fails, netc prints its extension table instead: tools/table_oracle.py
     * writes that table, computed on the same PyTorch module, for every compared sample.
     */
    @Test
    void everyComparedTorchsummaryErrorHasAnExtensionTable() {
        List<String> failing = OracleSamples.compared("torchsummary_error.txt").map(OracleSamples.Pairing::oracle)
            .collect(Collectors.toList());
        assertFalse(failing.isEmpty(), "no compared oracle where torchsummary fails");
        for (String oracle : failing) {
            assertTrue(Files.exists(Path.of("netc-compiler/src/test/resources/tables", oracle + ".extension.txt")), oracle);
        }
    }
}
