package netc.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import netc.diagnostics.Code;
import netc.onnx.OnnxProto;
import netc.onnx.OnnxProto.NodeProto;
import netc.runtime.SafeTensors;
import netc.runtime.Tensor;
import netc.semantic.catalog.Catalog;
import netc.semantic.catalog.LayerSpec;
import netc.semantic.model.AnalyzedModel;
import org.junit.jupiter.api.Test;

/** The structure of exported ONNX models, without Python: names, shapes, types, operators in order, opsets. */
class OnnxExporterTest {
    private static OnnxProto.ModelProto export(AnalyzedModel model, int opset) throws Exception {
        return OnnxExporter.export(model, OnnxExporter.randomWeights(), opset, "test");
    }

    private static OnnxProto.ModelProto export(String text) throws Exception {
        return export(GeneratedModels.analyze("m.net", text), OnnxExporter.DEFAULT_OPSET);
    }

    /** The operators other than Constant, in graph order. */
    private static List<String> operators(OnnxProto.ModelProto model) {
        return model.getGraph().getNodeList().stream().map(NodeProto::getOpType).filter(op -> !op.equals("Constant"))
            .collect(Collectors.toList());
    }

    private static String type(OnnxProto.ValueInfoProto value) {
        OnnxProto.TypeProto.Tensor tensor = value.getType().getTensorType();
        List<String> dims = tensor.getShape().getDimList().stream()
            .map(d -> d.hasDimParam() ? d.getDimParam() : Long.toString(d.getDimValue())).collect(Collectors.toList());
        return value.getName() + ": " + OnnxProto.TensorProto.DataType.forNumber(tensor.getElemType()) + " " + dims;
    }

    private static NodeProto node(OnnxProto.ModelProto model, String name) {
        return model.getGraph().getNodeList().stream().filter(n -> n.getName().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void everyCatalogueLayerHasAMapping() {
        List<String> missing = Catalog.standard().entries().stream().flatMap(entry -> entry.variants().stream())
            .map(LayerSpec::name).filter(name -> OnnxLayers.forLayer(name) == null).collect(Collectors.toList());
        assertEquals(List.of(), new ArrayList<>(new TreeSet<>(missing)));
    }

    @Test
    void simpleModelHasItsNamesShapesAndOperators() throws Exception {
        OnnxProto.ModelProto model = export(GeneratedModels.analyze(Path.of("samples/simple.net")), 17);
        assertEquals(8, model.getIrVersion());
        assertEquals(1, model.getOpsetImportCount());
        assertEquals("", model.getOpsetImport(0).getDomain());
        assertEquals(17, model.getOpsetImport(0).getVersion());
        assertEquals("netc", model.getProducerName());
        assertEquals("SimpleModel", model.getGraph().getName());
        assertEquals(List.of("x: FLOAT [batch, 3, 32, 32]"),
            model.getGraph().getInputList().stream().map(OnnxExporterTest::type).collect(Collectors.toList()));
        assertEquals(List.of("output: FLOAT [batch, 10]"),
            model.getGraph().getOutputList().stream().map(OnnxExporterTest::type).collect(Collectors.toList()));
        assertEquals(List.of("conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias", "fc1.weight", "fc1.bias",
            "fc2.weight", "fc2.bias"), model.getGraph().getInitializerList().stream().map(OnnxProto.TensorProto::getName)
            .collect(Collectors.toList()));
        assertEquals(List.of("Conv", "Relu", "MaxPool", "Conv", "Relu", "MaxPool", "Reshape", "Gemm", "Relu", "Gemm",
            "Identity"), operators(model));
        NodeProto conv1 = node(model, "conv1");
        assertEquals(List.of("x", "conv1.weight", "conv1.bias"), conv1.getInputList());
        assertEquals("[kernel_shape: [3, 3], strides: [1, 1], dilations: [1, 1], group: 1, pads: [1, 1, 1, 1]]",
            conv1.getAttributeList().stream().map(a -> a.getName() + ": " + (a.getType()
                == OnnxProto.AttributeProto.AttributeType.INTS ? a.getIntsList() : a.getI()))
                .collect(Collectors.toList()).toString());
        // functional calls as torch.onnx names them: by the module they run in (here the model), numbered
        assertEquals(List.of("/Relu", "/MaxPool", "/Relu_1", "/MaxPool_1", "/Constant", "/Reshape", "fc1", "/Relu_2", "fc2"),
            model.getGraph().getNodeList().stream().map(NodeProto::getName).filter(n -> !n.startsWith("conv"))
            .filter(n -> !n.equals("output")).collect(Collectors.toList()));
    }

    @Test
    void initializersAreTheWeightsFileUnderItsKeys() throws Exception {
        Path oracle = Path.of("netc-runtime/src/test/resources/oracle/seed_simple");
        netc.OracleSamples.Pairing pairing = netc.OracleSamples.pairing("seed_simple");
        AnalyzedModel analyzed = pairing.analyze();
        SafeTensors file = SafeTensors.read(oracle.resolve("weights.safetensors"));
        OnnxProto.ModelProto model = OnnxExporter.export(analyzed, OnnxExporter.weightsOf(file, analyzed), 17, "test");
        assertEquals(new ArrayList<>(file.names()), model.getGraph().getInitializerList().stream()
            .map(OnnxProto.TensorProto::getName).collect(Collectors.toList()));
        OnnxProto.TensorProto bias = model.getGraph().getInitializer(3);
        Tensor expected = file.tensor(bias.getName());
        assertEquals(List.of(32L), bias.getDimsList());
        float[] actual = new float[expected.numel()];
        ByteBuffer.wrap(bias.getRawData().toByteArray()).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(actual);
        assertArrayEquals(expected.data, actual);
    }

    @Test
    void batchNormStaysBatchNormalizationOnRunningStatistics() throws Exception {
        OnnxProto.ModelProto model = export("""
            model M {
                input x: [3, 8, 8]
                conv: conv2d(3, 4, 3) -> bn: batchnorm2d(4, eps=0.001) -> relu
            }
            """);
        assertEquals(List.of("Conv", "BatchNormalization", "Relu", "Identity"), operators(model));
        NodeProto norm = node(model, "bn");
        assertEquals(List.of("conv", "bn.weight", "bn.bias", "bn.running_mean", "bn.running_var"), norm.getInputList());
        assertEquals(0.001f, norm.getAttribute(0).getF());
        assertEquals(List.of("conv.weight", "conv.bias", "bn.weight", "bn.bias", "bn.running_mean", "bn.running_var",
            "bn.num_batches_tracked"), model.getGraph().getInitializerList().stream()
            .map(OnnxProto.TensorProto::getName).collect(Collectors.toList()));
        OnnxProto.TensorProto runningVar = model.getGraph().getInitializer(5);
        assertEquals(1f, ByteBuffer.wrap(runningVar.getRawData().toByteArray()).order(ByteOrder.LITTLE_ENDIAN).getFloat());
        assertEquals(OnnxProto.TensorProto.DataType.INT64_VALUE, model.getGraph().getInitializer(6).getDataType());
    }

    /** The Concat that orders a recurrent layer's gates reads the Split of PyTorch's rows in ONNX's order. */
    private static List<Integer> gateOrder(OnnxProto.ModelProto model, String weight) {
        NodeProto split = model.getGraph().getNodeList().stream()
            .filter(n -> n.getOpType().equals("Split") && n.getInput(0).equals(weight)).findFirst().orElseThrow();
        NodeProto concat = model.getGraph().getNodeList().stream()
            .filter(n -> n.getOpType().equals("Concat") && split.getOutputList().contains(n.getInput(0)))
            .findFirst().orElseThrow();
        return concat.getInputList().stream().map(split.getOutputList()::indexOf).collect(Collectors.toList());
    }

    @Test
    void recurrentGatesAreReorderedForOnnx() throws Exception {
        OnnxProto.ModelProto lstm = export("""
            model M {
                input x: [5, 3]
                rec: lstm(3, 4, batch_first=true)
            }
            """);
        assertEquals(List.of(0, 3, 1, 2), gateOrder(lstm, "rec.weight_ih_l0"), "PyTorch's i,f,g,o as ONNX's i,o,f,c");
        assertEquals(List.of(0, 3, 1, 2), gateOrder(lstm, "rec.weight_hh_l0"));
        assertEquals(List.of(0, 3, 1, 2), gateOrder(lstm, "rec.bias_ih_l0"));
        OnnxProto.ModelProto gru = export("""
            model M {
                input x: [5, 3]
                rec: gru(3, 4, num_layers=2, batch_first=true, bidirectional=true)
            }
            """);
        assertEquals(List.of(1, 0, 2), gateOrder(gru, "rec.weight_ih_l1_reverse"), "PyTorch's r,z,n as ONNX's z,r,h");
        List<NodeProto> layers = gru.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("GRU"))
            .collect(Collectors.toList());
        assertEquals(2, layers.size());
        assertEquals("[hidden_size 4, direction bidirectional, linear_before_reset 1]", layers.get(1).getAttributeList()
            .stream().map(a -> a.getName() + " " + (a.getType() == OnnxProto.AttributeProto.AttributeType.STRING
                ? a.getS().toStringUtf8() : Long.toString(a.getI()))).collect(Collectors.toList()).toString());
        assertEquals(List.of("output: FLOAT [batch, 5, 8]"),
            gru.getGraph().getOutputList().stream().map(OnnxExporterTest::type).collect(Collectors.toList()));
    }

    @Test
    void integerInputsTuplesAndStatesKeepTheirTypesAndShapes() throws Exception {
        OnnxProto.ModelProto model = export("""
            model M {
                input tokens: int64[7]
                out, h = tokens -> emb: embedding(10, 4) -> rec: gru(4, 6, batch_first=true)
                (out, h)
            }
            """);
        assertEquals(List.of("tokens: INT64 [batch, 7]"),
            model.getGraph().getInputList().stream().map(OnnxExporterTest::type).collect(Collectors.toList()));
        assertEquals(List.of("out: FLOAT [batch, 7, 6]", "output1: FLOAT [1, batch, 6]"),
            model.getGraph().getOutputList().stream().map(OnnxExporterTest::type).collect(Collectors.toList()));
        assertEquals(List.of("emb.weight", "tokens"), node(model, "emb").getInputList());
    }

    /** The order of what a block returns, which the graph does not hold, is recorded per instance; a block returning one tensor has none. */
    @Test
    void whatABlockReturnsIsRecordedInOrder() throws Exception {
        OnnxProto.ModelProto model = export("""
            block Pair {
                input x
                a = x -> left: linear(4, 3)
                b = x -> right: linear(4, 2)
                (b, a)
            }
            block One {
                input x
                x -> fc: linear(3, 3)
            }
            model M {
                input x: [4]
                p, q = x -> pair: Pair
                q -> one: One
            }
            """);
        assertEquals(List.of("netc.block:pair=Pair", "netc.block:one=One", "netc.returns:pair=pair.right\npair.left"),
            model.getMetadataPropsList().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.toList()));
    }

    @Test
    void opset18OnTakesReductionAxesAsAnInput() throws Exception {
        AnalyzedModel analyzed = GeneratedModels.analyze("m.net", """
            model M {
                input x: [4, 6]
                x.mean(dim=2, keepdim=true)
            }
            """);
        NodeProto at17 = node(export(analyzed, 17), "/ReduceMean");
        assertEquals(1, at17.getInputCount());
        assertEquals("axes", at17.getAttribute(0).getName());
        assertEquals(List.of(2L), at17.getAttribute(0).getIntsList());
        OnnxProto.ModelProto at21 = export(analyzed, 21);
        assertEquals(2, node(at21, "/ReduceMean").getInputCount());
        assertEquals(10, at21.getIrVersion());
        assertEquals(21, at21.getOpsetImport(0).getVersion());
    }

    @Test
    void weightsBeyondWhatOneFileHoldsAreRefusedAtTheModel() {
        UnsupportedLayerException refused = assertThrows(UnsupportedLayerException.class, () -> export("""
            model M {
                input x: [50000]
                a: linear(50000, 10000)
                b: linear(10000, 50000)
            }
            """));
        assertEquals(Code.NO_ONNX_EXPORT, refused.code());
        assertEquals("1:1", refused.span().startLine() + ":" + refused.span().startColumn());
        assertEquals("the ONNX export cannot hold more than 2000000000 bytes of weights in one file (protobuf's limit "
            + "is 2 GiB, and netc writes no external data)", refused.getMessage());
    }

    @Test
    void anLstmWithAProjectionIsUnrolled() throws Exception {
        OnnxProto.ModelProto model = export("""
            model M {
                input x: [3, 2]
                rec: lstm(2, 4, batch_first=true, proj_size=1)
            }
            """);
        List<String> operators = operators(model);
        assertEquals(3, operators.stream().filter("Tanh"::equals).count() / 2, "two Tanh per step");
        assertEquals(0, operators.stream().filter("LSTM"::equals).count());
        assertEquals(List.of("output: FLOAT [batch, 3, 1]"),
            model.getGraph().getOutputList().stream().map(OnnxExporterTest::type).collect(Collectors.toList()));
    }
}
