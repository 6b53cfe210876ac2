package netc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import netc.TestFiles;
import netc.backend.TorchInfoTable;
import netc.semantic.model.AnalyzedModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
    @TempDir
    Path tmp;

    @Test
    void summaryPrintsTheSeedTable() {
        CliRunner.Run run = CliRunner.run("summary", "samples/simple.net", "--hide-stateless");
        assertEquals(0, run.exitCode());
        assertEquals(TestFiles.oracleText("seed_simple", "torchsummary.txt"), run.out());
        assertEquals("", run.err());
    }

    @Test
    void summaryReadsStandardInput() {
        CliRunner.Run run = CliRunner.runWithInput(TestFiles.read(Path.of("samples/seed_sequential.net")),
            "summary", "-");
        assertEquals(0, run.exitCode());
        assertEquals(TestFiles.oracleText("seed_sequential", "torchsummary.txt"), run.out());
    }

    @Test
    void summaryPrintsTheTorchinfoTable() {
        CliRunner.Run run = CliRunner.run("summary", "samples/lenet5.net", "--style", "torchinfo");
        assertEquals(0, run.exitCode());
        assertEquals(TorchInfoTable.render(lenet5(), TorchInfoTable.Options.defaults()), run.out());
        assertEquals("", run.err());
    }

    @Test
    void torchinfoOptionsReachTheTable() {
        CliRunner.Run run = CliRunner.run("summary", "samples/lenet5.net", "--style", "torchinfo", "--depth", "0",
            "--batch", "8", "--columns", "mult_adds,input_size", "--hide-stateless");
        assertEquals(0, run.exitCode(), run.err());
        TorchInfoTable.Options options = new TorchInfoTable.Options(0,
            List.of(TorchInfoTable.Column.MULT_ADDS, TorchInfoTable.Column.INPUT_SIZE), TorchInfoTable.Options.DEFAULT_ROWS,
            8, true);
        assertEquals(TorchInfoTable.render(lenet5(), options), run.out());
    }

    @Test
    void rowSettingsReachTheTable() {
        CliRunner.Run run = CliRunner.run("summary", "samples/lenet5.net", "--style", "torchinfo", "--columns",
            "params_percent,trainable", "--rows", "var_names");
        assertEquals(0, run.exitCode(), run.err());
        TorchInfoTable.Options options = new TorchInfoTable.Options(3,
            List.of(TorchInfoTable.Column.PARAMS_PERCENT, TorchInfoTable.Column.TRAINABLE),
            Set.of(TorchInfoTable.RowSetting.VAR_NAMES), 1, false);
        assertEquals(TorchInfoTable.render(lenet5(), options), run.out());
        assertTrue(run.out().contains("Layer (type (var_name))                  Param %                   Trainable\n"),
            run.out());
    }

    @Test
    void torchinfoOptionsAreCheckedAsUsage() {
        assertUsageError("--columns: unknown column params; the columns are input_size, output_size, num_params, "
            + "params_percent, kernel_size, mult_adds, trainable", "--style", "torchinfo", "--columns", "output_size,params");
        assertUsageError("--rows: unknown row setting names; the row settings are depth, var_names", "--style",
            "torchinfo", "--rows", "names");
        assertUsageError("--rows needs --style torchinfo", "--rows", "var_names");
        assertUsageError("--depth must be 0 or more, but got -1", "--style", "torchinfo", "--depth", "-1");
        assertUsageError("--batch must be 1 or more, but got 0", "--style", "torchinfo", "--batch", "0");
        assertUsageError("--depth needs --style torchinfo", "--depth", "2");
        assertUsageError("--batch needs --style torchinfo", "--style", "torchsummary", "--batch", "2");
        assertUsageError("--style torchinfo prints a table, not --format json", "--style", "torchinfo", "--format",
            "json");
        assertEquals(2, CliRunner.run("summary", "samples/lenet5.net", "--style", "keras").exitCode());
    }

    /** A usage error is its message and where the options are: not the whole usage text. */
    @Test
    void aUsageErrorIsItsMessageAndWhereTheOptionsAre() {
        CliRunner.Run mistyped = CliRunner.run("summary", "samples/lenet5.net", "--stlye", "torchinfo");
        assertEquals(2, mistyped.exitCode());
        assertEquals("Unknown options: '--stlye', 'torchinfo'\nPossible solutions: --style\n"
            + "run 'netc summary --help' for its options\n", mistyped.err().replace(System.lineSeparator(), "\n"));
        CliRunner.Run bare = CliRunner.run();
        assertEquals(2, bare.exitCode());
        assertEquals("a command is needed: check, summary, explain, layers, java, run, torch, graph, onnx, import or lsp\nrun 'netc --help' for its options\n",
            bare.err().replace(System.lineSeparator(), "\n"));
    }

    private static void assertUsageError(String message, String... options) {
        String[] args = new String[options.length + 2];
        args[0] = "summary";
        args[1] = "samples/lenet5.net";
        System.arraycopy(options, 0, args, 2, options.length);
        CliRunner.Run run = CliRunner.run(args);
        assertEquals(2, run.exitCode(), run.err());
        assertEquals("", run.out());
        assertTrue(run.err().startsWith(message + "\n"), run.err());
    }

    private static AnalyzedModel lenet5() {
        return TestFiles.analyzeClean(Path.of("samples/lenet5.net")).models().get(0);
    }

    @Test
    void errorsGoToStandardErrorWithExitCodeOne() throws IOException {
        Path bad = write("bad.net", "model M {\n    input x: [3, 8, 8]\n    flatten\n    linear(10, 2)\n}\n");
        CliRunner.Run run = CliRunner.run("check", bad.toString(), "--color", "never");
        assertEquals(1, run.exitCode());
        assertEquals("", run.out());
        assertEquals(bad + ":4:5: error[E201]: linear expects 10 input features, but the incoming tensor is [-1, 192]\n"
            + "   |\n"
            + " 4 |     linear(10, 2)\n"
            + "   |     ^^^^^^^^^^^^^\n"
            + "   = note: [-1, 3, 8, 8] comes from input x at 2:11, flattened by flatten at 3:5\n"
            + "   = note: flatten gives 3·8·8 = 192\n"
            + "   = help: write linear(192, 2), or linear(_, 2) to infer it\n"
            + "1 error\n", run.err());
    }

    @Test
    void summaryOfABadFilePrintsNoTable() throws IOException {
        Path bad = write("bad.net", "model M {\n    input x: [3, 8, 8]\n    conv2d(4, 8, k=3)\n}\n");
        CliRunner.Run run = CliRunner.run("summary", bad.toString());
        assertEquals(1, run.exitCode());
        assertEquals("", run.out());
        assertTrue(run.err().startsWith(bad + ":3:5: error[E202]: "), run.err());
    }

    @Test
    void colourOnlyWhenAsked() throws IOException {
        Path bad = write("bad.net", "model M { input x: [3] relu6(1, 2) }\n");
        assertTrue(CliRunner.run("check", bad.toString(), "--color", "always").err().contains("\u001b[1;31merror"));
        assertTrue(!CliRunner.run("check", bad.toString(), "--color", "never").err().contains("\u001b["));
    }

    @Test
    void warningsKeepExitCodeZero() throws IOException {
        Path warned = write("warned.net", "model M {\n    input x: [10]\n    linear(10, 3) -> softmax\n}\n");
        CliRunner.Run run = CliRunner.run("check", warned.toString());
        assertEquals(0, run.exitCode());
        assertTrue(run.err().startsWith(warned + ":3:22: warning[W502]: softmax without dim normalizes over "
            + "dimension 1 of [-1, 3], PyTorch's deprecated implicit choice\n"), run.err());
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertEquals(2, CliRunner.run("check", "no/such/file.net").exitCode());
        assertTrue(CliRunner.run("check", "no/such/file.net").err().contains("no such file: no/such/file.net"));
        assertEquals(2, CliRunner.run("summary", "samples/simple.net", "--frobnicate").exitCode());
        assertEquals(2, CliRunner.run("summary", "samples/simple.net", "--format", "yaml").exitCode());
        assertEquals(2, CliRunner.run("summary", "samples/simple.net", "--set", "classes").exitCode());
        assertEquals(2, CliRunner.run("frobnicate").exitCode());
        assertEquals(2, CliRunner.run().exitCode());
    }

    @Test
    void unknownModelOrParameterIsAUsageError() {
        CliRunner.Run model = CliRunner.run("summary", "samples/vgg11.net", "--model", "VGG16");
        assertEquals(2, model.exitCode());
        assertTrue(model.err().startsWith("samples/vgg11.net:1:1: error[E404]: there is no model named VGG16 in "
            + "samples/vgg11.net; its models are VGG11\n"), model.err());
        CliRunner.Run parameter = CliRunner.run("summary", "samples/vgg11.net", "--model", "VGG11", "--set", "klasses=3");
        assertEquals(2, parameter.exitCode());
        assertTrue(parameter.err().contains("error[E405]: model VGG11 has no parameter named klasses; its parameters "
            + "are classes"), parameter.err());
        CliRunner.Run onlyModel = CliRunner.run("summary", "samples/vgg11.net", "--set", "klasses=3");
        assertEquals(2, onlyModel.exitCode());
        assertTrue(onlyModel.err().contains("error[E405]: model VGG11 has no parameter named klasses"), onlyModel.err());
    }

    @Test
    void setChangesAModelParameter() {
        CliRunner.Run run = CliRunner.run("summary", "samples/vgg11.net", "--set", "classes=37");
        assertEquals(0, run.exitCode());
        assertTrue(run.out().contains("           Linear-29                   [-1, 37]         151,589\n"), run.out());
    }

    @Test
    void setReadsEvery64BitIntegerAsAnIntegerAndRefusesLarger() {
        CliRunner.Run big = CliRunner.run("summary", "samples/vgg11.net", "--set", "classes=1000000000000000000");
        assertEquals(1, big.exitCode());
        assertTrue(big.err().startsWith("samples/vgg11.net:21:9: error[E207]: linear makes a tensor or a parameter "
            + "with more than 2^63 elements\n"), big.err());
        CliRunner.Run min = CliRunner.run("summary", "samples/vgg11.net", "--set", "classes=-9223372036854775808");
        assertEquals(1, min.exitCode());
        assertTrue(min.err().startsWith("samples/vgg11.net:21:22: error[E204]: linear's out_features must be "
            + "positive, but it is -9223372036854775808\n"), min.err());
        CliRunner.Run tooBig = CliRunner.run("summary", "samples/vgg11.net", "--set", "classes=9223372036854775808");
        assertEquals(2, tooBig.exitCode());
        assertEquals("--set classes=9223372036854775808: the integer 9223372036854775808 does not fit in 64 bits",
            tooBig.err().lines().findFirst().orElse(""));
    }

    @Test
    void pytorchSpellingsMakeTheSameModel() throws IOException {
        Path pytorch = write("pytorch.net", "model M {\n    input x: [1, 28, 28]\n"
            + "    conv1: nn.Conv2d(1, 8, 3) -> torch.nn.ReLU() -> F.max_pool2d(2)\n"
            + "    nn.BatchNorm2d(8) -> F.adaptive_avg_pool2d((1, 1)) -> torch.flatten\n"
            + "    fc: nn.Linear(8, 10) -> F.log_softmax(dim=1)\n}\n");
        Path netc = write("netc.net", "model M {\n    input x: [1, 28, 28]\n"
            + "    conv1: conv2d(1, 8, 3) -> relu -> F.maxpool2d(2)\n"
            + "    batchnorm2d(8) -> F.adaptiveavgpool2d((1, 1)) -> F.flatten\n"
            + "    fc: linear(8, 10) -> F.logsoftmax(dim=1)\n}\n");
        CliRunner.Run run = CliRunner.run("summary", pytorch.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(CliRunner.run("summary", netc.toString()).out(), run.out());
        String json = CliRunner.run("summary", pytorch.toString(), "--format", "json").out();
        assertTrue(json.contains("\"state_dict\": {\n    \"conv1.weight\": [8, 1, 3, 3],\n    \"conv1.bias\": [8],\n"
            + "    \"2.weight\": [8],"), json);
    }

    @Test
    void aGroupWithNamedValuesHasTheStateDictOfNnSequential() throws IOException {
        Path group = write("group.net", "model G {\n    input x: [3, 8, 8]\n    g: (\n        y = conv2d(3, 4, 1)\n"
            + "        y -> relu\n        z = conv2d(4, 4, 1) -> batchnorm(4)\n        z\n    )\n}\n");
        String json = CliRunner.run("summary", group.toString(), "--format", "json").out();
        assertTrue(json.endsWith("\"state_dict\": {\n    \"g.0.weight\": [4, 3, 1, 1],\n    \"g.0.bias\": [4],\n"
            + "    \"g.2.weight\": [4, 4, 1, 1],\n    \"g.2.bias\": [4],\n    \"g.3.weight\": [4],\n    \"g.3.bias\": [4],\n"
            + "    \"g.3.running_mean\": [4],\n    \"g.3.running_var\": [4],\n    \"g.3.num_batches_tracked\": []\n  }\n}\n"),
            json);
    }

    @Test
    void severalModelsNeedModelOption() throws IOException {
        Path two = write("two.net", "model A { input x: [4] relu }\nmodel B { input x: [4] linear(4, 2) }\n");
        CliRunner.Run run = CliRunner.run("summary", two.toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("defines several models (A, B); choose one with --model NAME"), run.err());
        CliRunner.Run chosen = CliRunner.run("summary", two.toString(), "--model", "B", "--format", "json");
        assertEquals(0, chosen.exitCode());
        assertTrue(chosen.out().startsWith("{\n  \"model\": \"B\",\n  \"input_shape\": [4],\n"), chosen.out());
    }

    @Test
    void jsonGivesTheShapeOfEveryOutputOfAModelThatReturnsSeveral() throws IOException {
        Path several = write("several.net", "model S {\n    input x: [10, 8]\n"
            + "    out, (h, c) = x -> lstm(8, 16, num_layers=2, batch_first=true)\n    (out -> linear(16, 4), (h, c))\n}\n");
        String json = CliRunner.run("summary", several.toString(), "--format", "json").out();
        assertTrue(json.startsWith("{\n  \"model\": \"S\",\n  \"input_shape\": [10, 8],\n"
            + "  \"output_shape\": [[-1, 10, 4], [[2, -1, 16], [2, -1, 16]]],\n  \"layers\": [\n"), json);
        String one = CliRunner.run("summary", write("one.net", "model A { input x: [4] relu }\n").toString(),
            "--format", "json").out();
        assertTrue(one.startsWith("{\n  \"model\": \"A\",\n  \"input_shape\": [4],\n  \"output_shape\": [-1, 4],\n"),
            one);
    }

    @Test
    void checkReportsEveryFile() throws IOException {
        Path good = write("good.net", "model A { input x: [4] relu }\n");
        Path bad = write("bad.net", "model B { input x: [4] linear(5, 2) }\n");
        CliRunner.Run run = CliRunner.run("check", good.toString(), bad.toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().startsWith(bad + ":1:24: error[E201]"), run.err());
        assertEquals(0, CliRunner.run("check", good.toString(), "samples/lenet5.net").exitCode());
    }

    @Test
    void helpAndVersion() {
        CliRunner.Run help = CliRunner.run("--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().startsWith("Usage: netc [-hV] [COMMAND]\n"), help.out());
        CliRunner.Run version = CliRunner.run("--version");
        assertEquals(0, version.exitCode());
        assertTrue(version.out().matches("netc \\d+\\.\\d+\\.\\d+\n"), version.out());
        CliRunner.Run summaryHelp = CliRunner.run("summary", "--help");
        assertTrue(summaryHelp.out().contains("--hide-stateless"), summaryHelp.out());
        for (String option : List.of("--style=STYLE", "--depth=N", "--columns=COLUMN", "--batch=N")) {
            assertTrue(summaryHelp.out().contains(option), summaryHelp.out());
        }
    }

    private Path write(String name, String text) throws IOException {
        Path file = tmp.resolve(name);
        Files.writeString(file, text);
        return file;
    }
}
