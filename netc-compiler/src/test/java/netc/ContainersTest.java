package netc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import netc.semantic.model.AnalyzedModel;
import netc.semantic.model.Module;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ModuleList elements, quoted and computed labels, and loops over values, by the keys they give. */
class ContainersTest {
    @TempDir
    Path temp;

    @Test
    void labelsComputedInLoopsOverRangesTuplesAndEnumerate() throws IOException {
        AnalyzedModel model = analyze("model M(sizes = (3, 5)) {\n"
            + "    input x: [2, 8]\n"
            + "    repeat i in range(4, 0, -2) { \"c{i}\": conv1d(2, 2, 1) }\n"
            + "    repeat i, (k, name) in enumerate(((1, \"a\"), (3, \"b\"))) { \"{name}{i}-{k}\": conv1d(2, 2, k, padding=k // 2) }\n"
            + "    \"r{round(2.5)}{round(3.5)}i{int(-2.7)}n{len(sizes)}\": relu\n"
            + "    repeat k in sizes { convs[k // 2 - 1]: conv1d(2, 2, 1) }\n"
            + "    convs[-1] -> convs[0]\n"
            + "}\n");
        assertEquals(List.of("c4.weight", "c2.weight", "a0-1.weight", "b1-3.weight", "convs.0.weight", "convs.1.weight"),
            weights(model));
        assertEquals(List.of("c4", "c2", "a0-1", "b1-3", "r24i-2n2", "convs"),
            model.root().children().stream().map(Module::name).collect(Collectors.toList()));
    }

    /** A loop or if body that ends by binding a number passes on the tensor it reached (DenseNet's running width). */
    @Test
    void aBodyEndingInANumberPassesItsTensorOn() throws IOException {
        AnalyzedModel model = analyze("model M {\n"
            + "    input x: [2, 8]\n"
            + "    n = 2\n"
            + "    repeat 2 {\n"
            + "        conv1d(n, n * 2, 1)\n"
            + "        if true { n = n * 2 }\n"
            + "    }\n"
            + "    conv1d(n, 1, 1)\n"
            + "}\n");
        assertEquals(List.of("0.weight", "1.weight", "2.weight"), weights(model));
        assertEquals("[-1, 1, 8]", model.output().shape().toString());
    }

    private AnalyzedModel analyze(String text) throws IOException {
        Path file = temp.resolve("model.net");
        Files.writeString(file, text);
        return TestFiles.analyzeClean(file).models().get(0);
    }

    private static List<String> weights(AnalyzedModel model) {
        List<String> keys = new ArrayList<>();
        model.stateDict().keySet().stream().filter(k -> k.endsWith("weight")).forEach(keys::add);
        return keys;
    }
}
