package netc.importer;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.UnsafeByteOperations;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.regex.Pattern;
import netc.backend.OnnxExporter;
import netc.diagnostics.Code;
import netc.diagnostics.Text;
import netc.onnx.OnnxProto.AttributeProto;
import netc.onnx.OnnxProto.GraphProto;
import netc.onnx.OnnxProto.ModelProto;
import netc.onnx.OnnxProto.NodeProto;
import netc.onnx.OnnxProto.StringStringEntryProto;
import netc.onnx.OnnxProto.TensorProto;
import netc.onnx.OnnxProto.TensorShapeProto;
import netc.onnx.OnnxProto.ValueInfoProto;
import netc.runtime.LongTensor;
import netc.runtime.SafeTensors;
import netc.runtime.Tensor;

/**
 * An ONNX model read and checked as untrusted input: its inputs, its outputs, its nodes in an
 * order where every value is computed before it is read, and its constant tensors (initializers,
 * Constant nodes and Identity nodes of them, as PyTorch's exporter shares equal initializers) decoded.
 */
final class OnnxGraph {
    /**
     * A class netc import writes as a block's name: an identifier of a capital (after underscores), no
     * constant's, and the container it subclasses ({@code _Transition : Sequential}); or {@code Sequential}, a group.
     */
    private static final Pattern BLOCK_CLASS = Pattern.compile(
        "(?!(None|True|False)( |$))_*[A-Z][A-Za-z0-9_]{0,99}( : (Sequential|ModuleDict))?");
    /** Java arrays hold at most this many elements. */
    private static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    /**
     * A constant, its data checked to fill its shape and decoded only when asked for: a weight's bytes
     * go to the safetensors file as the .onnx file holds them (a view of the file, not a copy).
     */
    record Constant(String name, int[] shape, TensorProto tensor) {
        /** The data as floats, integers converted. */
        float[] floats() {
            int n = elements();
            float[] floats = new float[n];
            ByteBuffer raw = raw();
            switch (tensor.getDataType()) {
                case TensorProto.DataType.FLOAT_VALUE:
                    if (tensor.hasRawData()) {
                        raw.asFloatBuffer().get(floats);
                    } else {
                        for (int i = 0; i < n; i++) {
                            floats[i] = tensor.getFloatData(i);
                        }
                    }
                    break;
                case TensorProto.DataType.DOUBLE_VALUE:
                    for (int i = 0; i < n; i++) {
                        floats[i] = (float) (tensor.hasRawData() ? raw.getDouble() : tensor.getDoubleData(i));
                    }
                    break;
                default: // INT64, the one other type decode accepts
                    long[] longs = longs();
                    for (int i = 0; i < n; i++) {
                        floats[i] = longs[i];
                    }
            }
            return floats;
        }

        /** The data of an INT64 tensor; null for a float one. */
        long[] longs() {
            if (tensor.getDataType() != TensorProto.DataType.INT64_VALUE) {
                return null;
            }
            long[] longs = new long[elements()];
            if (tensor.hasRawData()) {
                raw().asLongBuffer().get(longs);
            } else {
                for (int i = 0; i < longs.length; i++) {
                    longs[i] = tensor.getInt64Data(i);
                }
            }
            return longs;
        }

        /** The tensor as a state_dict entry: float32 or int64, float32 raw data written as it is. */
        SafeTensors.Stored stored() {
            if (tensor.getDataType() == TensorProto.DataType.FLOAT_VALUE && tensor.hasRawData()) {
                return new SafeTensors.Stored(SafeTensors.Dtype.F32, shape, raw());
            }
            long[] longs = longs();
            return SafeTensors.Stored.of(longs != null ? new LongTensor(longs, shape) : new Tensor(floats(), shape));
        }

        private int elements() {
            return Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        }

        private ByteBuffer raw() {
            return tensor.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    /** A graph input: its name, its shape (the batch first), whether it is int64 (an embedding's indices), not float32. */
    record Input(String name, long[] shape, boolean integer) {
    }

    final ModelProto model;
    /** The graph's inputs, in order: one, or several the model declares in that order. */
    final List<Input> inputs;
    /** The graph's outputs, in order: one, or several the model returns as a tuple. */
    final List<String> outputNames;
    /** The nodes that compute, in an order that computes every value before it is read. */
    final List<NodeProto> nodes;
    final Map<String, Constant> constants;
    /** The class of each block instance the file names, by module path ({@code layer1.0} → BasicBlock). */
    final Map<String, String> blockClasses;
    /** The module path of the block each node of an inlined local function runs in, by node (identity). */
    final Map<NodeProto, List<String>> functionBlocks;

    private OnnxGraph(ModelProto model, List<Input> inputs, List<String> outputNames,
                      List<NodeProto> nodes,
                      Map<String, Constant> constants, Map<String, String> blockClasses,
                      Map<NodeProto, List<String>> functionBlocks) {
        this.model = model;
        this.inputs = inputs;
        this.outputNames = outputNames;
        this.nodes = nodes;
        this.constants = constants;
        this.blockClasses = blockClasses;
        this.functionBlocks = functionBlocks;
    }

    /** The version of the default operator set the model imports (1 when it names none). */
    long opset() {
        return model.getOpsetImportList().stream().filter(o -> o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx"))
            .mapToLong(o -> o.getVersion()).findFirst().orElse(1);
    }

    /** The model of a file's bytes (a mapped file: the weights' bytes stay in it). */
    static OnnxGraph read(ByteBuffer file) throws ImportException {
        ModelProto model = parse(file);
        if (!model.hasGraph() || model.getGraph().getNodeCount() == 0) {
            throw new ImportException(Code.ONNX_UNREADABLE, Text.of("importer.no_graph"));
        }
        GraphProto graph = model.getGraph();
        Map<String, Constant> constants = new LinkedHashMap<>();
        for (TensorProto initializer : graph.getInitializerList()) {
            constants.put(initializer.getName(), decode(initializer.getName(), initializer));
        }
        List<ValueInfoProto> declared = graph.getInputList().stream()
            .filter(v -> !constants.containsKey(v.getName())).toList();
        if (declared.isEmpty() || graph.getOutputCount() == 0) {
            throw new ImportException(Code.ONNX_UNSUPPORTED_STRUCTURE, Text.of("importer.inputs_outputs", declared.size(),
                Text.plural(declared.size()), graph.getOutputCount(), Text.plural(graph.getOutputCount())));
        }
        List<Input> inputs = new ArrayList<>();
        for (ValueInfoProto input : declared) {
            inputs.add(new Input(input.getName(), inputShape(input),
                input.getType().getTensorType().getElemType() == TensorProto.DataType.INT64_VALUE));
        }
        Set<String> inputNames = new HashSet<>(inputs.stream().map(Input::name).toList());
        LocalFunctions.Inlined inlined = LocalFunctions.inline(model);
        List<NodeProto> ordered = order(inlined.nodes(), inputNames, constants.keySet());
        List<NodeProto> computing = new ArrayList<>();
        for (NodeProto node : ordered) {
            if (node.getOpType().equals("Constant")) {
                constants.put(output(node), decode(output(node), attribute(node, "value", AttributeProto.AttributeType.TENSOR)
                    .getT()));
            } else if (node.getOpType().equals("Identity") && node.getInputCount() == 1
                    && constants.containsKey(node.getInput(0))) {
                Constant shared = constants.get(node.getInput(0));
                constants.put(output(node), new Constant(output(node), shared.shape, shared.tensor));
            } else {
                computing.add(node);
            }
        }
        List<String> outputs = graph.getOutputList().stream().map(ValueInfoProto::getName).toList();
        for (String output : outputs) {
            if (constants.containsKey(output) || inputNames.contains(output)) {
                throw new ImportException(Code.ONNX_UNSUPPORTED_STRUCTURE, Text.of("importer.output_not_computed",
                    printable(output)));
            }
        }
        Map<String, String> blockClasses = blockClasses(model);
        inlined.classes().forEach((path, name) -> {
            if (BLOCK_CLASS.matcher(name).matches()) {
                blockClasses.put(path, name);
            }
        });
        return new OnnxGraph(model, List.copyOf(inputs), outputs, computing, constants, blockClasses, inlined.blocks());
    }

    /**
     * The block classes netc onnx records in the model's metadata ({@code netc.block:layer1.0} → BasicBlock);
     * a name that could not be a block's in a .net file is left out (the block is then named as unknown).
     */
    private static Map<String, String> blockClasses(ModelProto model) {
        Map<String, String> classes = new HashMap<>();
        for (StringStringEntryProto entry : model.getMetadataPropsList()) {
            if (entry.getKey().startsWith(OnnxExporter.BLOCK_CLASS_KEY) && BLOCK_CLASS.matcher(entry.getValue()).matches()) {
                classes.put(entry.getKey().substring(OnnxExporter.BLOCK_CLASS_KEY.length()), entry.getValue());
            }
        }
        return classes;
    }

    private static ModelProto parse(ByteBuffer file) throws ImportException {
        // a ByteString's own stream counts its bytes immutable, so with aliasing every tensor's bytes are
        // a view of the file's (CodedInputStream.newInstance copies each of them)
        CodedInputStream in = UnsafeByteOperations.unsafeWrap(file).newCodedInput();
        in.enableAliasing(true);
        in.setSizeLimit(Integer.MAX_VALUE);
        try {
            return ModelProto.parseFrom(in);
        } catch (IOException e) { // InvalidProtocolBufferException: reading from an array fails no other way
            throw new ImportException(Code.ONNX_UNREADABLE, Text.of("importer.not_protobuf",
                e.getMessage().split("\\.\\s", 2)[0]));
        }
    }

    private static long[] inputShape(ValueInfoProto input) throws ImportException {
        Text name = Text.of("importer.the_input", printable(input.getName()));
        int type = input.getType().getTensorType().getElemType();
        if (!input.getType().hasTensorType() || (type != TensorProto.DataType.FLOAT_VALUE && type != TensorProto.DataType.INT64_VALUE)) {
            throw new ImportException(Code.ONNX_UNSUPPORTED_STRUCTURE, Text.of("importer.input_not_float", name));
        }
        TensorShapeProto shape = input.getType().getTensorType().getShape();
        if (shape.getDimCount() < 2) {
            throw new ImportException(Code.ONNX_UNSUPPORTED_STRUCTURE, Text.of("importer.input_rank", name,
                shape.getDimCount()));
        }
        long[] dims = new long[shape.getDimCount()];
        dims[0] = 1; // the batch: whatever the export used, the .net model leaves it out
        for (int i = 1; i < dims.length; i++) {
            TensorShapeProto.Dimension dim = shape.getDim(i);
            if (!dim.hasDimValue() || dim.getDimValue() < 1 || dim.getDimValue() > Integer.MAX_VALUE) {
                throw new ImportException(Code.ONNX_UNSUPPORTED_STRUCTURE, Text.of("importer.input_dimension", name, i,
                    dim.hasDimValue() ? Long.toString(dim.getDimValue()) : "'" + dim.getDimParam() + "'"));
            }
            dims[i] = dim.getDimValue();
        }
        return dims;
    }

    /**
     * The nodes in the file's order where it computes every value before it is read, else in an order
     * that does (Kahn's algorithm, the earliest node first); a value read but never given is an error.
     */
    private static List<NodeProto> order(List<NodeProto> nodes, Set<String> inputs, Set<String> initializers)
            throws ImportException {
        Map<String, Integer> producer = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            NodeProto node = nodes.get(i);
            if (node.getOutputCount() == 0) {
                throw new ImportException(Code.ONNX_INVALID_GRAPH, Text.of("importer.node_no_output", describe(node)));
            }
            for (String out : node.getOutputList()) {
                if (out.isEmpty()) {
                    continue;
                }
                if (producer.putIfAbsent(out, i) != null || inputs.contains(out) || initializers.contains(out)) {
                    throw new ImportException(Code.ONNX_INVALID_GRAPH, Text.of("importer.value_twice", printable(out),
                        describe(node), producer.get(out) != i ? Text.of("importer.by_node", describe(nodes.get(producer.get(out))))
                        : Text.of(inputs.contains(out) ? "importer.by_graph_input" : "importer.by_initializer")));
                }
            }
        }
        int[] waiting = new int[nodes.size()];
        Map<Integer, List<Integer>> readers = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            Set<Integer> distinct = new HashSet<>();
            for (String in : nodes.get(i).getInputList()) {
                if (in.isEmpty() || inputs.contains(in) || initializers.contains(in)) {
                    continue;
                }
                Integer from = producer.get(in);
                if (from == null) {
                    throw new ImportException(Code.ONNX_INVALID_GRAPH, Text.of("importer.reads_missing", describe(nodes.get(i)),
                        printable(in)));
                }
                if (distinct.add(from)) {
                    waiting[i]++;
                    readers.computeIfAbsent(from, k -> new ArrayList<>()).add(i);
                }
            }
        }
        PriorityQueue<Integer> ready = new PriorityQueue<>();
        for (int i = 0; i < nodes.size(); i++) {
            if (waiting[i] == 0) {
                ready.add(i);
            }
        }
        List<NodeProto> ordered = new ArrayList<>();
        while (!ready.isEmpty()) {
            int next = ready.poll();
            ordered.add(nodes.get(next));
            for (int reader : readers.getOrDefault(next, List.of())) {
                if (--waiting[reader] == 0) {
                    ready.add(reader);
                }
            }
        }
        if (ordered.size() < nodes.size()) {
            List<Text> stuck = new ArrayList<>();
            for (int i = 0; i < nodes.size() && stuck.size() < 5; i++) {
                if (waiting[i] > 0) {
                    stuck.add(describe(nodes.get(i)));
                }
            }
            throw new ImportException(Code.ONNX_INVALID_GRAPH, Text.of("importer.cycle", nodes.size() - ordered.size(),
                Text.joined("list.comma", stuck)));
        }
        return ordered;
    }

    /** A tensor as a constant, its size checked against its dims and its type one netc import reads. */
    static Constant decode(String name, TensorProto tensor) throws ImportException {
        Text what = Text.of("importer.the_tensor", printable(name));
        if (tensor.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
            throw new ImportException(Code.ONNX_UNSUPPORTED_STRUCTURE, Text.of("importer.tensor_external", what));
        }
        int[] shape = new int[tensor.getDimsCount()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            long dim = tensor.getDims(i);
            if (dim < 0 || dim > MAX_ELEMENTS || (dim > 0 && count > MAX_ELEMENTS / dim)) {
                throw new ImportException(Code.ONNX_INVALID_GRAPH, Text.of("importer.tensor_dims", what, tensor.getDimsList()));
            }
            shape[i] = (int) dim;
            count *= dim;
        }
        int n = (int) count;
        int rawBytes = tensor.getRawData().size();
        boolean hasRaw = tensor.hasRawData();
        switch (tensor.getDataType()) {
            case TensorProto.DataType.FLOAT_VALUE:
                checkCount(what, hasRaw ? rawBytes / 4 : tensor.getFloatDataCount(), hasRaw && rawBytes % 4 != 0, n);
                break;
            case TensorProto.DataType.DOUBLE_VALUE:
                checkCount(what, hasRaw ? rawBytes / 8 : tensor.getDoubleDataCount(), hasRaw && rawBytes % 8 != 0, n);
                break;
            case TensorProto.DataType.INT64_VALUE:
                checkCount(what, hasRaw ? rawBytes / 8 : tensor.getInt64DataCount(), hasRaw && rawBytes % 8 != 0, n);
                break;
            default:
                throw new ImportException(Code.ONNX_UNSUPPORTED_STRUCTURE, Text.of("importer.tensor_type", what,
                    dataTypeName(tensor.getDataType())));
        }
        return new Constant(name, shape, tensor);
    }

    private static String dataTypeName(int type) {
        TensorProto.DataType known = TensorProto.DataType.forNumber(type);
        return known != null ? known.name() : Integer.toString(type);
    }

    private static void checkCount(Text what, long have, boolean ragged, int want) throws ImportException {
        if (have != want || ragged) {
            throw new ImportException(Code.ONNX_INVALID_GRAPH, Text.of(ragged ? "importer.tensor_count_ragged"
                : "importer.tensor_count", what, have, want));
        }
    }

    /** The node's attribute of this name and type; null when absent. */
    static AttributeProto optional(NodeProto node, String name, AttributeProto.AttributeType type) throws ImportException {
        for (AttributeProto attribute : node.getAttributeList()) {
            if (attribute.getName().equals(name)) {
                if (attribute.getType() != type) {
                    throw new ImportException(Code.ONNX_INVALID_GRAPH, Text.of("importer.attribute_type", describe(node), name,
                        attribute.getType(), type));
                }
                return attribute;
            }
        }
        return null;
    }

    static AttributeProto attribute(NodeProto node, String name, AttributeProto.AttributeType type) throws ImportException {
        AttributeProto attribute = optional(node, name, type);
        if (attribute == null) {
            throw new ImportException(Code.ONNX_INVALID_GRAPH, Text.of("importer.no_attribute", describe(node), name));
        }
        return attribute;
    }

    static long intAttribute(NodeProto node, String name, long otherwise) throws ImportException {
        AttributeProto attribute = optional(node, name, AttributeProto.AttributeType.INT);
        return attribute == null ? otherwise : attribute.getI();
    }

    static float floatAttribute(NodeProto node, String name, float otherwise) throws ImportException {
        AttributeProto attribute = optional(node, name, AttributeProto.AttributeType.FLOAT);
        return attribute == null ? otherwise : attribute.getF();
    }

    /** An INTS attribute, or null when absent. */
    static long[] intsAttribute(NodeProto node, String name) throws ImportException {
        AttributeProto attribute = optional(node, name, AttributeProto.AttributeType.INTS);
        return attribute == null ? null : attribute.getIntsList().stream().mapToLong(Long::longValue).toArray();
    }

    static String output(NodeProto node) {
        return node.getOutput(0);
    }

    /** How messages name a node: its name and op type, or its op type and first output when it has no name. */
    static Text describe(NodeProto node) {
        return node.getName().isEmpty() ? Text.of("importer.node_unnamed", printable(node.getOpType()),
            printable(node.getOutputCount() > 0 ? node.getOutput(0) : ""))
            : Text.of("importer.node_named", printable(node.getName()), printable(node.getOpType()));
    }

    /** A name from the file as a message may quote it: on one line, and at most 100 characters. */
    static Text printable(String name) {
        String line = name.replaceAll("\\p{Cntrl}", "?");
        return line.length() <= 100 ? Text.of("verbatim", line)
            : Text.of("importer.truncated", line.substring(0, 100), line.length());
    }
}
