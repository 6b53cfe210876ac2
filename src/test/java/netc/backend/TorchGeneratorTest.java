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
import java.util.stream.Collectors;
import java.util.stream.Stream;
import netc.diagnostics.Diagnostics;
import netc.diagnostics.SourceReader;
import netc.diagnostics.SourceText;
import netc.semantic.Analyzer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The generated PyTorch module of every sample, byte for byte against the file a person reviewed
 * ({@code src/test/resources/torch/}); to review a change, write them again with
 * {@code ./netc torch samples/NAME.net -o src/test/resources/torch} and read the diff.
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
        String golden = Files.readString(Path.of("src/test/resources/torch", name), StandardCharsets.UTF_8);
        assertEquals(golden, generate(sample));
    }

    @Test
    void everyGoldenFileHasItsSample() throws IOException {
        List<String> samples = samples().map(f -> f.getFileName().toString().replace(".net", ".py"))
            .collect(Collectors.toList());
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/torch"))) {
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
        String python = generate(Path.of("src/test/resources/layers", name, "model.net"));
        assertTrue(python.contains("class "), python);
    }

    @Test
    void aGroupInterruptedByAFunctionalCallIsNotWrittenAsSequential() {
        String model = "model M {\n    input x: [4]\n    body: (linear(4, 4) -> F.relu -> linear(4, 2))\n}\n";
        UnsupportedLayerException e = assertThrows(UnsupportedLayerException.class,
            () -> TorchGenerator.generate(GeneratedModels.analyze("m.net", model), new SourceText("m.net", model)));
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

    static String generate(Path sample) throws Exception {
        Diagnostics diagnostics = new Diagnostics();
        SourceText source = SourceReader.read(sample, sample.toString(), diagnostics);
        return TorchGenerator.generate(Analyzer.analyze(source, Analyzer.Options.all(), diagnostics).models().get(0),
            source);
    }
}
