package netc.backend;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import netc.diagnostics.Code;
import netc.diagnostics.SourceSpan;
import netc.semantic.Module;
import netc.semantic.Trace;
import netc.syntax.Expr;

/**
 * The forward method of one generated class: the steps of the trace that run inside its module,
 * one line each, a block or a group called as one module. A value is held in the variable of the
 * input it came from when that input is not used again, so a chain reads {@code x = self.conv1(x)}.
 */
final class TorchForward {
    private final TorchGenerator generator;
    private final Module root;
    private final List<Integer> inputs;
    private final int output;
    private final Map<Integer, String> variables = new HashMap<>();
    private final Set<String> taken = new HashSet<>();
    private final Map<Integer, Integer> lastUse = new HashMap<>();
    private final Set<Module> groupsCalled = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Tensors read from the module's own parameters and buffers ({@code self.pos}): never overwritten. */
    private final Set<Integer> attributes = new HashSet<>();
    private final List<String> lines = new ArrayList<>();
    /** The direct children called, in order, while every step so far was a call of one on the last value. */
    private final List<Module> chain = new ArrayList<>();
    private boolean onlyChain = true;
    /** The value the chain of children has reached. */
    private int chained;
    private int lastCommented = -1;
    private int fresh;

    TorchForward(TorchGenerator generator, Module root, List<Integer> inputs, List<String> inputNames, int output) {
        this.generator = generator;
        this.root = root;
        this.inputs = List.copyOf(inputs);
        this.output = output;
        for (int i = 0; i < inputs.size(); i++) {
            variables.put(inputs.get(i), inputNames.get(i));
            taken.add(inputNames.get(i));
        }
        chained = inputs.isEmpty() ? -1 : inputs.get(0);
    }

    /** {@code x: Tensor, skip: Tensor}. */
    String parameters() {
        List<String> parameters = new ArrayList<>();
        for (int id : inputs) {
            parameters.add(variables.get(id) + ": Tensor");
        }
        return String.join(", ", parameters);
    }

    List<String> lines() {
        return lines;
    }

    /** Whether forward only calls the root's children once each, in order, on the value before: nn.Sequential's. */
    boolean isChainOfChildren(Module module) {
        return onlyChain && inputs.size() == 1 && chained == output && chain.equals(module.children());
    }

    void emit(List<Trace.Step> trace) throws UnsupportedLayerException {
        List<Trace.Step> steps = computing(trace);
        lastUses(steps);
        for (int i = 0; i < steps.size(); i++) {
            i = emitUnit(steps, i);
        }
        lines.add("return " + variables.get(output));
        if (root.kind() == Module.Kind.SEQUENTIAL && !isChainOfChildren(root)) {
            throw new UnsupportedLayerException(Code.NO_TORCH_CODE, "the PyTorch backend writes a group or a "
                + "Sequential block as nn.Sequential, which passes one tensor through its modules in order; "
                + "this one does more", root.span());
        }
    }

    /**
     * The steps that compute or call something: a group is found through its modules' paths (an
     * nn.Sequential holds modules only, not the functional calls among them); a name binds nothing.
     */
    private static List<Trace.Step> computing(List<Trace.Step> steps) {
        List<Trace.Step> computing = new ArrayList<>(steps.size());
        for (Trace.Step step : steps) {
            if (!(step instanceof Trace.Group || step instanceof Trace.Binding)) {
                computing.add(step);
            }
        }
        return computing;
    }

    /** Emits the unit starting at step {@code i}: one step, or a block or group with all inside it; its last index. */
    private int emitUnit(List<Trace.Step> steps, int i) throws UnsupportedLayerException {
        Trace.Step step = steps.get(i);
        if (step instanceof Trace.Input) {
            return i;
        }
        if (step instanceof Trace.Block) {
            Trace.Block block = (Trace.Block) step;
            Module child = childOf(block.module());
            if (child != block.module() && child.kind() != Module.Kind.LIST) {
                return group(steps, i, child);
            }
            int end = endOf(steps, i);
            generator.classOf(block.module(), steps.subList(i + 1, end), block.inputs(), steps.get(end).id());
            callChild(block.module(), block.inputs(), steps.get(end).id(), block.span(), end, null);
            return end;
        }
        if (step instanceof Trace.Apply) {
            Trace.Apply apply = (Trace.Apply) step;
            if (apply.module() == null) {
                onlyChain = false;
                generator.addDefinition(apply.spec().torch().definition());
                PythonCall call = TorchLayers.functional(apply.spec(), apply.arguments(),
                    generator.shape(apply.inputs().get(0)), names(apply.inputs()));
                assign(apply.id(), apply.inputs(), call.toString(), apply.span(), i);
                return i;
            }
            if (apply.module() == root) {
                onlyChain = false;
                assign(apply.id(), apply.inputs(), TorchLayers.moduleCall(apply.spec(), apply.arguments(),
                    apply.output(), "super().forward", names(apply.inputs())), apply.span(), i);
                return i; // a layer subclass's super: its parent's forward
            }
            Module child = childOf(apply.module());
            if (child != apply.module() && child.kind() != Module.Kind.LIST) {
                return group(steps, i, child);
            }
            callChild(apply.module(), apply.inputs(), apply.id(), apply.span(), i, apply);
            return i;
        }
        onlyChain = false;
        if (step instanceof Trace.State) {
            Trace.State state = (Trace.State) step;
            if (state.module() != root) {
                throw new AssertionError(state.key() + " is not " + root.path() + "'s");
            }
            variables.put(state.id(), "self." + state.key());
            attributes.add(state.id());
            return i;
        }
        if (step instanceof Trace.Arithmetic) {
            Trace.Arithmetic arithmetic = (Trace.Arithmetic) step;
            List<Integer> operands = arithmetic.right() >= 0 ? List.of(arithmetic.left(), arithmetic.right())
                : List.of(arithmetic.left());
            assign(arithmetic.id(), operands, arithmeticText(arithmetic), arithmetic.span(), i);
            return i;
        }
        if (step instanceof Trace.Index) {
            Trace.Index index = (Trace.Index) step;
            assign(index.id(), List.of(index.input()), indexText(index), index.span(), i);
            return i;
        }
        if (step instanceof Trace.Tuple) {
            throw new UnsupportedLayerException(Code.NO_TORCH_CODE, "the PyTorch backend cannot take tuples apart or "
                + "return several tensors yet", ((Trace.Tuple) step).span());
        }
        throw new AssertionError(step);
    }

    /**
     * A call of a direct child module, or of an element of a ModuleList child (a layer, whose
     * {@code apply} is given, or a block or group).
     */
    private void callChild(Module child, List<Integer> arguments, int result, SourceSpan span, int at,
                           Trace.Apply apply) {
        onlyChain &= arguments.size() == 1 && arguments.get(0) == chained;
        chained = result;
        chain.add(child);
        String module = reference(child);
        String call = apply == null ? module + "(" + String.join(", ", names(arguments)) + ")"
            : TorchLayers.moduleCall(apply.spec(), apply.arguments(), apply.output(), module, names(arguments));
        onlyChain &= call.equals(module + "(" + String.join(", ", names(arguments)) + ")");
        assign(result, arguments, call, span, at);
    }

    /** {@code self.conv1}, {@code getattr(self, "block1-0")}, {@code self.convs[0]}: a module below the root. */
    private String reference(Module module) {
        String prefix = root.path().isEmpty() ? "" : root.path() + ".";
        String text = "self";
        Module parent = root;
        for (String name : module.path().substring(prefix.length()).split("\\.")) {
            if (parent.kind() == Module.Kind.LIST) {
                text += "[" + name + "]";
            } else if (PythonNames.isAttribute(name)) {
                text += "." + name;
            } else {
                text = "getattr(" + text + ", " + PythonNames.string(name) + ")";
            }
            parent = parent.child(name);
        }
        return text;
    }

    /** A group called as one nn.Sequential: every step inside it, blocks included, from {@code start}. */
    private int group(List<Trace.Step> steps, int start, Module group) throws UnsupportedLayerException {
        if (!groupsCalled.add(group)) {
            throw new UnsupportedLayerException(Code.NO_TORCH_CODE, "the PyTorch backend writes a group as "
                + "nn.Sequential, called once; this group's steps are interrupted by a step outside it",
                steps.get(start) instanceof Trace.Apply ? ((Trace.Apply) steps.get(start)).span() : group.span());
        }
        Trace.Step first = steps.get(start);
        int in = first instanceof Trace.Apply ? ((Trace.Apply) first).inputs().get(0)
            : ((Trace.Block) first).inputs().get(0);
        int result = -1;
        int i = start;
        while (i < steps.size() && inside(steps.get(i), group)) {
            Trace.Step step = steps.get(i);
            if (step instanceof Trace.Block) {
                Trace.Block block = (Trace.Block) step;
                int end = endOf(steps, i);
                generator.classOf(block.module(), steps.subList(i + 1, end), block.inputs(), steps.get(end).id());
                result = steps.get(end).id();
                i = end + 1;
            } else {
                result = step.id();
                i++;
            }
        }
        callChild(group, List.of(in), result, group.span(), i - 1, null);
        return i - 1;
    }

    private static boolean inside(Trace.Step step, Module group) {
        Module module = step instanceof Trace.Apply ? ((Trace.Apply) step).module()
            : step instanceof Trace.Block && !((Trace.Block) step).end() ? ((Trace.Block) step).module() : null;
        return module != null && module.path().startsWith(group.path() + ".");
    }

    /** The index of the end of the block starting at {@code start}. */
    private static int endOf(List<Trace.Step> steps, int start) {
        Module module = ((Trace.Block) steps.get(start)).module();
        for (int i = start + 1; i < steps.size(); i++) {
            if (steps.get(i) instanceof Trace.Block && ((Trace.Block) steps.get(i)).module() == module) {
                return i;
            }
        }
        throw new AssertionError("a block without its end: " + module.path());
    }

    /** The direct child of the root that is {@code module} or holds it. */
    private Module childOf(Module module) {
        String prefix = root.path().isEmpty() ? "" : root.path() + ".";
        String relative = module.path().substring(prefix.length());
        int dot = relative.indexOf('.');
        Module child = root.child(dot < 0 ? relative : relative.substring(0, dot));
        if (child == null || !module.path().startsWith(prefix)) {
            throw new AssertionError(module.path() + " is not inside " + root.path());
        }
        return child;
    }

    /** {@code x = expression  # [-1, 16, 32, 32]}, under the .net line it comes from when that changes. */
    private void assign(int id, List<Integer> operands, String expression, SourceSpan span, int at) {
        if (span.startLine() != lastCommented) {
            lastCommented = span.startLine();
            lines.add(generator.sourceComment(span, 8));
        }
        String variable = null;
        for (int operand : operands) {
            if (lastUse.getOrDefault(operand, -1) <= at && operand != output && !attributes.contains(operand)) {
                variable = variables.get(operand);
                break;
            }
        }
        if (variable == null) {
            variable = "x";
            while (taken.contains(variable)) {
                variable = "x" + ++fresh;
            }
            taken.add(variable);
        }
        variables.put(id, variable);
        String line = variable + " = " + expression;
        String shape = "  # " + generator.shape(id);
        lines.add(line + (8 + line.length() + shape.length() <= TorchGenerator.WIDTH ? shape : ""));
    }

    private List<String> names(List<Integer> ids) {
        List<String> names = new ArrayList<>();
        for (int id : ids) {
            names.add(variables.get(id));
        }
        return names;
    }

    private void lastUses(List<Trace.Step> steps) {
        for (int i = 0; i < steps.size(); i++) {
            for (int id : used(steps.get(i))) {
                lastUse.put(id, i);
            }
        }
        lastUse.put(output, Integer.MAX_VALUE);
    }

    /** The tensors a step reads, a block's start reading the block's inputs. */
    private static List<Integer> used(Trace.Step step) {
        if (step instanceof Trace.Block && !((Trace.Block) step).end()) {
            return ((Trace.Block) step).inputs();
        }
        return BatchNormFolding.inputsOf(step);
    }

    /** {@code a + b}, {@code x * 0.5}, {@code 1 - x}. */
    private String arithmeticText(Trace.Arithmetic step) {
        String left = variables.get(step.left());
        String right = step.right() >= 0 ? variables.get(step.right()) : TorchLayers.literal(step.scalar());
        if (step.scalarFirst()) {
            String swap = left;
            left = right;
            right = swap;
        }
        if (step.operator() == Expr.BinaryOperator.POWER && left.startsWith("-")) {
            left = "(" + left + ")"; // -2 ** x is -(2 ** x) in Python
        }
        return left + " " + step.operator().symbol() + " " + right;
    }

    /** {@code x[:, 19]}: selections and slices, {@code :} for the dimensions in between. */
    private String indexText(Trace.Index step) {
        List<String> subscripts = new ArrayList<>(List.of(":"));
        for (Trace.IndexPart part : step.parts()) {
            while (subscripts.size() < part.dim()) {
                subscripts.add(":");
            }
            subscripts.add(part.single() ? Long.toString(part.start())
                : part.start() + ":" + part.stop() + (part.step() == 1 ? "" : ":" + part.step()));
        }
        return variables.get(step.input()) + "[" + String.join(", ", subscripts) + "]";
    }
}
