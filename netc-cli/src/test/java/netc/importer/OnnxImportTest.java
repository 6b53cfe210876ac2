package netc.importer;

import static netc.importer.OnnxModels.conv;
import static netc.importer.OnnxModels.floats;
import static netc.importer.OnnxModels.ints;
import static netc.importer.OnnxModels.integer;
import static netc.importer.OnnxModels.longs;
import static netc.importer.OnnxModels.model;
import static netc.importer.OnnxModels.node;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import netc.diagnostics.Code;
import netc.diagnostics.Messages;
import netc.diagnostics.Text;
import netc.onnx.OnnxProto.AttributeProto;
import netc.onnx.OnnxProto.FunctionProto;
import netc.onnx.OnnxProto.ModelProto;
import netc.onnx.OnnxProto.NodeProto;
import netc.onnx.OnnxProto.TensorProto;
import netc.runtime.SafeTensors;
import org.junit.jupiter.api.Test;

/** Models built with OnnxProto's builders, imported: exact .net text (golden files), weights and errors. */
class OnnxImportTest {
    private static final Path GOLDEN = Path.of("netc-compiler/src/test/resources/onnx_import");

    private static OnnxImporter.Imported imported(ModelProto model, String name) throws ImportException {
        return OnnxImporter.importModel(ByteBuffer.wrap(model.toByteArray()), name, name.toLowerCase() + ".onnx");
    }

    private static byte[] bytes(SafeTensors.Stored tensor) {
        byte[] bytes = new byte[tensor.data().remaining()];
        tensor.data().duplicate().get(bytes);
        return bytes;
    }

    private static void assertGolden(String file, String text) throws IOException {
        Path golden = GOLDEN.resolve(file);
        if (Boolean.getBoolean("netc.updateGolden")) {
            Files.writeString(golden, text);
        }
        assertEquals(Files.readString(golden), text);
    }

    @Test
    void aChainOfConvReluPoolFlattenGemm() throws Exception {
        ModelProto model = model(new long[] {1, 3, 8, 8}, List.of(
            conv("/conv1/Conv", "input", "conv1.weight", "conv1.bias", "c", 3, 1, 1),
            node("/relu/Relu", "Relu", List.of("c"), "r"),
            node("/pool/MaxPool", "MaxPool", List.of("r"), "p", ints("kernel_shape", 2, 2), ints("strides", 2, 2)),
            node("/Flatten", "Flatten", List.of("p"), "f", integer("axis", 1)),
            node("/fc/Gemm", "Gemm", List.of("f", "fc.weight", "fc.bias"), "output", integer("transB", 1))),
            List.of(floats("conv1.weight", 1, 4, 3, 3, 3), floats("conv1.bias", 2, 4),
                floats("fc.weight", 3, 10, 64), floats("fc.bias", 4, 10)));
        OnnxImporter.Imported result = imported(model, "Chain");
        assertGolden("chain.net", result.text());
        assertEquals(List.of("conv1.weight", "conv1.bias", "fc.weight", "fc.bias"), List.copyOf(result.weights().keySet()));
        assertArrayEquals(new int[] {10, 64}, result.weights().get("fc.weight").shape());
    }

    @Test
    void aResidualAddIsABlockWithANamedValue() throws Exception {
        ModelProto model = model(new long[] {1, 4, 6, 6}, List.of(
            conv("/layer/layer.0/conv1/Conv", "input", "layer.0.conv1.weight", null, "c", 3, 1, 1),
            node("/layer/layer.0/bn1/BatchNormalization", "BatchNormalization", List.of("c", "layer.0.bn1.weight",
                "layer.0.bn1.bias", "layer.0.bn1.running_mean", "layer.0.bn1.running_var"), "b"),
            node("/layer/layer.0/relu/Relu", "Relu", List.of("b"), "r"),
            node("/layer/layer.0/Add", "Add", List.of("r", "input"), "a"),
            node("/layer/layer.0/relu_1/Relu", "Relu", List.of("a"), "output")),
            List.of(floats("layer.0.conv1.weight", 1, 4, 4, 3, 3), floats("layer.0.bn1.weight", 2, 4),
                floats("layer.0.bn1.bias", 3, 4), floats("layer.0.bn1.running_mean", 4, 4),
                floats("layer.0.bn1.running_var", 5, 4)));
        OnnxImporter.Imported result = imported(model, "Residual");
        assertGolden("residual.net", result.text());
        assertEquals(List.of("layer.0.conv1.weight", "layer.0.bn1.weight", "layer.0.bn1.bias", "layer.0.bn1.running_mean",
            "layer.0.bn1.running_var", "layer.0.bn1.num_batches_tracked"), List.copyOf(result.weights().keySet()));
        SafeTensors.Stored tracked = result.weights().get("layer.0.bn1.num_batches_tracked");
        assertEquals(SafeTensors.Dtype.I64, tracked.dtype());
        assertArrayEquals(new byte[8], bytes(tracked));
    }

    /**
     * Blocks named by the classes netc onnx records in the metadata: one block per class, a variant per
     * differing body (the call chooses it); a name that is no block name (not an identifier, or the
     * model's) is not used as it is.
     */
    @Test
    void blocksAreNamedByTheirRecordedClasses() throws Exception {
        List<NodeProto> nodes = new java.util.ArrayList<>();
        List<netc.onnx.OnnxProto.TensorProto> weights = new java.util.ArrayList<>();
        String previous = "input";
        long[] kernels = {3, 1, 3, 3, 1};
        for (int i = 0; i < kernels.length; i++) {
            String scope = "/layer/layer." + i + "/";
            nodes.add(conv(scope + "conv/Conv", previous, "layer." + i + ".conv.weight", null, "c" + i, kernels[i], 1,
                kernels[i] / 2));
            previous = i == kernels.length - 1 ? "output" : "a" + i;
            nodes.add(node(scope + "Add", "Add", List.of("c" + i, i == 0 ? "input" : "a" + (i - 1)), previous));
            weights.add(floats("layer." + i + ".conv.weight", i, 2, 2, kernels[i], kernels[i]));
        }
        ModelProto.Builder model = model(new long[] {1, 2, 4, 4}, nodes, weights).toBuilder();
        String[] classes = {"Res", "Res", "Res", "not a class", "Classes"};
        for (int i = 0; i < classes.length; i++) {
            model.addMetadataProps(netc.onnx.OnnxProto.StringStringEntryProto.newBuilder()
                .setKey("netc.block:layer." + i).setValue(classes[i]));
        }
        assertGolden("classes.net", imported(model.build(), "Classes").text());
    }

    @Test
    void aConcatOfTwoBranches() throws Exception {
        ModelProto model = model(new long[] {1, 3, 5, 5}, List.of(
            conv("/left/Conv", "input", "left.weight", "left.bias", "l", 1, 1, 0),
            conv("/right/Conv", "input", "right.weight", "right.bias", "r", 3, 1, 1),
            node("/Concat", "Concat", List.of("l", "r"), "output", integer("axis", 1))),
            List.of(floats("left.weight", 1, 2, 3, 1, 1), floats("left.bias", 2, 2),
                floats("right.weight", 3, 5, 3, 3, 3), floats("right.bias", 4, 5)));
        assertGolden("concat.net", imported(model, "Branches").text());
    }

    @Test
    void aConvTransposeIsConvtransposeWithItsArguments() throws Exception {
        // weight [in 4, out 6 / groups 2, 3, 3]: 6 output channels; (5 - 1)·2 - 2·1 + 2·(3 - 1) + 1 + 1 = 12
        ModelProto model = model(new long[] {1, 4, 5, 5}, List.of(
            node("/up/ConvTranspose", "ConvTranspose", List.of("input", "up.weight"), "output", ints("strides", 2, 2),
                ints("pads", 1, 1, 1, 1), ints("output_padding", 1, 1), integer("group", 2), ints("dilations", 2, 2))),
            List.of(floats("up.weight", 1, 4, 3, 3, 3)));
        OnnxImporter.Imported result = imported(model, "Up");
        assertEquals("// Imported by netc import from up.onnx, exported by test, opset 13.\n\nmodel Up {\n"
            + "    input x: [4, 5, 5]\n"
            + "    up: convtranspose2d(4, 6, k=3, s=2, p=1, output_padding=1, g=2, bias=false, d=2)\n}\n", result.text());
        assertEquals(List.of("up.weight"), List.copyOf(result.weights().keySet()));
        assertArrayEquals(new int[] {4, 3, 3, 3}, result.weights().get("up.weight").shape());
    }

    @Test
    void aGemmWithoutTransBHasItsWeightTransposed() throws Exception {
        ModelProto model = model(new long[] {1, 4}, List.of(
            node("/fc/Gemm", "Gemm", List.of("input", "fc.weight", "fc.bias"), "output", integer("transB", 0))),
            List.of(floats("fc.weight", 1, 4, 3), floats("fc.bias", 2, 3)));
        OnnxImporter.Imported result = imported(model, "Linear");
        assertGolden("gemm.net", result.text());
        SafeTensors.Stored weight = result.weights().get("fc.weight");
        assertArrayEquals(new int[] {3, 4}, weight.shape());
        // B[1][2] (row 1 of 4x3, column 2) is fc.weight[2][1]: element 1·3+2 of (31 + i) % 97 - 48, over 100
        assertEquals(((31 + 5) % 97 - 48) / 100f, weight.data().order(ByteOrder.LITTLE_ENDIAN).getFloat((2 * 4 + 1) * 4));
    }

    @Test
    void aFoldedExportGetsNumberedModules() throws Exception {
        ModelProto model = model(new long[] {1, 3, 8, 8}, List.of(
            conv("Conv_0", "input", "onnx::Conv_12", "onnx::Conv_13", "c", 3, 2, 1),
            node("Relu_1", "Relu", List.of("c"), "r"),
            node("GlobalAveragePool_2", "GlobalAveragePool", List.of("r"), "g"),
            node("Flatten_3", "Flatten", List.of("g"), "output", integer("axis", 1))),
            List.of(floats("onnx::Conv_12", 1, 6, 3, 3, 3), floats("onnx::Conv_13", 2, 6)));
        OnnxImporter.Imported result = imported(model, "Folded");
        assertGolden("folded.net", result.text());
        assertEquals(List.of("0.weight", "0.bias"), List.copyOf(result.weights().keySet()));
    }

    @Test
    void theCommandWritesBothFilesBesideTheModelOrNothing(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        ModelProto chain = model(new long[] {1, 4}, List.of(
            node("/fc/Gemm", "Gemm", List.of("input", "fc.weight", "fc.bias"), "output", integer("transB", 1))),
            List.of(floats("fc.weight", 1, 3, 4), floats("fc.bias", 2, 3)));
        Path onnx = dir.resolve("tiny-net.onnx");
        Files.write(onnx, chain.toByteArray());
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int code = netc.cli.Main.run(new String[] {"import", onnx.toString()}, java.io.InputStream.nullInputStream(),
            new java.io.PrintStream(out, true, "UTF-8"), new java.io.PrintStream(err, true, "UTF-8"));
        assertEquals(0, code, err.toString("UTF-8"));
        assertEquals("wrote " + dir.resolve("tiny-net.net") + "\nwrote " + dir.resolve("tiny-net.safetensors") + "\n",
            out.toString("UTF-8"));
        assertEquals("// Imported by netc import from tiny-net.onnx, exported by test, opset 13.\n\nmodel TinyNet {\n"
            + "    input x: [4]\n    fc: linear(4, 3)\n}\n", Files.readString(dir.resolve("tiny-net.net")));
        netc.runtime.SafeTensors weights = netc.runtime.SafeTensors.read(dir.resolve("tiny-net.safetensors"));
        assertEquals(List.of("fc.weight", "fc.bias"), List.copyOf(weights.names()));

        Path broken = dir.resolve("broken.onnx");
        Files.write(broken, java.util.Arrays.copyOf(chain.toByteArray(), 40));
        code = netc.cli.Main.run(new String[] {"import", broken.toString(), "--color", "never"},
            java.io.InputStream.nullInputStream(), new java.io.PrintStream(out, true, "UTF-8"),
            new java.io.PrintStream(err, true, "UTF-8"));
        assertEquals(1, code);
        assertEquals(false, Files.exists(dir.resolve("broken.net")) || Files.exists(dir.resolve("broken.safetensors")));
    }

    /**
     * The file's weights are mapped, not read into the heap, so a 36 MB file imports within less; a Gemm
     * weight without transB is transposed in the heap, and one too large for it is error E005, not a crash.
     */
    @Test
    void aFileNeedingMoreMemoryThanTheHeapIsAnError(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (long transB : new long[] {1, 0}) {
            Path onnx = dir.resolve("wide" + transB + ".onnx");
            Files.write(onnx, model(new long[] {1, 3072}, List.of(node("/fc/Gemm", "Gemm", List.of("input", "fc.weight"),
                "output", integer("transB", transB))), List.of(floats("fc.weight", 1, 3072, 3072))).toByteArray());
            Process process = new ProcessBuilder(java, "-Xmx32m", "-cp", System.getProperty("java.class.path"),
                "netc.cli.Main", "import", onnx.toString(), "--color", "never")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (transB == 1) {
                assertEquals(0, process.waitFor(), err);
                netc.runtime.Tensor weight = SafeTensors.read(dir.resolve("wide1.safetensors")).tensor("fc.weight");
                assertArrayEquals(new int[] {3072, 3072}, weight.shape());
                int last = 3072 * 3072 - 1;
                assertEquals(((31 + last) % 97 - 48) / 100f, weight.data[last]);
            } else {
                assertEquals(1, process.waitFor(), err);
                assertTrue(err.startsWith(onnx + ":1:1: error[E005]: importing this file needs more memory than netc has ("),
                    err);
                assertTrue(err.contains("help: run java with a larger -Xmx\n"), err);
                assertEquals(false, Files.exists(dir.resolve("wide0.net")) || Files.exists(dir.resolve("wide0.safetensors")));
            }
        }
    }

    @Test
    void unsupportedOperatorsAreListedByKindWithTheirNodes() {
        ModelProto model = model(new long[] {1, 3, 8, 8}, List.of(
            node("/sin/Sin", "Sin", List.of("input"), "s"),
            node("/pad/Conv", "Conv", List.of("s", "w"), "c", ints("kernel_shape", 3, 3), ints("pads", 0, 0, 1, 1)),
            node("/cos/Cos", "Cos", List.of("input"), "k"),
            node("/sin_1/Sin", "Sin", List.of("k"), "t"),
            node("/Add", "Add", List.of("c", "t"), "output")),
            List.of(floats("w", 1, 3, 3, 3, 3)));
        ImportException error = assertThrows(ImportException.class, () -> imported(model, "Odd"));
        assertEquals(Code.ONNX_UNSUPPORTED_OPERATORS, error.code());
        assertEquals("3 nodes of 2 kinds that netc import cannot write as layers: Cos, Sin", error.getMessage());
        assertEquals(List.of("Cos ×1: /cos/Cos", "Sin ×2: /sin/Sin, /sin_1/Sin"),
            error.notes().stream().map(Text::english).toList());
        Messages chinese = Messages.diagnostics(Locale.SIMPLIFIED_CHINESE);
        assertEquals("有 3 个节点（共 2 种）netc import 无法写成层：Cos、Sin", chinese.render(error.text()));
        assertEquals(List.of("Cos ×1：/cos/Cos", "Sin ×2：/sin/Sin、/sin_1/Sin"),
            error.notes().stream().map(chinese::render).toList());
    }

    /**
     * An int64 input is the indices of an embedding: a Gather of a weight's rows at them is written
     * embedding, the weight's bytes as they are; any other operator reading them, or a Gather on
     * another axis, is listed as unsupported.
     */
    @Test
    void int64IndicesAreReadByEmbeddingsOnly() throws Exception {
        TensorProto weight = floats("embedding.weight", 1, 10, 4);
        OnnxImporter.Imported imported = imported(int64Input(model(new long[] {1, 5}, List.of(
            node("embedding", "Gather", List.of("embedding.weight", "input"), "e"),
            node("/Flatten", "Flatten", List.of("e"), "output", integer("axis", 1))),
            List.of(weight))), "Tokens");
        assertTrue(imported.text().endsWith("model Tokens {\n    input x: int64[5]\n"
            + "    embedding: embedding(10, 4) -> F.flatten\n}\n"), imported.text());
        assertEquals(List.of("embedding.weight"), List.copyOf(imported.weights().keySet()));
        assertArrayEquals(weight.getRawData().toByteArray(), bytes(imported.weights().get("embedding.weight")));

        ModelProto misread = int64Input(model(new long[] {1, 5}, List.of(
            node("/relu/Relu", "Relu", List.of("input"), "r"),
            node("embedding", "Gather", List.of("embedding.weight", "input"), "e", integer("axis", 1)),
            node("/Add", "Add", List.of("r", "e"), "output")),
            List.of(weight)));
        ImportException error = assertThrows(ImportException.class, () -> imported(misread, "Misread"));
        assertEquals(Code.ONNX_UNSUPPORTED_OPERATORS, error.code());
        assertEquals(List.of("Gather (other than of the rows of a float matrix at int64 indices, an embedding, or of one constant index after the batch) ×1: "
            + "embedding",
            "Relu of int64 indices (other than Gather, an embedding) ×1: /relu/Relu"),
            error.notes().stream().map(Text::english).toList());
    }

    /** Several graph outputs are the model's tuple, in the graph's order, each a named value. */
    @Test
    void severalOutputsAreReturnedAsATuple() throws Exception {
        ModelProto.Builder pair = model(new long[] {1, 4}, List.of(
            node("fc", "Gemm", List.of("input", "fc.weight", "fc.bias"), "h", integer("transB", 1)),
            node("act", "Relu", List.of("h"), "r"),
            node("out", "Gemm", List.of("r", "out.weight", "out.bias"), "output", integer("transB", 1))),
            List.of(floats("fc.weight", 1, 3, 4), floats("fc.bias", 2, 3), floats("out.weight", 3, 2, 3),
                floats("out.bias", 4, 2))).toBuilder();
        pair.getGraphBuilder().addOutput(netc.onnx.OnnxProto.ValueInfoProto.newBuilder().setName("h"));
        OnnxImporter.Imported imported = imported(pair.build(), "Pair");
        assertTrue(imported.text().endsWith("""
            model Pair {
                input x: [4]
                x1 = fc: linear(4, 3)
                x1 -> act: relu
                x2 = out: linear(3, 2)
                (x2, x1)
            }
            """), imported.text());
        assertEquals(List.of("fc.weight", "fc.bias", "out.weight", "out.bias"), List.copyOf(imported.weights().keySet()));
    }

    /**
     * Several inputs are declared in the file's order, under its names when each is a plain lower-case name
     * that no keyword or written value takes, else as in1, in2, ...; an input no node reads is an error.
     */
    @Test
    void severalInputsAreDeclaredInOrder() throws Exception {
        for (List<String> names : List.of(List.of("left", "right", "left", "right"), List.of("left", "x1", "in1", "in2"),
                List.of("input", "right", "in1", "in2"))) {
            ModelProto.Builder sum = model(new long[] {1, 4}, List.of(
                node("fc", "Gemm", List.of(names.get(0), "fc.weight", "fc.bias"), "h", integer("transB", 1)),
                node("/Add", "Add", List.of("h", names.get(1)), "output")),
                List.of(floats("fc.weight", 1, 4, 4), floats("fc.bias", 2, 4))).toBuilder();
            sum.getGraphBuilder().setInput(0, OnnxModels.value(names.get(0), new long[] {1, 4}))
                .addInput(OnnxModels.value(names.get(1), new long[] {1, 4}));
            OnnxImporter.Imported imported = imported(sum.build(), "Sum");
            String first = names.get(2);
            String second = names.get(3);
            assertTrue(imported.text().endsWith("model Sum {\n    input " + first + ": [4], " + second + ": [4]\n"
                + "    x1 = " + first + " -> fc: linear(4, 4)\n    x1 + " + second + "\n}\n"), imported.text());
        }
        ModelProto.Builder unread = model(new long[] {1, 4}, List.of(
            node("fc", "Gemm", List.of("input", "fc.weight", "fc.bias"), "output", integer("transB", 1))),
            List.of(floats("fc.weight", 1, 4, 4), floats("fc.bias", 2, 4))).toBuilder();
        unread.getGraphBuilder().addInput(OnnxModels.value("mask", new long[] {1, 4}));
        ImportException error = assertThrows(ImportException.class, () -> imported(unread.build(), "Unread"));
        assertEquals(Code.ONNX_UNSUPPORTED_STRUCTURE, error.code());
        assertEquals("no node reads the input 'mask'; netc import writes models that read each of their inputs",
            error.getMessage());
    }

    /** The operators textcnn and vae brought in are refused, each with what about it, where no .net call means the same. */
    @Test
    void operatorsOfOtherFormsThanTheCallsAreListed() {
        AttributeProto mean = AttributeProto.newBuilder().setName("mean").setType(AttributeProto.AttributeType.FLOAT)
            .setF(1).build();
        ModelProto model = model(new long[] {1, 3, 4}, List.of(
            node("/Transpose", "Transpose", List.of("input"), "t", ints("perm", 1, 0, 2)),
            node("/ReduceMax", "ReduceMax", List.of("input"), "m", ints("axes", 0)),
            node("/Mul", "Mul", List.of("input", "onnx::Mul_7"), "p"),
            node("/RandomNormalLike", "RandomNormalLike", List.of("input"), "r", mean),
            node("/Dropout", "Dropout", List.of("input", "onnx::Mul_7"), "d"),
            node("/Add", "Add", List.of("t", "m"), "output")),
            List.of(floats("onnx::Mul_7", 1, 4))); // a constant torch.onnx folded, not a module's parameter (x * gamma)
        ImportException error = assertThrows(ImportException.class, () -> imported(model, "Odd"));
        assertEquals(Code.ONNX_UNSUPPORTED_OPERATORS, error.code());
        assertEquals(List.of("Dropout (given its training mode, or a ratio other than one number) ×1: /Dropout",
            "Mul (other than of two tensors of one shape, or of a tensor by a number) ×1: /Mul",
            "RandomNormalLike (with a dtype, mean or scale other than randn_like's) ×1: /RandomNormalLike",
            "ReduceMax (other than over one dimension after the batch, named by an attribute) ×1: /ReduceMax",
            "Transpose (other than a permutation that keeps the batch first) ×1: /Transpose"),
            error.notes().stream().map(Text::english).toList());
    }

    /**
     * Slices of one tensor in a row are one index, as netc onnx writes x[:, 2::2, :-1] (a Slice per
     * dimension, the last first); an end that drops fewer elements than it keeps is written from the end,
     * and a Slice that takes every element is left out. A ReduceMean over dimensions after the batch is mean.
     */
    @Test
    void slicesInARowAreOneIndex() throws Exception {
        ModelProto model = model(new long[] {1, 6, 10}, List.of(
            node("/Slice", "Slice", List.of("input", "zero", "nine", "two"), "a"),
            node("/Slice_1", "Slice", List.of("a", "two", "six", "one", "two"), "b"),
            node("/Slice_2", "Slice", List.of("b", "one", "two", "one"), "c"),
            node("/Slice_3", "Slice", List.of("c", "zero", "nine", "two"), "d"),
            node("/ReduceMean", "ReduceMean", List.of("d"), "output", ints("axes", 1, -1), integer("keepdims", 0))),
            List.of(longs("zero", 0), longs("one", 1), longs("two", 2), longs("six", 6), longs("nine", 9)));
        assertTrue(imported(model, "Slices").text().endsWith("""
            model Slices {
                input x: [6, 10]
                x1 = x[:, 2::2, :-1]
                x1[:, 1:] -> mean(dim=(1, 2))
            }
            """), imported(model, "Slices").text());

        ModelProto batch = model(new long[] {2, 6}, List.of(node("/Slice", "Slice", List.of("input", "zero", "one", "zero"), "output")),
            List.of(longs("zero", 0), longs("one", 1)));
        ImportException error = assertThrows(ImportException.class, () -> imported(batch, "Batch"));
        assertEquals(List.of("Slice (other than of constant starts, ends, axes and positive steps after the batch) ×1: /Slice"),
            error.notes().stream().map(Text::english).toList());
    }

    /** A Slice that takes nothing of a dimension, and a Gather of an index beyond its dimension, contradict the shapes. */
    @Test
    void aSliceOrIndexOutsideItsDimensionIsAnError() {
        ModelProto empty = model(new long[] {1, 6}, List.of(node("/Slice", "Slice", List.of("input", "six", "nine", "one"), "output")),
            List.of(longs("one", 1), longs("six", 6), longs("nine", 9)));
        ImportException error = assertThrows(ImportException.class, () -> imported(empty, "Empty"));
        assertEquals(Code.ONNX_INVALID_GRAPH, error.code());
        assertEquals("node '/Slice' (Slice) slices nothing of dimension 1", error.getMessage());
        ModelProto beyond = model(new long[] {1, 6}, List.of(node("/Gather", "Gather", List.of("input", "seven"), "output",
            integer("axis", 1))), List.of(TensorProto.newBuilder().setName("seven").setDataType(TensorProto.DataType.INT64_VALUE)
            .addInt64Data(-7).build()));
        error = assertThrows(ImportException.class, () -> imported(beyond, "Beyond"));
        assertEquals(Code.ONNX_INVALID_GRAPH, error.code());
        assertEquals("node '/Gather' (Gather) takes index -7 of dimension 1, which has 6", error.getMessage());
    }

    /** An Add of a number and a tensor (a sum started from 0, as netc onnx writes {@code skips = 0; skips + s}) is written number first. */
    @Test
    void aNumberAddedToATensor() throws Exception {
        ModelProto model = model(new long[] {1, 4}, List.of(
            node("/Add", "Add", List.of("onnx::Add_1", "input"), "a"),
            node("/Add_1", "Add", List.of("a", "onnx::Add_2"), "output")),
            List.of(floats("onnx::Add_1", 61), floats("onnx::Add_2", 18)));
        assertTrue(imported(model, "Sums").text().endsWith("""
            model Sums {
                input x: [4]
                x1 = 0.0 + x
                0.25 + x1
            }
            """), imported(model, "Sums").text());
    }

    /** The model with its input int64 rather than float32. */
    private static ModelProto int64Input(ModelProto model) {
        ModelProto.Builder builder = model.toBuilder();
        builder.getGraphBuilder().getInputBuilder(0).getTypeBuilder().getTensorTypeBuilder()
            .setElemType(TensorProto.DataType.INT64_VALUE);
        return builder.build();
    }

    /**
     * A call of a local function (torch.onnx's export_modules_as_functions) is its nodes: formal inputs
     * the call's values, attributes it refers to the call's (or left out: LeakyRelu's default), the
     * block its weights' module and scope say, named after the function without torch.onnx's number.
     */
    @Test
    void localFunctionsAreInlinedAsBlocksOfTheirClass() throws Exception {
        AttributeProto slope = AttributeProto.newBuilder().setName("alpha").setType(AttributeProto.AttributeType.FLOAT)
            .setRefAttrName("slope").build();
        FunctionProto function = FunctionProto.newBuilder().setName("Res.1").setDomain("my.blocks")
            .addAllInput(List.of("x", "w")).addOutput("y").addAttribute("slope")
            .addNode(conv("Conv_1", "x", "w", null, "c", 3, 1, 1))
            .addNode(node("LeakyRelu_2", "LeakyRelu", List.of("c"), "r", slope))
            .addNode(node("Add_3", "Add", List.of("r", "x"), "y")).build();
        ModelProto model = model(new long[] {1, 2, 4, 4}, List.of(
            node("/layer/layer.0/Res.1", "Res.1", List.of("input", "layer.0.conv.weight"), "a",
                AttributeProto.newBuilder().setName("slope").setType(AttributeProto.AttributeType.FLOAT).setF(0.2f).build())
                .toBuilder().setDomain("my.blocks").build(),
            node("/layer/layer.1/Res.1", "Res.1", List.of("a", "layer.1.conv.weight"), "output").toBuilder()
                .setDomain("my.blocks").build()),
            List.of(floats("layer.0.conv.weight", 1, 2, 2, 3, 3), floats("layer.1.conv.weight", 2, 2, 2, 3, 3)))
            .toBuilder().addFunctions(function).build();
        OnnxImporter.Imported result = imported(model, "Inlined");
        assertGolden("functions.net", result.text());
        assertEquals(List.of("layer.0.conv.weight", "layer.1.conv.weight"), List.copyOf(result.weights().keySet()));
    }

    @Test
    void aLocalFunctionCallingItselfIsAnError() {
        FunctionProto function = FunctionProto.newBuilder().setName("Loop").setDomain("my.blocks").addInput("x").addOutput("y")
            .addNode(node("again", "Loop", List.of("x"), "y").toBuilder().setDomain("my.blocks")).build();
        ModelProto model = model(new long[] {1, 4}, List.of(
            node("/loop/Loop", "Loop", List.of("input"), "output").toBuilder().setDomain("my.blocks").build()), List.of())
            .toBuilder().addFunctions(function).build();
        ImportException error = assertThrows(ImportException.class, () -> imported(model, "Loops"));
        assertEquals(Code.ONNX_INVALID_GRAPH, error.code());
        assertEquals("the local function Loop calls itself, so it cannot be inlined", error.getMessage());
        assertEquals("局部函数 Loop 调用了它自己，无法内联", Messages.diagnostics(Locale.SIMPLIFIED_CHINESE).render(error.text()));
    }

    /** A node of another domain that is no local function of the model (a custom operator) is listed with it. */
    @Test
    void nodesOfAnotherDomainAreListedWithItWhereverTheyStand() {
        ModelProto model = model(new long[] {1, 4}, List.of(
            node("/layer1/layer1.0/relu/BasicBlock", "BasicBlock", List.of("input"), "a").toBuilder()
                .setDomain("torchvision.models.resnet").build(),
            node("/layer1/layer1.1/relu/BasicBlock", "BasicBlock", List.of("a"), "b").toBuilder()
                .setDomain("torchvision.models.resnet").build(),
            node("/relu/Relu", "Relu", List.of("b"), "output")), List.of());
        ImportException error = assertThrows(ImportException.class, () -> imported(model, "Functions"));
        assertEquals(Code.ONNX_UNSUPPORTED_OPERATORS, error.code());
        assertEquals("2 nodes of 1 kind that netc import cannot write as layers: torchvision.models.resnet.BasicBlock",
            error.getMessage());
        assertEquals(List.of("torchvision.models.resnet.BasicBlock ×2: /layer1/layer1.0/relu/BasicBlock, "
            + "/layer1/layer1.1/relu/BasicBlock"), error.notes().stream().map(Text::english).toList());
    }

    @Test
    void namesFromTheFileAreQuotedOnOneLine() {
        ModelProto model = model(new long[] {1, 4}, List.of(
            node("evil\nerror[E000]: " + "x".repeat(200), "Nope\r", List.of("input"), "output")), List.of());
        ImportException error = assertThrows(ImportException.class, () -> imported(model, "Evil"));
        assertEquals("1 node of 1 kind that netc import cannot write as layers: Nope?", error.getMessage());
        assertEquals(List.of("Nope? ×1: evil?error[E000]: " + "x".repeat(82) + "... (218 characters)"),
            error.notes().stream().map(Text::english).toList());
    }

    @Test
    void aMissingInitializerIsNamed() {
        ModelProto model = model(new long[] {1, 3, 8, 8}, List.of(
            conv("/conv/Conv", "input", "conv.weight", null, "output", 3, 1, 1)), List.of());
        ImportException error = assertThrows(ImportException.class, () -> imported(model, "Missing"));
        assertEquals(Code.ONNX_INVALID_GRAPH, error.code());
        assertEquals("node '/conv/Conv' (Conv) reads 'conv.weight', which no node, input or initializer gives "
            + "(a missing initializer?)", error.getMessage());
        assertEquals("节点 '/conv/Conv' (Conv) 读取 'conv.weight'，但没有任何节点、输入或 initializer 给出它（缺少 initializer？）",
            Messages.diagnostics(Locale.SIMPLIFIED_CHINESE).render(error.text()));
    }

    @Test
    void aCycleIsAnError() {
        List<NodeProto> nodes = List.of(node("/a/Relu", "Relu", List.of("b"), "a"),
            node("/b/Add", "Add", List.of("a", "input"), "b"), node("/c/Relu", "Relu", List.of("b"), "output"));
        ImportException error = assertThrows(ImportException.class,
            () -> imported(model(new long[] {1, 4}, nodes, List.of()), "Cycle"));
        assertEquals(Code.ONNX_INVALID_GRAPH, error.code());
        assertEquals("the graph has a cycle: 3 nodes wait on each other's outputs, among them '/a/Relu' (Relu), "
            + "'/b/Add' (Add), '/c/Relu' (Relu)", error.getMessage());
    }

    @Test
    void truncatedProtobufIsNotAModel() {
        ModelProto model = model(new long[] {1, 3, 8, 8}, List.of(
            conv("/conv/Conv", "input", "conv.weight", null, "output", 3, 1, 1)),
            List.of(floats("conv.weight", 1, 2, 3, 3, 3)));
        byte[] whole = model.toByteArray();
        // the opset import is written last: a cut before it leaves the graph incomplete
        int graphEnd = whole.length - model.getOpsetImport(0).getSerializedSize() - 2;
        for (int length = 0; length < graphEnd; length += 7) {
            byte[] part = java.util.Arrays.copyOf(whole, length);
            ImportException error = assertThrows(ImportException.class,
                () -> OnnxImporter.importModel(ByteBuffer.wrap(part), "Cut", "cut.onnx"), "length " + length);
            assertTrue(error.code() == Code.ONNX_UNREADABLE || error.code() == Code.ONNX_INVALID_GRAPH,
                "length " + length + ": " + error.code() + " " + error.getMessage());
        }
    }
}
