package netc.backend;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import netc.diagnostics.Code;
import netc.diagnostics.SourceSpan;
import netc.diagnostics.Text;
import netc.semantic.catalog.TorchForm;
import netc.semantic.model.Module;
import netc.semantic.model.Trace;
import netc.semantic.model.Value;
import netc.syntax.Expr;
import netc.syntax.Statement;

/**
 * The forward method of one generated class: the steps of the trace that run inside its module,
 * one line each, a block or a group called as one module. A value is held in the variable of the
 * input it came from when that input is not used again, so a chain reads {@code x = self.conv1(x)}.
 * A tuple the .net file takes apart is taken apart where the call returns it, in the file's names
 * ({@code out, h = self.gru(x)}); a tuple returned is returned ({@code return x, s}).
 */
final class TorchForward {
    /** A value renamed ({@code identity = x}) before an if that may bind the name again. */
    private record Renaming(String name, int tensor, SourceSpan ifSpan) {
    }

    /** {@code skips = skips + s}: a variable, the first operand, the rest. */
    private static final Pattern ACCUMULATION = Pattern.compile("(\\w+) = (\\S+) (\\S+ .*)");

    private final TorchGenerator generator;
    /** The parameters of the class, in which the blocks it builds take theirs. */
    private final PythonScope scope;
    /** The .net file's names for the values, which the variables take where they can. */
    private final SourceNames sourceNames;
    private final Module root;
    private final List<Integer> inputs;
    private final int output;
    /** The variable of each tensor by number, and of each recurrent state by the number {@link #idOf} gives it. */
    private final Map<Integer, String> variables = new HashMap<>();
    /** Recurrent states, numbered below -1 as tensors are numbered from 0. */
    private final Map<Value, Integer> stateIds = new IdentityHashMap<>();
    /** The tuples the .net file takes apart ({@code out, h = gru(x)}), with the step that does. */
    private final Map<Value.Tuple, Trace.Tuple> takenApart = new IdentityHashMap<>();
    /** The tensor each variable holds now. */
    private final Map<String, Integer> held = new HashMap<>();
    private final Map<Integer, Integer> lastUse = new HashMap<>();
    private final Set<Module> groupsCalled = Collections.newSetFromMap(new IdentityHashMap<>());
    /**
     * Tensors whose variable is no name of their own, never overwritten: the module's own parameters and
     * buffers ({@code self.pos}), the values of a list ({@code hs[0]}) and the pieces of a tuple kept whole
     * ({@code parts[0]}).
     */
    private final Set<Integer> attributes = new HashSet<>();
    private final List<String> lines = new ArrayList<>();
    /** The variables of lists written as comprehensions and of tuples of pieces kept whole, by the tensors they hold. */
    private final Map<List<Integer>, String> lists = new HashMap<>();
    /** The direct children called, in order, while every step so far was a call of one on the last value. */
    private final List<Module> chain = new ArrayList<>();
    private boolean onlyChain = true;
    /** The repeats of the .net file met so far, each written once, as a loop or step by step. */
    private final Set<Expr.Repeat> repeatsTried = Collections.newSetFromMap(new IdentityHashMap<>());
    /** {@code identity = x} written, whose new name the steps after its if may read. */
    private final List<Renaming> renamed = new ArrayList<>();
    /** The input variables, which forward takes. */
    private final List<String> inputNames;
    /** The tuple forward returns, or null when it returns the tensor {@code output}. */
    private Value.Tuple returned;
    /** The value the chain of children has reached. */
    private int chained;
    private int lastCommented = -1;
    private int fresh;
    /**
     * The bindings of sizes read off tensors ({@code c = x.size(1)}) that an expression written after
     * them reads, each with the tensor it reads; forward writes them as locals of its own.
     */
    private final Map<Trace.Binding, Integer> sizesRead = new IdentityHashMap<>();
    /** The .net names of those sizes, which no other variable takes, and of those written so far. */
    private final Set<String> sizeNames = new HashSet<>();
    private final Set<String> sizesWritten = new HashSet<>();

    TorchForward(TorchGenerator generator, PythonScope scope, SourceNames sourceNames, Module root,
                 List<Integer> inputs, List<String> inputNames, int output) {
        this.generator = generator;
        this.scope = scope;
        this.sourceNames = sourceNames;
        this.root = root;
        this.inputs = List.copyOf(inputs);
        this.output = output;
        this.inputNames = List.copyOf(inputNames);
        for (int i = 0; i < inputs.size(); i++) {
            variables.put(inputs.get(i), inputNames.get(i));
            held.put(inputNames.get(i), inputs.get(i));
        }
        chained = inputs.isEmpty() ? -1 : inputs.get(0);
    }

    /** {@code x: Tensor, skip: Tensor}. */
    String parameters() {
        List<String> parameters = new ArrayList<>();
        for (String name : inputNames) {
            parameters.add(name + ": Tensor");
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

    /** {@code Tensor}, or {@code Tuple[Tensor, Tensor]} for a forward returning a tuple. */
    String returnType() {
        return returned == null ? "Tensor" : typeOf(returned);
    }

    private static String typeOf(Value value) {
        if (value instanceof Value.Tuple) {
            List<String> elements = new ArrayList<>();
            ((Value.Tuple) value).elements().forEach(element -> elements.add(typeOf(element)));
            return "Tuple[" + String.join(", ", elements) + "]";
        }
        return value == Value.NONE ? "None" : "Tensor";
    }

    void emit(List<Trace.Step> trace) throws UnsupportedLayerException {
        findSizesRead(trace);
        List<Trace.Step> steps = computing(trace);
        Trace.Step last = steps.isEmpty() ? null : steps.get(steps.size() - 1);
        if (last instanceof Trace.Tuple && ((Trace.Tuple) last).returned()) {
            returned = ((Trace.Tuple) last).value();
            onlyChain = false;
        }
        for (Trace.Step step : steps) {
            if (step instanceof Trace.Tuple && !((Trace.Tuple) step).returned()) {
                takenApart.put(((Trace.Tuple) step).value(), (Trace.Tuple) step);
            }
        }
        lastUses(steps);
        for (int i = 0; i < steps.size(); i++) {
            SourceSpan span = spanOf(steps.get(i));
            Map<Integer, String> changed = span == null || renamed.isEmpty() ? Map.of()
                : readRenamed(unitSpan(steps.get(i), span));
            Expr.Repeat repeat = span == null ? null : sourceNames.repeatAt(span);
            i = repeat != null && repeatsTried.add(repeat) ? repeat(steps, i, repeat) : emitUnit(steps, i);
            changed.forEach(variables::put);
        }
        lines.add("return " + (returned == null ? variables.get(output)
            : tupleText(returned, ((Trace.Tuple) last).span(), false)));
        if (root.kind() == Module.Kind.SEQUENTIAL && !isChainOfChildren(root)) {
            throw new UnsupportedLayerException(Code.NO_TORCH_CODE, Text.of("torch.sequential_does_more"), root.span());
        }
    }

    /**
     * Finds the sizes read off tensors into names ({@code c = x.size(1)}) that an indexing or a view
     * of this class reads where it is written as the .net file writes it ({@code x[:, : c // 2]},
     * {@code y.view(b, 2, channels // 2, h, w)}), and the tensors they read, through the .net names of
     * the class's own steps (a block inside has names of its own).
     */
    private void findSizesRead(List<Trace.Step> trace) {
        Map<String, Integer> tensors = new HashMap<>();
        for (int i = 0; i < inputs.size() && sourceNames.inputs().size() == inputs.size(); i++) {
            tensors.put(sourceNames.inputs().get(i), inputs.get(i));
        }
        Map<Trace.Binding, Integer> found = new IdentityHashMap<>();
        Set<String> names = new HashSet<>();
        List<SourceSpan> readers = new ArrayList<>();
        int depth = 0;
        for (Trace.Step step : trace) {
            if (step instanceof Trace.Block block) {
                depth += block.end() ? -1 : 1;
            } else if (depth > 0) {
                continue;
            } else if (step instanceof Trace.Input input) {
                tensors.put(input.name(), input.id());
            } else if (step instanceof Trace.Binding binding && binding.tensor() >= 0) {
                tensors.put(binding.name().text(), binding.tensor());
            } else if (step instanceof Trace.Binding binding) {
                PythonScope.SizeRead size = scope.sizeRead(binding.name().span());
                Integer tensor = size == null ? null : tensors.get(size.receiver());
                if (tensor != null) {
                    found.put(binding, tensor);
                    names.add(size.name());
                }
            } else if (step instanceof Trace.Index index) {
                readers.add(index.span());
            } else if (step instanceof Trace.Apply apply && apply.module() == null
                && apply.spec().torch().style() == TorchForm.Style.BATCH_SHAPE) {
                readers.add(apply.span());
            }
        }
        for (SourceSpan reader : readers) {
            sizeNames.addAll(scope.readOffIn(reader, names, taken()));
        }
        found.forEach((binding, tensor) -> {
            if (sizeNames.contains(binding.name().text())) {
                sizesRead.put(binding, tensor);
            }
        });
    }

    /** {@code c = x.size(1)}: a size read off a tensor into a local, which expressions after it read. */
    private void readSize(Trace.Binding binding) {
        PythonScope.SizeRead size = scope.sizeRead(binding.name().span());
        onlyChain = false;
        comment(binding.name().span());
        lines.add(PythonNames.identifier(size.name()) + " = " + variables.get(sizesRead.get(binding)) + "."
            + size.call());
        sizesWritten.add(size.name());
    }

    /**
     * The steps that compute or call something: a group is found through its modules' paths (an
     * nn.Sequential holds modules only, not the functional calls among them); a name the class binds
     * binds nothing, but may rename a tensor, which forward writes where an if binds the name in a
     * branch ({@link #rename}), or hold a size read off a tensor ({@link #readSize}). The blocks inside,
     * whose steps these are too, keep their names, and decide for them.
     */
    private List<Trace.Step> computing(List<Trace.Step> steps) {
        List<Trace.Step> computing = new ArrayList<>(steps.size());
        int depth = 0;
        for (Trace.Step step : steps) {
            depth += step instanceof Trace.Block block ? (block.end() ? -1 : 1) : 0;
            boolean kept = step instanceof Trace.Binding binding && (depth > 0 || sizesRead.containsKey(binding)
                || binding.tensor() >= 0 && generator.renames(binding));
            if (kept || !(step instanceof Trace.Group || step instanceof Trace.Binding)) {
                computing.add(step);
            }
        }
        return computing;
    }

    /**
     * {@code identity = x}: the name of a binding an if may overwrite in a branch, written where the
     * value has another variable, so that it holds the value whichever way the if goes.
     */
    private void rename(Trace.Binding binding, int at) {
        String name = PythonNames.identifier(binding.name().text());
        String variable = variables.get(binding.tensor());
        if (variable == null || variable.equals(name) || !free(name, at)) {
            return;
        }
        onlyChain = false;
        comment(binding.name().span());
        lines.add(name + " = " + variable);
        held.put(name, binding.tensor());
        renamed.add(new Renaming(name, binding.tensor(), sourceNames.ifBinding(binding.name().text())));
    }

    /** Where the unit starting with {@code step} stands in the .net file: its group's label, or the step's own span. */
    private SourceSpan unitSpan(Trace.Step step, SourceSpan span) {
        Module module = step instanceof Trace.Apply apply && apply.module() != null && apply.module() != root
            ? apply.module() : step instanceof Trace.Block block ? block.module() : null;
        return module == null ? span : childOf(module).span();
    }

    /**
     * After its if, a step whose .net line reads a renamed value by the new name ({@code (out +
     * identity)}, {@code right = right -> branch2}) reads the variable of that name, unless the if gave
     * it another value; other steps, and those inside the if, read the old ({@code self.downsample(x)}).
     * The variables changed, to be restored after the step.
     */
    private Map<Integer, String> readRenamed(SourceSpan span) {
        Map<Integer, String> changed = new HashMap<>();
        String text = null;
        for (Renaming renaming : renamed) {
            SourceSpan ifSpan = renaming.ifSpan();
            boolean after = span.startLine() > ifSpan.endLine()
                || span.startLine() == ifSpan.endLine() && span.startColumn() >= ifSpan.endColumn();
            boolean holds = Integer.valueOf(renaming.tensor()).equals(held.get(renaming.name()));
            text = text == null ? generator.sourceLine(span) : text;
            if (after && holds && Pattern.compile("\\b" + renaming.name() + "\\b").matcher(text).find()) {
                changed.put(renaming.tensor(), variables.put(renaming.tensor(), renaming.name()));
            }
        }
        return changed;
    }

    /** Emits the unit starting at step {@code i}: one step, or a block or group with all inside it; its last index. */
    private int emitUnit(List<Trace.Step> steps, int i) throws UnsupportedLayerException {
        Trace.Step step = steps.get(i);
        if (step instanceof Trace.Input) {
            return i;
        }
        if (step instanceof Trace.Binding binding) {
            if (sizesRead.containsKey(binding)) {
                readSize(binding);
            } else {
                rename(binding, i);
            }
            return i;
        }
        if (step instanceof Trace.Block) {
            Trace.Block block = (Trace.Block) step;
            Module child = childOf(block.module());
            if (child != block.module() && child.kind() != Module.Kind.LIST) {
                return group(steps, i, child);
            }
            int end = endOf(steps, i);
            generator.construction(block.module(), steps.subList(i + 1, end), block.inputs(), steps.get(end).id(),
                block.span(), scope);
            Trace.Step last = steps.get(end - 1);
            Value.Tuple tuple = last instanceof Trace.Tuple && ((Trace.Tuple) last).returned()
                ? ((Trace.Tuple) last).value() : null;
            callChild(block.module(), block.inputs(), steps.get(end).id(), tuple, block.span(), end, null);
            return end;
        }
        if (step instanceof Trace.Apply) {
            Trace.Apply apply = (Trace.Apply) step;
            if (apply.module() == null) {
                onlyChain = false;
                generator.addDefinition(apply.spec().torch().definition());
                int end = comprehension(steps, i);
                if (end >= 0) {
                    return end;
                }
                PythonCall call = sizesCall(apply);
                if (call == null) {
                    call = TorchLayers.functional(apply.spec(), apply.arguments(),
                        generator.shape(apply.inputs().get(0)), names(apply.inputs()), lists.get(apply.inputs()),
                        this::attributeOf);
                }
                if (keptWhole(apply)) {
                    assignPieces(apply, call.toString(), i);
                } else {
                    assignResult(apply.id(), apply.returned(), apply.inputs(), call.toString(), apply.span(), i);
                }
                return i;
            }
            if (apply.module() == root) {
                onlyChain = false;
                assignResult(apply.id(), apply.returned(), apply.inputs(), TorchLayers.moduleCall(apply.spec(),
                    apply.arguments(), "super().forward", names(apply.inputs()), stateText(apply)), apply.span(), i);
                return i; // a layer subclass's super: its parent's forward
            }
            Module child = childOf(apply.module());
            if (child != apply.module() && child.kind() != Module.Kind.LIST) {
                return group(steps, i, child);
            }
            int end = comprehension(steps, i);
            if (end >= 0) {
                return end;
            }
            callChild(apply.module(), apply.inputs(), apply.id(), apply.returned(), apply.span(), i, apply);
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
            String subscripts = scope.subscripts(index.span(), sizesWritten, taken());
            assign(index.id(), List.of(index.input()), subscripts == null ? indexText(index)
                : variables.get(index.input()) + "[" + subscripts + "]", index.span(), i);
            return i;
        }
        if (step instanceof Trace.Tuple) {
            return i; // taken apart where its call returned it, or returned by forward's last line
        }
        throw new AssertionError(step);
    }

    /**
     * A functional call's argument over the class's parameters, kept as attributes ({@code self.dims}),
     * where no module, parameter or buffer of the class, nor nn.Module, has that name; else null.
     */
    private String attributeOf(SourceSpan span) {
        return scope.forwardSymbolic(span, taken());
    }

    /** The names an attribute of the class cannot take: its modules', parameters' and buffers', and nn.Module's. */
    private Set<String> taken() {
        Set<String> taken = new HashSet<>(TorchGenerator.MODULE_ATTRIBUTES);
        root.children().forEach(child -> taken.add(generator.attribute(child)));
        root.state().forEach(entry -> taken.add(entry.key()));
        return taken;
    }

    /**
     * {@code y.view(b, 2, channels // 2, h, w)}: a view, reshape or expand whose sizes are written as
     * the .net file writes them, over the sizes forward read ({@link PythonScope#methodArguments}); else null.
     */
    private PythonCall sizesCall(Trace.Apply apply) {
        List<String> arguments = apply.spec().torch().style() != TorchForm.Style.BATCH_SHAPE ? null
            : scope.methodArguments(apply.span(), sizesWritten, taken());
        return arguments == null ? null
            : new PythonCall(variables.get(apply.inputs().get(0)) + "." + apply.spec().name(), arguments);
    }

    /** The variable a loop over a container calls its elements: {@code layer} for {@code layers}, else module. */
    private static String elementName(String container) {
        return container.length() > 1 && container.endsWith("s") ? container.substring(0, container.length() - 1)
            : "module";
    }

    /** Where a step stands in the .net file; null for an input. */
    static SourceSpan spanOf(Trace.Step step) {
        if (step instanceof Trace.Apply apply) {
            return apply.span();
        }
        if (step instanceof Trace.Arithmetic arithmetic) {
            return arithmetic.span();
        }
        if (step instanceof Trace.Index index) {
            return index.span();
        }
        if (step instanceof Trace.Block block) {
            return block.span();
        }
        if (step instanceof Trace.State state) {
            return state.span();
        }
        if (step instanceof Trace.Tuple tuple) {
            return tuple.span();
        }
        if (step instanceof Trace.Group group) {
            return group.span();
        }
        if (step instanceof Trace.Binding binding) {
            return binding.name().span();
        }
        if (step instanceof Trace.Input) {
            return null;
        }
        throw new AssertionError(step);
    }

    /**
     * The steps of {@code repeat}'s iterations from {@code start}, each iteration calling element n of
     * a ModuleList of as many elements (or layer n of the ModuleDict block this is) ({@code x, s = x -> layers[i]: WaveNetLayer(...)}): written as
     * the .net file's loop when every iteration reads the same but for that element,
     * {@code for layer in self.layers:}, an accumulator's first value before it ({@code skips = 0});
     * step by step otherwise. The index of the last step.
     */
    private int repeat(List<Trace.Step> steps, int start, Expr.Repeat repeat) throws UnsupportedLayerException {
        int first = lines.size();
        List<Integer> iterationStarts = new ArrayList<>();
        SourceSpan previous = null;
        int i = start;
        for (; i < steps.size(); i++) {
            SourceSpan span = spanOf(steps.get(i));
            if (span == null || !SourceNames.holds(repeat.span(), span)) {
                break;
            }
            if (steps.get(i) instanceof Trace.Tuple) {
                continue; // a tuple taken apart computes nothing: its statement starts before its call
            }
            if (previous == null || !after(span, previous)) {
                iterationStarts.add(lines.size());
            }
            previous = span;
            i = emitUnit(steps, i);
        }
        iterationStarts.add(lines.size());
        List<String> loop = loopLines(repeat, iterationStarts);
        if (loop != null) {
            lines.subList(first, lines.size()).clear();
            lines.addAll(loop);
            onlyChain = false;
        }
        return i - 1;
    }

    private static boolean after(SourceSpan span, SourceSpan previous) {
        return span.startLine() > previous.startLine()
            || span.startLine() == previous.startLine() && span.startColumn() > previous.startColumn();
    }

    /** The lines of a loop over the iterations written at {@code starts} (and up to the last), or null. */
    private List<String> loopLines(Expr.Repeat repeat, List<Integer> starts) {
        int count = starts.size() - 1;
        Module list = null;
        List<Module> candidates = new ArrayList<>(root.children());
        candidates.add(root); // a ModuleDict block looping over its own layers, as DenseNet's _DenseBlock
        for (Module candidate : candidates) {
            boolean container = candidate.kind() == Module.Kind.LIST
                || candidate == root && candidate.kind() == Module.Kind.DICT;
            if (container && candidate.children().size() == count && count >= 2 && callsElements(candidate, starts)) {
                list = candidate;
            }
        }
        if (list == null) {
            return null;
        }
        String variable = elementName(list == root ? "layers" : generator.attribute(list));
        if (held.containsKey(variable)) {
            return null;
        }
        List<List<String>> iterations = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            List<String> iteration = new ArrayList<>();
            for (String line : lines.subList(starts.get(n), starts.get(n + 1))) {
                iteration.add(line.replace(reference(list.children().get(n)) + "(", variable + "("));
            }
            iterations.add(iteration);
        }
        List<String> code = code(iterations.get(1), true);
        boolean sameShapes = true;
        for (int n = 0; n < count; n++) {
            if (n > 1 && !code(iterations.get(n), false).equals(code(iterations.get(1), false))) {
                return null;
            }
            sameShapes &= shapes(iterations.get(n)).equals(shapes(iterations.get(1)));
        }
        List<String> before = accumulators(code(iterations.get(0), false), code(iterations.get(1), false));
        if (before == null) {
            return null;
        }
        // the second iteration's code (an accumulator's, not its first value) under the first's comments
        List<String> body = new ArrayList<>();
        Iterator<String> next = code.iterator();
        for (String line : iterations.get(0)) {
            String written = line.startsWith("#") ? line : next.next();
            body.add(sameShapes ? written : withoutShape(written));
        }
        List<String> loop = new ArrayList<>(before);
        loop.add(generator.sourceComment(repeat.span(), 8));
        loop.add("for " + variable + " in " + (list == root ? "self.values()" : reference(list)) + ":");
        for (String line : body) {
            if (line.startsWith("#") && 12 + line.length() > TorchGenerator.WIDTH) {
                line = line.substring(0, TorchGenerator.WIDTH - 15).stripTrailing() + "..."; // as sourceComment cuts
            }
            if (12 + line.length() > TorchGenerator.WIDTH) {
                return null;
            }
            loop.add("    " + line);
        }
        return loop;
    }

    /** Whether iteration n, written at {@code starts}, calls element n of {@code list}. */
    private boolean callsElements(Module list, List<Integer> starts) {
        for (int n = 0; n + 1 < starts.size(); n++) {
            String call = reference(list.children().get(n)) + "(";
            if (lines.subList(starts.get(n), starts.get(n + 1)).stream().noneMatch(line -> line.contains(call))) {
                return false;
            }
        }
        return true;
    }

    /** An iteration's code lines, without the .net lines' comments, and without shapes unless {@code shapes}. */
    private static List<String> code(List<String> iteration, boolean shapes) {
        List<String> code = new ArrayList<>();
        for (String line : iteration) {
            if (!line.startsWith("#")) {
                code.add(shapes ? line : withoutShape(line));
            }
        }
        return code;
    }

    /** The shapes an iteration's lines show ({@code [-1, 4, 16]}), in order. */
    private static List<String> shapes(List<String> iteration) {
        List<String> shapes = new ArrayList<>();
        for (String line : iteration) {
            int comment = line.indexOf("  # [");
            if (!line.startsWith("#") && comment >= 0) {
                shapes.add(line.substring(comment));
            }
        }
        return shapes;
    }

    private static String withoutShape(String line) {
        int comment = line.indexOf("  # [");
        return comment < 0 ? line : line.substring(0, comment);
    }

    /**
     * The first iteration's code against the second's: the same, but for accumulators whose first value
     * was a number ({@code skips = 0 + s} against {@code skips = skips + s}), whose number is set before
     * the loop ({@code skips = 0}), unless the first iteration reads the variable before; null when they
     * differ otherwise.
     */
    static List<String> accumulators(List<String> first, List<String> second) {
        if (first.size() != second.size()) {
            return null;
        }
        List<String> before = new ArrayList<>();
        for (int k = 0; k < first.size(); k++) {
            if (first.get(k).equals(second.get(k))) {
                continue;
            }
            Matcher a = ACCUMULATION.matcher(first.get(k));
            Matcher b = ACCUMULATION.matcher(second.get(k));
            if (!a.matches() || !b.matches() || !a.group(1).equals(b.group(1)) || !b.group(2).equals(b.group(1))
                || !a.group(3).equals(b.group(3)) || !a.group(2).matches("-?[0-9.e+-]+")) {
                return null;
            }
            String variable = a.group(1);
            if (first.subList(0, k).stream().anyMatch(line -> line.matches(".*\\b" + variable + "\\b.*"))) {
                return null; // read before it is set: its value from before the loop, which the number would hide
            }
            before.add(variable + " = " + a.group(2));
        }
        return before;
    }

    /** {@code a, (h, c)}: the variables of a tuple's values, in parentheses when {@code nested}. */
    private String tupleText(Value value, SourceSpan span, boolean nested) throws UnsupportedLayerException {
        if (value instanceof Value.Tuple) {
            List<String> elements = new ArrayList<>();
            for (Value element : ((Value.Tuple) value).elements()) {
                elements.add(tupleText(element, span, true));
            }
            String text = String.join(", ", elements) + (elements.size() == 1 ? "," : "");
            return nested ? "(" + text + ")" : text;
        }
        if (value == Value.NONE) {
            return "None";
        }
        String variable = value instanceof Value.Tensor || value instanceof Value.State ? variables.get(idOf(value))
            : null;
        if (variable == null) {
            throw new UnsupportedLayerException(Code.NO_TORCH_CODE, Text.of("torch.no_variable", value.describe()), span);
        }
        return variable;
    }

    /** The number of a tensor in the trace, or the one this forward gives a recurrent state. */
    private int idOf(Value value) {
        if (value instanceof Value.Tensor) {
            return generator.trace().idOf((Value.Tensor) value);
        }
        return stateIds.computeIfAbsent(value, state -> -2 - stateIds.size());
    }

    /** The variables of a recurrent layer's initial state ({@code h}, {@code (h, c)}), or null. */
    private String stateText(Trace.Apply apply) throws UnsupportedLayerException {
        return apply.state() == null ? null : tupleText(apply.state(), apply.span(), true);
    }

    /**
     * A call of a direct child module, or of an element of a ModuleList child (a layer, whose
     * {@code apply} is given, or a block or group).
     */
    private void callChild(Module child, List<Integer> arguments, int result, Value.Tuple tuple, SourceSpan span,
                           int at, Trace.Apply apply) throws UnsupportedLayerException {
        onlyChain &= arguments.size() == 1 && arguments.get(0) == chained && tuple == null;
        chained = result;
        chain.add(child);
        String module = reference(child);
        String call = apply == null ? module + "(" + String.join(", ", names(arguments)) + ")"
            : TorchLayers.moduleCall(apply.spec(), apply.arguments(), module, names(arguments),
                stateText(apply));
        onlyChain &= call.equals(module + "(" + String.join(", ", names(arguments)) + ")");
        assignResult(result, tuple, arguments, call, span, at);
    }

    /**
     * The result of a call returning {@code tuple} (null: one tensor): taken apart in the .net file's
     * names where the file takes it apart, else its first tensor, the one a chain passes on.
     */
    private void assignResult(int id, Value.Tuple tuple, List<Integer> operands, String call, SourceSpan span,
                              int at) {
        if (tuple == null) {
            assign(id, operands, call, span, at);
        } else if (takenApart.containsKey(tuple)) {
            comment(span);
            Trace.Tuple apart = takenApart.get(tuple);
            lines.add(pattern(tuple, sourceNames.targetOf(apart.span()), at, new HashSet<>(), false) + " = " + call);
        } else {
            assign(id, operands, call + "[0]", span, at);
        }
    }

    /** An operation's pieces (chunk's) that the .net file keeps as one tuple rather than taking them apart. */
    private boolean keptWhole(Trace.Apply apply) {
        return apply.spec().pieces() != null && apply.returned() != null && !takenApart.containsKey(apply.returned());
    }

    /** {@code parts = torch.chunk(x, 4, dim=1)}: the tuple in one variable, each piece read as {@code parts[i]}. */
    private void assignPieces(Trace.Apply apply, String call, int at) {
        assign(apply.id(), apply.inputs(), call, apply.returned().brief(), apply.span(), at);
        String tuple = variables.get(apply.id());
        List<Value> pieces = apply.returned().elements();
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < pieces.size(); i++) {
            int id = idOf(pieces.get(i));
            variables.put(id, tuple + "[" + i + "]");
            attributes.add(id);
            ids.add(id);
        }
        lists.put(ids, tuple);
    }

    /**
     * The left side taking {@code value} apart, {@code out, (h, c)}, each variable claimed: the name the
     * .net file gives it ({@code target}, where there is one and it is free), else {@code _} for a value
     * never read, else a new name.
     */
    private String pattern(Value value, Statement.Target target, int at, Set<String> claimed, boolean nested) {
        if (value instanceof Value.Tuple) {
            List<Value> elements = ((Value.Tuple) value).elements();
            List<Statement.Target> targets = target instanceof Statement.Target.Tuple
                && ((Statement.Target.Tuple) target).elements().size() == elements.size()
                ? ((Statement.Target.Tuple) target).elements() : null;
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < elements.size(); i++) {
                parts.add(pattern(elements.get(i), targets == null ? null : targets.get(i), at, claimed, true));
            }
            String text = String.join(", ", parts);
            boolean unread = parts.stream().allMatch("_"::equals);
            return !nested ? text : unread ? "_" : "(" + text + ")";
        }
        if (!(value instanceof Value.Tensor || value instanceof Value.State)) {
            return "_";
        }
        int id = idOf(value);
        String existing = variables.get(id);
        boolean stillHeld = existing != null && Integer.valueOf(id).equals(held.get(existing));
        String named = target instanceof Statement.Target.Name && !((Statement.Target.Name) target).discarded()
            ? PythonNames.identifier(((Statement.Target.Name) target).name().text()) : null;
        boolean nameFree = named != null && free(named, at) && !claimed.contains(named);
        boolean unread = lastUse.getOrDefault(id, -1) <= at && id != output;
        if (stillHeld || unread && !nameFree) {
            return "_"; // a value the call passes back (a block returning its input) keeps its variable
        }
        String variable = nameFree ? named : freshVariable(); // a value never read keeps the file's name
        claimed.add(variable);
        variables.put(id, variable);
        held.put(variable, id);
        return variable;
    }

    private String freshVariable() {
        while (true) {
            String candidate = fresh == 0 ? "x" : "x" + fresh;
            fresh++;
            if (!held.containsKey(candidate) && !sizeNames.contains(candidate)) {
                return candidate;
            }
        }
    }

    /** {@code self.conv1}, {@code getattr(self, "block1-0")}, {@code self.convs[0]}: a module below the root. */
    private String reference(Module module) {
        String prefix = root.path().isEmpty() ? "" : root.path() + ".";
        String text = "self";
        Module parent = root;
        for (String name : module.path().substring(prefix.length()).split("\\.")) {
            Module child = parent.child(name);
            String attribute = generator.attribute(child);
            if (parent.kind() == Module.Kind.LIST) {
                text += "[" + name + "]";
            } else if (PythonNames.isAttribute(attribute)) {
                text += "." + attribute;
            } else {
                text = "getattr(" + text + ", " + PythonNames.string(attribute) + ")";
            }
            parent = child;
        }
        return text;
    }

    /** A group called as one nn.Sequential: every step inside it, blocks included, from {@code start}. */
    private int group(List<Trace.Step> steps, int start, Module group) throws UnsupportedLayerException {
        if (!groupsCalled.add(group)) {
            throw new UnsupportedLayerException(Code.NO_TORCH_CODE, Text.of("torch.group_interrupted"),
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
                generator.construction(block.module(), steps.subList(i + 1, end), block.inputs(), steps.get(end).id(),
                block.span(), scope);
                result = steps.get(end).id();
                i = end + 1;
            } else {
                result = step.id();
                i++;
            }
        }
        callChild(group, List.of(in), result, null, group.span(), i - 1, null);
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

    /**
     * A list comprehension bound to a name ({@code hs = [... for i, k in enumerate(sizes)]}) whose steps
     * start at {@code start}, written as one when each iteration is one chain of calls of the same text,
     * iteration n calling element n of one ModuleList of that many elements:
     * {@code hs = [torch.amax(F.relu(conv(e)), 2) for conv in self.convs]}, its values then {@code hs[0]}, ...
     * The index of its last step; -1 when it is written step by step.
     */
    private int comprehension(List<Trace.Step> steps, int start) {
        SourceNames.BoundComprehension bound = sourceNames.comprehensionAt(((Trace.Apply) steps.get(start)).span());
        if (bound == null || bound.comprehension().element() instanceof Expr.Tuple
            || bound.comprehension().element() instanceof Expr.ListLiteral
            || start > 0 && steps.get(start - 1) instanceof Trace.Apply before
                && bound.comprehension().element().span().contains(before.span())) {
            return -1; // a list of tuples or lists, or not the comprehension's first step
        }
        int end = start;
        while (end < steps.size() && steps.get(end) instanceof Trace.Apply apply
            && bound.comprehension().element().span().contains(apply.span())) {
            end++;
        }
        List<List<Trace.Apply>> iterations = iterations(steps.subList(start, end), end);
        Module list = iterations == null ? null : listCalled(iterations.get(0));
        if (list == null || list.children().size() != iterations.size()) {
            return -1;
        }
        String loop = elementName(generator.attribute(list));
        String element = null;
        for (int n = 0; n < iterations.size(); n++) {
            String text = elementText(iterations.get(n), list.child(Integer.toString(n)), loop);
            if (text == null || (element != null && !element.equals(text))) {
                return -1;
            }
            element = text;
        }
        String variable = PythonNames.identifier(bound.name());
        String line = variable + " = [" + element + " for " + loop + " in " + reference(list) + "]";
        if (!free(variable, end - 1) || 8 + line.length() > TorchGenerator.WIDTH) {
            return -1;
        }
        comment(((Trace.Apply) steps.get(start)).span());
        lines.add(line);
        onlyChain = false;
        List<Integer> values = new ArrayList<>();
        for (List<Trace.Apply> iteration : iterations) {
            iteration.forEach(apply -> generator.addDefinition(apply.spec().torch().definition()));
            int value = iteration.get(iteration.size() - 1).id();
            variables.put(value, variable + "[" + values.size() + "]");
            attributes.add(value);
            values.add(value);
        }
        held.put(variable, values.stream().max((a, b) -> Integer.compare(lastUse.get(a), lastUse.get(b))).get());
        lists.put(values, variable);
        return end - 1;
    }

    /**
     * The steps of a comprehension split into its iterations, each a chain that starts from tensors made
     * before it and whose values, but its last, nothing after {@code end} reads; null when they are not.
     */
    private List<List<Trace.Apply>> iterations(List<Trace.Step> run, int end) {
        Set<Integer> made = new HashSet<>();
        List<List<Trace.Apply>> iterations = new ArrayList<>();
        for (Trace.Step step : run) {
            Trace.Apply apply = (Trace.Apply) step;
            if (apply.returned() != null || apply.state() != null) {
                return null;
            }
            if (apply.inputs().stream().noneMatch(made::contains)) {
                iterations.add(new ArrayList<>());
            } else {
                List<Trace.Apply> chain = iterations.get(iterations.size() - 1);
                Trace.Apply before = chain.get(chain.size() - 1);
                if (!apply.inputs().equals(List.of(before.id())) || lastUse.get(before.id()) >= end) {
                    return null;
                }
            }
            iterations.get(iterations.size() - 1).add(apply);
            made.add(apply.id());
        }
        return iterations;
    }

    /** The ModuleList, a child of the root, whose element the iteration calls; null when it calls none. */
    private Module listCalled(List<Trace.Apply> iteration) {
        for (Trace.Apply apply : iteration) {
            if (apply.module() != null && apply.module() != root) {
                Module child = childOf(apply.module());
                return child.kind() == Module.Kind.LIST ? child : null;
            }
        }
        return null;
    }

    /**
     * One iteration as one expression, {@code torch.amax(F.relu(conv(e)), 2)}, its call of {@code element}
     * written as a call of {@code loop}; null when it calls another module, or none.
     */
    private String elementText(List<Trace.Apply> iteration, Module element, String loop) {
        String expression = null;
        boolean called = false;
        for (Trace.Apply apply : iteration) {
            List<String> operands = expression == null ? names(apply.inputs()) : List.of(expression);
            if (apply.module() == null) {
                expression = TorchLayers.functional(apply.spec(), apply.arguments(),
                    generator.shape(apply.inputs().get(0)), operands, null, this::attributeOf).toString();
            } else if (!called && apply.module() == element && element.kind() == Module.Kind.LAYER) {
                expression = TorchLayers.moduleCall(apply.spec(), apply.arguments(), loop, operands, null);
                called = true;
            } else {
                return null;
            }
            if (operands.contains(loop)) {
                return null; // a tensor of the model named as the loop's variable would be hidden by it
            }
        }
        return called ? expression : null;
    }

    /**
     * {@code x = expression  # [-1, 16, 32, 32]}, under the .net line it comes from when that changes.
     * The variable is the .net name the value is bound to, else an operand's that is not read again
     * (so a chain reads {@code x = self.conv1(x)}), else a new one; never one holding a value read later.
     */
    private void assign(int id, List<Integer> operands, String expression, SourceSpan span, int at) {
        assign(id, operands, expression, String.valueOf(generator.shape(id)), span, at);
    }

    /** The same, commented with {@code shown}: a shape, or a tuple's shapes. */
    private void assign(int id, List<Integer> operands, String expression, String shown, SourceSpan span, int at) {
        comment(span);
        String bound = sourceNames.boundName(span);
        String variable = bound != null && free(PythonNames.identifier(bound), at)
            ? PythonNames.identifier(bound) : null;
        for (int i = 0; variable == null && i < operands.size(); i++) {
            String name = variables.get(operands.get(i));
            variable = free(name, at) && !attributes.contains(operands.get(i)) ? name : null;
        }
        if (variable == null) {
            variable = freshVariable();
        }
        variables.put(id, variable);
        held.put(variable, id);
        String line = variable + " = " + expression;
        String shape = "  # " + shown;
        boolean fits = 8 + line.length() + shape.length() <= TorchGenerator.WIDTH;
        lines.add(line + (fits && showsShapes() ? shape : ""));
    }

    /** {@code # 6: x = conv1 -> bn1}: the .net line the next lines come from, when it changes. */
    private void comment(SourceSpan span) {
        if (span.startLine() != lastCommented) {
            lastCommented = span.startLine();
            lines.add(generator.sourceComment(span, 8));
        }
    }

    /** Whether a step at {@code at} may write {@code name}: it holds nothing, or a value not read after it. */
    private boolean free(String name, int at) {
        Integer value = held.get(name);
        // a renamed value (identity = x) is still held by its own variable
        return value == null || !name.equals(variables.get(value))
            || (lastUse.getOrDefault(value, -1) <= at && value != output);
    }

    /** A block class that takes parameters serves instances of different shapes: it shows none. */
    private boolean showsShapes() {
        return root.kind() == Module.Kind.MODEL || scope.isEmpty();
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
        for (Trace.Step step : steps) {
            if (step instanceof Trace.Apply && keptWhole((Trace.Apply) step)) {
                keepTupleVariable((Trace.Apply) step);
            }
        }
    }

    /** A tuple kept whole is held, under its first piece's number, until its last piece is read. */
    private void keepTupleVariable(Trace.Apply apply) {
        int last = -1;
        for (Value piece : apply.returned().elements()) {
            last = Math.max(last, lastUse.getOrDefault(idOf(piece), -1));
        }
        lastUse.merge(apply.id(), last, Math::max);
    }

    /**
     * The tensors and states a step reads: a block's start the block's inputs, a recurrent layer its
     * initial state, a tuple returned its values.
     */
    private List<Integer> used(Trace.Step step) {
        if (step instanceof Trace.Block && !((Trace.Block) step).end()) {
            return ((Trace.Block) step).inputs();
        }
        if (step instanceof Trace.Binding binding) {
            return List.of(sizesRead.getOrDefault(binding, binding.tensor()));
        }
        List<Integer> used = new ArrayList<>(BatchNormFolding.inputsOf(step, generator.trace()));
        if (step instanceof Trace.Apply && ((Trace.Apply) step).state() != null) {
            leaves(((Trace.Apply) step).state(), used);
        }
        if (step instanceof Trace.Tuple && ((Trace.Tuple) step).returned()) {
            used.clear();
            leaves(((Trace.Tuple) step).value(), used);
        }
        return used;
    }

    /** The numbers of the tensors and states {@code value} holds. */
    private void leaves(Value value, List<Integer> ids) {
        if (value instanceof Value.Tuple) {
            ((Value.Tuple) value).elements().forEach(element -> leaves(element, ids));
        } else if (value instanceof Value.Tensor || value instanceof Value.State) {
            ids.add(idOf(value));
        }
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

    /** {@code x[:, 19]}: selections and slices, {@code :} for the dimensions in between and whole ones. */
    private String indexText(Trace.Index step) {
        List<String> subscripts = new ArrayList<>(List.of(":"));
        for (Trace.IndexPart part : step.parts()) {
            while (subscripts.size() < part.dim()) {
                subscripts.add(":");
            }
            boolean whole = !part.single() && part.start() == 0 && part.step() == 1
                && part.stop() == generator.shape(step.input()).dim(part.dim() - 1);
            subscripts.add(part.single() ? Long.toString(part.start()) : whole ? ":"
                : part.start() + ":" + part.stop() + (part.step() == 1 ? "" : ":" + part.step()));
        }
        return variables.get(step.input()) + "[" + String.join(", ", subscripts) + "]";
    }
}
