package netc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GraphCommandTest {
    @TempDir
    Path temp;

    @Test
    void writesTheSvgToTheFileOfDashO() throws Exception {
        Path file = temp.resolve("simple.svg");
        CliRunner.Run run = CliRunner.run("graph", "samples/simple.net", "-o", file.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("wrote " + file + "\n", run.out());
        assertEquals("", run.err());
        String svg = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue(svg.startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "),
            svg);
        assertFalse(svg.contains("<script"), "self-contained, no script");
        assertFalse(svg.contains("href"), "no external font, stylesheet or image");
    }

    @Test
    void dashWritesToStandardOutputTheSameBytes() throws Exception {
        Path file = temp.resolve("lenet5.svg");
        CliRunner.run("graph", "samples/lenet5.net", "-o", file.toString());
        CliRunner.Run run = CliRunner.run("graph", "samples/lenet5.net", "-o", "-");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(Files.readString(file, StandardCharsets.UTF_8), run.out());
    }

    @Test
    void formatDotWritesGraphviz() {
        CliRunner.Run run = CliRunner.runWithInput("model M {\n    input x: [4]\n    fc: linear(4, 2)\n}\n",
            "graph", "-", "--format", "dot", "-o", "-");
        assertEquals(0, run.exitCode(), run.err());
        String font = "\"DejaVu Sans Mono, Menlo, Consolas, monospace\"";
        assertEquals("digraph \"M: M\" {\n"
            + "  rankdir=TB;\n"
            + "  graph [fontname=" + font + ", fontsize=11];\n"
            + "  node [shape=box, style=\"rounded,filled\", fontname=" + font + ", fontsize=12];\n"
            + "  edge [fontname=" + font + ", fontsize=11];\n"
            + "  n0 [label=\"input x\\l\", fillcolor=\"#e3f4e1\", color=\"#3f8f3a\"];\n"
            + "  n1 [label=\"fc\\lLinear(4, 2)\\l10 params\\l\", fillcolor=\"#e8f0fc\", color=\"#4a6fa5\"];\n"
            + "  n2 [label=\"output\\l\", fillcolor=\"#e3f4e1\", color=\"#3f8f3a\"];\n"
            + "  n0 -> n1 [label=\"[-1, 4]\"];\n"
            + "  n1 -> n2 [label=\"[-1, 2]\"];\n"
            + "}\n", run.out());
    }

    @Test
    void aModelWithErrorsIsDrawnAndTheExitCodeIsOne() throws Exception {
        Path file = temp.resolve("bad.svg");
        CliRunner.Run run = CliRunner.run("graph", "docs/examples/bad.net", "-o", file.toString(), "--color", "never");
        assertEquals(1, run.exitCode());
        assertEquals("docs/examples/bad.net:7:5: error[E201]: linear expects 2048 input features, but the incoming "
            + "tensor is [-1, 4096]", run.err().lines().findFirst().orElse(""));
        assertEquals("wrote " + file + "\n", run.out());
        assertTrue(Files.readString(file, StandardCharsets.UTF_8).contains("<g class=\"node layer error\""));
    }

    /** The failed step's message in the picture is in the language of --lang, as on the terminal. */
    @Test
    void theErrorsInThePictureAreInTheLanguageChosen() {
        CliRunner.Run run = CliRunner.run("graph", "docs/examples/bad.net", "-o", "-", "--format", "dot", "--lang", "zh-CN");
        assertEquals(1, run.exitCode());
        assertTrue(run.out().contains("  n8 [label=\"7\\lLinear(2048, 128)\\l262,272 params\\lE201: linear 期望 2048 个输入特征，"
            + "但输入张量是 [-1, 4096]\\l\", fillcolor=\"#fde8e8\", color=\"#d62728\", penwidth=2];\n"), run.out());
        assertTrue(CliRunner.run("graph", "docs/examples/bad.net", "-o", "-", "--lang", "zh-CN").out().contains(
            "<text x=\"20\" y=\"862\" font-size=\"12\" fill=\"#b00020\">E201: linear 期望 2048 个输入特征，但输入张量是 [-1, 4096]</text>\n"));
    }

    @Test
    void depthBelowOneIsAUsageError() {
        CliRunner.Run run = CliRunner.run("graph", "samples/resnet18.net", "--depth", "0", "-o", "-");
        assertEquals(2, run.exitCode());
        assertEquals("--depth must be 1 or more, but got 0", run.err().lines().findFirst().orElse(""));
        assertEquals("", run.out());
    }

    @Test
    void anUnknownModelWritesNothing() {
        Path file = temp.resolve("none.svg");
        CliRunner.Run run = CliRunner.run("graph", "samples/simple.net", "--model", "Nope", "-o", file.toString(),
            "--color", "never");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith("samples/simple.net:1:1: error[E404]: there is no model named Nope"), run.err());
        assertFalse(Files.exists(file));
    }

    @Test
    void theModelFileIsNeverOverwritten() throws Exception {
        Path model = Files.writeString(temp.resolve("m.net"), "model M {\n    input x: [4]\n    linear(4, 2)\n}\n");
        CliRunner.Run run = CliRunner.run("graph", model.toString(), "-o", model.toString());
        assertEquals(2, run.exitCode());
        assertEquals("-o: " + model + " is the model file " + model + ": writing the generated source would destroy it",
            run.err().lines().findFirst().orElse(""));
        assertEquals("model M {\n    input x: [4]\n    linear(4, 2)\n}\n", Files.readString(model, StandardCharsets.UTF_8));
    }
}
