package netc.semantic.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import netc.diagnostics.Code;
import netc.diagnostics.Diagnostic;
import netc.diagnostics.Diagnostics;
import netc.diagnostics.Related;
import netc.diagnostics.SourceSpan;
import netc.diagnostics.Text;
import netc.semantic.catalog.ArgSpec;
import netc.semantic.catalog.ArgType;
import netc.semantic.catalog.ArgumentBinder;
import netc.semantic.catalog.BoundArguments;
import netc.semantic.catalog.Catalog;
import netc.semantic.model.Module;
import netc.semantic.model.Shape;
import netc.semantic.model.Trace;
import netc.semantic.model.Value;
import netc.syntax.Definition;
import netc.syntax.Expr;
import netc.syntax.Label;
import netc.syntax.Statement;

/**
 * One use of a block: binds its hyper-parameters and input tensors, then runs its body as a module
 * of its own (a custom nn.Module), whose summary row follows its children's.
 */
final class BlockInstance {
    private final Evaluator evaluator;
    private final Definition.Block block;
    private final Label label;

    BlockInstance(Evaluator evaluator, Definition.Block block, Label label) {
        this.evaluator = evaluator;
        this.block = block;
        this.label = label;
    }

    Value apply(List<Expr.Argument> arguments, SourceSpan span, Value.Tensor incoming) {
        String name = block.name().text();
        List<ArgumentBinder.Given> given = evaluator.expressions().arguments(arguments);
        if (evaluator.blockStack().contains(name)) {
            return recursion(span);
        }
        List<Value.Tensor> tensors = tensorArguments(given);
        given.removeIf(g -> g.value() instanceof Value.Tensor);
        Scope scope = new Scope();
        if (!bindParameters(given, span, scope)) {
            return Evaluator.unknown();
        }
        if (!block.hasBody() && !block.subclassesLayer()) {
            evaluator.diagnostics().report(Diagnostic.error(Code.SUBCLASS_MODULES, block.name().span(),
                Text.of("block.block_has_no_body", name))
                .withHelp(Text.of("block.give_body_input_x", name)));
            return Evaluator.unknown();
        }
        Catalog.Entry base = block.subclassesLayer() ? evaluator.baseLayer(block) : null;
        if (block.subclassesLayer() && base == null) {
            return Evaluator.unknown();
        }
        if (!block.hasBody()) {
            return evaluator.subclassedLayer(base, block, scope, tensors, incoming, span, label);
        }
        List<Value.Tensor> inputs = inputs(tensors, incoming, span);
        if (inputs == null) {
            return Evaluator.unknown();
        }
        Module module = evaluator.register(label, kind(), name, span, null);
        if (evaluator.trace().kept()) {
            Map<String, Value> values = new LinkedHashMap<>();
            block.parameters().forEach(parameter -> values.put(parameter.name().text(),
                scope.read(parameter.name().text())));
            module.recordParameterValues(values); // a code generator writes an argument it cannot express as its value
        }
        Evaluator.Parent parent = base == null ? null : new Evaluator.Parent(base, block,
            evaluator.inScope(scope, () -> evaluator.expressions().arguments(block.baseArguments())), module);
        Trace trace = evaluator.trace();
        List<Integer> ids = trace.idsOf(inputs);
        trace.add(new Trace.Block(-1, module, ids, false, null, span));
        List<Object> key = key(scope, inputs);
        Expanded known = evaluator.instances().get(key);
        Value value;
        if (known != null && evaluator.expansion().diagnosticsOnly() && known.replayable()) {
            value = replay(known, scope, span);
        } else if (known != null && !evaluator.expansion().admitsMore(known.calls(), span, evaluator.diagnostics())) {
            value = Evaluator.unknown();
        } else if (known == null && !evaluator.expansion().diagnosticsOnly() && !evaluator.expansion().admitsMore(
            evaluator.minimumCalls().ofBlock(block), span, evaluator.diagnostics())) {
            value = Evaluator.unknown();
        } else {
            value = expand(scope, module, inputs, span, key, parent);
        }
        Value.Tensor first = Evaluator.holdsTensors(value) ? Evaluator.firstTensor(value) : null;
        if (value instanceof Value.Tuple && first != null) {
            // several tensors: the call's output is the first (torchinfo's row shows it), the tuple what it returns
            trace.add(new Trace.Tuple((Value.Tuple) value, true, span));
            trace.add(new Trace.Block(trace.idOf(first), module, ids, true, first.shape(), span));
            return value;
        }
        if (!(value instanceof Value.Tensor)) {
            trace.add(new Trace.Block(-1, module, ids, true, null, span));
            return value;
        }
        Value.Tensor result = evaluator.tensor(((Value.Tensor) value).shape(), inputs.get(0), span);
        int id = trace.idOf((Value.Tensor) value);
        trace.alias(result, id);
        trace.add(new Trace.Block(id, module, ids, true, result.shape(), span));
        return result;
    }

    /**
     * A block extending Sequential or ModuleList is one for torchsummary (no row), named by its class
     * for torchinfo; one extending ModuleDict is hooked as any module is; one extending a layer is a
     * module of its own that holds the layer's state.
     */
    private Module.Kind kind() {
        if (block.base() == null || block.subclassesLayer()) {
            return Module.Kind.BLOCK;
        }
        switch (block.base().text()) {
            case "ModuleList":
                return Module.Kind.LIST;
            case "ModuleDict":
                return Module.Kind.DICT;
            default:
                return Module.Kind.SEQUENTIAL;
        }
    }

    /**
     * A subclass of a layer adds a forward around its parent's, not modules: the parent's state is
     * all it holds (a module of its own would need a container, which a layer is not). A body that
     * never runs super ignores the state it owns.
     */
    private void checkSubclassBody(Evaluator.Parent parent, Module module) {
        if (!module.children().isEmpty()) {
            Module first = module.children().get(0);
            evaluator.diagnostics().report(Diagnostic.error(Code.SUBCLASS_MODULES, first.span(),
                Text.of("block.block_subclasses_so_cannot", block.name().text(), block.base().text(),
                first.name())).withHelp(Text.of("block.make_functional_call_f", block.base().text())));
        } else if (!parent.called()) {
            evaluator.diagnostics().report(Diagnostic.error(Code.SUPER_NEVER_CALLED, block.name().span(),
                Text.of("block.block_subclasses_body_never", block.name().text(),
                block.base().text())).withHelp(Text.of("block.run_parent_forward_x")));
        }
    }

    /**
     * What one expansion of an instance gave: its layer calls, output, parameters and diagnostics.
     * Another instance of the same block with the same arguments and input shapes gives the same, so
     * netc check replays it instead of expanding it again, when its diagnostics mention nothing
     * outside the block (an input's origin differs from one call site to the next). {@code expandedCalls}
     * counts, beside the calls made, those of the instances replayed inside it.
     */
    record Expanded(long calls, long expandedCalls, Shape shape, Value.DType dtype, long parameters, List<Diagnostic> reported,
                    boolean replayable) {
    }

    /** Block, hyper-parameter values, and input shapes and types: what an instance's expansion depends on. */
    private List<Object> key(Scope scope, List<Value.Tensor> inputs) {
        List<Object> key = new ArrayList<>();
        key.add(block.name().text());
        for (Definition.Parameter parameter : block.parameters()) {
            key.add(scope.read(parameter.name().text()));
        }
        for (Value.Tensor input : inputs) {
            key.add(Arrays.asList(input.shape(), input.dtype()));
        }
        return key;
    }

    private Value expand(Scope scope, Module module, List<Value.Tensor> inputs, SourceSpan span,
                         List<Object> key, Evaluator.Parent parent) {
        Diagnostics diagnostics = evaluator.diagnostics();
        long calls = evaluator.expansion().calls();
        long expandedCalls = evaluator.expansion().expandedCalls();
        long replayed = evaluator.replayedParameters();
        return within(scope, span, () -> {
            Diagnostics.Recording recording = diagnostics.startRecording();
            try {
                Value value = evaluator.insideBlock(scope, module, inputs.isEmpty() ? null : inputs.get(0), parent,
                    () -> body(scope, inputs));
                if (parent != null) {
                    checkSubclassBody(parent, module);
                }
                remember(key, value, module, recording.reported(), evaluator.expansion().calls() - calls,
                    evaluator.expansion().expandedCalls() - expandedCalls, evaluator.replayedParameters() - replayed);
                return value;
            } finally {
                diagnostics.stopRecording(recording);
            }
        });
    }

    /** Keeps a complete expansion that gave a tensor, for the next identical instance. */
    private void remember(List<Object> key, Value value, Module module, List<Diagnostic> reported, long calls,
                          long expandedCalls, long replayedParameters) {
        if (!(value instanceof Value.Tensor) || evaluator.expansion().stopped()) {
            return;
        }
        long parameters;
        try {
            parameters = Math.addExact(module.totalParameters(), replayedParameters);
        } catch (ArithmeticException e) {
            return;
        }
        Value.Tensor tensor = (Value.Tensor) value;
        evaluator.instances().putIfAbsent(key, new Expanded(calls, expandedCalls, tensor.shape(), tensor.dtype(), parameters,
            List.copyOf(reported), reported.stream().allMatch(this::withinBlock)));
    }

    private boolean withinBlock(Diagnostic diagnostic) {
        return block.span().contains(diagnostic.span())
            && diagnostic.related().stream().allMatch(related -> block.span().contains(related.span()));
    }

    /** An instance identical to one expanded before: its diagnostics again, at this call site, and its output. */
    private Value replay(Expanded known, Scope scope, SourceSpan span) {
        evaluator.addReplayedParameters(known.parameters());
        evaluator.expansion().replayed(known.expandedCalls());
        return within(scope, span, () -> {
            known.reported().forEach(evaluator.diagnostics()::report);
            return new Value.Tensor(known.shape(), known.dtype(), null);
        });
    }

    /** Runs {@code body} as this instance: on the block stack, with its call site on every diagnostic. */
    private <T> T within(Scope scope, SourceSpan span, Supplier<T> body) {
        evaluator.blockStack().push(block.name().text());
        evaluator.diagnostics().enter(new Related(span, Text.of("block.used", describe(scope),
            span.positionSeenFrom(block.span().file()))));
        try {
            return evaluator.expanding(span, body);
        } finally {
            evaluator.diagnostics().leave();
            evaluator.blockStack().pop();
        }
    }

    private Value body(Scope scope, List<Value.Tensor> inputs) {
        int next = 0;
        Statement last = null;
        for (Statement statement : block.body()) {
            if (!(statement instanceof Statement.Input)) {
                evaluator.bodyStatement(statement);
                last = statement;
                continue;
            }
            for (Statement.InputDeclaration declaration : ((Statement.Input) statement).inputs()) {
                Value.Tensor tensor = next < inputs.size() ? inputs.get(next++) : Evaluator.unknown();
                scope.define(declaration.name().text(), tensor);
            }
        }
        return tensorGiven(evaluator.lastValue(), last);
    }

    /**
     * A block is a module, whose forward returns a tensor, or a tuple of tensors led by one: its last
     * statement must give it.
     */
    private Value tensorGiven(Value value, Statement last) {
        if (value instanceof Value.Tensor && ((Value.Tensor) value).known()
            && !((Value.Tensor) value).shape().batched()) {
            evaluator.unbatched(last.span(), (Value.Tensor) value, Text.of("block.output_block", block.name().text()));
            return Evaluator.unknown();
        }
        boolean tensors = value instanceof Value.Tuple && Evaluator.holdsTensors(value)
            && Evaluator.firstTensor(value) != null;
        if (value instanceof Value.Tensor || tensors || value.invalid()) {
            return value;
        }
        evaluator.diagnostics().report(Diagnostic.error(Code.NOT_A_TENSOR, last.span(),
            Text.of("block.block_gives_block_must", block.name().text(), value.describe()))
            .withHelp(Text.of("block.end_block_tensor_gives")));
        return Evaluator.unknown();
    }

    private List<Value.Tensor> tensorArguments(List<ArgumentBinder.Given> given) {
        List<Value.Tensor> tensors = new ArrayList<>();
        for (ArgumentBinder.Given g : given) {
            if (g.value() instanceof Value.Tensor) {
                tensors.add((Value.Tensor) g.value());
            }
        }
        return tensors;
    }

    /** The tensors the block's inputs receive: those passed as arguments, led by the incoming one if one is short. */
    private List<Value.Tensor> inputs(List<Value.Tensor> tensors, Value.Tensor incoming, SourceSpan span) {
        int declared = declaredInputs();
        if (declared == 0) {
            evaluator.diagnostics().report(Diagnostic.error(Code.MISSING_INPUT, block.name().span(),
                Text.of("block.block_has_no_input", block.name().text())).withHelp(Text.of("block.begin_input_x")));
            return null;
        }
        List<Value.Tensor> inputs = new ArrayList<>();
        if (tensors.size() < declared && incoming != null) {
            inputs.add(incoming);
        }
        inputs.addAll(tensors);
        for (Value.Tensor input : inputs) {
            if (input.known() && !input.shape().batched()) {
                evaluator.unbatched(span, input, Text.of("block.given_block", block.name().text()));
                return null;
            }
        }
        if (inputs.size() != declared) {
            evaluator.diagnostics().report(Diagnostic.error(Code.TOO_MANY_ARGUMENTS, span,
                Text.of("block.block_takes_input_tensor", block.name().text(), declared, Text.plural(declared),
                inputs.size(), (inputs.size() == 1 ? Text.of("count.was") : Text.of("count.were")))));
            return null;
        }
        return inputs;
    }

    private int declaredInputs() {
        int count = 0;
        for (Statement statement : block.body()) {
            if (statement instanceof Statement.Input) {
                count += ((Statement.Input) statement).inputs().size();
            }
        }
        return count;
    }

    /** Binds hyper-parameters by the binder all layers use; defaults may use earlier parameters. */
    private boolean bindParameters(List<ArgumentBinder.Given> given, SourceSpan span, Scope scope) {
        List<ArgSpec> signature = new ArrayList<>();
        for (Definition.Parameter parameter : block.parameters()) {
            Value placeholder = parameter.defaultValue() == null ? null : Value.NONE;
            signature.add(new ArgSpec(parameter.name().text(), List.of(), ArgType.ANY, placeholder, false, Long.MIN_VALUE));
        }
        BoundArguments bound = new ArgumentBinder(block.name().text(), signature, 0, span,
            evaluator.diagnostics()).bind(given);
        if (bound == null) {
            return false;
        }
        for (Definition.Parameter parameter : block.parameters()) {
            BoundArguments.Bound value = bound.values().get(parameter.name().text());
            scope.define(parameter.name().text(), value.span() != null ? value.value() : defaultValue(parameter, scope));
        }
        return true;
    }

    /**
     * A default is a value, evaluated in the block's scope. Should it name a layer, the layer is built
     * in a throwaway module, and its error (no tensor to work on) is all that is left of it.
     */
    private Value defaultValue(Definition.Parameter parameter, Scope scope) {
        Module throwaway = new Module(Module.Kind.SEQUENTIAL, "Sequential", parameter.span(), null);
        return evaluator.insideBlock(scope, throwaway, null, null,
            () -> evaluator.expressions().value(parameter.defaultValue()));
    }

    private Value recursion(SourceSpan span) {
        List<String> cycle = new ArrayList<>(evaluator.blockStack());
        java.util.Collections.reverse(cycle);
        cycle.add(block.name().text());
        evaluator.diagnostics().report(Diagnostic.error(Code.RECURSIVE_BLOCK, span, Text.of("block.block_uses_itself",
            block.name().text(), String.join(" -> ", cycle.subList(cycle.indexOf(block.name().text()), cycle.size())))));
        return Evaluator.unknown();
    }

    private String describe(Scope scope) {
        String values = block.parameters().stream()
            .map(p -> p.name().text() + "=" + scope.read(p.name().text()).show())
            .collect(Collectors.joining(", "));
        return block.name().text() + "(" + values + ")";
    }
}
