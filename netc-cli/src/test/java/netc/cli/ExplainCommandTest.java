package netc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;

import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;
import netc.TestFiles;
import org.junit.jupiter.api.Test;

/** netc explain on the seed model of the torchsummary walkthrough, whole and by --at, in both languages. */
class ExplainCommandTest {
    private static final String SEED = "samples/simple.net";

    private static String golden(String language) {
        return TestFiles.read(Path.of("netc-cli/src/test/resources/explain/simple." + language + ".txt"));
    }

    private static String explain(String... options) {
        String[] args = new String[options.length + 2];
        args[0] = "explain";
        args[1] = SEED;
        System.arraycopy(options, 0, args, 2, options.length);
        CliRunner.Run run = CliRunner.run(args);
        assertEquals("", run.err());
        assertEquals(0, run.exitCode());
        return run.out();
    }

    /** Every figure of the walkthrough: 32, 16, 16, 8; 448, 4,640, 262,272, 1,290; 268,650; with their working. */
    @Test
    void theSeedModelsWalkthroughInEnglish() {
        assertEquals(golden("en"), explain("--lang", "en"));
    }

    @Test
    void theSeedModelsWalkthroughInSimplifiedChinese() {
        assertEquals(golden("zh-CN"), explain("--lang", "zh-CN"));
        assertEquals(golden("zh-CN"), explain("--lang", "zh"));
    }

    /** Every sample is explained: a section per layer call, and torchsummary's figures after them. */
    @Test
    void everySampleIsExplained() throws IOException {
        try (Stream<Path> samples = Files.list(TestFiles.SAMPLES)) {
            for (Path sample : samples.filter(p -> p.toString().endsWith(".net")).sorted().toList()) {
                CliRunner.Run run = CliRunner.run("explain", sample.toString(), "--lang", "en");
                assertEquals(0, run.exitCode(), sample + ": " + run.err());
                assertEquals("", run.err(), sample.toString());
                assertTrue(run.out().contains("\ntorchsummary's totals"), sample.toString());
            }
        }
    }

    /** docs/explain.md shows the walkthrough exactly as netc prints it, in both languages. */
    @Test
    void theDocumentationShowsTheRealOutput() {
        String doc = TestFiles.read(Path.of("docs/explain.md"));
        for (String language : new String[] {"en", "zh-CN"}) {
            String command = "`netc explain samples/simple.net --lang " + language + "`";
            int start = doc.indexOf("```\n", doc.indexOf(command)) + 4;
            assertEquals(golden(language), doc.substring(start, doc.indexOf("```", start)));
        }
    }

    @Test
    void theLanguageDefaultsToTheLocalesAndEnglishWithoutABundle() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.SIMPLIFIED_CHINESE);
            assertEquals(golden("zh-CN"), explain());
            Locale.setDefault(Locale.FRANCE);
            assertEquals(golden("en"), explain());
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void atALabelExplainsThatLayerOnly() {
        assertEquals("""
            fc1: linear(32*8*8, 128) at 9:10, nn.Linear
                input   [-1, 2048]
                shape[-1] = out_features = 128
                output  [-1, 128]
                parameters: weight [128, 2048] = 128·2048 = 262144, bias [128] = 128, total 262,272

            """, explain("--lang", "en", "--at", "fc1"));
    }

    @Test
    void atALineExplainsEveryCallOnIt() {
        assertEquals("""
            view(-1) at 8:5
                input   [-1, 32, 8, 8]
                shape[1] = C_in·H_in·W_in = 32·8·8 = 2048
                output  [-1, 2048]

            """, explain("--lang", "en", "--at", "8"));
        String line9 = explain("--lang", "en", "--at", "9");
        assertEquals(2, line9.split("\n\n").length, line9);
    }

    @Test
    void atAPositionExplainsTheCallThere() {
        assertEquals("""
            F.maxpool(2) at 7:50
                input   [-1, 32, 16, 16]
                H_out = ⌊(H_in + 2·padding − kernel_size)/stride⌋ + 1 = ⌊(16 + 2·0 − 2)/2⌋ + 1 = 8
                W_out = ⌊(W_in + 2·padding − kernel_size)/stride⌋ + 1 = ⌊(16 + 2·0 − 2)/2⌋ + 1 = 8
                output  [-1, 32, 8, 8]

            """, explain("--lang", "en", "--at", "7:55"));
    }
}
