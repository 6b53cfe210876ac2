package netc.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import netc.runtime.Activations;
import netc.runtime.Arithmetic;
import netc.runtime.Convolution;
import netc.runtime.Normalization;
import netc.runtime.Recurrent;
import netc.runtime.SafeTensors;
import netc.runtime.Shaping;
import netc.runtime.Tensor;
import netc.runtime.WeightsException;
import netc.semantic.model.AnalyzedModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaGeneratorTest {
    @TempDir
    Path temp;

    /** The generated text is reviewed here: docs/java.md shows the same file. */
    @Test
    void seedModelSourceIsTheGoldenFile() throws Exception {
        String golden = Files.readString(Path.of("netc-compiler/src/test/resources/java/SimpleModel.java.txt"), StandardCharsets.UTF_8);
        assertEquals(golden, GeneratedModels.generate(GeneratedModels.analyze(Path.of("samples/simple.net"))).source());
        assertTrue(Files.readString(Path.of("docs/java.md"), StandardCharsets.UTF_8).contains("```java\n" + golden + "```"),
            "docs/java.md shows the golden file");
    }

    @Test
    void keywordsAndClashingLabelsAreRenamed() throws Exception {
        String source = GeneratedModels.generate(GeneratedModels.analyze("clash.net", String.join("\n",
            "model Tensor {",
            "    input x: [4]",
            "    class: linear(4, 4)",
            "    class_: linear(4, 4)",
            "    x: linear(4, 4)",
            "    weights: linear(4, 2)",
            "}"))).source();
        assertEquals(List.of("class_", "class__2", "x_2", "weights_2"), fieldNames(source));
        assertEquals("TensorModel", className(source));
        InMemoryCompiler.compile(new JavaGenerator.GeneratedJava("", "TensorModel", source));
    }

    /** A group's named values pass one tensor on, as nn.Sequential(Conv2d, ReLU, Conv2d, BatchNorm2d) does. */
    @Test
    void aGroupWithNamedValuesIsOneSequential() throws Exception {
        String source = GeneratedModels.generate(GeneratedModels.analyze("group.net", String.join("\n",
            "model G {",
            "    input x: [3, 8, 8]",
            "    g: (",
            "        y = conv2d(3, 4, 1)",
            "        y -> relu",
            "        z = conv2d(4, 4, 1) -> batchnorm(4)",
            "        z",
            "    )",
            "}"))).source();
        assertTrue(source.contains("        g_0 = new WeightAndBias(weights.get(\"g.0.weight\"), weights.get(\"g.0.bias\"));\n"
            + "        g_2 = Normalization.foldBatchNorm(weights.get(\"g.2.weight\"), weights.get(\"g.2.bias\"), "
            + "weights.get(\"g.3.running_mean\"), weights.get(\"g.3.running_var\"), weights.get(\"g.3.weight\"), "
            + "weights.get(\"g.3.bias\"), 1.0E-5);\n"), source);
        assertTrue(source.contains("        Tensor x1 = Convolution.conv(x, g_0.weight(), g_0.bias(), ints(1, 1), ints(0, 0), "
            + "ints(1, 1), 1); // [-1, 4, 8, 8]  group.net:4:13\n"
            + "        Tensor x2 = Activations.relu(x1); // [-1, 4, 8, 8]  group.net:5:14\n"
            + "        Tensor x3 = Convolution.conv(x2, g_2.weight(), g_2.bias(), ints(1, 1), ints(0, 0), ints(1, 1), 1);"), source);
        InMemoryCompiler.compile(new JavaGenerator.GeneratedJava("", "G", source));
    }

    /**
     * States passed on and several outputs: the decoder starts from the encoder's (h, c), so over the
     * same input it gives the second half of the encoder's run over that input twice.
     */
    @Test
    void recurrentStatesPassOnAndSeveralOutputsAreAllWritten() throws Exception {
        AnalyzedModel model = GeneratedModels.analyze("seq.net", String.join("\n",
            "model Seq {",
            "    input x: [5, 3]",
            "    _, (h, c) = x -> enc: lstm(3, 4, batch_first=true)",
            "    z, _ = x -> dec: lstm((h, c), 3, 4, batch_first=true)",
            "    (z, h, c)",
            "}"));
        String source = GeneratedModels.generate(model).source();
        assertTrue(source.contains(String.join("\n",
            "    public record Outputs(Tensor output0, Tensor output1, Tensor output2) {",
            "    }")), source);
        assertTrue(source.contains(String.join("\n",
            "    public Outputs forward(Tensor x) {",
            "        Recurrent.Output returned1 = Recurrent.run(Recurrent.Mode.LSTM, x, enc, true, null, null);",
            "        Tensor x1 = returned1.output(); // [-1, 5, 4]  seq.net:3:27",
            "        Recurrent.Output returned2 = Recurrent.run(Recurrent.Mode.LSTM, x, dec, true, returned1.h(), "
                + "returned1.c());",
            "        Tensor x2 = returned2.output(); // [-1, 5, 4]  seq.net:4:22",
            "        return new Outputs(x2, returned1.h(), returned1.c());",
            "    }")), source);

        Map<String, Tensor> weights = new LinkedHashMap<>();
        for (String module : List.of("enc", "dec")) {
            weights.put(module + ".weight_ih_l0", counting(0.05f, 16, 3));
            weights.put(module + ".weight_hh_l0", counting(-0.03f, 16, 4));
            weights.put(module + ".bias_ih_l0", counting(0.02f, 16));
            weights.put(module + ".bias_hh_l0", counting(0.01f, 16));
        }
        Path weightFile = temp.resolve("weights.safetensors");
        SafeTensors.write(weightFile, weights);
        Tensor x = counting(0.1f, 2, 5, 3);
        Path input = temp.resolve("input.safetensors");
        SafeTensors.write(input, Map.of("x", x));
        Path output = temp.resolve("output.safetensors");
        GeneratedModels.compile(model).getMethod("main", String[].class).invoke(null, (Object) new String[] {
            "--weights", weightFile.toString(), "--input", input.toString(), "--output", output.toString()});

        SafeTensors written = SafeTensors.read(output);
        assertEquals(List.of("output0", "output1", "output2"), List.copyOf(written.names()));
        Tensor twice = Recurrent.run(Recurrent.Mode.LSTM, Shaping.cat(1, x, x),
            Recurrent.parameters(weights::get, "enc.", 1, false), true);
        Tensor secondHalf = Shaping.slice(twice, 1, 5, 10, 1);
        assertArrayEquals(new int[] {2, 5, 4}, written.tensor("output0").shape);
        assertArrayEquals(secondHalf.data, written.tensor("output0").data, 1e-6f);
        assertArrayEquals(new int[] {1, 2, 4}, written.tensor("output1").shape);
        assertArrayEquals(new int[] {1, 2, 4}, written.tensor("output2").shape);
    }

    /** {@code step, 2·step, 3·step, ...} alternating in sign: weights that differ from each other. */
    private static Tensor counting(float step, int... shape) {
        float[] data = new float[Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
        for (int i = 0; i < data.length; i++) {
            data[i] = (i % 2 == 0 ? 1 : -1) * step * (i % 7 + 1);
        }
        return new Tensor(data, shape);
    }

    @Test
    void weightProblemsAreReportedTogether() throws Exception {
        Class<?> program = GeneratedModels.compile(GeneratedModels.analyze(Path.of("samples/simple.net")));
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("conv1.weight", Tensor.zeros(16, 3, 5, 5));
        tensors.put("conv1.bias", Tensor.zeros(16));
        tensors.put("conv2.weight", Tensor.zeros(32, 16, 3, 3));
        tensors.put("conv2.bias", Tensor.zeros(32));
        tensors.put("fc1.weight", Tensor.zeros(128, 2048));
        tensors.put("fc1.bias", Tensor.zeros(128));
        tensors.put("fc2.weight", Tensor.zeros(10, 128));
        tensors.put("fc3.bias", Tensor.zeros(10));
        Path weights = temp.resolve("wrong.safetensors");
        SafeTensors.write(weights, tensors);

        InvocationTargetException thrown = assertThrows(InvocationTargetException.class,
            () -> program.getMethod("load", Path.class).invoke(null, weights));
        WeightsException problem = (WeightsException) thrown.getCause();
        assertEquals(List.of(
            "shape mismatch for 'conv1.weight': expected [16, 3, 3, 3], file has [16, 3, 5, 5]",
            "missing key 'fc2.bias' (expected shape [10])",
            "unexpected key 'fc3.bias' (shape [10])"), problem.problems());
    }

    /**
     * Sizes taken apart ({@code n, c, h, w = x.shape}, as ViT's _process_input reads them) are numbers,
     * not tensors: both backends generate the model (they refused it as a tuple, E601 and E603).
     */
    @Test
    void sizesTakenApartAreNoTupleOfTensors() throws Exception {
        String text = String.join("\n",
            "model Sizes {",
            "    input x: [3, 8, 8]",
            "    n, c, h, w = x.shape",
            "    x.view(n, c * h * w) -> fc: linear(c * h * w, 4)",
            "}");
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("fc.weight", random(4, 192));
        tensors.put("fc.bias", random(4));
        Path weights = temp.resolve("sizes.safetensors");
        SafeTensors.write(weights, tensors);
        Tensor x = random(2, 3, 8, 8);
        Class<?> program = GeneratedModels.compile(GeneratedModels.analyze("sizes.net", text));
        Object loaded = program.getMethod("load", Path.class).invoke(null, weights);
        Tensor y = (Tensor) program.getMethod("forward", Tensor.class).invoke(loaded, x);
        assertEquals(List.of(2, 4), Arrays.stream(y.shape).boxed().collect(java.util.stream.Collectors.toList()));

        Path model = temp.resolve("sizes.net");
        Files.writeString(model, text, StandardCharsets.UTF_8);
        assertTrue(TorchGeneratorTest.generate(model).contains("x = x.view(x.size(0), 192)"),
            TorchGeneratorTest.generate(model));
    }

    @Test
    void batchNormIsFoldedIntoTheConvolutionBeforeIt() throws Exception {
        netc.semantic.model.AnalyzedModel model = GeneratedModels.analyze("fold.net", String.join("\n",
            "model Fold {",
            "    input x: [3, 8, 8]",
            "    conv: conv2d(3, 4, 3, bias=false) -> bn: batchnorm2d(4) -> relu",
            "}"));
        String source = GeneratedModels.generate(model).source();
        assertEquals(List.of("conv"), fieldNames(source));
        assertEquals(1, count(source, "conv = Normalization.foldBatchNorm(weights.get(\"conv.weight\"), null, "
            + "weights.get(\"bn.running_mean\"), weights.get(\"bn.running_var\"), weights.get(\"bn.weight\"), "
            + "weights.get(\"bn.bias\"), 1.0E-5);"));
        assertEquals(1, count(source, "// bn is folded into conv  [-1, 4, 6, 6]  fold.net:3:46"));

        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("conv.weight", random(4, 3, 3, 3));
        tensors.put("bn.weight", random(4));
        tensors.put("bn.bias", random(4));
        tensors.put("bn.running_mean", random(4));
        tensors.put("bn.running_var", Arithmetic.affine(random(4), 0.5f, 1f));
        tensors.put("bn.num_batches_tracked", Tensor.zeros());
        Path weights = temp.resolve("fold.safetensors");
        SafeTensors.write(weights, tensors);
        Tensor x = random(2, 3, 8, 8);
        Tensor expected = Activations.relu(Normalization.batchNorm(
            Convolution.conv(x, tensors.get("conv.weight"), null, new int[] {1}, new int[] {0}, new int[] {1}, 1),
            tensors.get("bn.running_mean"), tensors.get("bn.running_var"), tensors.get("bn.weight"),
            tensors.get("bn.bias"), 1e-5));

        Class<?> program = GeneratedModels.compile(model);
        Object loaded = program.getMethod("load", Path.class).invoke(null, weights);
        Tensor y = (Tensor) program.getMethod("forward", Tensor.class).invoke(loaded, x);
        for (int i = 0; i < y.data.length; i++) {
            assertEquals(expected.data[i], y.data[i], 1e-5, "element " + i);
        }
    }

    /** The convolution's output is also returned, so it feeds more than the batch norm: nothing is folded. */
    @Test
    void aConvolutionWhoseOutputIsAlsoReturnedKeepsItsBatchNormApart() throws Exception {
        String source = GeneratedModels.generate(GeneratedModels.analyze("both.net", String.join("\n",
            "model Both {",
            "    input x: [3, 8, 8]",
            "    c = x -> conv: conv2d(3, 4, 3)",
            "    (c, c -> bn: batchnorm2d(4))",
            "}"))).source();
        assertEquals(List.of("conv", "bn"), fieldNames(source));
        assertEquals(0, count(source, "folded"));
    }

    private static Tensor random(int... shape) {
        java.util.Random random = new java.util.Random(Arrays.hashCode(shape));
        Tensor t = Tensor.zeros(shape);
        for (int i = 0; i < t.data.length; i++) {
            t.data[i] = (float) random.nextGaussian();
        }
        return t;
    }

    private static List<String> fieldNames(String source) {
        Matcher fields = Pattern.compile("private final \\w+ (\\w+);").matcher(source);
        List<String> names = new java.util.ArrayList<>();
        while (fields.find()) {
            names.add(fields.group(1));
        }
        return names;
    }

    private static String className(String source) {
        Matcher name = Pattern.compile("public final class (\\w+)").matcher(source);
        return name.find() ? name.group(1) : null;
    }

    private static int count(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }
}
