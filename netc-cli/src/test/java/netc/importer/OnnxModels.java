package netc.importer;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import netc.onnx.OnnxProto.AttributeProto;
import netc.onnx.OnnxProto.GraphProto;
import netc.onnx.OnnxProto.ModelProto;
import netc.onnx.OnnxProto.NodeProto;
import netc.onnx.OnnxProto.OperatorSetIdProto;
import netc.onnx.OnnxProto.TensorProto;
import netc.onnx.OnnxProto.TensorShapeProto;
import netc.onnx.OnnxProto.TypeProto;
import netc.onnx.OnnxProto.ValueInfoProto;

/** ONNX models built with OnnxProto's builders, as an exporter writes them. */
final class OnnxModels {
    private OnnxModels() {
    }

    /** A model of one float input {@code input} of {@code shape} (the batch first) and one output {@code output}. */
    static ModelProto model(long[] shape, List<NodeProto> nodes, List<TensorProto> initializers) {
        GraphProto.Builder graph = GraphProto.newBuilder().setName("test")
            .addInput(value("input", shape)).addOutput(ValueInfoProto.newBuilder().setName("output"))
            .addAllNode(nodes).addAllInitializer(initializers);
        return ModelProto.newBuilder().setIrVersion(8).setProducerName("test")
            .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(13)).setGraph(graph).build();
    }

    static ValueInfoProto value(String name, long[] shape) {
        TensorShapeProto.Builder dims = TensorShapeProto.newBuilder();
        for (long dim : shape) {
            dims.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(dim));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
            TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(dims))).build();
    }

    static NodeProto node(String name, String op, List<String> inputs, String output, AttributeProto... attributes) {
        return NodeProto.newBuilder().setName(name).setOpType(op).addAllInput(inputs).addOutput(output)
            .addAllAttribute(List.of(attributes)).build();
    }

    static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder attribute = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long value : values) {
            attribute.addInts(value);
        }
        return attribute.build();
    }

    static AttributeProto integer(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    /** A float tensor whose elements count 0.01, 0.02, ... from {@code seed}, so every weight differs. */
    static TensorProto floats(String name, long seed, long... dims) {
        long count = 1;
        for (long dim : dims) {
            count *= dim;
        }
        ByteBuffer data = ByteBuffer.allocate((int) count * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++) {
            data.putFloat(((seed * 31 + i) % 97 - 48) / 100f);
        }
        TensorProto.Builder tensor = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE)
            .setRawData(ByteString.copyFrom(data.array()));
        for (long dim : dims) {
            tensor.addDims(dim);
        }
        return tensor.build();
    }

    /** An int64 tensor of one dimension: a Slice's starts, ends, axes or steps. */
    static TensorProto longs(String name, long... values) {
        return TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE).addDims(values.length)
            .addAllInt64Data(java.util.Arrays.stream(values).boxed().toList()).build();
    }

    static NodeProto conv(String name, String input, String weight, String bias, String output, long kernel, long stride,
                          long pad) {
        List<String> inputs = bias == null ? List.of(input, weight) : List.of(input, weight, bias);
        return node(name, "Conv", inputs, output, ints("kernel_shape", kernel, kernel), ints("strides", stride, stride),
            ints("pads", pad, pad, pad, pad), ints("dilations", 1, 1), integer("group", 1));
    }
}
