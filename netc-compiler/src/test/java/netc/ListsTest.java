package netc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import netc.semantic.model.AnalyzedModel;
import netc.semantic.model.Module;
import netc.semantic.model.Trace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** List literals and list comprehensions, by the modules, keys and shapes they give. */
class ListsTest {
    @TempDir
    Path temp;

    /** TextCNN's branches: each iteration appends an element to the ModuleList, as a repeat does. */
    @Test
    void aComprehensionFillsAModuleListAsARepeatDoes() throws IOException {
        AnalyzedModel model = analyze("model M(sizes = (3, 4, 5)) {\n"
            + "    input x: [8, 20]\n"
            + "    hs = [F.relu(x -> convs[i]: conv1d(8, 4, k)).amax(dim=2) for i, k in enumerate(sizes)]\n"
            + "    a, _, _ = hs\n"
            + "    cat(a, hs[1], hs[-1], dim=1) -> fc: linear(4 * len(hs), 2)\n"
            + "}\n");
        assertEquals(List.of("convs.0.weight", "convs.0.bias", "convs.1.weight", "convs.1.bias", "convs.2.weight",
            "convs.2.bias", "fc.weight", "fc.bias"), List.copyOf(model.stateDict().keySet()));
        assertEquals(List.of("convs", "fc"), names(model.root().children()));
        assertEquals(List.of("0", "1", "2"), names(model.root().child("convs").children()));
        assertEquals("[-1, 2]", model.output().shape().toString());
    }

    /** A list is a sequence as a tuple is: its length, its elements, a loop over it, a layer's argument. */
    @Test
    void aListIsASequenceAsATupleIs() throws IOException {
        AnalyzedModel model = analyze("model M {\n"
            + "    input x: [2, 8, 8]\n"
            + "    ks = [1, 3]\n"
            + "    c, w = [len(ks) + ks[-1], [k * 2 for k in range(5) if k % 2 == 1][1]]\n"
            + "    y = x\n"
            + "    repeat k in ks { y = y -> conv2d(2, 2, kernel_size=[k, k], padding=k // 2) }\n"
            + "    y -> conv2d(2, c, w)\n"
            + "}\n");
        assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias", "2.weight", "2.bias"),
            List.copyOf(model.stateDict().keySet()));
        assertEquals("[5, 2, 6, 6]", Arrays.toString(model.stateDict().get("2.weight")));
    }

    /** The names of a comprehension are its own, as in Python 3: a value they hide is seen again after it. */
    @Test
    void aComprehensionsNamesHideAValueOnlyInsideIt() throws IOException {
        AnalyzedModel model = analyze("model M {\n"
            + "    input x: [2, 8]\n"
            + "    k = 3\n"
            + "    ks = [k + 1 for k in (5, 7)]\n"
            + "    a, b = ks\n"
            + "    x -> conv1d(2, a, k) -> conv1d(a, b, 1)\n"
            + "}\n");
        assertEquals("[6, 2, 3]", Arrays.toString(model.stateDict().get("0.weight")));
        assertEquals("[8, 6, 1]", Arrays.toString(model.stateDict().get("1.weight")));
    }

    /** A '[' that starts a line opens a list, even after a statement that ends with a name. */
    @Test
    void aListMayStartAStatementOnItsOwnLine() throws IOException {
        AnalyzedModel model = analyze("model M {\n"
            + "    input x: [2, 8]\n"
            + "    y = x\n"
            + "    [y, y]\n"
            + "}\n");
        Trace.Step last = model.trace().steps().get(model.trace().steps().size() - 1);
        assertEquals("([-1, 2, 8], [-1, 2, 8])", ((Trace.Tuple) last).value().show());
    }

    private AnalyzedModel analyze(String text) throws IOException {
        Path file = temp.resolve("model.net");
        Files.writeString(file, text);
        return TestFiles.analyzeClean(file).models().get(0);
    }

    private static List<String> names(List<Module> modules) {
        return modules.stream().map(Module::name).collect(Collectors.toList());
    }
}
