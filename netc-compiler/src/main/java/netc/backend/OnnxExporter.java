package netc.backend;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import netc.diagnostics.Code;
import netc.diagnostics.Text;
import netc.diagnostics.SourceSpan;
import netc.onnx.OnnxProto;
import netc.onnx.OnnxProto.TensorProto;
import netc.runtime.LongTensor;
import netc.runtime.SafeTensors;
import netc.runtime.Tensor;
import netc.semantic.catalog.LayerSpec;
import netc.semantic.model.AnalyzedModel;
import netc.semantic.model.Module;
import netc.semantic.model.Shape;
import netc.semantic.model.StateEntry;
import netc.semantic.model.Trace;
import netc.semantic.model.Value;

/**
 * Exports a model as an ONNX model in inference (eval-mode) semantics: one graph input per .net
 * input and one output per tensor the model returns (named as the value it returns, else
 * {@code output}, or {@code output0}, {@code output1}, ...), the batch a symbolic dimension named
 * {@code batch}; the state_dict as initializers under its own keys; a node (or a few) per step of
 * the trace, named after the layer's label. Layers map through {@link OnnxLayers}; what cannot be
 * expressed is refused, located (E604), rather than exported wrong.
 */
public final class OnnxExporter {
    /** The opsets netc's mapping is written for: ONNX 1.12's 17 (LayerNormalization) up to 21. */
    public static final int MIN_OPSET = 17;
    public static final int MAX_OPSET = 21;
    public static final int DEFAULT_OPSET = 17;
    /** The symbolic name of the batch dimension of every input and output. */
    public static final String BATCH = "batch";
    /** The most bytes of weights one file holds: a protobuf message ends at 2 GiB, the graph needs some. */
    static final long MAX_WEIGHT_BYTES = 2_000_000_000L;

    /** Where the initializers' values come from: a state_dict file, or made up for a structure-only export. */
    public interface Weights {
        TensorProto tensor(String key, StateEntry entry) throws IOException;
    }

    private final AnalyzedModel model;
    private final OnnxGraph graph;
    private final Map<Integer, String> values = new HashMap<>();
    /** The value of each recurrent state a layer returned (h_n, c_n). */
    private final Map<Value, String> states = new IdentityHashMap<>();
    /** How many times each module has been called so far, by path. */
    private final Map<String, Integer> calls = new HashMap<>();
    /** The blocks and groups the current step runs in, the innermost first. */
    private final Deque<Module> enclosing = new ArrayDeque<>();
    /** The graph values each block instance returning several tensors returns, in order, by path (its first call's). */
    private final Map<String, List<String>> returns = new LinkedHashMap<>();

    private OnnxExporter(AnalyzedModel model, int opset) {
        this.model = model;
        this.graph = new OnnxGraph(opset, model.name());
    }

    /** The ONNX model of {@code model} at {@code opset} (within MIN_OPSET..MAX_OPSET), its initializers from {@code weights}. */
    public static OnnxProto.ModelProto export(AnalyzedModel model, Weights weights, int opset, String producerVersion)
        throws UnsupportedLayerException, IOException {
        if (opset < MIN_OPSET || opset > MAX_OPSET) {
            throw new IllegalArgumentException("opset " + opset);
        }
        OnnxExporter exporter = new OnnxExporter(model, opset);
        checkSize(model);
        for (Map.Entry<String, StateEntry> entry : stateEntries(model).entrySet()) {
            exporter.graph.addInitializer(weights.tensor(entry.getKey(), entry.getValue()).toBuilder()
                .setName(entry.getKey()).build());
        }
        exporter.emit();
        OnnxProto.ModelProto.Builder proto = OnnxProto.ModelProto.newBuilder().setIrVersion(irVersion(opset))
            .setProducerName("netc").setProducerVersion(producerVersion)
            .setDocString("model " + model.name() + " of " + Path.of(model.root().span().file()).getFileName())
            .addOpsetImport(OnnxProto.OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
            .setGraph(exporter.graph.proto());
        blockClasses(model.root(), proto);
        exporter.returns.forEach((path, names) -> proto.addMetadataProps(OnnxProto.StringStringEntryProto.newBuilder()
            .setKey(RETURNS_KEY + path).setValue(String.join("\n", names))));
        return proto.build();
    }

    /**
     * The key prefix of a block instance's or a group's class in the model's metadata: {@code netc.block:layer1.0}
     * → {@code BasicBlock}, {@code netc.block:features} → {@code Sequential}, a block subclassing a container
     * {@code _Transition : Sequential}.
     */
    public static final String BLOCK_CLASS_KEY = "netc.block:";

    /**
     * The key prefix of the values a block instance returning several tensors returns, in order, one a line:
     * {@code netc.returns:layers.0} → {@code /layers/layers.0/Add} and {@code layers.0.skip} (the graph holds
     * the values, not the order of the tuple, which a summary row shows).
     */
    public static final String RETURNS_KEY = "netc.returns:";

    /**
     * Records the class of every block instance and group by its path (and of every layer a body-less
     * block subclassing it names: {@code Conv3DSimple}), which the graph alone does not hold, so that netc import names its blocks as the .net file did, and writes a group of named
     * modules as a group.
     */
    private static void blockClasses(Module module, OnnxProto.ModelProto.Builder proto) {
        String recorded = switch (module.kind()) {
            case BLOCK -> module.torchClass();
            case SEQUENTIAL -> module.torchClass().equals("Sequential") ? "Sequential" : module.torchClass() + " : Sequential";
            case DICT -> module.torchClass().equals("ModuleDict") ? null : module.torchClass() + " : ModuleDict";
            case LAYER -> module.isLayerSubclass() ? module.torchClass() : null;
            case MODEL, LIST -> null; // a list's elements are labelled name[i], which netc import does not write
        };
        if (recorded != null) {
            proto.addMetadataProps(OnnxProto.StringStringEntryProto.newBuilder().setKey(BLOCK_CLASS_KEY + module.path())
                .setValue(recorded));
        }
        for (Module child : module.children()) {
            blockClasses(child, proto);
        }
    }

    /** Refuses, before any is read, weights a single ONNX file cannot hold (netc writes no external data). */
    private static void checkSize(AnalyzedModel model) throws UnsupportedLayerException {
        long bytes = 0;
        for (StateEntry entry : stateEntries(model).values()) {
            bytes += Math.min(entry.elements(), MAX_WEIGHT_BYTES) * 4;
            if (bytes > MAX_WEIGHT_BYTES) {
                throw new UnsupportedLayerException(Code.NO_ONNX_EXPORT,
                    Text.of("onnx.too_many_weight_bytes", MAX_WEIGHT_BYTES), model.root().span());
            }
        }
    }

    /** The IR version ONNX released with the opset (as onnx.helper's table), which runtimes of that time read. */
    private static long irVersion(int opset) {
        return opset <= 18 ? 8 : opset <= 20 ? 9 : 10;
    }

    /** Every state_dict key with its entry, in PyTorch's order. */
    public static Map<String, StateEntry> stateEntries(AnalyzedModel model) {
        Map<String, StateEntry> entries = new LinkedHashMap<>();
        collect(model.root(), entries);
        return entries;
    }

    private static void collect(Module module, Map<String, StateEntry> entries) {
        String prefix = module.path().isEmpty() ? "" : module.path() + ".";
        for (StateEntry entry : module.state()) {
            entries.put(prefix + entry.key(), entry);
        }
        for (Module child : module.children()) {
            collect(child, entries);
        }
    }

    /** The weights of a safetensors file checked against the model's state_dict first: every key, every shape. */
    public static Weights weightsOf(SafeTensors file, AnalyzedModel model) throws IOException {
        Map<String, int[]> expected = new LinkedHashMap<>();
        model.stateDict().forEach((key, shape) -> {
            int[] dims = new int[shape.length];
            for (int i = 0; i < dims.length; i++) {
                dims[i] = (int) Math.min(shape[i], Integer.MAX_VALUE);
            }
            expected.put(key, dims);
        });
        file.checkWeights(expected);
        return (key, entry) -> {
            SafeTensors.Dtype dtype = file.dtype(key);
            if (dtype == SafeTensors.Dtype.I64 || dtype == SafeTensors.Dtype.I32) {
                LongTensor tensor = file.longTensor(key);
                return OnnxGraph.tensor(TensorProto.DataType.INT64, entry.shape(), OnnxGraph.longBytes(tensor.data));
            }
            Tensor tensor = file.tensor(key);
            return OnnxGraph.tensor(TensorProto.DataType.FLOAT, entry.shape(), OnnxGraph.floatBytes(tensor.data));
        };
    }

    /**
     * Made-up weights for a structure-only export, the same every time: parameters uniform in
     * [-0.1, 0.1) from a generator seeded with 0, in state_dict order; buffers zero, except a norm's
     * running_var, one (num_batches_tracked an int64 zero).
     */
    public static Weights randomWeights() {
        SplittableRandom random = new SplittableRandom(0);
        return (key, entry) -> {
            int count = Math.toIntExact(entry.elements());
            if (key.endsWith("num_batches_tracked")) {
                return OnnxGraph.tensor(TensorProto.DataType.INT64, entry.shape(), OnnxGraph.longBytes(new long[count]));
            }
            // drawn straight into the initializer's bytes: a large weight is not held twice
            ByteBuffer data = ByteBuffer.allocate(4 * count).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < count; i++) {
                data.putFloat(entry.parameter() ? (float) random.nextDouble(-0.1, 0.1) : key.endsWith("running_var") ? 1 : 0);
            }
            return OnnxGraph.tensor(TensorProto.DataType.FLOAT, entry.shape(), data.array());
        };
    }

    private void emit() throws UnsupportedLayerException {
        for (Trace.Step step : model.trace().steps()) {
            emitStep(step);
        }
        List<Value> outputs = new ArrayList<>();
        Trace.Tuple tuple = model.returnedTuple();
        if (tuple != null) {
            flatten(tuple.value(), outputs);
        } else {
            outputs.add(model.output());
        }
        SourceSpan span = tuple != null ? tuple.span() : model.root().span();
        Map<Integer, String> named = new HashMap<>();
        for (Trace.Step step : model.trace().steps()) {
            if (step instanceof Trace.Binding binding && binding.tensor() >= 0) {
                named.put(binding.tensor(), binding.name().text());
            }
        }
        for (int i = 0; i < outputs.size(); i++) {
            Value output = outputs.get(i);
            String value = valueOf(output, span);
            String positional = outputs.size() == 1 ? "output" : "output" + i;
            String name = output instanceof Value.Tensor tensor
                ? named.getOrDefault(model.trace().idOf(tensor), positional) : positional;
            graph.proto().addOutput(valueInfo(graph.node("Identity", name, List.of(value)), output));
        }
    }

    /** The tensors and states of a value, nested tuples flattened in order; None left out. */
    private static void flatten(Value value, List<Value> out) {
        if (value instanceof Value.Tuple tuple) {
            for (Value element : tuple.elements()) {
                flatten(element, out);
            }
        } else if (value instanceof Value.Tensor || value instanceof Value.State) {
            out.add(value);
        }
    }

    /** The graph value of a tensor or state; refused when the export computes no such value (a layer's other result). */
    private String valueOf(Value value, SourceSpan span) throws UnsupportedLayerException {
        String name = value instanceof Value.Tensor tensor ? values.get(model.trace().idOf(tensor)) : states.get(value);
        if (name == null) {
            throw new UnsupportedLayerException(Code.NO_ONNX_EXPORT,
                Text.of("onnx.value_not_computed", value.describe()), span);
        }
        return name;
    }

    private OnnxProto.ValueInfoProto valueInfo(String name, Value value) {
        OnnxProto.TensorShapeProto.Builder shape = OnnxProto.TensorShapeProto.newBuilder();
        Value.DType dtype;
        if (value instanceof Value.State state) {
            shape.addDim(OnnxProto.TensorShapeProto.Dimension.newBuilder().setDimValue(state.first()));
            addDims(shape, state.shape());
            dtype = state.dtype();
        } else {
            Value.Tensor tensor = (Value.Tensor) value;
            addDims(shape, tensor.shape());
            dtype = tensor.dtype();
        }
        return OnnxProto.ValueInfoProto.newBuilder().setName(name).setType(OnnxProto.TypeProto.newBuilder()
            .setTensorType(OnnxProto.TypeProto.Tensor.newBuilder()
                .setElemType(OnnxGraph.elementType(dtype).getNumber()).setShape(shape))).build();
    }

    private static void addDims(OnnxProto.TensorShapeProto.Builder proto, Shape shape) {
        if (shape.batched()) {
            proto.addDim(OnnxProto.TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH));
        }
        for (long dim : shape.dims()) {
            proto.addDim(OnnxProto.TensorShapeProto.Dimension.newBuilder().setDimValue(dim));
        }
    }

    private void emitStep(Trace.Step step) throws UnsupportedLayerException {
        if (step instanceof Trace.Input input) {
            values.put(input.id(), graph.claimValue(input.name()));
            graph.proto().addInput(valueInfo(values.get(input.id()),
                new Value.Tensor(input.shape(), input.dtype(), null)));
        } else if (step instanceof Trace.Apply apply) {
            emitApply(apply);
        } else if (step instanceof Trace.Arithmetic arithmetic) {
            values.put(arithmetic.id(), arithmetic(arithmetic));
        } else if (step instanceof Trace.Index index) {
            values.put(index.id(), index(index));
        } else if (step instanceof Trace.State state) {
            values.put(state.id(), state.module().path().isEmpty() ? state.key()
                : state.module().path() + "." + state.key());
        } else if (step instanceof Trace.Tuple tuple) {
            List<Value> parts = new ArrayList<>();
            flatten(tuple.value(), parts);
            List<String> names = new ArrayList<>();
            for (Value part : parts) {
                names.add(valueOf(part, tuple.span()));
            }
            if (tuple.returned() && !enclosing.isEmpty()) {
                returns.putIfAbsent(enclosing.peek().path(), names);
            }
        } else if (step instanceof Trace.Block block) {
            enter(block.module(), block.end());
            if (block.end() && block.inputs().contains(block.id()) && values.containsKey(block.id())) {
                // a block that computes nothing (torchvision's StochasticDepth in eval mode): an Identity named
                // after it keeps its place, so that netc import gives back its row
                values.put(block.id(), graph.node("Identity", block.module().path(), List.of(values.get(block.id()))));
            }
        } else if (step instanceof Trace.Group group) {
            enter(group.module(), group.end());
        } else if (!(step instanceof Trace.Binding)) {
            // names compute nothing
            throw new AssertionError(step);
        }
    }

    /** A block's or group's start or end: the module functional steps are named in. */
    private void enter(Module module, boolean end) {
        if (end) {
            enclosing.pop();
        } else {
            enclosing.push(module);
        }
    }

    private void emitApply(Trace.Apply apply) throws UnsupportedLayerException {
        OnnxLayers.Mapping mapping = OnnxLayers.forLayer(apply.spec().name());
        if (mapping == null) {
            throw new UnsupportedLayerException(Code.NO_ONNX_EXPORT,
                Text.of("onnx.no_mapping", apply.spec().name()), apply.span());
        }
        String label = label(apply);
        List<String> inputs = new ArrayList<>();
        List<Shape> shapes = new ArrayList<>();
        for (int i = 0; i < apply.inputs().size(); i++) {
            int id = apply.inputs().get(i);
            inputs.add(converted(id, computesIn(apply, i), label));
            shapes.add(model.trace().shape(id));
        }
        List<String> initial = new ArrayList<>(List.of("", ""));
        if (apply.state() instanceof Value.Tuple pair) {
            initial.set(0, valueOf(pair.elements().get(0), apply.span()));
            initial.set(1, valueOf(pair.elements().get(1), apply.span()));
        } else if (apply.state() != null) {
            initial.set(0, valueOf(apply.state(), apply.span()));
        }
        List<String> results = mapping.rule().emit(new OnnxStep(graph, apply, inputs, shapes, label, initial));
        values.put(apply.id(), results.get(0));
        if (apply.returned() != null) {
            List<Value> returned = new ArrayList<>();
            flatten(apply.returned(), returned);
            for (int i = 0; i < returned.size() && i < results.size(); i++) {
                if (returned.get(i) instanceof Value.Tensor tensor) {
                    values.put(model.trace().idOf(tensor), results.get(i));
                } else {
                    states.put(returned.get(i), results.get(i));
                }
            }
        }
    }

    /**
     * A layer's path ({@code layer1.0.conv1}), its path and the number of earlier calls when it is called
     * again ({@code layer1.0.relu_1}, as torch.onnx numbers a module's scope); for a functional call, the
     * scope of the module it runs in.
     */
    private String label(Trace.Apply apply) {
        if (apply.module() != null && !apply.module().path().isEmpty()) {
            String path = apply.module().path();
            int earlier = calls.merge(path, 1, Integer::sum) - 1;
            return earlier == 0 ? path : path + "_" + earlier;
        }
        return scope();
    }

    /**
     * The scope torch.onnx names a functional step's nodes in, followed by the operator: the block or
     * group it runs in as each of its ancestors' paths ({@code /layer1/layer1.0/}, so {@code
     * /layer1/layer1.0/Add}), {@code /} in the model itself.
     */
    private String scope() {
        StringBuilder scope = new StringBuilder("/");
        String path = enclosing.isEmpty() ? "" : enclosing.peek().path();
        if (!path.isEmpty()) {
            int dot = -1;
            do {
                dot = path.indexOf('.', dot + 1);
                scope.append(dot < 0 ? path : path.substring(0, dot)).append('/');
            } while (dot >= 0);
        }
        return scope.toString();
    }

    /** The element type input {@code i} is computed in: the result's for numbers, its own for conditions, masks, indices. */
    private static Value.DType computesIn(Trace.Apply apply, int i) {
        LayerSpec.Dtypes kind = apply.spec().dtypes();
        boolean keepsOwn = kind == LayerSpec.Dtypes.FLOAT || kind == LayerSpec.Dtypes.INDICES
            || kind == LayerSpec.Dtypes.CONDITION && i == 0 || kind == LayerSpec.Dtypes.MASK && i == 1;
        return keepsOwn ? null : apply.dtype();
    }

    /** The value of tensor {@code id}, cast to {@code dtype} when it has another element type (null: as it is). */
    private String converted(int id, Value.DType dtype, String label) {
        String value = values.get(id);
        if (dtype == null || model.trace().tensor(id).dtype() == dtype) {
            return value;
        }
        return graph.cast(label, value, dtype);
    }

    /** {@code a + b}, or a tensor and a number: both operands in the type the operation computes in. */
    private String arithmetic(Trace.Arithmetic step) throws UnsupportedLayerException {
        String label = scope();
        Value.DType operands = operandType(step);
        String left = converted(step.left(), operands, label);
        String right = step.right() >= 0 ? converted(step.right(), operands, label)
            : graph.scalar(label, JavaStep.number(step.scalar()), operands);
        if (step.scalarFirst()) {
            String swap = left;
            left = right;
            right = swap;
        }
        List<String> both = List.of(left, right);
        switch (step.operator()) {
            case ADD:
                return graph.node("Add", label, both);
            case SUBTRACT:
                return graph.node("Sub", label, both);
            case MULTIPLY:
                return graph.node("Mul", label, both);
            case DIVIDE:
                return graph.node("Div", label, both);
            case POWER:
                return graph.node("Pow", label, both);
            case LESS:
                return graph.node("Less", label, both);
            case LESS_EQUAL:
                return graph.node("LessOrEqual", label, both);
            case GREATER:
                return graph.node("Greater", label, both);
            case GREATER_EQUAL:
                return graph.node("GreaterOrEqual", label, both);
            case EQUAL:
                return graph.node("Equal", label, both);
            case NOT_EQUAL:
                return graph.node("Not", label, List.of(graph.node("Equal", label, both)));
            default:
                throw new UnsupportedLayerException(Code.NO_ONNX_EXPORT,
                    Text.of("onnx.no_operator", step.operator().symbol()), step.span());
        }
    }

    /** The result's type; a comparison's operands are promoted to one type, bool compared as float. */
    private Value.DType operandType(Trace.Arithmetic step) {
        if (!step.operator().comparison()) {
            return step.dtype();
        }
        Value.DType left = model.trace().tensor(step.left()).dtype();
        Value.DType other = step.right() >= 0 ? model.trace().tensor(step.right()).dtype()
            : step.scalar() instanceof Value.Float ? Value.DType.FLOAT32 : Value.DType.INT64;
        return left == Value.DType.BOOL || other == Value.DType.BOOL ? Value.DType.FLOAT32 : left.promote(other);
    }

    /** {@code x[:, -1, 2:5]}: Gather for an index, Slice for a slice, the highest dimension first. */
    private String index(Trace.Index step) {
        String label = scope();
        String value = values.get(step.input());
        List<Trace.IndexPart> parts = step.parts();
        for (int i = parts.size() - 1; i >= 0; i--) {
            Trace.IndexPart part = parts.get(i);
            if (part.single()) {
                value = graph.node("Gather", label, List.of(value, graph.intScalar(label, part.start())),
                    OnnxGraph.Attr.of("axis", part.dim()));
            } else {
                value = graph.node("Slice", label, List.of(value, graph.ints(label, part.start()),
                    graph.ints(label, part.stop()), graph.ints(label, part.dim()), graph.ints(label, part.step())));
            }
        }
        return value;
    }
}
