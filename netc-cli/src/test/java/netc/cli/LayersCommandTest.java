package netc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import netc.semantic.catalog.Catalog;
import org.junit.jupiter.api.Test;

/** netc layers NAME: one layer as a terminal shows it. */
class LayersCommandTest {
    @Test
    void oneLayerWithItsClassInputAndArguments() {
        assertEquals(new CliRunner.Run(0, """
            linear: Linear
            input: at least 2-d (counting the batch)
            onnx: Gemm, or MatMul and Add
            arguments, in order:
              in_features   an integer, inferred from the input when left out
              out_features  an integer, required
              bias          true or false, default true
            """, ""), CliRunner.run("layers", "linear"));
    }

    @Test
    void pytorchSpellingsShortFormsAndFunctions() {
        assertEquals("""
            maxpool2d: MaxPool2d
            input: 4-d (counting the batch)
            onnx: MaxPool
            arguments, in order:
              kernel_size, k  an integer or a tuple of 2 integers, required
              stride, s       an integer or a tuple of 2 integers, default None
              padding, p      an integer or a tuple of 2 integers, default 0
              dilation, d     an integer or a tuple of 2 integers, default 1
              return_indices  true or false, default false
              ceil_mode       true or false, default false
            """, CliRunner.run("layers", "MaxPool2d").out());
        assertEquals("""
            logsoftmax: LogSoftmax
            input: at least 1-d (counting the batch)
            onnx: LogSoftmax
            arguments, in order:
              dim  an integer, default None
            """, CliRunner.run("layers", "log_softmax").out());
        assertEquals("""
            cat: no module (torch.cat(...))
            input: at least 1-d (counting the batch)
            onnx: Concat
            arguments, in order:
              dim  an integer, default 0
            """, CliRunner.run("layers", "cat").out());
        assertEquals("flatten: Flatten\ninput: at least 1-d (counting the batch)\nonnx: Flatten, Reshape\narguments, in order:\n"
            + "  start_dim  an integer, default 1\n  end_dim    an integer, default -1\n",
            CliRunner.run("layers", "flatten").out());
    }

    @Test
    void noLayerHasMarkdownInItsText() {
        for (String name : Catalog.standard().names()) {
            String out = CliRunner.run("layers", name).out();
            assertFalse(out.contains("`") || out.contains("\\") || out.contains("|"), name + ":\n" + out);
        }
    }

    @Test
    void anUnknownNameIsAUsageErrorWithASuggestion() {
        assertEquals(new CliRunner.Run(2, "", "no layer is named convd; did you mean conv1d?\n"
            + "run 'netc layers --help' for its options\n"), CliRunner.run("layers", "convd"));
        assertEquals("no layer is named qwerty\nrun 'netc layers --help' for its options\n",
            CliRunner.run("layers", "qwerty").err());
    }

    /** In Chinese: the headings and the argument texts; layer names, PyTorch's classes and ONNX's operators as they are. */
    @Test
    void oneLayerAndTheTableInChinese() {
        assertEquals("""
            linear: Linear
            输入：至少 2 维（含批次维度）
            onnx：Gemm，或 MatMul 和 Add
            参数（按顺序）：
              in_features   整数，省略时由输入推断
              out_features  整数，必需
              bias          true 或 false，默认 true
            """, CliRunner.run("layers", "linear", "--lang", "zh-CN").out());
        assertEquals("cat: 没有模块（torch.cat(...)）\n", CliRunner.run("layers", "cat", "--lang", "zh-CN").out().lines()
            .findFirst().orElseThrow() + "\n");
        String table = CliRunner.run("layers", "--lang", "zh-CN").out();
        assertTrue(table.startsWith("| 名称 | PyTorch | 参数（按顺序；`a\\|b` 为别名，`=_` 表示省略时自动推断） | ONNX（`netc onnx`） |\n"
            + "| --- | --- | --- | --- |\n"), table);
        assertTrue(table.contains("| `conv` | Conv1d, Conv2d, Conv3d，按输入的维数选择 | "), table);
    }
}
