package netc.backend;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import netc.diagnostics.SourceSpan;
import netc.diagnostics.Text;
import netc.semantic.catalog.LayerSpec;
import netc.semantic.model.AnalyzedModel;
import netc.semantic.model.Module;
import netc.semantic.model.Shape;
import netc.semantic.model.Trace;
import netc.semantic.model.Value;

/**
 * Generates a Java class for a model that depends only on netc.runtime: a field per module with
 * state, a {@code forward} with one statement per step of the trace (commented with the output
 * shape and the .net position), {@code load} that checks the weights first, and a {@code main}.
 * An eval-mode batch norm right after a convolution that feeds nothing else is folded into the
 * convolution's weights when they are loaded. Tuples cost no code: their tensors are variables
 * already, a recurrent layer's states are read off what it returns, and a model returning several
 * tensors returns them all in a record, {@code Outputs}, as {@code output0}, {@code output1}, ...
 */
public final class JavaGenerator {
    /** The runtime types generated code may use, by simple name, with what to import. */
    private static final Map<String, String> RUNTIME_TYPES = runtimeTypes();
    /** Names the generated methods use for their own locals and types. */
    private static final List<String> RESERVED = List.of("weights", "file", "expected", "arguments", "model", "inputs",
        "values", "String", "Map", "LinkedHashMap", "Path", "IOException", "WeightsException", "Outputs", "outputs", "written");
    private static final String INDENT = "    ";

    /** A generated compilation unit. */
    public record GeneratedJava(String packageName, String className, String source) {
        public String qualifiedName() {
            return packageName.isEmpty() ? className : packageName + "." + className;
        }
    }

    private final AnalyzedModel model;
    private final String packageName;
    private final String className;
    private final JavaNames names;
    private final Map<Integer, String> variables = new HashMap<>();
    private final Map<Integer, Shape> shapes = new HashMap<>();
    private final Map<Integer, Value.DType> dtypes = new HashMap<>();
    /** The Java expression of each recurrent state a layer returned ({@code returned5.h()}). */
    private final Map<Value, String> states = new IdentityHashMap<>();
    /** The tuples layers return that the model takes apart, whose states must be kept. */
    private final Set<Value.Tuple> takenApart = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Map<Module, String> fields = new IdentityHashMap<>();
    private final Set<Module> declared = Collections.newSetFromMap(new IdentityHashMap<>());
    private final List<String> fieldDeclarations = new ArrayList<>();
    private final List<String> fieldInitializers = new ArrayList<>();
    private final List<String> body = new ArrayList<>();
    private final BatchNormFolding folding;

    private JavaGenerator(AnalyzedModel model, String packageName) {
        this.model = model;
        this.packageName = packageName;
        String name = JavaNames.identifier(model.name());
        this.className = RUNTIME_TYPES.containsKey(name) || RESERVED.contains(name) ? name + "Model" : name;
        List<String> reserved = new ArrayList<>(RESERVED);
        reserved.addAll(RUNTIME_TYPES.keySet());
        reserved.add(className);
        this.names = new JavaNames(reserved);
        this.folding = BatchNormFolding.find(model.trace());
    }

    /** The Java source of {@code model} in package {@code packageName} (empty for the unnamed package). */
    public static GeneratedJava generate(AnalyzedModel model, String packageName) throws UnsupportedLayerException {
        JavaSizes.check(model);
        return new JavaGenerator(model, packageName).emit();
    }

    private GeneratedJava emit() throws UnsupportedLayerException {
        List<Trace.Input> inputs = model.inputs();
        for (Trace.Input input : inputs) {
            define(input.id(), names.claim(input.name()), input.shape(), input.dtype());
        }
        for (Trace.Step step : model.trace().steps()) {
            if (step instanceof Trace.Tuple tuple) {
                takenApart.add(tuple.value());
            }
        }
        for (Trace.Step step : model.trace().steps()) {
            emitStep(step);
        }
        List<Output> outputs = outputs();
        if (outputs.size() == 1) {
            body.add("return " + outputs.get(0).expression() + ";");
        } else {
            List<String> expressions = outputs.stream().map(Output::expression).toList();
            body.add("return new Outputs(" + String.join(", ", expressions) + ");");
        }
        return new GeneratedJava(packageName, className, compilationUnit(inputs, outputs));
    }

    /** One tensor the model returns: its Java expression and element type. */
    private record Output(String expression, Value.DType dtype) {
    }

    /** The model's output, or the tensors of the tuple it returns, nested tuples flattened in order. */
    private List<Output> outputs() throws UnsupportedLayerException {
        Trace.Tuple tuple = model.returnedTuple();
        List<Output> outputs = new ArrayList<>();
        if (tuple != null) {
            addOutputs(tuple.value(), tuple.span(), outputs);
        } else {
            int output = model.trace().idOf(model.output());
            outputs.add(new Output(variables.get(output), dtypes.get(output)));
        }
        return outputs;
    }

    private void addOutputs(Value value, SourceSpan span, List<Output> outputs) throws UnsupportedLayerException {
        if (value instanceof Value.Tuple tuple) {
            for (Value element : tuple.elements()) {
                addOutputs(element, span, outputs);
            }
        } else if (value instanceof Value.Tensor tensor) {
            int id = model.trace().idOf(tensor);
            outputs.add(new Output(variables.get(id), dtypes.get(id)));
        } else if (value instanceof Value.State) {
            outputs.add(new Output(states.get(value), Value.DType.FLOAT32));
        } else {
            throw new UnsupportedLayerException(Text.of("java.cannot_return", value.describe()), span);
        }
    }

    /**
     * A tuple taken apart or returned needs no code when each of its tensors and states has a Java
     * expression already; a layer's other results (attention's weights) are not computed yet.
     */
    private void checkTuple(Value value, SourceSpan span) throws UnsupportedLayerException {
        if (value instanceof Value.Tuple tuple) {
            for (Value element : tuple.elements()) {
                checkTuple(element, span);
            }
        } else if (value instanceof Value.Tensor tensor && !variables.containsKey(model.trace().idOf(tensor))
            || value instanceof Value.State && !states.containsKey(value)) {
            throw new UnsupportedLayerException(Text.of("java.first_tensor_only"), span);
        }
    }

    private void emitStep(Trace.Step step) throws UnsupportedLayerException {
        if (step instanceof Trace.Apply) {
            emitApply((Trace.Apply) step);
        } else if (step instanceof Trace.Arithmetic) {
            Trace.Arithmetic arithmetic = (Trace.Arithmetic) step;
            Value.DType operands = operandDtype(arithmetic);
            String left = operand(arithmetic.left(), operands);
            String right = arithmetic.right() >= 0 ? operand(arithmetic.right(), operands) : null;
            assign(arithmetic.id(), LayerEmitters.arithmetic(arithmetic, left, right, operands), arithmetic.output(),
                arithmetic.dtype(), arithmetic.span(), "");
        } else if (step instanceof Trace.Index) {
            Trace.Index index = (Trace.Index) step;
            assign(index.id(), LayerEmitters.index(index, variables.get(index.input())), index.output(),
                dtypes.get(index.input()), index.span(), "");
        } else if (step instanceof Trace.Block) {
            emitBlockBound((Trace.Block) step);
        } else if (step instanceof Trace.Tuple) {
            checkTuple(((Trace.Tuple) step).value(), ((Trace.Tuple) step).span());
        } else if (step instanceof Trace.State) {
            emitState((Trace.State) step);
        } else if (!(step instanceof Trace.Input || step instanceof Trace.Group || step instanceof Trace.Binding)) {
            // inputs are parameters of forward; groups and names compute nothing
            throw new AssertionError(step);
        }
    }

    /** A parameter or buffer: a field read from the weights when the model is loaded. */
    private void emitState(Trace.State state) {
        String path = state.module().path().isEmpty() ? state.key() : state.module().path() + "." + state.key();
        String field = names.claim(path.replace('.', '_'));
        fieldDeclarations.add("private final Tensor " + field + ";");
        fieldInitializers.add(field + " = " + JavaStep.weight(state.module(), state.key()) + ";");
        define(state.id(), field, state.output(), Value.DType.FLOAT32);
    }

    private void emitBlockBound(Trace.Block block) {
        Module module = block.module();
        if (block.end()) {
            body.add("// end of " + module.path() + " (" + module.torchClass() + ")");
            return;
        }
        body.add("");
        body.add("// " + module.path() + ": " + module.torchClass() + "  " + position(block.span()));
    }

    private void emitApply(Trace.Apply apply) throws UnsupportedLayerException {
        LayerEmitter emitter = LayerEmitters.forLayer(apply.spec().name());
        if (emitter == null) {
            throw new UnsupportedLayerException(Text.of("java.no_layer_code", apply.spec().name()), apply.span());
        }
        Trace.Apply foldedInto = folding.convolutionOf(apply);
        if (foldedInto != null) {
            define(apply.id(), variables.get(foldedInto.id()), apply.output(), Value.DType.FLOAT32);
            body.add("// " + apply.module().path() + " is folded into " + fields.get(foldedInto.module()) + "  "
                + apply.output() + "  " + position(apply.span()));
            return;
        }
        JavaStep step = javaStep(apply, fieldOf(apply.module()));
        if (step.field() != null && declared.add(apply.module())) {
            declareField(step, emitter);
        }
        if (apply.spec().pieces() != null) {
            emitPieces(apply, emitter.expression().of(step));
            return;
        }
        if (step.keepsStates()) {
            emitWithStates(apply, emitter.expression().of(step));
            return;
        }
        Trace.Apply batchNorm = folding.batchNormAfter(apply);
        String note = batchNorm == null ? "" : ", with " + batchNorm.module().path() + " folded in";
        assign(apply.id(), emitter.expression().of(step), apply.output(), apply.dtype(), apply.span(), note);
    }

    /**
     * A recurrent layer whose states are used: what it returns is kept ({@code Recurrent.Output}), its
     * output sequence is the step's tensor, and its h_n (an LSTM's (h_n, c_n)) the states it returns.
     */
    private void emitWithStates(Trace.Apply apply, String expression) {
        String returned = names.claim("returned" + apply.id());
        body.add("Recurrent.Output " + returned + " = " + expression + ";");
        assign(apply.id(), returned + ".output()", apply.output(), apply.dtype(), apply.span(), "");
        Value state = apply.returned().elements().get(1);
        if (state instanceof Value.Tuple pair) {
            states.put(pair.elements().get(0), returned + ".h()");
            states.put(pair.elements().get(1), returned + ".c()");
        } else {
            states.put(state, returned + ".h()");
        }
    }

    /** An operation's pieces (chunk, split, unbind): an array, whose elements are the pieces' tensors. */
    private void emitPieces(Trace.Apply apply, String expression) {
        String array = names.claim("pieces" + apply.id());
        List<Value> pieces = apply.returned().elements();
        body.add(typeOf(apply.dtype()) + "[] " + array + " = " + expression + "; // " + pieces.size()
            + " pieces, the first " + apply.output() + "  " + position(apply.span()));
        for (int i = 0; i < pieces.size(); i++) {
            Value.Tensor piece = (Value.Tensor) pieces.get(i);
            define(model.trace().idOf(piece), array + "[" + i + "]", piece.shape(), apply.dtype());
        }
    }

    /** The type arithmetic works in: its result's, but a comparison's (bool) is its operands' promoted type. */
    private Value.DType operandDtype(Trace.Arithmetic step) {
        if (!step.operator().comparison()) {
            return step.dtype();
        }
        Value.DType other = step.right() >= 0 ? dtypes.get(step.right())
            : step.scalar() instanceof Value.Float ? Value.DType.FLOAT32 : Value.DType.INT64;
        Value.DType left = dtypes.get(step.left());
        // a bool tensor is float 0 and 1 in Java: it compares in float
        return left == Value.DType.BOOL || other == Value.DType.BOOL ? Value.DType.FLOAT32 : left.promote(other);
    }

    /** The variable of a tensor as an operand of a step giving {@code result}: int64 converted for float32 work. */
    private String operand(int id, Value.DType result) {
        boolean promoted = dtypes.get(id) == Value.DType.INT64 && result == Value.DType.FLOAT32;
        return promoted ? variables.get(id) + ".toFloat()" : variables.get(id);
    }

    /** The field of a module with state, named after its path (its label at the top level); null if it has none. */
    private String fieldOf(Module module) {
        if (module == null || !holdsState(module)) {
            return null;
        }
        return fields.computeIfAbsent(module, m -> names.claim(fieldName(m)));
    }

    /** Whether the module or one of its parts (a transformer's layers) has state_dict entries. */
    private static boolean holdsState(Module module) {
        return !module.state().isEmpty() || module.children().stream().anyMatch(JavaGenerator::holdsState);
    }

    /** {@code conv1}, {@code features_0}; a bare index gets its layer's name: {@code conv2d_0}. */
    private static String fieldName(Module module) {
        String path = module.path().replace('.', '_');
        String kind = module.spec() != null ? module.spec().name() : module.torchClass(); // a layer subclass's block
        return Character.isDigit(path.charAt(0)) ? kind + "_" + path : path;
    }

    private void declareField(JavaStep step, LayerEmitter emitter) throws UnsupportedLayerException {
        LayerEmitter.Field field = emitter.field().of(step);
        Trace.Apply batchNorm = folding.batchNormAfter(step.apply());
        String initializer = batchNorm == null ? field.initializer() : foldedInitializer(step, batchNorm);
        fieldDeclarations.add("private final " + field.type() + " " + step.field() + ";");
        fieldInitializers.add(step.field() + " = " + initializer + ";");
    }

    private String foldedInitializer(JavaStep conv, Trace.Apply batchNorm) {
        JavaStep norm = new JavaStep(batchNorm, List.of(), List.of(), null, null); // only its state and eps are read
        return "Normalization.foldBatchNorm(" + conv.state("weight") + ", " + conv.state("bias") + ", "
            + norm.state("running_mean") + ", " + norm.state("running_var") + ", " + norm.state("weight") + ", "
            + norm.state("bias") + ", " + norm.doubleArg("eps") + ")";
    }

    private JavaStep javaStep(Trace.Apply apply, String field) {
        List<String> inputs = new ArrayList<>();
        List<Shape> inputShapes = new ArrayList<>();
        LayerSpec.Dtypes kind = apply.spec().dtypes();
        boolean promotes = kind != LayerSpec.Dtypes.FLOAT && kind != LayerSpec.Dtypes.INDICES;
        for (int id : apply.inputs()) {
            inputs.add(promotes ? operand(id, apply.dtype()) : variables.get(id));
            inputShapes.add(shapes.get(id));
        }
        boolean keepsStates = apply.state() != null
            || takenApart.contains(apply.returned()) && returnsState(apply.returned());
        return new JavaStep(apply, inputs, inputShapes, field, keepsStates ? initialStates(apply.state()) : null);
    }

    /** Whether a layer's tuple holds a recurrent state (attention's (output, weights) holds none). */
    private static boolean returnsState(Value value) {
        return value instanceof Value.State
            || value instanceof Value.Tuple tuple && tuple.elements().stream().anyMatch(JavaGenerator::returnsState);
    }

    /** The Java expressions of a recurrent layer's initial state: h0 and c0, null where it starts from zeros. */
    private List<String> initialStates(Value state) {
        if (state == null) {
            return List.of("null", "null");
        }
        if (state instanceof Value.Tuple pair) {
            return List.of(states.get(pair.elements().get(0)), states.get(pair.elements().get(1)));
        }
        return List.of(states.get(state), "null");
    }

    /** One statement: {@code Tensor x3 = ...; // [-1, 16, 32, 32]  simple.net:6:12}. */
    private void assign(int id, String expression, Shape shape, Value.DType dtype, SourceSpan span, String note) {
        String variable = names.claim("x" + id);
        define(id, variable, shape, dtype);
        body.add(typeOf(dtype) + " " + variable + " = " + expression + "; // " + shape + "  " + position(span) + note);
    }

    private void define(int id, String variable, Shape shape, Value.DType dtype) {
        variables.put(id, variable);
        shapes.put(id, shape);
        dtypes.put(id, dtype);
    }

    private static String typeOf(Value.DType dtype) {
        return dtype == Value.DType.INT64 ? "LongTensor" : "Tensor";
    }

    /** {@code simple.net:6:12}: the file name without its directory, so the text does not depend on where it ran. */
    private static String position(SourceSpan span) {
        return fileName(span) + ":" + span.startLine() + ":" + span.startColumn();
    }

    private static String fileName(SourceSpan span) {
        Path file = Path.of(span.file()).getFileName();
        return file == null ? span.file() : file.toString();
    }

    private String compilationUnit(List<Trace.Input> inputs, List<Output> outputs) {
        SourceWriter out = new SourceWriter(INDENT);
        out.line("// Generated by netc from " + fileName(model.root().span()) + ", model " + model.name() + ".");
        out.line("// Edit the .net file and generate again rather than editing this.");
        out.line("");
        if (!packageName.isEmpty()) {
            out.line("package " + packageName + ";");
            out.line("");
        }
        String members = members(inputs, outputs);
        imports(members).forEach(out::line);
        out.line("");
        out.line("/** The model " + model.name() + " in eval mode: {@link #load} its weights, then call {@link #forward}. */");
        out.line("public final class " + className + " {");
        out.raw(members);
        out.line("}");
        return out.toString();
    }

    private String members(List<Trace.Input> inputs, List<Output> outputs) {
        SourceWriter out = new SourceWriter(INDENT);
        out.indent();
        if (outputs.size() > 1) {
            out.line("/** What forward returns: the model's tensors, in the order of the tuple it returns. */");
            List<String> components = new ArrayList<>();
            for (int i = 0; i < outputs.size(); i++) {
                components.add(typeOf(outputs.get(i).dtype()) + " output" + i);
            }
            out.line("public record Outputs(" + String.join(", ", components) + ") {");
            out.line("}");
            out.line("");
        }
        fieldDeclarations.forEach(out::line);
        if (!fieldDeclarations.isEmpty()) {
            out.line("");
        }
        out.line("private " + className + "(Map<String, Tensor> weights) {");
        out.indented(fieldInitializers);
        out.line("}");
        out.line("");
        out.line("/** Reads a state_dict saved as safetensors, after checking every key and shape. */");
        out.line("public static " + className + " load(Path weights) throws IOException {");
        out.indented(List.of("SafeTensors file = SafeTensors.read(weights);", "checkWeights(file);",
            "return new " + className + "(file.floatTensors());"));
        out.line("}");
        out.line("");
        out.line("/** Fails listing every missing, unexpected and mis-shaped weight at once. */");
        out.line("public static void checkWeights(SafeTensors file) throws WeightsException {");
        List<String> check = new ArrayList<>();
        check.add("Map<String, int[]> expected = new LinkedHashMap<>();");
        model.stateDict().forEach((key, shape) -> check.add("expected.put(\"" + key + "\", " + JavaStep.ints(shape)
            + ");"));
        check.add("file.checkWeights(expected);");
        out.indented(check);
        out.line("}");
        out.line("");
        String returned = outputs.size() == 1 ? typeOf(outputs.get(0).dtype()) : "Outputs";
        out.line("public " + returned + " forward(" + parameters(inputs) + ") {");
        out.indented(body);
        out.line("}");
        out.line("");
        out.line("/** Runs the model: --weights W.safetensors --input IN.safetensors --output OUT.safetensors. */");
        out.line("public static void main(String[] args) throws IOException {");
        out.indented(mainBody(inputs, outputs.size()));
        out.line("}");
        out.line("");
        out.line("private static int[] ints(int... values) {");
        out.indented(List.of("return values;"));
        out.line("}");
        return out.toString();
    }

    private String parameters(List<Trace.Input> inputs) {
        List<String> parameters = new ArrayList<>();
        for (Trace.Input input : inputs) {
            parameters.add(typeOf(input.dtype()) + " " + variables.get(input.id()));
        }
        return String.join(", ", parameters);
    }

    private List<String> mainBody(List<Trace.Input> inputs, int outputs) {
        List<String> lines = new ArrayList<>();
        lines.add("ProgramArguments arguments = ProgramArguments.parse(args);");
        lines.add("SafeTensors inputs = SafeTensors.read(arguments.input());");
        List<String> variablesOfInputs = new ArrayList<>();
        for (int index = 0; index < inputs.size(); index++) {
            Trace.Input input = inputs.get(index);
            String variable = variables.get(input.id());
            String read = input.dtype() == Value.DType.INT64 ? "longTensor" : "tensor";
            lines.add(typeOf(input.dtype()) + " " + variable + " = inputs." + read + "(ProgramArguments.input(inputs, \""
                + input.name() + "\", " + index + ", " + inputs.size() + ", \"" + input.dtype().label() + "\", "
                + JavaStep.ints(input.shape().dims()) + "));");
            variablesOfInputs.add(variable);
        }
        lines.add(className + " model = load(arguments.weights());");
        String forward = "model.forward(" + String.join(", ", variablesOfInputs) + ")";
        if (outputs == 1) {
            lines.add("SafeTensors.write(arguments.output(), Map.of(\"output\", " + forward + "));");
            return lines;
        }
        // output0, output1, ...: the names PyTorch's oracles give a tuple's tensors
        lines.add("Outputs outputs = " + forward + ";");
        lines.add("Map<String, AnyTensor> written = new LinkedHashMap<>();");
        for (int i = 0; i < outputs; i++) {
            lines.add("written.put(\"output" + i + "\", outputs.output" + i + "());");
        }
        lines.add("SafeTensors.write(arguments.output(), written);");
        return lines;
    }

    /** The imports the members need: java ones always, runtime ones as used. */
    private static List<String> imports(String members) {
        Set<String> imports = new TreeSet<>(List.of("java.io.IOException", "java.nio.file.Path",
            "java.util.LinkedHashMap", "java.util.Map"));
        RUNTIME_TYPES.forEach((simple, qualified) -> {
            if (Pattern.compile("\\b" + simple + "\\b").matcher(members).find()) {
                imports.add(qualified);
            }
        });
        List<String> lines = new ArrayList<>();
        imports.forEach(name -> lines.add("import " + name + ";"));
        return lines;
    }

    private static Map<String, String> runtimeTypes() {
        Map<String, String> types = new LinkedHashMap<>();
        for (String simple : List.of("Activations", "AnyTensor", "Arithmetic", "Attention", "Convolution", "Elementwise",
            "Embedding", "Linear", "LongTensor", "Matrices", "Normalization", "Pooling", "ProgramArguments", "Recurrent",
            "Resampling", "SafeTensors",
            "Shaping", "Tensor", "WeightsException")) {
            types.put(simple, "netc.runtime." + simple);
        }
        types.put("WeightAndBias", "netc.runtime.Normalization.WeightAndBias");
        types.put("BatchNormState", "netc.runtime.Normalization.BatchNormState");
        return types;
    }
}
