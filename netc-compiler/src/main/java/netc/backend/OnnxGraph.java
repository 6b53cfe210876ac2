package netc.backend;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import netc.onnx.OnnxProto;
import netc.onnx.OnnxProto.AttributeProto;
import netc.onnx.OnnxProto.NodeProto;
import netc.onnx.OnnxProto.TensorProto;
import netc.semantic.model.Value;

/**
 * An ONNX graph being built: nodes in topological order (the order they are added), initializers,
 * and unique names for nodes and values. Constants other than weights are Constant nodes, so the
 * initializers are exactly the state_dict. The one place that knows how an opset spells an operator
 * whose inputs changed between the opsets netc exports (the reductions' axes).
 */
final class OnnxGraph {
    private final int opset;
    private final OnnxProto.GraphProto.Builder graph = OnnxProto.GraphProto.newBuilder();
    private final Set<String> values = new HashSet<>();
    private final Set<String> nodes = new HashSet<>();
    private final Set<String> initializers = new HashSet<>();

    OnnxGraph(int opset, String name) {
        this.opset = opset;
        graph.setName(name);
    }

    int opset() {
        return opset;
    }

    OnnxProto.GraphProto.Builder proto() {
        return graph;
    }

    /** A value name not taken yet: {@code base}, else {@code base_1}, {@code base_2}, ... */
    String claimValue(String base) {
        return claim(values, base, "_");
    }

    private static String claim(Set<String> taken, String base, String separator) {
        if (taken.add(base)) {
            return base;
        }
        for (int i = 1; ; i++) {
            String name = base + separator + i;
            if (taken.add(name)) {
                return name;
            }
        }
    }

    /** Adds an initializer named {@code name} (a state_dict key, claimed as a value). */
    void addInitializer(TensorProto tensor) {
        values.add(tensor.getName());
        initializers.add(tensor.getName());
        graph.addInitializer(tensor);
    }

    boolean hasInitializer(String name) {
        return initializers.contains(name);
    }

    /** An attribute of a node. */
    record Attr(AttributeProto proto) {
        static Attr of(String name, long value) {
            return new Attr(AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT)
                .setI(value).build());
        }

        static Attr of(String name, long[] values) {
            AttributeProto.Builder builder = AttributeProto.newBuilder().setName(name)
                .setType(AttributeProto.AttributeType.INTS);
            for (long value : values) {
                builder.addInts(value);
            }
            return new Attr(builder.build());
        }

        static Attr of(String name, double value) {
            return new Attr(AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT)
                .setF((float) value).build());
        }

        static Attr of(String name, String value) {
            return new Attr(AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(value)).build());
        }

        static Attr strings(String name, List<String> values) {
            AttributeProto.Builder builder = AttributeProto.newBuilder().setName(name)
                .setType(AttributeProto.AttributeType.STRINGS);
            for (String value : values) {
                builder.addStrings(ByteString.copyFromUtf8(value));
            }
            return new Attr(builder.build());
        }

        static Attr of(String name, TensorProto value) {
            return new Attr(AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.TENSOR)
                .setT(value).build());
        }
    }

    /** A node of one output, named {@code label} (or label/OpType when taken); returns its output's name. */
    String node(String opType, String label, List<String> inputs, Attr... attributes) {
        return node(opType, label, inputs, 1, attributes).get(0);
    }

    /**
     * A node of {@code outputs} outputs; an empty input name is an optional input left out. The first
     * node of a label other than a Constant takes the label itself: the layer's main node. A label that
     * is a scope ({@code /layer1/layer1.0/}) names every node as torch.onnx does, {@code /layer1/layer1.0/Add},
     * then {@code Add_1}, ...
     */
    List<String> node(String opType, String label, List<String> inputs, int outputs, Attr... attributes) {
        String name = label.endsWith("/") ? claim(nodes, label + opType, "_")
            : !opType.equals("Constant") && nodes.add(label) ? label : claim(nodes, label + "/" + opType, "_");
        NodeProto.Builder node = NodeProto.newBuilder().setOpType(opType).setName(name).addAllInput(inputs);
        List<String> results = new ArrayList<>();
        for (int i = 0; i < outputs; i++) {
            String output = claimValue(outputs == 1 ? name : name + ":" + i);
            node.addOutput(output);
            results.add(output);
        }
        for (Attr attribute : attributes) {
            node.addAttribute(attribute.proto());
        }
        graph.addNode(node);
        return results;
    }

    /** A Constant node holding an int64 vector. */
    String ints(String label, long... values) {
        return constant(label, tensor(TensorProto.DataType.INT64, new long[] {values.length}, longBytes(values)));
    }

    /** A Constant node holding an int64 scalar (rank 0). */
    String intScalar(String label, long value) {
        return constant(label, tensor(TensorProto.DataType.INT64, new long[0], longBytes(value)));
    }

    /** A Constant node holding a float32 scalar (rank 0). */
    String floatScalar(String label, double value) {
        return constant(label, tensor(TensorProto.DataType.FLOAT, new long[0], floatBytes((float) value)));
    }

    /** A Constant node holding a float32 tensor of shape {@code dims}. */
    String floats(String label, long[] dims, float... values) {
        return constant(label, tensor(TensorProto.DataType.FLOAT, dims, floatBytes(values)));
    }

    /** A scalar constant of the element type of a tensor: int64 for int64 tensors, else float32. */
    String scalar(String label, double value, Value.DType dtype) {
        return dtype == Value.DType.INT64 ? intScalar(label, (long) value) : floatScalar(label, value);
    }

    private String constant(String label, TensorProto value) {
        return node("Constant", label, List.of(), Attr.of("value", value));
    }

    static TensorProto tensor(TensorProto.DataType type, long[] dims, byte[] data) {
        TensorProto.Builder tensor = TensorProto.newBuilder().setDataType(type.getNumber())
            .setRawData(UnsafeByteOperations.unsafeWrap(data)); // data is never written again: no copy
        for (long dim : dims) {
            tensor.addDims(dim);
        }
        return tensor.build();
    }

    static byte[] floatBytes(float... values) {
        ByteBuffer buffer = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            buffer.putFloat(value);
        }
        return buffer.array();
    }

    static byte[] longBytes(long... values) {
        ByteBuffer buffer = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long value : values) {
            buffer.putLong(value);
        }
        return buffer.array();
    }

    /**
     * A reduction (ReduceMean, ReduceMax, ...) over {@code axes}: an attribute before opset 18, an
     * input from 18 on (ReduceSum's from 13).
     */
    String reduce(String opType, String label, String input, long[] axes, boolean keepDims) {
        Attr keep = Attr.of("keepdims", keepDims ? 1 : 0);
        if (opset >= 18 || opType.equals("ReduceSum")) {
            return node(opType, label, List.of(input, ints(label, axes)), keep);
        }
        return node(opType, label, List.of(input), Attr.of("axes", axes), keep);
    }

    /** Element type conversion. */
    String cast(String label, String input, Value.DType to) {
        return node("Cast", label, List.of(input), Attr.of("to", elementType(to).getNumber()));
    }

    static TensorProto.DataType elementType(Value.DType dtype) {
        switch (dtype) {
            case FLOAT32:
                return TensorProto.DataType.FLOAT;
            case INT64:
                return TensorProto.DataType.INT64;
            case BOOL:
                return TensorProto.DataType.BOOL;
            default:
                throw new AssertionError(dtype);
        }
    }

    /** Reshape to {@code dims} after the batch, the batch (-1) inferred. */
    String reshape(String label, String input, long[] dims) {
        long[] shape = new long[dims.length + 1];
        shape[0] = -1;
        System.arraycopy(dims, 0, shape, 1, dims.length);
        return node("Reshape", label, List.of(input, ints(label, shape)));
    }

    String transpose(String label, String input, long... perm) {
        return node("Transpose", label, List.of(input), Attr.of("perm", perm));
    }

    /** {@code x[..., start:end]} along {@code axis}. */
    String slice(String label, String input, long axis, long start, long end) {
        return node("Slice", label, List.of(input, ints(label, start), ints(label, end), ints(label, axis)));
    }
}
