package netc.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** ONNX's messages are compiled from netc-compiler/src/main/proto/onnx.proto: a model survives its own wire format. */
class OnnxProtoTest {
    @Test
    void modelRoundTripsThroughTheWireFormat() throws Exception {
        OnnxProto.ModelProto model = OnnxProto.ModelProto.newBuilder()
                .setIrVersion(OnnxProto.Version.IR_VERSION_VALUE)
                .addOpsetImport(OnnxProto.OperatorSetIdProto.newBuilder().setDomain("").setVersion(17))
                .setGraph(OnnxProto.GraphProto.newBuilder().setName("g")
                        .addNode(OnnxProto.NodeProto.newBuilder().setOpType("Relu").setName("relu")
                                .addInput("x").addOutput("y")))
                .build();
        OnnxProto.ModelProto read = OnnxProto.ModelProto.parseFrom(model.toByteArray());
        assertEquals(14, read.getIrVersion());
        assertEquals(17, read.getOpsetImport(0).getVersion());
        assertEquals("Relu", read.getGraph().getNode(0).getOpType());
    }
}
