package netc.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import netc.cli.Main;
import netc.runtime.Json;
import netc.runtime.OracleAssertions;
import netc.runtime.SafeTensors;
import netc.runtime.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * torchvision's resnet18, mobilenet_v2, squeezenet1_1 and vgg11 exported by torch.onnx (opsets 13
 * and 17, tools/onnx_import_fixtures.py, run into target/ at test time and kept there while the
 * script is unchanged), imported: netc summary prints torchsummary's table, the state_dict keys and
 * shapes are PyTorch's in PyTorch's order, and netc run with the written weights gives PyTorch's
 * output within 1e-4·max(1, max|out|). ONNX does not record a module's class, so a block's row is
 * named by the import (Block1-11 for BasicBlock-11): rows of torchvision's own classes are compared
 * with that name put in place of the class, every other row byte for byte. Exported with
 * export_modules_as_functions (resnet18, mobilenet_v2, squeezenet1_1 at opset 17: NAME_functions), each
 * block is a local function named after its class, and the whole table is torchsummary's, byte for byte. Skipped, saying so, when
 * /usr/bin/python3 cannot import torch and torchvision; the table only when torchsummary 1.5.1's source
 * is missing ($TORCHSUMMARY, else /tmp/ts/torchsummary/torchsummary.py).
 */
class OnnxImportTorchvisionTest {
    private static final String PYTHON = "/usr/bin/python3";
    private static final Path SCRIPT = Path.of("tools/onnx_import_fixtures.py");
    private static final Path FIXTURES = Path.of("target/onnx-import-fixtures");
    private static final Pattern ROW = Pattern.compile("^( *)(\\S+)-(\\d+)( .*)$");

    static Stream<String> exports() {
        return Stream.concat(Stream.of("resnet18", "mobilenet_v2", "squeezenet1_1", "vgg11")
            .flatMap(model -> Stream.of(model + "_opset13", model + "_opset17")),
            Stream.of("resnet18_functions", "mobilenet_v2_functions", "squeezenet1_1_functions"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exports")
    void importsAsTorchvisionsModel(String export) throws Exception {
        Path fixture = fixtures().resolve(export);
        Path net = FIXTURES.resolve("imported").resolve(export + ".net");
        Files.createDirectories(net.getParent());
        Run imported = netc("import", fixture.resolve("model.onnx").toString(), "-o", net.toString());
        assertEquals(0, imported.code, imported.err);
        Path weights = net.resolveSibling(export + ".safetensors");

        Run json = netc("summary", net.toString(), "--format", "json");
        assertEquals(0, json.code, json.err);
        Map<?, ?> stateDict = (Map<?, ?>) ((Map<?, ?>) Json.parse(json.out)).get("state_dict");
        List<String> keys = new ArrayList<>();
        stateDict.forEach((key, shape) -> keys.add(key + " " + ((List<?>) shape).stream()
            .map(d -> Long.toString(((Number) d).longValue())).collect(Collectors.joining(","))));
        assertEquals(Files.readAllLines(fixture.resolve("state_dict.txt")), keys);

        Path torchsummary = fixture.resolve("torchsummary.txt");
        if (Files.exists(torchsummary)) {
            Run table = netc("summary", net.toString());
            assertEquals(0, table.code, table.err);
            Set<String> classes = Files.readAllLines(fixture.resolve("classes.txt")).stream()
                .map(line -> line.substring(line.indexOf(' ') + 1)).collect(Collectors.toSet());
            assertEquals(export.endsWith("_functions") ? Files.readString(torchsummary)
                : blocksNamedAsImported(Files.readString(torchsummary), classes, table.out), table.out);
        } else {
            System.out.println("OnnxImportTorchvisionTest: no torchsummary source, the table of " + export + " is not compared");
        }

        SafeTensors io = SafeTensors.read(fixture.resolve("io.safetensors"));
        Path input = FIXTURES.resolve("imported").resolve(export + ".input.safetensors");
        Path output = FIXTURES.resolve("imported").resolve(export + ".output.safetensors");
        SafeTensors.write(input, Map.of("x", io.tensor("input")));
        Run run = netc("run", net.toString(), "--weights", weights.toString(), "--input", input.toString(),
            "--output", output.toString());
        assertEquals(0, run.code, run.err);
        Tensor expected = io.tensor("output");
        OracleAssertions.assertMatches(expected, SafeTensors.read(output).tensor("output"));
    }

    /**
     * The default export of resnet18, whose batch norms are folded into its convolutions: imported as
     * that folded model (the labels from the nodes' scopes, each convolution with a bias, no batch
     * norm), which gives PyTorch's output.
     */
    @org.junit.jupiter.api.Test
    void aFoldedExportImportsAsTheFoldedModel() throws Exception {
        Path fixture = fixtures().resolve("resnet18_folded");
        Path net = FIXTURES.resolve("imported").resolve("resnet18_folded.net");
        Files.createDirectories(net.getParent());
        Run imported = netc("import", fixture.resolve("model.onnx").toString(), "-o", net.toString());
        assertEquals(0, imported.code, imported.err);
        String text = Files.readString(net);
        assertEquals(List.of("    conv1: conv2d(64, 64, k=3, p=1) -> relu: relu",
            "    conv1: conv2d(3, 64, k=7, s=2, p=3) -> relu: relu -> maxpool: maxpool(3, s=2, p=1)"),
            firstAndLast(text.lines().filter(line -> line.startsWith("    conv1:")).toList()));
        assertEquals(false, text.contains("batchnorm"), text);
        SafeTensors io = SafeTensors.read(fixture.resolve("io.safetensors"));
        Path input = FIXTURES.resolve("imported").resolve("resnet18_folded.input.safetensors");
        Path output = FIXTURES.resolve("imported").resolve("resnet18_folded.output.safetensors");
        SafeTensors.write(input, Map.of("x", io.tensor("input")));
        Run run = netc("run", net.toString(), "--weights", net.resolveSibling("resnet18_folded.safetensors").toString(),
            "--input", input.toString(), "--output", output.toString());
        assertEquals(0, run.code, run.err);
        OracleAssertions.assertMatches(io.tensor("output"), SafeTensors.read(output).tensor("output"));
    }

    private static List<String> firstAndLast(List<String> lines) {
        return List.of(lines.get(0), lines.get(lines.size() - 1));
    }

    /**
     * torchsummary's table with each row of a class of torchvision's own (BasicBlock, Fire) named as
     * netc's table names that row (the block's name), right-aligned as torchsummary aligns names.
     */
    private static String blocksNamedAsImported(String expected, Set<String> classes, String actual) {
        String[] ours = actual.split("\n", -1);
        String[] theirs = expected.split("\n", -1);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < theirs.length; i++) {
            Matcher row = ROW.matcher(theirs[i]);
            Matcher mine = i < ours.length ? ROW.matcher(ours[i]) : null;
            if (row.matches() && classes.contains(row.group(2)) && mine != null && mine.matches()) {
                String name = mine.group(2) + "-" + row.group(3);
                out.append(" ".repeat(Math.max(0, row.group(1).length() + row.group(2).length() + 1 + row.group(3).length()
                    - name.length()))).append(name).append(row.group(4));
            } else {
                out.append(theirs[i]);
            }
            out.append(i < theirs.length - 1 ? "\n" : "");
        }
        return out.toString();
    }

    private record Run(int code, String out, String err) {
    }

    private static Run netc(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, InputStream.nullInputStream(), new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The fixtures, written once per version of the script (a stamp holds the script's text). */
    private static synchronized Path fixtures() throws IOException, InterruptedException {
        assumeTrue(python("-c", "import torch, torchvision") == 0,
            "skipped: " + PYTHON + " cannot import torch and torchvision (apt-get install python3-torch python3-torchvision)");
        Path stamp = FIXTURES.resolve("stamp");
        String script = Files.readString(SCRIPT);
        String torchsummary = System.getenv().getOrDefault("TORCHSUMMARY", "/tmp/ts/torchsummary/torchsummary.py");
        String wanted = script + "\n" + (Files.exists(Path.of(torchsummary)) ? torchsummary : "");
        if (!Files.exists(stamp) || !Files.readString(stamp).equals(wanted)) {
            Files.createDirectories(FIXTURES);
            List<String> args = new ArrayList<>(List.of(SCRIPT.toString(), FIXTURES.toString()));
            if (Files.exists(Path.of(torchsummary))) {
                args.add(torchsummary);
            } else {
                System.out.println("OnnxImportTorchvisionTest: " + torchsummary + " is missing; tables are not compared");
            }
            assertEquals(0, python(args.toArray(String[]::new)), "tools/onnx_import_fixtures.py failed");
            Files.writeString(stamp, wanted);
        }
        return FIXTURES;
    }

    private static int python(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(PYTHON));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).inheritIO().start();
            return process.waitFor();
        } catch (IOException e) {
            return -1;
        }
    }
}
