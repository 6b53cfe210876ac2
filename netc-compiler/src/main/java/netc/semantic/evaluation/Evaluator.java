package netc.semantic.evaluation;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import netc.diagnostics.Code;
import netc.diagnostics.Diagnostic;
import netc.diagnostics.Diagnostics;
import netc.diagnostics.Excerpts;
import netc.diagnostics.Fix;
import netc.diagnostics.Related;
import netc.diagnostics.SourceSpan;
import netc.diagnostics.Sources;
import netc.diagnostics.Text;
import netc.semantic.catalog.ArgumentBinder;
import netc.semantic.catalog.ArithmeticFailure;
import netc.semantic.catalog.BoundArguments;
import netc.semantic.catalog.Catalog;
import netc.semantic.catalog.Derivation;
import netc.semantic.catalog.LayerCall;
import netc.semantic.catalog.LayerSpec;
import netc.semantic.catalog.Returned;
import netc.semantic.catalog.Structure;
import netc.semantic.catalog.TorchForm;
import netc.semantic.model.AnalyzedModel;
import netc.semantic.model.Module;
import netc.semantic.model.Provenance;
import netc.semantic.model.Shape;
import netc.semantic.model.StateEntry;
import netc.semantic.model.Trace;
import netc.semantic.model.Value;
import netc.syntax.Definition;
import netc.syntax.Expr;
import netc.syntax.Identifier;
import netc.syntax.Label;
import netc.syntax.Pattern;
import netc.syntax.Statement;

/**
 * Runs a model's forward pass at compile time: hyper-parameters are computed, every layer is
 * checked against the shape it receives, and modules and calls are recorded as PyTorch would
 * make them. Errors leave a tensor's shape unknown, which later checks skip, so one mistake is
 * reported once and the rest of the model is still checked.
 */
public final class Evaluator {
    /** The contextual word that runs the forward of the layer a block subclasses. */
    static final String SUPER = "super";
    private final Catalog catalog;
    private final Map<String, Definition.Block> blocks;
    private final Set<String> brokenDefinitions;
    private final Sources source;
    private final Diagnostics diagnostics;
    private final Deque<String> blockStack = new ArrayDeque<>();
    /** The block instance whose body runs, or null in the model's. */
    private Module instance;
    private final Expressions expressions;
    private final Labels labels;
    private final Methods methods;
    /** The one record of the forward pass; kept only when tables, backends or editors will read it. */
    private final Trace trace;
    private final Expansion expansion;
    /** What a repeat or a block certainly calls, so the layer limit can refuse it before it runs. */
    private final MinimumCalls minimumCalls;
    /** The repeats and block calls being expanded, innermost first: where the layer limit is reported. */
    private final Deque<SourceSpan> sites = new ArrayDeque<>();
    /** Block instances expanded so far, by block, arguments and input shapes. */
    private final Map<List<Object>, BlockInstance.Expanded> instances = new HashMap<>();
    /** Parameters of block instances replayed rather than expanded, which the module tree leaves out. */
    private long replayedParameters;
    /** Bindings of one new layer or block module ({@code conv1 = conv2d(...)}), for W501's hint to label it. */
    private final Map<Identifier, BoundModule> boundModules = new IdentityHashMap<>();

    /**
     * What a layer that returns a tuple in PyTorch returned (an RNN its output and state), by the
     * tensor a chain passes on, its first: a destructuring takes the whole tuple apart.
     */
    private final Map<Value.Tensor, Value.Tuple> wholeResults = new IdentityHashMap<>();

    /**
     * Layers of the same sizes have equal state entries: they share one list of them (a file of a
     * million layers of a few kinds keeps a few lists). Up to a bound, so that a model whose every layer
     * differs keeps no more than its own lists.
     */
    private final Map<List<StateEntry>, List<StateEntry>> sharedStates = new HashMap<>();
    private static final int MAX_SHARED_STATES = 4096;

    /** {@code name = call} where the call made {@code module}. */
    private record BoundModule(Expr call, Module module) {
    }

    private Scope scope;
    private Module container;
    private Value.Tensor current;
    private Value last;
    /** The layer the block being expanded subclasses; null in other blocks and in models. */
    private Parent parent;

    public Evaluator(Catalog catalog, Map<String, Definition.Block> blocks, Set<String> brokenDefinitions,
                     Sources source, Diagnostics diagnostics, Expansion expansion) {
        this.catalog = catalog;
        this.expansion = expansion;
        this.blocks = blocks;
        this.brokenDefinitions = brokenDefinitions;
        this.source = source;
        this.diagnostics = diagnostics;
        this.expressions = new Expressions(this, diagnostics);
        this.labels = new Labels(expressions, diagnostics);
        this.methods = new Methods(this);
        this.minimumCalls = new MinimumCalls(blocks, this::isCallable, !expansion.diagnosticsOnly());
        this.trace = new Trace(!expansion.diagnosticsOnly());
    }

    // ---- models ------------------------------------------------------------------------------

    public AnalyzedModel model(Definition.Model model, Map<String, Value> settings) {
        Module root = new Module(Module.Kind.MODEL, model.name().text(), model.span(), null);
        return within(new Frame(new Scope(), root, null, null), () -> forward(model, settings, root));
    }

    private AnalyzedModel forward(Definition.Model model, Map<String, Value> settings, Module root) {
        bindModelParameters(model, settings);
        if (model.body().stream().noneMatch(s -> s instanceof Statement.Input)) {
            diagnostics.report(Diagnostic.error(Code.MISSING_INPUT, model.name().span(),
                Text.of("eval.model_has_no_input", model.name().text()))
                .withHelp(Text.of("eval.begin_input_such_input")));
            current = unknown();
        }
        for (Statement statement : model.body()) {
            if (statement instanceof Statement.Input) {
                declareModelInputs((Statement.Input) statement);
            } else {
                bodyStatement(statement);
            }
        }
        warnUnread();
        checkParameterTotal(model, root);
        checkModelGivesTensors(model);
        Value.Tensor output = modelOutput();
        if (output.known() && !output.shape().batched()) {
            unbatched(model.name().span(), output, Text.of("eval.output_model", model.name().text()));
            output = unknown();
        }
        if (output.known() && model.body().stream().allMatch(s -> s instanceof Statement.Input)) {
            diagnostics.report(Diagnostic.error(Code.EMPTY_MODEL, model.name().span(),
                Text.of("eval.model_computes_nothing_has",
                model.name().text())).withHelp(Text.of("eval.add_layers_work_input")));
        }
        if (last instanceof Value.Tuple && output == firstTensor(last)) {
            trace.add(new Trace.Tuple((Value.Tuple) last, true, model.body().get(model.body().size() - 1).span()));
        }
        return new AnalyzedModel(model.name().text(), root, output, trace);
    }

    private void bindModelParameters(Definition.Model model, Map<String, Value> settings) {
        for (Definition.Parameter parameter : model.parameters()) {
            String name = parameter.name().text();
            if (settings.containsKey(name)) {
                scope.define(name, settings.get(name));
            } else if (parameter.defaultValue() != null) {
                scope.define(name, expressions.value(parameter.defaultValue()));
            } else {
                diagnostics.report(Diagnostic.error(Code.MISSING_PARAMETER_VALUE, parameter.span(),
                    Text.of("eval.model_parameter_has_no", name)).withHelp(Text.of("eval.give_default_set_set", name,
                        name)));
                scope.define(name, Value.NONE);
            }
        }
    }

    private void declareModelInputs(Statement.Input statement) {
        for (Statement.InputDeclaration declaration : statement.inputs()) {
            Value.Tensor tensor = declaredTensor(declaration);
            scope.define(declaration.name().text(), tensor);
            trace.add(new Trace.Input(trace.newId(tensor), declaration.name().text(), tensor.shape(), tensor.dtype()));
            trace.add(binding(declaration.name(), tensor));
            if (current == null) {
                current = tensor;
            }
        }
    }

    private Value.Tensor declaredTensor(Statement.InputDeclaration declaration) {
        Provenance origin = Provenance.named(declaration.span(), Text.of("eval.input", declaration.name().text()));
        if (declaration.type() == null) {
            diagnostics.report(Diagnostic.error(Code.MISSING_INPUT_TYPE, declaration.span(),
                Text.of("eval.model_input_needs_shape",
                    declaration.name().text())).withHelp(Text.of("eval.write_input_c_h", declaration.name().text())));
            return new Value.Tensor(null, Value.DType.FLOAT32, origin);
        }
        return new Value.Tensor(expressions.shape(declaration.type()), expressions.dtype(declaration.type()), origin);
    }

    private void checkParameterTotal(Definition.Model model, Module root) {
        try {
            Math.addExact(root.totalParameters(), replayedParameters);
        } catch (ArithmeticException e) {
            diagnostics.report(Diagnostic.error(Code.SIZE_OVERFLOW, model.name().span(),
                Text.of("eval.model_has_more_than", model.name().text())));
        }
    }

    /** The last statement's tensor; the first of its tuple of tensors (the model returns them all); else the last tensor. */
    /**
     * A model's forward returns its outputs, so its last statement gives a tensor or a tuple of them
     * (a number there was ignored, and the tensor before it returned).
     */
    private void checkModelGivesTensors(Definition.Model model) {
        Statement statement = model.body().isEmpty() ? null : model.body().get(model.body().size() - 1);
        boolean tensors = last instanceof Value.Tensor
            || last instanceof Value.Tuple && holdsTensors(last) && firstTensor(last) != null;
        if (statement == null || statement instanceof Statement.Input || statement instanceof Statement.State
            || last == null || tensors || last.invalid()) {
            return;
        }
        diagnostics.report(Diagnostic.error(Code.NOT_A_TENSOR, statement.span(),
            Text.of("eval.model_gives_model_must", model.name().text(), last.describe()))
            .withHelp(Text.of("eval.end_model_tensors_returns")));
        last = unknown();
        current = unknown();
    }

    private Value.Tensor modelOutput() {
        if (last instanceof Value.Tuple && holdsTensors(last) && firstTensor(last) != null) {
            return firstTensor(last);
        }
        if (last instanceof Value.Tensor) {
            return (Value.Tensor) last;
        }
        return current != null ? current : unknown();
    }

    // ---- statements --------------------------------------------------------------------------

    void statements(List<Statement> body) {
        for (Statement statement : body) {
            statement(statement);
        }
    }

    void statement(Statement statement) {
        if (statement instanceof Statement.Binding) {
            Statement.Binding binding = (Statement.Binding) statement;
            int modules = container.children().size();
            Value value = chain(binding.value(), current);
            rememberBoundModule(binding, modules);
            scope.bind(binding.name(), value);
            trace.add(binding(binding.name(), value));
            advance(value);
        } else if (statement instanceof Statement.Destructuring) {
            Statement.Destructuring destructuring = (Statement.Destructuring) statement;
            Value value = chain(destructuring.value(), current);
            Value whole = whole(value);
            destructure(destructuring.target(), whole);
            if (whole instanceof Value.Tuple && holdsAnyTensor(whole)) { // sizes (n, c, h, w = x.shape) are numbers
                trace.add(new Trace.Tuple((Value.Tuple) whole, false, destructuring.span()));
            }
            last = value;
            // a layer passes its first tensor on, as in a chain; a tuple taken apart leaves none to continue from
            current = value instanceof Value.Tensor ? (Value.Tensor) value : null;
        } else if (statement instanceof Statement.Chain) {
            advance(chain(((Statement.Chain) statement).chain(), current));
        } else if (statement instanceof Statement.State) {
            misplacedState((Statement.State) statement, Text.of("eval.group_if_repeat"));
        } else if (statement instanceof Statement.Input) {
            blockInputsInWrongPlace((Statement.Input) statement);
        } else {
            throw new AssertionError(statement);
        }
    }

    /** A statement of a model's or block's own body: a parameter or buffer is declared there, and only there. */
    void bodyStatement(Statement statement) {
        if (!(statement instanceof Statement.State)) {
            statement(statement);
        } else if (parent != null) {
            misplacedState((Statement.State) statement, Text.of("eval.block_subclassing_layer_which"));
        } else {
            declareState((Statement.State) statement);
        }
    }

    private void misplacedState(Statement.State state, Text where) {
        diagnostics.report(Diagnostic.error(Code.MISPLACED_STATE, state.span(),
            Text.of("eval.may_declared_only_model", state.word(), where)).withHelp(Text.of("eval.declare_top_body")));
    }

    /**
     * {@code param name: [dims] = fill}: an entry of the current module's own state (nn.Parameter,
     * register_buffer), and a tensor of the body without the batch dimension.
     */
    private void declareState(Statement.State state) {
        Shape declared = expressions.shape(state.shape());
        Value fill = state.fill() == null ? new Value.Int(0) : expressions.value(state.fill());
        if (!(fill instanceof Value.Int) && !(fill instanceof Value.Float) && !fill.invalid()) {
            diagnostics.report(Diagnostic.error(Code.BAD_FILL, state.fill().span(), Text.of("eval.filled_number",
                state.word(), state.name().text(), fill.describe()))
                .withHelp(Text.of("eval.write_number_e_leave", state.word(), state.name().text(),
                    source.slice(state.shape().span()))));
        }
        String name = state.name().text();
        Module owner = container.child(name);
        if (owner != null || container.ownsState(name) || scope.has(name)) {
            Text reason = owner != null ? Text.of("eval.module_named_pytorch_registers", name)
                : container.ownsState(name) ? Text.of("eval.parameter_buffer_named_pytorch",
                    name) : Text.of("eval.value_named_name_means", name);
            diagnostics.report(Diagnostic.error(Code.DUPLICATE_STATE, state.name().span(), Text.of("eval.already_has",
                containerWord(), reason)).withHelp(Text.of("eval.give_another_name", state.word())));
        } else if (declared != null) {
            container.addState(new StateEntry(name, declared.dims(), state.parameter()));
        }
        Shape shape = declared == null ? null : Shape.unbatched(declared.dims());
        Value.Tensor tensor = new Value.Tensor(shape, Value.DType.FLOAT32,
            Provenance.named(state.span(), Text.of("eval.state_named", state.word(), name)));
        scope.define(name, tensor);
        trace.add(new Trace.Binding(state.name(), shape == null ? null : shape.toString(), -1));
        trace.add(new Trace.State(trace.newId(tensor), container, name, state.parameter(), shape, fill,
            state.span()));
    }

    /** The whole tuple a layer returned, where {@code value} is the first tensor of one; else the value. */
    private Value whole(Value value) {
        Value.Tuple tuple = value instanceof Value.Tensor ? wholeResults.get(value) : null;
        return tuple != null ? tuple : value;
    }

    /**
     * Binds each name of {@code target} to its part of {@code value}, as Python unpacks a tuple;
     * {@code _} binds nothing. A value an earlier error left unknown binds unknown tensors, silently.
     */
    private void destructure(Statement.Target.Tuple target, Value value) {
        List<Statement.Target> parts = target.elements();
        if (!(value instanceof Value.Tuple)) {
            if (known(value)) {
                diagnostics.report(Diagnostic.error(Code.NOT_A_TUPLE, target.span(),
                    Text.of("eval.takes_values_apart_not", source.slice(target.span()), parts.size(), value.describe()))
                    .withHelp(Text.of("eval.write_one_name_tuple")));
            }
            bindUnknown(target);
            return;
        }
        List<Value> elements = ((Value.Tuple) value).elements();
        if (elements.size() != parts.size()) {
            diagnostics.report(Diagnostic.error(Code.DESTRUCTURING_ARITY, target.span(),
                Text.of("eval.takes_values_apart_tuple", source.slice(target.span()), parts.size(), elements.size(),
                briefly(value))).withHelp(Text.of("eval.write_one_name_per")));
            bindUnknown(target);
            return;
        }
        for (int i = 0; i < parts.size(); i++) {
            Statement.Target part = parts.get(i);
            if (part instanceof Statement.Target.Tuple) {
                destructure((Statement.Target.Tuple) part, elements.get(i));
            } else if (part instanceof Statement.Target.Name) {
                bindPart((Statement.Target.Name) part, elements.get(i));
            } else {
                throw new AssertionError(part);
            }
        }
    }

    private void bindPart(Statement.Target.Name part, Value value) {
        if (!part.discarded()) {
            scope.bind(part.name(), value);
            trace.add(binding(part.name(), value));
        }
    }

    /** After an error, the names are defined without W501: their values were never there to read. */
    private void bindUnknown(Statement.Target.Tuple target) {
        for (Identifier name : target.names()) {
            scope.define(name.text(), unknown());
            trace.add(new Trace.Binding(name, null, -1));
        }
    }

    /** Whether a value is known: not the result of an error reported already. */
    private static boolean known(Value value) {
        if (value instanceof Value.Tensor) {
            return ((Value.Tensor) value).known();
        }
        if (value instanceof Value.State) {
            return ((Value.State) value).known();
        }
        if (value instanceof Value.Tuple) {
            return ((Value.Tuple) value).elements().stream().allMatch(Evaluator::known);
        }
        return !value.invalid();
    }

    /** How the editor shows a bound value's shape: a tensor's, a state's, a tuple of them; null for others. */
    private Trace.Binding binding(Identifier name, Value value) {
        int tensor = value instanceof Value.Tensor ? trace.idOf((Value.Tensor) value) : -1;
        return new Trace.Binding(name, printedShape(value), tensor);
    }

    private static String printedShape(Value value) {
        return holdsTensors(value) && known(value) ? briefly(value) : null;
    }

    /** A value as a message or hover shows it: a long tuple (unbind's pieces) shortened. */
    private static String briefly(Value value) {
        return value instanceof Value.Tuple ? ((Value.Tuple) value).brief() : value.show();
    }

    /** {@code name = layer(...)} that made exactly one module: the user may have meant {@code name: layer(...)}. */
    private void rememberBoundModule(Statement.Binding binding, int modulesBefore) {
        List<Module> children = container.children();
        boolean oneCall = binding.value() instanceof Expr.Call || binding.value() instanceof Expr.Name;
        if (oneCall && children.size() == modulesBefore + 1) {
            Module made = children.get(modulesBefore);
            if (made.kind() == Module.Kind.LAYER || made.kind() == Module.Kind.BLOCK) {
                boundModules.put(binding.name(), new BoundModule(binding.value(), made));
            }
        }
    }

    private void advance(Value value) {
        last = value;
        if (value instanceof Value.Tensor) {
            current = (Value.Tensor) value;
        }
    }

    private void blockInputsInWrongPlace(Statement.Input statement) {
        diagnostics.report(Diagnostic.error(Code.MISSING_INPUT, statement.span(),
            Text.of("eval.input_may_only_declared")));
    }

    /** A chain: its first step may take the incoming tensor; each later step takes the one before. */
    Value chain(Expr expr, Value.Tensor incoming) {
        if (!(expr instanceof Expr.Chain)) {
            return step(expr, incoming, true, null);
        }
        List<Expr> steps = ((Expr.Chain) expr).steps();
        Value value = step(steps.get(0), incoming, true, null);
        for (Expr next : steps.subList(1, steps.size())) {
            value = step(next, tensorFor(value, next), false, null);
        }
        return value;
    }

    private Value.Tensor tensorFor(Value value, Expr next) {
        if (value == null || value instanceof Value.Tensor) {
            return (Value.Tensor) value; // null after an if or repeat that gave nothing: the next step has no tensor, and says so
        }
        if (!known(value)) {
            return unknown(); // the error that made it is reported already
        }
        if (value instanceof Value.Tuple) {
            diagnostics.report(Diagnostic.error(Code.TUPLE_AS_TENSOR, next.span(),
                Text.of("eval.passes_tuple_here_layer", briefly(value)))
                .withHelp(Text.of("eval.take_tuple_apart_first")));
            return unknown();
        }
        if (value instanceof Value.State) {
            diagnostics.report(stateAsTensor(next.span(), Text.of("eval.passes_here", value.describe())));
            return unknown();
        }
        diagnostics.report(Diagnostic.error(Code.NOT_A_TENSOR, next.span(),
            Text.of("eval.passes_here_layer_needs", value.describe())));
        return unknown();
    }

    /** E334: the batch of a recurrent state is its second dimension, where no layer of the chain looks for it. */
    private static Diagnostic stateAsTensor(SourceSpan span, Text what) {
        return Diagnostic.error(Code.STATE_AS_TENSOR, span, Text.of("eval.recurrent_state_holds_batch", what))
            .withHelp(Text.of("eval.pass_state_x_gru"));
    }

    /** One step of a chain; {@code head} steps may be values that ignore the incoming tensor. */
    Value step(Expr expr, Value.Tensor incoming, boolean head, Label label) {
        if (expr instanceof Expr.Labelled) {
            Expr.Labelled labelled = (Expr.Labelled) expr;
            return step(labelled.target(), incoming, head, labelled.label());
        }
        if (expr instanceof Expr.Name) {
            return name((Expr.Name) expr, incoming, head, label);
        }
        if (expr instanceof Expr.Call) {
            Expr.Call call = (Expr.Call) expr;
            return apply(call.callee(), call.arguments(), call.span(), incoming, head, label);
        }
        if (expr instanceof Expr.Group && !(head && isParenthesizedValue((Expr.Group) expr))) {
            return sequential((Expr.Group) expr, incoming, label);
        }
        if (expr instanceof Expr.If) {
            return conditional((Expr.If) expr, incoming);
        }
        if (expr instanceof Expr.Repeat) {
            return repeat((Expr.Repeat) expr, incoming);
        }
        if (expr instanceof Expr.Chain) {
            return chain(expr, incoming);
        }
        if (expr instanceof Expr.Index && isElementCall((Expr.Index) expr)) {
            return element((Expr.Index) expr, incoming);
        }
        if (expr instanceof Expr.Method) {
            return head ? methods.apply((Expr.Method) expr) : notALayer(expr, Text.of("eval.this"));
        }
        if (expr instanceof Expr.Group || expr instanceof Expr.Tuple || expr instanceof Expr.ListLiteral
            || expr instanceof Expr.Comprehension || expr instanceof Expr.Unary
            || expr instanceof Expr.Binary || expr instanceof Expr.Index || expr instanceof Expr.IntLiteral
            || expr instanceof Expr.FloatLiteral || expr instanceof Expr.StringLiteral
            || expr instanceof Expr.BoolLiteral) {
            return head ? expressions.value(expr) : notALayer(expr, Text.of("eval.this"));
        }
        throw new AssertionError(expr);
    }

    private Value name(Expr.Name name, Value.Tensor incoming, boolean head, Label label) {
        if (!name.qualified() && scope.has(name.text())) {
            Value value = scope.read(name.text());
            return head ? value : notALayer(name, Text.of("eval.name", name.text()));
        }
        return apply(name, List.of(), name.span(), incoming, head, label);
    }

    /** {@code convs[i]} where {@code convs} is no value but a module of this container: an element called again. */
    private boolean isElementCall(Expr.Index index) {
        if (!(index.target() instanceof Expr.Name)) {
            return false;
        }
        Expr.Name name = (Expr.Name) index.target();
        return !name.qualified() && !scope.has(name.text()) && labelledModule(name.text()) != null;
    }

    private Value element(Expr.Index index, Value.Tensor incoming) {
        Module module = labels.element(container, index);
        if (module == null || !expansion.count(site(index.span()), diagnostics)) {
            return unknown();
        }
        return reuse(module, index.span(), incomingTensor(incoming, (Expr.Name) index.target()));
    }

    private Value notALayer(Expr expr, Text what) {
        diagnostics.report(Diagnostic.error(Code.NOT_A_LAYER, expr.span(), Text.of("eval.value_not_layer_after",
            what)).withHelp(Text.of("eval.start_new_statement_instead")));
        return unknown();
    }

    /** {@code (a + b)} at the head of a chain is a value; any other group is an nn.Sequential. */
    private boolean isParenthesizedValue(Expr.Group group) {
        Expr only = group.single();
        return only instanceof Expr.Binary || only instanceof Expr.Unary || only instanceof Expr.Index
            || only instanceof Expr.IntLiteral || only instanceof Expr.FloatLiteral
            || (only instanceof Expr.Name && scope.has(((Expr.Name) only).text()));
    }

    // ---- layers, blocks, groups --------------------------------------------------------------

    private Value apply(Expr.Name callee, List<Expr.Argument> arguments, SourceSpan span, Value.Tensor incoming,
                        boolean head, Label label) {
        String name = callee.text();
        if (isBuiltin(callee)) {
            return head ? Builtins.call(name, expressions.arguments(arguments), span, diagnostics)
                : notALayer(callee, Text.of("eval.name", name));
        }
        if (!expansion.count(site(span), diagnostics)) {
            return unknown();
        }
        if (callee.qualifier() == Expr.Qualifier.TORCH_MODULE) {
            return torchModule(callee, arguments, span, incoming, head, label);
        }
        if (callee.qualifier() == Expr.Qualifier.INVALID) {
            expressions.arguments(arguments); // E107 is the one error of this name
            return unknown();
        }
        Module labelled = callee.functional() || label != null ? null : labelledModule(name);
        if (labelled != null && arguments.isEmpty()) {
            return reuse(labelled, span, incomingTensor(incoming, callee));
        }
        if (!callee.functional() && blocks.containsKey(name)) {
            return new BlockInstance(this, blocks.get(name), label).apply(arguments, span, incoming);
        }
        if (!callee.qualified() && label == null && name.equals(SUPER) && catalog.lookup(name) == null) {
            return superCall(callee, arguments, span, incoming, head);
        }
        Catalog.Entry entry = catalog.lookup(name);
        if (entry != null) {
            return layer(entry, callee, arguments, span, incoming, head, label);
        }
        if (!brokenDefinitions.contains(name)) {
            unknownLayer(callee);
        }
        expressions.arguments(arguments);
        return unknown();
    }

    /** {@code nn.Conv2d(...)}: the catalogue's layer of that PyTorch class. */
    private Value torchModule(Expr.Name callee, List<Expr.Argument> arguments, SourceSpan span, Value.Tensor incoming,
                              boolean head, Label label) {
        Catalog.Entry entry = catalog.lookupTorchClass(callee.text());
        if (entry != null) {
            return layer(entry, callee, arguments, span, incoming, head, label);
        }
        List<String> known = catalog.torchClasses().stream().map(c -> "nn." + c).collect(Collectors.toList());
        diagnostics.report(Suggestions.didYouMean(Diagnostic.error(Code.UNKNOWN_LAYER, callee.span(),
            Text.of("eval.there_no_layer_netc", source.slice(callee.span()))), "nn." + callee.text(), callee.span(),
            known));
        expressions.arguments(arguments);
        return unknown();
    }

    /**
     * A labelled layer named again is called again, as a PyTorch module attribute is (torchvision's
     * ResNet calls self.relu twice): the same module and weights, one more row.
     */
    private Value reuse(Module module, SourceSpan span, Value.Tensor input) {
        if (module.kind() != Module.Kind.LAYER || module.arguments() == null) {
            diagnostics.report(Diagnostic.error(Code.INVALID_OPERATION, span, Text.of("eval.only_layer_can_called",
                module.name(), module.torchClass())));
            return unknown();
        }
        LayerSpec spec = module.spec();
        Shape output = null;
        if (input.known() && spec.acceptsRank(input.shape().rank())) {
            output = runRules(layerCall(spec, module.arguments(), List.of(input), span), module.arguments(), null);
        } else if (input.known()) {
            wrongRank(catalog.lookup(spec.name()), input, span);
        }
        Value.Tensor result = tensor(output, input, span, spec.dtypes().output(List.of(input), module.arguments()));
        trace.add(new Trace.Apply(trace.newId(result), List.of(trace.idOf(input)), spec.name(), spec,
            module.arguments(), module, output, result.dtype(), null, null, null, span));
        return result;
    }

    /**
     * E346: a parameter or buffer (a tensor without the batch) where netc needs the batch in front:
     * layers, blocks and indexing check shapes for any batch size.
     */
    void unbatched(SourceSpan span, Value.Tensor tensor, Text use) {
        unbatched(span, tensor, use, null);
    }

    /** E346 with its own {@code help}; null for the usual one, which combines the tensor with a batched one. */
    void unbatched(SourceSpan span, Value.Tensor tensor, Text use, Text help) {
        List<Related> related = new ArrayList<>();
        if (tensor.origin() != null) {
            related.add(new Related(tensor.origin().span(), tensor.origin().explain(tensor.shape())));
        }
        diagnostics.report(new Diagnostic(Code.UNBATCHED_INPUT, span, Text.of("eval.tensor_has_no_batch",
            tensor.shape(), use), related,
            help != null ? help : Text.of("eval.combine_batched_tensor_first")));
    }

    /**
     * {@code class_token.expand(n, -1, -1)}: a parameter or buffer expanded to the batch size {@code n}, a
     * batched tensor. The step's inputs are the parameter and the tensor the batch size was read off,
     * where generated code reads it again. {@code perItem} holds the sizes after the batch's.
     */
    Value expandToBatch(Value.Tensor tensor, Value.Batch batch, List<ArgumentBinder.Given> perItem, SourceSpan span) {
        LayerSpec spec = catalog.lookup("expand").any();
        BoundArguments bound = new ArgumentBinder(spec.name(), spec.signature(), spec.spatialDims(), span, diagnostics)
            .bind(perItem);
        List<Value.Tensor> inputs = List.of(tensor, batch.source());
        Shape output = bound == null ? null : runRules(layerCall(spec, bound, inputs, span), bound, null);
        Value.Tensor result = tensor(output, tensor, span);
        trace.add(new Trace.Apply(trace.newId(result), trace.idsOf(inputs), spec.name(), spec, bound, null, output,
            result.dtype(), null, null, null, span));
        return result;
    }

    /** range, enumerate or len, unless a block, layer or label of that name hides it. */
    private boolean isBuiltin(Expr.Name callee) {
        return !callee.qualified() && Builtins.isBuiltin(callee.text()) && !blocks.containsKey(callee.text())
            && catalog.lookup(callee.text()) == null && labelledModule(callee.text()) == null;
    }

    /** A layer, block or labelled module of the current container: something a chain can apply. */
    MinimumCalls minimumCalls() {
        return minimumCalls;
    }

    boolean isCallable(String name) {
        return catalog.lookup(name) != null || blocks.containsKey(name) || labelledModule(name) != null
            || brokenDefinitions.contains(name);
    }

    /** The current container's module of that label; there is none while a block's parameter defaults are evaluated. */
    private Module labelledModule(String name) {
        return container == null ? null : container.child(name);
    }

    private void unknownLayer(Expr.Name callee) {
        if (callee.functional()) {
            List<String> known = catalog.names().stream().map(n -> "F." + n).collect(Collectors.toList());
            diagnostics.report(Suggestions.didYouMean(Diagnostic.error(Code.UNKNOWN_LAYER, callee.span(),
                Text.of("eval.there_no_layer_named", source.slice(callee.span()))), "F." + callee.text(),
                    callee.span(), known));
            return;
        }
        List<String> known = new ArrayList<>(catalog.names());
        known.addAll(blocks.keySet());
        known.addAll(scope.names());
        scope.unknownName(callee.text());
        diagnostics.report(Suggestions.didYouMean(Diagnostic.error(Code.UNKNOWN_LAYER, callee.span(),
            Text.of("eval.there_no_layer_block", Excerpts.word(callee.text()))), callee.text(), callee.span(), known));
    }

    private Value layer(Catalog.Entry entry, Expr.Name callee, List<Expr.Argument> arguments, SourceSpan span,
                        Value.Tensor incoming, boolean head, Label label) {
        List<ArgumentBinder.Given> given = new ArrayList<>(expressions.arguments(arguments));
        LayerSpec.NumberForm numbers = entry.any().numbers();
        if (numbers != null && head && isNumberCall(given, numbers.arity())) {
            return number(entry.name(), numbers, given, span);
        }
        return applyLayer(entry, callee, given, span, incoming, head, label);
    }

    /** A catalogue layer applied to arguments already evaluated ({@code given}, which it may change). */
    Value applyLayer(Catalog.Entry entry, Expr.Name callee, List<ArgumentBinder.Given> given, SourceSpan span,
                     Value.Tensor incoming, boolean head, Label label) {
        ArgumentBinder.Given state = takeState(given);
        if (entry.any().torch().style() == TorchForm.Style.TENSOR_LIST) {
            spreadTensors(given, callee.text());
        }
        List<Value.Tensor> inputs = layerInputs(given, incoming, head, callee);
        return layer(entry, callee, given, inputs, span, label, null, state);
    }

    /**
     * {@code torch.cat((a, b), dim=1)}: a tuple given in place of the tensors of an operation that takes a
     * list of them stands for its elements. An element that is not a tensor is reported and stands for
     * an unknown tensor, so that the count of tensors stays the one written.
     */
    private void spreadTensors(List<ArgumentBinder.Given> given, String callee) {
        for (int i = 0; i < given.size(); i++) {
            ArgumentBinder.Given g = given.get(i);
            if (g.keyword() != null || !(g.value() instanceof Value.Tuple)) {
                continue;
            }
            List<Value> elements = ((Value.Tuple) g.value()).elements();
            List<ArgumentBinder.Given> tensors = new ArrayList<>(elements.size());
            for (int e = 0; e < elements.size(); e++) {
                Value element = elements.get(e);
                if (!(element instanceof Value.Tensor) && !element.invalid()) {
                    diagnostics.report(Diagnostic.error(Code.WRONG_ARGUMENT_TYPE, g.span(),
                        Text.of("eval.takes_tuple_tensors_element", callee, (e + 1), element.describe())));
                }
                tensors.add(new ArgumentBinder.Given(null, null,
                    element instanceof Value.Tensor ? element : unknown(), g.span()));
            }
            given.remove(i);
            given.addAll(i, tensors);
            i += tensors.size() - 1;
        }
    }

    /**
     * A block that subclasses a layer and has no body ({@code block Conv3DSimple(...) : Conv3d(...)}):
     * the layer under the block's class name, built with the base's arguments, evaluated in
     * {@code blockScope}.
     */
    Value subclassedLayer(Catalog.Entry entry, Definition.Block block, Scope blockScope, List<Value.Tensor> tensors,
                          Value.Tensor incoming, SourceSpan span, Label label) {
        List<ArgumentBinder.Given> given = new ArrayList<>(tensors.size());
        for (Value.Tensor tensor : tensors) {
            given.add(new ArgumentBinder.Given(null, null, tensor, span));
        }
        given.addAll(inScope(blockScope, () -> expressions.arguments(block.baseArguments())));
        Expr.Name base = new Expr.Name(block.base().span(), Expr.Qualifier.NONE, block.base());
        List<Value.Tensor> inputs = layerInputs(given, incoming, true, base);
        return layer(entry, base, given, inputs, span, label, new Subclass(block.name().text(), null), null);
    }

    /**
     * The layer a block subclasses, by its PyTorch class ({@code Conv3d}) or catalogue name
     * ({@code conv3d}); null, once reported, when there is none.
     */
    Catalog.Entry baseLayer(Definition.Block block) {
        String base = block.base().text();
        Catalog.Entry entry = catalog.lookupTorchClass(base);
        if (entry == null) {
            entry = catalog.lookup(base);
        }
        if (entry == null || !entry.any().module()) {
            List<String> known = new ArrayList<>(catalog.torchClasses());
            known.addAll(Definition.Block.CONTAINERS);
            diagnostics.report(Suggestions.didYouMean(Diagnostic.error(Code.UNKNOWN_BASE, block.base().span(),
                Text.of("eval.block_can_subclass_sequential", base)), base,
                block.base().span(), known));
            return null;
        }
        return entry;
    }

    /**
     * {@code super(x)} or {@code x -> super} in a block that subclasses a layer: the layer's forward,
     * on the block's own state (its module is the block's).
     */
    private Value superCall(Expr.Name callee, List<Expr.Argument> arguments, SourceSpan span, Value.Tensor incoming,
                            boolean head) {
        if (parent == null) {
            diagnostics.report(Diagnostic.error(Code.SUPER_OUTSIDE_SUBCLASS, callee.span(),
                Text.of("eval.super_runs_forward_layer", containerWord()))
                .withHelp(Text.of("eval.subclass_layer_block_name")));
            expressions.arguments(arguments);
            return unknown();
        }
        parent.called = true;
        List<ArgumentBinder.Given> given = new ArrayList<>(expressions.arguments(arguments));
        Expr.Name base = new Expr.Name(callee.span(), Expr.Qualifier.NONE, parent.block.base());
        List<Value.Tensor> inputs = layerInputs(given, incoming, head, base);
        if (!given.isEmpty()) {
            diagnostics.report(Diagnostic.error(Code.TOO_MANY_ARGUMENTS, given.get(0).span(),
                Text.of("eval.super_takes_only_tensors")));
            return unknown();
        }
        given.addAll(parent.arguments);
        return layer(parent.entry, base, given, inputs, span, null,
            new Subclass(parent.block.name().text(), parent.module), null);
    }

    /**
     * How a layer call stands for a block that subclasses it: the class name its row shows, and the
     * block's module when {@code super} runs it (null: the call makes a module of its own).
     */
    private record Subclass(String torchClass, Module module) {
    }

    /** The layer a block instance subclasses, for {@code super} in its body, and whether the body called it. */
    static final class Parent {
        private final Catalog.Entry entry;
        private final Definition.Block block;
        private final List<ArgumentBinder.Given> arguments;
        private final Module module;
        private boolean called;

        Parent(Catalog.Entry entry, Definition.Block block, List<ArgumentBinder.Given> arguments, Module module) {
            this.entry = entry;
            this.block = block;
            this.arguments = List.copyOf(arguments);
            this.module = module;
        }

        boolean called() {
            return called;
        }
    }

    private Value layer(Catalog.Entry entry, Expr.Name callee, List<ArgumentBinder.Given> given,
                        List<Value.Tensor> inputs, SourceSpan span, Label label, Subclass subclass,
                        ArgumentBinder.Given state) {
        for (Value.Tensor input : inputs) {
            if (input.known() && !input.shape().batched()) {
                unbatched(span, input, Text.of("eval.given", callee.text()));
                return unknown();
            }
        }
        Value.Tensor first = inputs.get(0);
        LayerSpec spec = first.known() ? entry.forRank(first.shape().rank()) : entry.any();
        if (spec == null) {
            wrongRank(entry, first, span);
            spec = entry.any();
        }
        boolean usable = checkInputs(spec, inputs, callee.text(), span);
        if (callee.functional() && !spec.stateless()) {
            diagnostics.report(Diagnostic.error(Code.FUNCTIONAL_WITH_PARAMETERS, callee.span(),
                Text.of("eval.f_has_parameters_buffers", callee.text()))
                .withHelp(Text.of("eval.write_without_f", entry.name()))
                .withFix(Fix.replace(Text.of("eval.write_without_f", entry.name()), callee.span(), entry.name())));
        }
        BoundArguments bound = new ArgumentBinder(entry.name(), spec.signature(), spec.spatialDims(), span,
            diagnostics).bind(given);
        Module module = subclass != null && subclass.module() != null ? subclass.module()
            : spec.module() && !callee.functional() ? register(label, Module.Kind.LAYER,
            subclass == null ? spec.torchClass() : subclass.torchClass(), span, spec) : null;
        Shape output = null;
        List<Derivation> working = List.of();
        if (bound != null && usable && allKnown(inputs) && spec.acceptsRank(first.shape().rank())) {
            LayerCall call = layerCall(spec, bound, inputs, span);
            output = runRules(call, bound, module);
            working = call.derivations();
        }
        Structure structure = module == null || output == null ? null : structure(spec, bound, inputs, span, output);
        if (structure != null) {
            addParts(module, structure.parts(), span);
        }
        Value.Tensor result = tensor(output, first, span, spec.dtypes().output(inputs, bound), working);
        int id = trace.newId(result);
        Value returned = output == null ? null : spec.pieces() != null ? pieces(spec, bound, inputs, result, span)
            : returnedValue(spec.returns().apply("", bound, output, Returned.BATCH), result, span);
        if (returned instanceof Value.Tuple) {
            wholeResults.put(result, (Value.Tuple) returned);
        }
        if (returned != null && state != null) {
            checkState(entry.name(), returned, state);
        }
        trace.add(new Trace.Apply(id, trace.idsOf(inputs), entry.name(), spec, bound, module, output, result.dtype(),
            structure, state == null ? null : state.value(), returned instanceof Value.Tuple ? (Value.Tuple) returned
                : null, span));
        // an operation's tuple (chunk's pieces) is its value, as in PyTorch; a module passes its first tensor on
        return spec.pieces() == null ? result : returned != null ? returned : unknown();
    }

    /**
     * The tuple of an operation returning pieces (chunk, split, unbind): {@code first}, which the step
     * numbers, then the others, numbered after it, each counting as a call toward the layer limit; null
     * past it. Its rule ran once already and reported nothing.
     */
    private Value.Tuple pieces(LayerSpec spec, BoundArguments bound, List<Value.Tensor> inputs, Value.Tensor first,
                               SourceSpan span) {
        List<Shape> shapes = spec.pieces().apply(layerCall(spec, bound, inputs, span));
        if (!expansion.count(shapes.size() - 1, site(span), diagnostics)) {
            return null;
        }
        List<Value> pieces = new ArrayList<>(List.of(first));
        for (Shape shape : shapes.subList(1, shapes.size())) {
            Value.Tensor piece = tensor(shape, inputs.get(0), span, first.dtype());
            trace.newId(piece);
            pieces.add(piece);
        }
        return new Value.Tuple(pieces);
    }

    /**
     * A recurrent layer's initial state: the positional argument that is a recurrent state, or a
     * tuple of them (an LSTM's {@code (h, c)}). Taken out of the arguments the signature binds.
     */
    private static ArgumentBinder.Given takeState(List<ArgumentBinder.Given> given) {
        for (ArgumentBinder.Given g : given) {
            if (g.keyword() == null && isState(g.value())) {
                given.remove(g);
                return g;
            }
        }
        return null;
    }

    private static boolean isState(Value value) {
        return value instanceof Value.State || value instanceof Value.Tuple
            && ((Value.Tuple) value).elements().stream().allMatch(Evaluator::isState);
    }

    /**
     * The initial state must be what the layer returns as its state, as PyTorch checks it: h_0 [num_layers x
     * directions, batch, hidden_size] (an LSTM's (h_0, c_0)). A layer that returns no state takes none.
     */
    private void checkState(String layer, Value returned, ArgumentBinder.Given state) {
        Value expected = returned instanceof Value.Tuple ? ((Value.Tuple) returned).elements().get(1) : null;
        if (expected == null || !isState(expected)) {
            diagnostics.report(stateAsTensor(state.span(), Text.of("eval.given_2", layer, state.value().describe())));
        } else if (!sameState(expected, state.value())) {
            List<Related> related = new ArrayList<>();
            if (state.value() instanceof Value.State && ((Value.State) state.value()).origin() != null) {
                related.add(new Related(((Value.State) state.value()).origin().span(), Text.of("provenance.comes_from_step",
                    state.value().show(), ((Value.State) state.value()).origin().place())));
            }
            diagnostics.report(new Diagnostic(Code.STATE_SHAPE, state.span(), Text.of("eval.initial_state_must_state",
                layer, expected.show(), state.value().show()), related, Text.of("eval.state_num_layers_x",
                (expected instanceof Value.Tuple ? Text.of("eval.lstm_takes_h_c") : ""))));
        }
    }

    private static boolean sameState(Value expected, Value given) {
        if (expected instanceof Value.State && given instanceof Value.State) {
            Value.State a = (Value.State) expected;
            Value.State b = (Value.State) given;
            return !b.known() || a.first() == b.first() && a.shape().equals(b.shape());
        }
        if (expected instanceof Value.Tuple && given instanceof Value.Tuple) {
            List<Value> as = ((Value.Tuple) expected).elements();
            List<Value> bs = ((Value.Tuple) given).elements();
            if (as.size() != bs.size()) {
                return false;
            }
            for (int i = 0; i < as.size(); i++) {
                if (!sameState(as.get(i), bs.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /**
     * What a layer returns as netc values: {@code first}, the tensor the chain passes on, in the
     * first place; recurrent states where the batch is not the first dimension; None as None.
     */
    private Value returnedValue(Returned returned, Value.Tensor first, SourceSpan span) {
        if (returned instanceof Returned.Tuple) {
            List<Value> elements = new ArrayList<>();
            for (Returned element : ((Returned.Tuple) returned).elements()) {
                elements.add(elements.isEmpty() ? returnedValue(element, first, span) : returnedValue(element, null, span));
            }
            return new Value.Tuple(elements);
        }
        if (returned instanceof Returned.None) {
            return Value.NONE;
        }
        if (returned instanceof Returned.Tensor) {
            Returned.Tensor tensor = (Returned.Tensor) returned;
            if (first != null) {
                return first;
            }
            Provenance origin = Provenance.of(span, source, null, null);
            if (tensor.first() == Returned.BATCH) {
                return new Value.Tensor(tensor.afterFirst(), Value.DType.FLOAT32, origin);
            }
            long[] afterBatch = java.util.Arrays.copyOfRange(tensor.afterFirst().dims(), 1, tensor.afterFirst().size());
            return new Value.State(tensor.first(), Shape.of(afterBatch), Value.DType.FLOAT32, origin);
        }
        throw new AssertionError(returned);
    }

    /**
     * {@code a @ b}: the catalogue's operation {@code name} (matmul) on tensors, as if called with them and no
     * other arguments.
     */
    Value.Tensor operation(String name, List<Value.Tensor> inputs, SourceSpan span) {
        LayerSpec spec = catalog.lookup(name).any();
        BoundArguments bound = new ArgumentBinder(name, spec.signature(), 0, span, diagnostics).bind(List.of());
        Shape output = null;
        if (allKnown(inputs) && checkInputs(spec, inputs, name, span)) {
            output = runRules(layerCall(spec, bound, inputs, span), bound, null);
        }
        Value.Tensor result = tensor(output, inputs.get(0), span, spec.dtypes().output(inputs, bound));
        trace.add(new Trace.Apply(trace.newId(result), trace.idsOf(inputs), name, spec, bound, null, output,
            result.dtype(), null, null, null, span));
        return result;
    }

    /** {@code sqrt(d)}: only numbers, as many as the function of numbers takes. */
    private static boolean isNumberCall(List<ArgumentBinder.Given> given, int arity) {
        return given.size() == arity && given.stream().allMatch(g -> g.keyword() == null
            && (g.value() instanceof Value.Int || g.value() instanceof Value.Float));
    }

    private Value number(String name, LayerSpec.NumberForm numbers, List<ArgumentBinder.Given> given, SourceSpan span) {
        try {
            return numbers.compute().apply(given.stream().map(ArgumentBinder.Given::value).collect(Collectors.toList()));
        } catch (ArithmeticException e) {
            diagnostics.report(Diagnostic.error(Code.MATH_DOMAIN, span, Text.of("eval.math_domain", source.slice(span), ArithmeticFailure.reason(e))));
            return Value.INVALID;
        }
    }

    /**
     * The tensors a layer works on: tensors passed as arguments (cat(a, b)), led by the incoming one
     * in a chain step, or at a chain's head when no tensor is passed.
     */
    private List<Value.Tensor> layerInputs(List<ArgumentBinder.Given> given, Value.Tensor incoming, boolean head,
                                           Expr.Name callee) {
        List<Value.Tensor> inputs = new ArrayList<>();
        for (ArgumentBinder.Given g : given) {
            if (g.keyword() == null && g.value() instanceof Value.Tensor) {
                inputs.add((Value.Tensor) g.value());
            }
        }
        given.removeIf(g -> g.keyword() == null && g.value() instanceof Value.Tensor);
        if (!head || inputs.isEmpty()) {
            inputs.add(0, incomingTensor(incoming, callee));
        }
        return inputs;
    }

    private boolean checkInputs(LayerSpec spec, List<Value.Tensor> inputs, String callee, SourceSpan span) {
        if (inputs.size() < spec.minInputs() || inputs.size() > spec.maxInputs()) {
            diagnostics.report(Diagnostic.error(Code.TOO_MANY_ARGUMENTS, span, Text.of("eval.takes_given", callee,
                arity(spec), inputs.size(),
                (inputs.size() == 1 ? Text.of("count.was") : Text.of("count.were")))));
            return false;
        }
        for (int i = 0; i < inputs.size(); i++) {
            Value.DType dtype = inputs.get(i).dtype();
            Text wanted = spec.dtypes().refusal(i, dtype);
            if (wanted != null) {
                boolean bool = dtype == Value.DType.BOOL || wanted.key().startsWith("spec.bool");
                Text which = inputs.size() == 1 ? Text.of("eval.incoming_tensor") : Text.of("eval.input", (i + 1));
                diagnostics.report(Diagnostic.error(bool ? Code.BOOL_TENSOR : Code.WRONG_ARGUMENT_TYPE, span,
                    Text.of("eval.needs", callee, wanted, (inputs.size() == 1 ? "" : Text.of("eval.input_2",
                    (i + 1))), which, dtype.label())));
                return false;
            }
        }
        // the first input chose the spec; the others (a decoder's memory) must fit its rank too
        for (int i = 1; i < inputs.size(); i++) {
            Value.Tensor input = inputs.get(i);
            if (input.known() && !spec.acceptsRank(input.shape().rank())) {
                diagnostics.report(Diagnostic.error(Code.WRONG_RANK, span,
                    Text.of("eval.expects_tensor_counting_batch", callee, spec.rankDescription(), (i + 1),
                    input.shape(), input.shape().rank())));
                return false;
            }
        }
        return true;
    }

    private static Text arity(LayerSpec spec) {
        if (spec.maxInputs() == 1) {
            return Text.of("eval.one_tensor");
        }
        if (spec.maxInputs() == Integer.MAX_VALUE) {
            return Text.of("eval.more_tensors", spec.minInputs());
        }
        return spec.minInputs() == spec.maxInputs() ? Text.of("eval.tensors", spec.minInputs())
            : Text.of("eval.tensors_2", spec.minInputs(), spec.maxInputs());
    }

    private static boolean allKnown(List<Value.Tensor> inputs) {
        for (Value.Tensor input : inputs) {
            if (!input.known()) {
                return false;
            }
        }
        return true;
    }

    private LayerCall layerCall(LayerSpec spec, BoundArguments bound, List<Value.Tensor> inputs, SourceSpan span) {
        return new LayerCall(spec, inputs, bound.values(), span, source, diagnostics);
    }

    /** Creates a composite layer's sub-modules under it; the calls among them are in its trace step. */
    private static void addParts(Module parent, List<Structure.Part> parts, SourceSpan span) {
        for (Structure.Part part : parts) {
            Module child = parent.add(Module.Kind.LAYER, part.name(), part.torchClass(), span, null);
            child.define(null, part.state());
            addParts(child, part.parts(), span);
        }
    }

    /** Runs a call's shape and state rules, defining the module's state; null after an error. */
    private Shape runRules(LayerCall call, BoundArguments bound, Module module) {
        LayerSpec spec = call.spec();
        try {
            Shape output = spec.shapeRule().apply(call);
            if (output == null) {
                return null;
            }
            output.elements();
            List<StateEntry> state = shared(spec.stateRule().entries(call));
            for (StateEntry entry : state) {
                entry.elements();
            }
            if (module != null) {
                // a layer's arguments are read back when its label calls it again, and by tables, backends
                // and editors: an analysis for diagnostics keeps no others (a model of conv2d layers: 40 MB
                // per 300,000 less to hold)
                module.define(expansion.diagnosticsOnly() && !module.labelled() ? null : bound, state);
            }
            return output;
        } catch (LayerCall.Overflow e) {
            return null; // reported where it happened
        } catch (ArithmeticException e) {
            return tooManyElements(spec, call.span());
        }
    }

    private List<StateEntry> shared(List<StateEntry> state) {
        List<StateEntry> known = sharedStates.get(state);
        if (known != null) {
            return known;
        }
        List<StateEntry> copy = List.copyOf(state);
        if (sharedStates.size() < MAX_SHARED_STATES) {
            sharedStates.put(copy, copy);
        }
        return copy;
    }

    /** A composite layer's sub-modules and calls (a transformer's attention and norms); null if it has none. */
    private Structure structure(LayerSpec spec, BoundArguments bound, List<Value.Tensor> inputs, SourceSpan span,
                                Shape output) {
        if (spec.structure() == null) {
            return null;
        }
        try {
            return spec.structure().apply(layerCall(spec, bound, inputs, span), output);
        } catch (ArithmeticException e) {
            return tooManyElements(spec, span);
        }
    }

    private <T> T tooManyElements(LayerSpec spec, SourceSpan span) {
        diagnostics.report(Diagnostic.error(Code.SIZE_OVERFLOW, span,
            Text.of("eval.makes_tensor_parameter_more", spec.name())));
        return null;
    }

    private void wrongRank(Catalog.Entry entry, Value.Tensor input, SourceSpan span) {
        Text expected = entry.rankDescription();
        List<Related> related = new ArrayList<>();
        if (input.origin() != null) {
            related.add(new Related(input.origin().span(), input.origin().explain(input.shape())));
        }
        diagnostics.report(new Diagnostic(Code.WRONG_RANK, span, Text.of("eval.expects_tensor_counting_batch_2",
            entry.name(), expected, input.shape(), input.shape().rank()), related, null));
    }

    private Value.Tensor incomingTensor(Value.Tensor incoming, Expr.Name callee) {
        if (incoming != null) {
            return incoming;
        }
        diagnostics.report(Diagnostic.error(Code.NOT_A_TENSOR, callee.span(),
            Text.of("eval.has_no_tensor_work", callee.text())).withHelp(Text.of("eval.apply_tensor_x", callee.text())));
        return unknown();
    }

    private Value sequential(Expr.Group group, Value.Tensor incoming, Label label) {
        SourceSpan span = group.span();
        List<Statement> statements = group.statements();
        Module module = register(label, Module.Kind.SEQUENTIAL, "Sequential", span, null);
        trace.add(new Trace.Group(module, false, shapeOf(incoming), span));
        Value value = within(new Frame(scope, module, incoming, null), () -> {
            statements(statements);
            return last;
        });
        trace.add(new Trace.Group(module, true, shapeOf(value), span));
        if (group.single() == null) {
            checkSequentialFlow(statements); // a group of one chain names nothing
        }
        if (!trace.kept() && !module.labelled()) {
            module.dropChildren(); // no label reaches them again, and no step of a trace holds them
        }
        return value;
    }

    /**
     * A group is an nn.Sequential, which passes one tensor from each child to the next: a value
     * named in a group must be used once, by the next statement, starting from it. Its names are
     * the group's own (nothing after the group can use them).
     */
    private void checkSequentialFlow(List<Statement> statements) {
        Set<String> bound = new HashSet<>();
        for (int i = 0; i < statements.size(); i++) {
            if (statements.get(i) instanceof Statement.Destructuring) {
                Statement.Destructuring destructuring = (Statement.Destructuring) statements.get(i);
                diagnostics.report(Diagnostic.error(Code.NOT_SEQUENTIAL, destructuring.target().span(),
                    Text.of("eval.group_nn_sequential_which"))
                    .withHelp(Text.of("eval.write_group_block_block")));
                destructuring.target().names().forEach(name -> bound.add(name.text()));
                continue;
            }
            if (!(statements.get(i) instanceof Statement.Binding)) {
                continue;
            }
            Identifier name = ((Statement.Binding) statements.get(i)).name();
            boolean straight = bound.add(name.text()) && i + 1 < statements.size()
                && startsFrom(statements.get(i + 1), name.text()) && scope.reads(name.text()) == 1;
            if (!straight) {
                diagnostics.report(Diagnostic.error(Code.NOT_SEQUENTIAL, name.span(),
                    Text.of("eval.group_nn_sequential_so", name.text()))
                    .withHelp(Text.of("eval.write_group_block_block")));
            }
        }
        bound.forEach(scope::forget);
    }

    private static boolean startsFrom(Statement statement, String name) {
        Expr expr = statement instanceof Statement.Binding ? ((Statement.Binding) statement).value()
            : statement instanceof Statement.Chain ? ((Statement.Chain) statement).chain() : null;
        Expr head = expr instanceof Expr.Chain ? ((Expr.Chain) expr).steps().get(0) : expr;
        return head instanceof Expr.Name && !((Expr.Name) head).qualified() && ((Expr.Name) head).text().equals(name);
    }

    /**
     * Statements of an if or repeat body, continuing from {@code incoming}: their last value, but the
     * tensor the chain reached when the body moved it and then bound a number (DenseNet's running
     * channel count), so that what follows continues from that tensor.
     */
    Value statementsFrom(List<Statement> statements, Value.Tensor incoming) {
        return within(new Frame(scope, container, incoming, parent), () -> {
            statements(statements);
            // a destructuring at the end leaves no tensor flowing (current null): its value is the body's
            return last instanceof Value.Tensor || current == incoming || current == null ? last : current;
        });
    }

    private Value conditional(Expr.If expr, Value.Tensor incoming) {
        Boolean condition = expressions.condition(expr.condition());
        if (instance != null && trace.kept()) {
            instance.recordDecision(expr.span(), condition); // a code generator writes one class for all instances
        }
        if (condition == null) {
            statementsFrom(expr.then(), incoming);
            return unknown();
        }
        List<Statement> chosen = condition ? expr.then() : expr.otherwise();
        return chosen == null ? incoming : statementsFrom(chosen, incoming);
    }

    /** A count repeats its body that often ({@code i} counting from 0); a tuple once per element. */
    private Value repeat(Expr.Repeat expr, Value.Tensor incoming) {
        Value over = expressions.value(expr.count());
        Elements elements;
        if (over instanceof Value.Tuple) {
            elements = Elements.of((Value.Tuple) over);
        } else if (expr.variable() != null && !(over instanceof Value.Int) && !over.invalid()) {
            diagnostics.report(Diagnostic.error(Code.NOT_ITERABLE, expr.count().span(),
                Text.of("eval.repeat_goes_over_count", over.describe())));
            return unknown();
        } else {
            long count = expressions.count(expr.count(), over);
            elements = new Elements(count, i -> new Value.Int(i));
        }
        if (instance != null && trace.kept()) {
            instance.recordDecision(expr.span(), elements.count() > 0); // whether a code generator's loop runs
        }
        Value[] value = {incoming};
        long certain = minimumCalls.ofBody(expr, scope.names());
        boolean done = loop(expr.span(), expr.variable(), elements, certain, () -> {
            value[0] = statementsFrom(expr.body(), tensorOrNull(value[0]));
            return true;
        });
        return done ? value[0] : unknown();
    }

    /** What a loop goes over: how many elements, and each of them. */
    private record Elements(long count, LongFunction<Value> element) {
        static Elements of(Value.Tuple tuple) {
            return new Elements(tuple.elements().size(), i -> tuple.elements().get((int) i));
        }
    }

    /**
     * {@code [element for names in iterable if condition]}: the elements of a tuple, a list, range(...) or
     * enumerate(...), through the loop a repeat runs, so that a module labelled in the element registers as in
     * a repeat ({@code convs[i]:}). Its names are its own: a value they hide is seen again after it, as in Python.
     */
    Value comprehension(Expr.Comprehension expr) {
        Value over = expressions.value(expr.iterable());
        if (over.invalid()) {
            return Value.INVALID;
        }
        if (!(over instanceof Value.Tuple)) {
            Diagnostic notIterable = Diagnostic.error(Code.NOT_ITERABLE, expr.iterable().span(),
                Text.of("eval.list_comprehension_goes_over", over.describe()));
            if (over instanceof Value.Int) {
                String range = "range(" + over.show() + ")";
                notIterable = notIterable.withHelp(Text.of("eval.write_go_over", range,
                    (((Value.Int) over).value() - 1)))
                    .withFix(Fix.replace(Text.of("fix.write", range), expr.iterable().span(), range));
            }
            diagnostics.report(notIterable);
            return Value.INVALID;
        }
        List<Value> built = new ArrayList<>();
        Map<String, Value> hidden = new HashMap<>();
        expr.variable().names().stream().filter(name -> scope.has(name.text()))
            .forEach(name -> hidden.put(name.text(), scope.peek(name.text())));
        long certain = expr.condition() == null ? minimumCalls.ofElement(expr, scope.names()) : 0;
        boolean done;
        try {
            done = loop(expr.span(), expr.variable(), Elements.of((Value.Tuple) over), certain, () -> {
                Boolean kept = expr.condition() == null ? Boolean.TRUE : expressions.condition(expr.condition());
                if (kept == null) {
                    return false;
                }
                if (kept) {
                    built.add(expressions.value(expr.element()));
                }
                return true;
            });
        } finally {
            hidden.forEach(scope::define);
        }
        if (!done || built.stream().anyMatch(Value::invalid)) {
            return Value.INVALID;
        }
        if (built.isEmpty()) {
            diagnostics.report(Diagnostic.error(Code.EMPTY_COMPREHENSION, expr.span(),
                Text.of("eval.list_comprehension_gives_no", (expr.condition() == null ? Text.of("eval.text",
                source.slice(expr.iterable().span()), over.show()) : Text.of("eval.if_keeps_none", over.show()))))
                .withHelp(Text.of("eval.model_lists_known_when")));
            return Value.INVALID;
        }
        return new Value.Tuple(built);
    }

    /**
     * A loop's iterations, each binding the loop's names to its element and running {@code iteration}, which
     * is false after an error. What an iteration certainly calls ({@code certain}, read from its text)
     * refuses a loop past the layer limit before it runs; the first iteration then tells what each really
     * costs, so one whose cost depends on its arguments is refused before the others run. An iteration that
     * calls no layer counts as one call. False when the loop stopped on an error or at the limit.
     */
    private boolean loop(SourceSpan site, Pattern variable, Elements elements, long certain,
                         BooleanSupplier iteration) {
        return expanding(site, () -> {
            long count = elements.count();
            if (!expansion.admitsMore(Expansion.saturatedMultiply(Math.max(certain, 1), count), site, diagnostics)) {
                return false;
            }
            try {
                for (long i = 0; i < count && !expansion.stopped(); i++) {
                    if (variable != null && !bind(variable, elements.element().apply(i))) {
                        return false;
                    }
                    long before = expansion.calls();
                    if (!iteration.getAsBoolean()) {
                        return false;
                    }
                    long made = expansion.calls() - before;
                    if (made == 0 && !expansion.count(site, diagnostics)) {
                        break;
                    }
                    if (i == 0) {
                        expansion.admitsMore(Expansion.saturatedMultiply(Math.max(made, 1), count - 1), site,
                            diagnostics);
                    }
                }
            } finally {
                if (variable != null) {
                    variable.names().forEach(name -> scope.remove(name.text()));
                }
            }
            return !expansion.stopped();
        });
    }

    /** Binds a loop's names to one element: {@code i, k} takes a tuple of two; false after an error. */
    private boolean bind(Pattern pattern, Value value) {
        if (pattern instanceof Pattern.Name) {
            scope.define(((Pattern.Name) pattern).id().text(), value);
            return true;
        }
        if (!(pattern instanceof Pattern.Tuple)) {
            throw new AssertionError(pattern);
        }
        List<Pattern> names = ((Pattern.Tuple) pattern).elements();
        if (!(value instanceof Value.Tuple) || ((Value.Tuple) value).elements().size() != names.size()) {
            if (!value.invalid()) {
                diagnostics.report(Diagnostic.error(Code.NOT_ITERABLE, pattern.span(),
                    Text.of("eval.takes_values_from_each", source.slice(pattern.span()), names.size(),
                    value.describe())));
            }
            return false;
        }
        List<Value> elements = ((Value.Tuple) value).elements();
        for (int i = 0; i < names.size(); i++) {
            if (!bind(names.get(i), elements.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** Runs {@code body} with {@code site} (a repeat or block call) as where the layer limit is reported. */
    <T> T expanding(SourceSpan site, Supplier<T> body) {
        sites.push(site);
        try {
            return body.get();
        } finally {
            sites.pop();
        }
    }

    private SourceSpan site(SourceSpan call) {
        return sites.isEmpty() ? call : sites.peek();
    }

    // ---- recording ---------------------------------------------------------------------------

    /** A new child module of the current container (or of a ModuleList of it), named by its label or its index. */
    Module register(Label label, Module.Kind kind, String torchClass, SourceSpan span, LayerSpec spec) {
        Labels.Place place = labels.place(container, label);
        Module parent = place.parent();
        String name = place.name();
        if (name != null && parent.child(name) != null) {
            Module first = parent.child(name);
            diagnostics.report(new Diagnostic(Code.DUPLICATE_LABEL, label.span(),
                Text.of("eval.label_already_used", name, containerWord()),
                List.of(new Related(first.span(), Text.of("eval.first_used", first.span().position()))),
                Text.of("eval.give_layer_another_label")));
        }
        if (name != null && parent.ownsState(name)) {
            diagnostics.report(Diagnostic.error(Code.DUPLICATE_STATE, label.span(),
                Text.of("eval.already_has_parameter_buffer", containerWord(),
                name)).withHelp(Text.of("eval.give_layer_another_label")));
        }
        return parent.add(kind, name, torchClass, span, spec);
    }

    private Text containerWord() {
        switch (container.kind()) {
            case MODEL:
                return Text.of("eval.model");
            case BLOCK:
                return Text.of("eval.block");
            default:
                return Text.of("eval.group");
        }
    }

    Value.Tensor tensor(Shape shape, Value.Tensor input, SourceSpan span) {
        return tensor(shape, input, span, input.dtype());
    }

    Value.Tensor tensor(Shape shape, Value.Tensor input, SourceSpan span, Value.DType dtype) {
        return tensor(shape, input, span, dtype, List.of());
    }

    /** A layer's result, with the working of its rules, which a reshape's provenance keeps for notes. */
    private Value.Tensor tensor(Shape shape, Value.Tensor input, SourceSpan span, Value.DType dtype,
                                List<Derivation> working) {
        Text verb = null;
        if (shape != null && input.known() && shape.rank() != input.shape().rank()) {
            verb = Text.of(shape.rank() == 2 ? "provenance.flattened" : "provenance.reshaped");
        }
        return new Value.Tensor(shape, dtype, Provenance.of(span, source, input, verb, working));
    }

    static Value.Tensor unknown() {
        return new Value.Tensor(null, Value.DType.FLOAT32, null);
    }

    /** Whether a value is a tensor, a recurrent state, or a tuple of them (nested or not). */
    static boolean holdsTensors(Value value) {
        if (value instanceof Value.Tuple) {
            List<Value> elements = ((Value.Tuple) value).elements();
            return !elements.isEmpty() && elements.stream().allMatch(Evaluator::holdsTensors);
        }
        return value instanceof Value.Tensor || value instanceof Value.State;
    }

    /** Whether a value is or holds a tensor or recurrent state among other values: attention's (output, None). */
    private static boolean holdsAnyTensor(Value value) {
        if (value instanceof Value.Tuple) {
            return ((Value.Tuple) value).elements().stream().anyMatch(Evaluator::holdsAnyTensor);
        }
        return value instanceof Value.Tensor || value instanceof Value.State;
    }

    /** The tensor a tuple of tensors leads with (torchinfo's row shows it), the tensor itself, or null. */
    static Value.Tensor firstTensor(Value value) {
        if (value instanceof Value.Tuple && !((Value.Tuple) value).elements().isEmpty()) {
            return firstTensor(((Value.Tuple) value).elements().get(0));
        }
        return value instanceof Value.Tensor ? (Value.Tensor) value : null;
    }

    static Shape shapeOf(Value value) {
        return value instanceof Value.Tensor ? ((Value.Tensor) value).shape() : null;
    }

    private static Value.Tensor tensorOrNull(Value value) {
        return value instanceof Value.Tensor ? (Value.Tensor) value : null;
    }

    /** W501 for values never read; not once the layer limit stopped evaluation, which left reads unmade. */
    private void warnUnread() {
        if (expansion.stopped()) {
            return;
        }
        for (Identifier name : scope.unread()) {
            BoundModule bound = boundModules.get(name);
            if (bound == null) {
                diagnostics.report(Diagnostic.error(Code.UNUSED_NAME, name.span(), Text.of("eval.defined_never_used",
                    name.text())));
            } else {
                SourceSpan call = bound.call().span();
                String labelled = name.text() + ": " + source.slice(call);
                diagnostics.report(Diagnostic.error(Code.UNUSED_NAME, name.span(),
                    Text.of("eval.binds_value_never_used", name.text(), name.text()))
                    .withHelp(labelHelp(name.text(), bound))
                    .withFix(Fix.replace(Text.of("fix.write", labelled), name.span().to(call), labelled)));
            }
        }
    }

    /** {@code write conv1: conv2d(1, 32, 3); as written the layer is numbered 0 (state_dict key 0.weight, not conv1.weight)} */
    private Text labelHelp(String label, BoundModule bound) {
        Module module = bound.module();
        Text help = Text.of("eval.write_written_layer_numbered", label, source.slice(bound.call().span()),
            module.name());
        if (module.state().isEmpty()) {
            return help;
        }
        String labelled = module.path().substring(0, module.path().length() - module.name().length()) + label;
        String key = module.state().get(0).key();
        return Text.of("eval.state_dict_key_not", help, module.path(), key, labelled, key);
    }

    // ---- state shared with block instances and expressions -----------------------------------

    Scope scope() {
        return scope;
    }

    Catalog catalog() {
        return catalog;
    }

    Expressions expressions() {
        return expressions;
    }

    Diagnostics diagnostics() {
        return diagnostics;
    }

    Trace trace() {
        return trace;
    }

    Deque<String> blockStack() {
        return blockStack;
    }

    Expansion expansion() {
        return expansion;
    }

    Map<List<Object>, BlockInstance.Expanded> instances() {
        return instances;
    }

    long replayedParameters() {
        return replayedParameters;
    }

    void addReplayedParameters(long parameters) {
        replayedParameters = Expansion.saturatedAdd(replayedParameters, parameters);
    }

    Sources source() {
        return source;
    }

    /**
     * Runs {@code body} inside a block instance: its own scope and container, and the layer it
     * subclasses ({@code blockParent}, or null).
     */
    Value insideBlock(Scope blockScope, Module module, Value.Tensor incoming, Parent blockParent,
                      Supplier<Value> body) {
        Module outerInstance = instance;
        instance = module;
        try {
            return within(new Frame(blockScope, module, incoming, blockParent), () -> {
                Value value = body.get();
                warnUnread();
                return value;
            });
        } finally {
            instance = outerInstance;
        }
    }

    /**
     * Where evaluation stands: the names in scope, the module new layers join, and the tensor a chain
     * continues from ({@code last}: the last value, tensor or not).
     */
    private record Frame(Scope scope, Module container, Value.Tensor current, Value last, Parent parent) {
        Frame(Scope scope, Module container, Value.Tensor incoming, Parent parent) {
            this(scope, container, incoming, incoming, parent);
        }
    }

    /** Evaluates {@code body} with {@code names} in scope, everything else as it stands (a block's base arguments). */
    <T> T inScope(Scope names, Supplier<T> body) {
        return within(new Frame(names, container, current, last, parent), body);
    }

    /**
     * Runs {@code body} in {@code inner} and comes back to where evaluation stood, however the body
     * ends: a StackOverflowError in a model must not leave its state to what runs next.
     */
    private <T> T within(Frame inner, Supplier<T> body) {
        Frame outer = new Frame(scope, container, current, last, parent);
        enter(inner);
        try {
            return body.get();
        } finally {
            enter(outer);
        }
    }

    private void enter(Frame frame) {
        scope = frame.scope();
        container = frame.container();
        current = frame.current();
        last = frame.last();
        parent = frame.parent();
    }

    Value lastValue() {
        return last;
    }

}
