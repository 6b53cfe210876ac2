package netc.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import netc.diagnostics.Diagnostics;
import netc.diagnostics.SourceReader;
import netc.diagnostics.SourceText;
import netc.semantic.Analyzer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The generated PyTorch module of every sample, byte for byte against the file a person reviewed
 * ({@code netc-compiler/src/test/resources/torch/}); to review a change, write them again with
 * {@code ./netc torch samples/NAME.net -o netc-compiler/src/test/resources/torch} and read the diff.
 */
class TorchGeneratorTest {
    static Stream<Path> samples() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("samples"))) {
            return files.filter(f -> f.toString().endsWith(".net")).sorted().collect(Collectors.toList()).stream();
        }
    }

    @ParameterizedTest
    @MethodSource("samples")
    void everySampleGeneratesItsReviewedModule(Path sample) throws Exception {
        String name = sample.getFileName().toString().replace(".net", ".py");
        String golden = Files.readString(Path.of("netc-compiler/src/test/resources/torch", name), StandardCharsets.UTF_8);
        assertEquals(golden, generate(sample));
    }

    @Test
    void everyGoldenFileHasItsSample() throws IOException {
        List<String> samples = samples().map(f -> f.getFileName().toString().replace(".net", ".py"))
            .collect(Collectors.toList());
        try (Stream<Path> files = Files.list(Path.of("netc-compiler/src/test/resources/torch"))) {
            assertEquals(samples, files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".py")).sorted()
                .collect(Collectors.toList()));
        }
    }

    @ParameterizedTest
    @MethodSource("samples")
    void linesFitPep8sWidth(Path sample) throws Exception {
        for (String line : generate(sample).split("\n")) {
            assertTrue(line.length() <= TorchGenerator.WIDTH, () -> sample + ": " + line);
        }
    }

    /**
     * Drift: every layer fixture, which together use every catalogue layer (LayerFixtureTest checks
     * that), generates PyTorch code, each layer in its module and, where it is stateless, functional form.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("netc.backend.LayerFixtureTest#cases")
    void everyLayerFixtureGenerates(String name) throws Exception {
        String python = generate(Path.of("netc-compiler/src/test/resources/layers", name, "model.net"));
        assertTrue(python.contains("class "), python);
    }

    /**
     * Drift: every PyTorch name the modules of the samples and layer fixtures call (which together
     * use every catalogue layer) is one that PyTorch 1.13 has: the list tools/torch_names.py checked
     * in real PyTorch. A layer added without a PyTorch form, or with one PyTorch lacks, fails here.
     */
    @Test
    void everyPyTorchNameTheGeneratedModulesCallExistsInPyTorch() throws Exception {
        Set<String> used = new TreeSet<>();
        for (Path sample : samples().toList()) {
            used.addAll(pytorchNames(generate(sample)));
        }
        for (String fixture : LayerFixtureTest.cases()) {
            used.addAll(pytorchNames(generate(Path.of("netc-compiler/src/test/resources/layers", fixture, "model.net"))));
        }
        Path written = Path.of("netc-compiler/target/pytorch_names_used.txt");
        Files.writeString(written, String.join("\n", used) + "\n", StandardCharsets.UTF_8);
        List<String> checked = Files.readAllLines(Path.of("netc-compiler/src/test/resources/torch/pytorch_names.txt")).stream()
            .filter(line -> !line.startsWith("#")).collect(Collectors.toList());
        assertEquals(checked, List.copyOf(used), "check the names in PyTorch: /usr/bin/python3 tools/torch_names.py "
            + written + " > netc-compiler/src/test/resources/torch/pytorch_names.txt");
    }

    /** {@code nn.Conv2d}, {@code F.relu}, {@code torch.cat}, {@code Tensor.view}: what the code (not its comments) names. */
    private static Set<String> pytorchNames(String python) {
        Set<String> names = new TreeSet<>();
        for (String line : python.split("\n")) {
            String code = line.replaceFirst("#.*", "");
            if (code.startsWith("import ") || code.startsWith("from ") || code.strip().startsWith("\"\"\"")) {
                continue;
            }
            Matcher module = Pattern.compile("(?<![\\w.])(nn|F|torch)\\.(\\w+)").matcher(code);
            while (module.find()) {
                names.add(module.group());
            }
            Matcher method = Pattern.compile("(?<![\\w.])(?!(?:self|nn|torch)\\.)[a-z_]\\w*\\.(\\w+)\\(").matcher(code);
            while (method.find()) {
                names.add("Tensor." + method.group(1));
            }
        }
        return names;
    }

    /**
     * A block's instances share one class taking the block's parameters, the arguments that read them
     * written as their expressions, and the model class takes the model's, with the .net defaults.
     */
    @Test
    void blocksAndTheModelTakeTheirParameters() throws Exception {
        Path directory = Path.of("netc-compiler/src/test/resources/torch/parameters");
        assertEquals(Files.readString(directory.resolve("expected.py"), StandardCharsets.UTF_8),
            generate(directory.resolve("model.net")));
    }

    /**
     * Instances of a block that go different ways at its ifs, or repeat its modules a different number
     * of times (once not at all), are one class: Python ifs in __init__ and forward, a conditional
     * module among a group's, a repeat's modules as a comprehension with f-string keys; an instance
     * first given a class of its own is served by the other once that class is general enough.
     */
    @Test
    void ifsAndRepeatsOfABlockAreOneClass() throws Exception {
        Path directory = Path.of("netc-compiler/src/test/resources/torch/branches");
        assertEquals(Files.readString(directory.resolve("expected.py"), StandardCharsets.UTF_8),
            generate(directory.resolve("model.net")));
    }

    /**
     * A tuple is taken apart where the call returns it, in the .net file's names ({@code _} for a
     * value never read, a nested tuple never read too); recurrent states go in as initial states;
     * the block and the model return their tuples, typed; a tuple in a chain passes its first tensor.
     */
    @Test
    void tuplesAreTakenApartInTheFilesNamesAndReturned() throws Exception {
        Path directory = Path.of("netc-compiler/src/test/resources/torch/tuples");
        assertEquals(Files.readString(directory.resolve("expected.py"), StandardCharsets.UTF_8),
            generate(directory.resolve("model.net")));
    }

    /**
     * chunk, split and unbind: pieces taken apart where the call returns them, a tuple kept whole in one
     * variable whose pieces are read as {@code parts[0]} (iterated, stacked whole as {@code torch.stack(rows, dim=1)},
     * returned), a block returning its pieces.
     */
    @Test
    void piecesAreTakenApartOrKeptWholeAsTorchGivesThem() throws Exception {
        Path directory = Path.of("netc-compiler/src/test/resources/torch/pieces");
        assertEquals(Files.readString(directory.resolve("expected.py"), StandardCharsets.UTF_8),
            generate(directory.resolve("model.net")));
    }

    /**
     * A block returning its own input in a tuple gives the caller's tensor back: the caller keeps that
     * tensor's variable (its forward's parameter was renamed after the destructuring's name, so the call
     * read an undefined x).
     */
    @Test
    void aTensorATupleGivesBackKeepsItsVariable() throws Exception {
        String model = """
            block B {
                input x
                (x, (x -> relu, x))
            }
            model M {
                input x: [6, 8]
                a, (b, c) = x -> b1: B
                a + b + c
            }
            """;
        String python = TorchGenerator.generate(GeneratedModels.analyze("m.net", model), new SourceText("m.net", model),
            Map.of());
        assertTrue(python.contains("""
                    def forward(self, x: Tensor) -> Tensor:
                        # 7: a, (b, c) = x -> b1: B
                        _, (b, _) = self.b1(x)
                        # 8: a + b + c
                        b = x + b  # [-1, 6, 8]
                        b = b + x  # [-1, 6, 8]
                        return b
                """), python);
    }

    /**
     * A parameter's or buffer's sizes and fill are written over the class's parameters, the fill as a
     * float (torch.full of an integer is an int64 tensor), so instances of other sizes share the class.
     */
    @Test
    void parametersAndBuffersAreWrittenOverTheClasssParameters() throws Exception {
        String model = """
            block Scaled(c, s) {
                input x
                param g: [c] = 1
                buffer b: [c] = s
                x * g + b
            }

            model M {
                input x: [4]
                a: Scaled(4, 2)
                b2: Scaled(4, 3)
            }
            """;
        String python = TorchGenerator.generate(GeneratedModels.analyze("m.net", model), new SourceText("m.net", model),
            Map.of());
        assertFalse(python.contains("Scaled_2"), python);
        assertTrue(python.contains("""
                    def __init__(self, c: int, s: int) -> None:
                        super().__init__()
                        # 3: param g: [c] = 1
                        self.g = nn.Parameter(torch.full((c,), 1.0))
                        # 4: buffer b: [c] = s
                        self.register_buffer("b", torch.full((c,), float(s)))
                """), python);
    }

    /**
     * Instances built in a repeat share one class taking the block's parameters: an argument the
     * caller's code cannot write (the repeat's element) is passed as the value the instance took.
     */
    @Test
    void instancesBuiltInARepeatShareOneClassTakingTheLoopsValues() throws Exception {
        String model = """
            block Unit(c, d) {
                input x
                conv: conv1d(c, c, 3, dilation=d, padding=d)
            }

            model M(c = 4) {
                input x: [4, 16]
                repeat i, d in enumerate((1, 2, 4)) {
                    x = x -> units[i]: Unit(c, d)
                }
                x
            }
            """;
        String python = TorchGenerator.generate(GeneratedModels.analyze("m.net", model), new SourceText("m.net", model),
            Map.of());
        assertEquals(1, python.split("\nclass Unit", -1).length - 1, python);
        assertFalse(python.contains("Unit_2"), python);
        assertTrue(python.contains("""
                    def __init__(self, c: int, d: int) -> None:
                        super().__init__()
                        # 3: conv: conv1d(c, c, 3, dilation=d, padding=d)
                        self.conv = nn.Conv1d(c, c, kernel_size=3, padding=d, dilation=d)
                """), python);
        assertTrue(python.contains("""
                        self.units = nn.ModuleList([
                            Unit(c, 1),
                            Unit(c, 2),
                            Unit(c, 4),
                        ])
                """), python);
    }

    /**
     * A list comprehension bound to a name whose iterations each call element i of a ModuleList is written
     * as one ({@code hs = [F.relu(conv(x)) for conv in self.convs]}, then {@code torch.cat(hs, dim=1)}); one
     * with arithmetic, or not bound to a name, step by step, one iteration after the other.
     */
    @Test
    void aComprehensionOverAModuleListIsWrittenAsOne() throws Exception {
        Path directory = Path.of("netc-compiler/src/test/resources/torch/lists");
        assertEquals(Files.readString(directory.resolve("expected.py"), StandardCharsets.UTF_8),
            generate(directory.resolve("model.net")));
    }

    /**
     * A repeat whose iteration n calls element n of a ModuleList is the .net file's loop: an accumulator's
     * first value set before it, shapes shown where every iteration has the same.
     */
    @Test
    void aRepeatOverAModuleListIsAForLoop() throws Exception {
        String model = """
            block Unit(c, d) {
                input x
                conv: conv1d(c, c, 3, dilation=d, padding=d)
            }

            model M {
                input x: [4, 16]
                total = 0
                repeat i, d in enumerate((1, 2, 4)) {
                    x = x -> units[i]: Unit(4, d)
                    total = total + x
                }
                repeat i in range(2) {
                    x = x -> heads[i]: linear(16 - 4 * i, 12 - 4 * i)
                }
                total.sum(dim=2) + x.sum(dim=2)
            }
            """;
        String python = TorchGenerator.generate(GeneratedModels.analyze("m.net", model), new SourceText("m.net", model),
            Map.of());
        assertTrue(python.contains("""
                    def forward(self, x: Tensor) -> Tensor:
                        total = 0
                        # 9: repeat i, d in enumerate((1, 2, 4)) {
                        for unit in self.units:
                            # 10: x = x -> units[i]: Unit(4, d)
                            x = unit(x)  # [-1, 4, 16]
                            # 11: total = total + x
                            total = total + x  # [-1, 4, 16]
                        # 13: repeat i in range(2) {
                        for head in self.heads:
                            # 14: x = x -> heads[i]: linear(16 - 4 * i, 12 - 4 * i)
                            x = head(x)
                        # 16: total.sum(dim=2) + x.sum(dim=2)
                """), python);
    }

    /**
     * A functional call's argument that reads the class's parameters is written over them, kept as
     * attributes by __init__ ({@code self.dims = dims}), so instances with other values share the class.
     */
    @Test
    void aFunctionalCallReadsTheClasssParametersAsAttributes() throws Exception {
        String model = """
            block Permute(dims) {
                input x
                x.permute(dims)
            }

            model M {
                input x: [3, 4, 5]
                Permute((0, 2, 3, 1)) -> Permute((0, 3, 1, 2))
            }
            """;
        String python = TorchGenerator.generate(GeneratedModels.analyze("m.net", model), new SourceText("m.net", model),
            Map.of());
        assertFalse(python.contains("Permute_2"), python);
        assertTrue(python.contains("""
                    def __init__(self, dims: tuple) -> None:
                        super().__init__()
                        self.dims = dims

                    def forward(self, x: Tensor) -> Tensor:
                        # 3: x.permute(dims)
                        x = torch.permute(x, self.dims)
                        return x
                """), python);
    }

    /**
     * A model parameter that reaches a size netc infers is held as a value in the code: the class takes
     * it, but refuses another value rather than build a wrong model; the parameter written as itself
     * takes any.
     */
    @Test
    void aModelParameterTheCodeHoldsAsAValueRefusesOtherValues() throws Exception {
        String model = "model M(width = 8, classes = 10) {\n    input x: [3, 4, 4]\n"
            + "    conv: conv2d(3, width, 3, p=1)\n    F.flatten\n    fc: linear(_, classes)\n}\n";
        String python = TorchGenerator.generate(GeneratedModels.analyze("m.net", model), new SourceText("m.net", model),
            Map.of());
        assertTrue(python.contains("""
                def __init__(self, width: int = 8, classes: int = 10) -> None:
                    if width != 8:
                        raise ValueError(
                            "generated for width=8: netc torch --set width=N"
                        )
                    super().__init__()
                    # 3: conv: conv2d(3, width, 3, p=1)
                    self.conv = nn.Conv2d(3, width, kernel_size=3, padding=1)
                    # 5: fc: linear(_, classes)
                    self.fc = nn.Linear(128, classes)
            """), python);
    }

    /**
     * A block of an imported file takes its parameters as the model file's blocks do (its class held the
     * instance's values, one class per instance); its comments show its own file's lines.
     */
    @Test
    void aBlockOfAnImportedFileTakesItsParameters(@TempDir Path directory) throws Exception {
        Files.writeString(directory.resolve("blocks.net"), "block Unit(i, o) {\n    input x\n"
            + "    conv: conv2d(i, o, 3, p=1)\n}\n", StandardCharsets.UTF_8);
        Path model = directory.resolve("model.net");
        Files.writeString(model, "import \"blocks.net\"\n\nmodel M {\n    input x: [3, 8, 8]\n"
            + "    first: Unit(3, 4)\n    second: Unit(4, 4)\n}\n", StandardCharsets.UTF_8);
        String python = generate(model);
        assertTrue(python.contains("""
                class Unit(nn.Module):
                    \"""The block Unit of blocks.net.\"""

                    def __init__(self, i: int, o: int) -> None:
                        super().__init__()
                        # 3: conv: conv2d(i, o, 3, p=1)
                        self.conv = nn.Conv2d(i, o, kernel_size=3, padding=1)
                """), python);
        assertTrue(python.contains("            (\"first\", Unit(3, 4)),\n            (\"second\", Unit(4, 4)),\n"),
            python);
        assertFalse(python.contains("Unit_2"), python);
    }

    @Test
    void aGroupInterruptedByAFunctionalCallIsNotWrittenAsSequential() {
        String model = "model M {\n    input x: [4]\n    body: (linear(4, 4) -> F.relu -> linear(4, 2))\n}\n";
        UnsupportedLayerException e = assertThrows(UnsupportedLayerException.class,
            () -> TorchGenerator.generate(GeneratedModels.analyze("m.net", model), new SourceText("m.net", model),
                Map.of()));
        assertEquals("the PyTorch backend writes a group as nn.Sequential, called once; this group's steps are "
            + "interrupted by a step outside it", e.getMessage());
        assertEquals(3, e.span().startLine());
        assertEquals(38, e.span().startColumn());
    }

    @Test
    void aFunctionalCallInACommentImportsNothing() throws Exception {
        String python = generate(Path.of("samples/vgg11.net"));
        assertTrue(python.contains("# 17: F.flatten\n"), python);
        assertFalse(python.contains("import torch.nn.functional as F"), python);
    }

    @Test
    void floatsReadAsPythonWritesThem() {
        assertEquals(List.of("1e-05", "0.0001", "0.5", "20.0", "10000000.0", "1e+16", "-0.01"),
            Stream.of(1e-5, 1e-4, 0.5, 20.0, 1e7, 1e16, -0.01).map(TorchLayers::floatLiteral)
                .collect(Collectors.toList()));
    }

    /**
     * A size netc inferred ({@code conv2d(_, out, 1)}) that differs between a block's instances is
     * written as the first candidate over the block's parameters that gives every instance's number
     * ({@code out // 2}: 4 and 8), so the instances share one class.
     */
    @Test
    void anInferredSizeThatDiffersIsWrittenAsTheExpressionThatGivesEveryInstancesNumber() throws Exception {
        assertEquals("""
            # Generated by netc from m.net, model M.
            # Edit the .net file and generate again rather than editing this.
            # Needs PyTorch 1.13 or newer.

            from collections import OrderedDict

            from torch import Tensor, nn


            class Unit(nn.Module):
                \"""The block Unit of m.net.\"""

                def __init__(self, inp: int, out: int) -> None:
                    super().__init__()
                    # 3: x -> pre: conv2d(inp, out // 2, 1) -> conv: conv2d(_, out, 1)
                    self.pre = nn.Conv2d(inp, out // 2, kernel_size=1)
                    self.conv = nn.Conv2d(out // 2, out, kernel_size=1)

                def forward(self, x: Tensor) -> Tensor:
                    # 3: x -> pre: conv2d(inp, out // 2, 1) -> conv: conv2d(_, out, 1)
                    x = self.pre(x)
                    x = self.conv(x)
                    return x


            class M(nn.Sequential):
                \"""The model M of m.net.\"""

                def __init__(self) -> None:
                    super().__init__(OrderedDict([
                        ("a", Unit(3, 8)),
                        ("b", Unit(8, 16)),
                    ]))
            """, generateText(UNITS.formatted("out // 2")));
    }

    /** Where no candidate gives the inferred sizes (7 and 15: {@code out - 1}), each instance's class holds its number. */
    @Test
    void anInferredSizeNoCandidateGivesKeepsTheClassesApart() throws Exception {
        String python = generateText(UNITS.formatted("out - 1"));
        assertEquals(List.of("nn.Conv2d(7, out, kernel_size=1)", "nn.Conv2d(15, out, kernel_size=1)"),
            conv(python));
        assertEquals(List.of("Unit(3, 8)", "Unit_2(8, 16)"), instances(python));
    }

    /**
     * {@code inp} gives the first two instances' inferred sizes (4, 8) and {@code out // 2} too, but
     * neither gives the third's (16 for Unit(5, 40)): no expression is written, three classes hold the numbers.
     */
    @Test
    void anInferredSizeACandidateGivesForSomeInstancesOnlyKeepsTheClassesApart() throws Exception {
        String python = generateText("""
            block Unit(inp, out) {
                input x
                x -> conv: conv2d(_, out, 1)
            }

            model M {
                input x: [4, 4, 4]
                x -> a: Unit(4, 8) -> b: Unit(8, 16) -> c: Unit(5, 40)
            }
            """);
        assertEquals(List.of("nn.Conv2d(4, out, kernel_size=1)", "nn.Conv2d(8, out, kernel_size=1)",
            "nn.Conv2d(16, out, kernel_size=1)"), conv(python));
        assertEquals(List.of("Unit(4, 8)", "Unit_2(8, 16)", "Unit_3(5, 40)"), instances(python));
    }

    /** Two instances of a block whose pre layer gives conv2d(_, ...) {@code %s} channels. */
    private static final String UNITS = """
        block Unit(inp, out) {
            input x
            x -> pre: conv2d(inp, %s, 1) -> conv: conv2d(_, out, 1)
        }

        model M {
            input x: [3, 4, 4]
            x -> a: Unit(3, 8) -> b: Unit(8, 16)
        }
        """;

    /** The constructors of the classes' conv modules, in order. */
    private static List<String> conv(String python) {
        return Pattern.compile("self\\.conv = (.*)").matcher(python).results().map(m -> m.group(1)).toList();
    }

    /** How the model builds its Unit instances, in order. */
    private static List<String> instances(String python) {
        return Pattern.compile("\\(\"\\w\", (.*)\\),").matcher(python).results().map(m -> m.group(1)).toList();
    }

    /**
     * A size read off a tensor ({@code c = x.size(1)}) is a local of forward, and the indexing and the
     * reshape that read it are written as the .net file writes them, a parameter as an attribute
     * ({@code self.parts}), so the instances of other sizes share one class.
     */
    @Test
    void aSizeReadOffATensorIsALocalOfForwardThatItsReadersReadByName() throws Exception {
        String python = generateText("""
            block Take(parts) {
                input x
                c = x.size(1)
                y = x[:, :c // parts]
                b = y.size(0)
                y.reshape(b, -1)
            }

            model M {
                input x: [8, 2, 2]
                x -> a: Take(2) -> b: Take(4)
            }
            """);
        assertTrue(python.contains("""
            class Take(nn.Module):
                \"""The block Take of m.net.\"""

                def __init__(self, parts: int) -> None:
                    super().__init__()
                    self.parts = parts

                def forward(self, x: Tensor) -> Tensor:
                    # 3: c = x.size(1)
                    c = x.size(1)
                    # 4: y = x[:, :c // parts]
                    y = x[:, : c // self.parts]
                    # 5: b = y.size(0)
                    b = y.size(0)
                    # 6: y.reshape(b, -1)
                    y = y.reshape(b, -1)
                    return y
            """), python);
        assertFalse(python.contains("Take_2"), python);
    }

    private static String generateText(String model) throws Exception {
        return TorchGenerator.generate(GeneratedModels.analyze("m.net", model), new SourceText("m.net", model),
            Map.of());
    }

    static String generate(Path sample) throws Exception {
        Diagnostics diagnostics = new Diagnostics();
        SourceText source = SourceReader.read(sample, sample.toString(), diagnostics);
        return TorchGenerator.generate(Analyzer.analyze(source, Analyzer.Options.all(), diagnostics).models().get(0),
            source, Map.of());
    }
}
