package netc.importer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import netc.diagnostics.Code;
import netc.diagnostics.Text;
import netc.onnx.OnnxProto.NodeProto;
import netc.runtime.SafeTensors;
import netc.semantic.catalog.ArgSpec;
import netc.semantic.catalog.Catalog;
import netc.semantic.model.Value;

/**
 * Writes the steps of an ONNX graph as a .net model a person would write: modules nested as their
 * state_dict names (or PyTorch's node scopes, /layer1/layer1.0/conv1/Conv) say, a module whose
 * children are all numbered and pass one tensor along as a group (nn.Sequential), any other as a
 * block (blocks written identically defined once); chains where values flow straight on, named
 * values where they branch. It computes the state_dict key of every weight as it numbers modules.
 */
final class NetWriter {
    /** A graph input's name kept as it is: lower case, not one of the names x1, x2, ... or in1, in2, ... netc import gives. */
    private static final Pattern INPUT_NAME = Pattern.compile("(?!(x|in)[0-9]*$)[a-z][a-z0-9_]*");
    private static final Set<String> KEYWORDS = Set.of("model", "block", "input", "if", "else", "repeat", "in", "true",
        "false", "param", "results");
    /** A label written as it is: a word, or an index of a group. */
    private static final Pattern WORD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*|[0-9]+");
    /** A label written quoted ("block1-0", as add_module names a module): any text without a dot, quote or brace. */
    private static final Pattern QUOTABLE = Pattern.compile("[^.\"{}\\\\\\p{Cntrl}]+");
    private static final Pattern INDEX = Pattern.compile("[0-9]+");
    /** A part of a node's dotted name taken for a label: a word, an index, or one with hyphens (block1-0). */
    private static final Pattern NODE_LABEL = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_-]*");
    private static final Pattern REPEATED = Pattern.compile("(.+)_([0-9]+)");
    private static final int INLINE_GROUP = 90;
    /** A parameter's declaration at the start of a block's body: its name and its sizes. */
    private static final Pattern PARAMETER = Pattern.compile("    param ([A-Za-z_][A-Za-z0-9_]*): \\[(.*)\\]");
    /** The label of the layer a block subclasses, run in the block's body as {@code super}. */
    private static final String SUPER = "super";

    /** A module that holds others: the model, a group or a block instance. */
    private static final class Container {
        final List<String> path;
        final List<Object> items = new ArrayList<>(); // OnnxOps.Op or Container, in the order they run
        final Map<String, Container> children = new HashMap<>();
        String input;
        String output;
        /** What a block returning several tensors returns, in order (netc onnx records it); else null. */
        List<String> returned;
        /** The label of an element of a list, written where the list's forward calls it ({@code layers.0}); else null. */
        String listLabel;
        int firstOp;

        Container(List<String> path) {
            this.path = path;
        }

        String label() {
            return listLabel != null ? listLabel : path.get(path.size() - 1);
        }
    }

    /** Where a step is written: its container, and its label when it is a module (null: functional). */
    private record Placement(List<String> container, String label) {
    }

    private final List<OnnxOps.Op> ops;
    /** The values the model returns: one, or several written as a tuple at its end. */
    private final List<String> results;
    private final Map<OnnxOps.Op, Placement> placements = new HashMap<>();
    private final Map<OnnxOps.Op, Integer> order = new HashMap<>();
    private final Map<String, Integer> producedAt = new HashMap<>();
    /** The class the file names for each block instance, by module path; a block without one is Block1, Block2, ... */
    private final Map<String, String> blockClasses;
    /** Each block body written, with its class (null when unknown): how it is called. */
    private final Map<List<String>, String> blockCalls = new HashMap<>();
    /** The blocks subclassing a layer, by name: their parameters grow with every instance's keywords. */
    private final Map<String, Subclassed> subclassed = new HashMap<>();
    /** The container (Sequential, ModuleDict) or layer call a class subclasses, by the name it is defined under. */
    private final Map<String, String> bases = new HashMap<>();
    /** The parameters of a block subclassing a layer, by its name: {@code (normalized_shape, eps = 1e-5)}. */
    private final Map<String, String> headers = new HashMap<>();
    /** The name each class is defined under. */
    private final Map<String, String> classNames = new HashMap<>();
    /** Each block's name and its bodies (several for a class whose instances differ), in order of first use. */
    private final Map<String, List<String>> definitions = new LinkedHashMap<>();
    private final Set<String> takenNames = new HashSet<>();
    /** The blocks whose bodies end in a tuple of their results. */
    private final Set<String> returnsSeveral = new HashSet<>();
    /** The block path of each node inlined from a local function (by identity); its name has no scope. */
    private final Map<NodeProto, List<String>> functionBlocks;
    /** The values each block instance returning several tensors returns, in order, by module path (from the file's metadata). */
    private final Map<String, List<String>> blockReturns = new HashMap<>();
    private int unnamedBlocks;
    /** The layer each block body subclasses ({@code layernorm(96, eps=1e-6)}), by the body's container. */
    private final Map<Container, String> superLayers = new HashMap<>();
    /** The parameters of each block that computes with them ({@code param layer_scale: [96, 1, 1]}), by container. */
    private final Map<Container, Map<String, int[]>> parameters = new HashMap<>();
    private final Map<String, SafeTensors.Stored> weights = new LinkedHashMap<>();
    /** The .net name of each graph input, by its name in the file. */
    private final Map<String, String> inputNames = new LinkedHashMap<>();

    private NetWriter(List<OnnxOps.Op> ops, List<String> results, Map<String, String> blockClasses, Map<NodeProto, List<String>> functionBlocks,
                      String modelName) {
        this.ops = ops;
        this.results = results;
        this.blockClasses = blockClasses;
        this.functionBlocks = functionBlocks;
        takenNames.add(modelName);
    }

    /** The .net text (blocks, then the model) and the weights by state_dict key. */
    record Written(String text, Map<String, SafeTensors.Stored> weights) {
    }

    static Written write(OnnxOps.Steps steps, OnnxGraph graph, String modelName, String header) throws ImportException {
        NetWriter writer = new NetWriter(steps.ops(), steps.outputs(), graph.blockClasses, graph.functionBlocks, modelName);
        for (netc.onnx.OnnxProto.StringStringEntryProto entry : graph.model.getMetadataPropsList()) {
            if (entry.getKey().startsWith(netc.backend.OnnxExporter.RETURNS_KEY)) {
                writer.blockReturns.put(entry.getKey().substring(netc.backend.OnnxExporter.RETURNS_KEY.length()),
                    List.of(entry.getValue().split("\n", -1)));
            }
        }
        writer.inputNames.putAll(inputNames(graph.inputs));
        Container root = writer.tree(steps);
        StringBuilder model = new StringBuilder("model " + modelName + " {\n    input ");
        for (int n = 0; n < graph.inputs.size(); n++) {
            OnnxGraph.Input input = graph.inputs.get(n);
            model.append(n > 0 ? ", " : "").append(writer.inputNames.get(input.name())).append(input.integer() ? ": int64[" : ": [");
            for (int i = 1; i < input.shape().length; i++) {
                model.append(i > 1 ? ", " : "").append(input.shape()[i]);
            }
            model.append(']');
        }
        model.append('\n');
        writer.body(root, "", model, "    ");
        model.append("}\n");
        StringBuilder text = new StringBuilder(header);
        for (Map.Entry<String, List<String>> definition : writer.definitions.entrySet()) {
            text.append('\n').append(writer.definition(definition.getKey(), definition.getValue()));
        }
        text.append('\n').append(model);
        return new Written(text.toString(), writer.weights);
    }

    /**
     * The .net names of the graph's inputs: {@code x} for one; several keep the file's names ({@code src, tgt})
     * when each is a plain lower-case name that no keyword or written value ({@code x1}) takes, else are in1, in2, ...
     */
    private static Map<String, String> inputNames(List<OnnxGraph.Input> inputs) {
        Map<String, String> names = new LinkedHashMap<>();
        if (inputs.size() == 1) {
            names.put(inputs.get(0).name(), "x");
            return names;
        }
        boolean plain = inputs.stream().map(OnnxGraph.Input::name).allMatch(name -> INPUT_NAME.matcher(name).matches()
            && !KEYWORDS.contains(name));
        for (int i = 0; i < inputs.size(); i++) {
            names.put(inputs.get(i).name(), plain ? inputs.get(i).name() : "in" + (i + 1));
        }
        return names;
    }

    // ---- where each step goes

    private Container tree(OnnxOps.Steps steps) throws ImportException {
        Map<List<String>, Integer> occupied = new HashMap<>();
        Map<OnnxOps.Op, List<String>> candidates = new HashMap<>();
        for (int i = 0; i < ops.size(); i++) {
            OnnxOps.Op op = ops.get(i);
            order.put(op, i);
            producedAt.put(op.output(), i);
            List<String> path = statePath(op);
            if (path == null && !functionBlocks.containsKey(op.node())) {
                path = scope(op.node().getName());
            }
            candidates.put(op, path);
            for (int n = 1; path != null && n <= path.size(); n++) {
                occupied.merge(path.subList(0, n), 1, Integer::sum);
            }
        }
        Container root = new Container(List.of());
        Map<List<String>, Container> containers = new HashMap<>();
        containers.put(List.of(), root);
        for (OnnxOps.Op op : ops) {
            List<String> path = candidates.get(op);
            boolean layer = isModule(op);
            Placement placement;
            if (path == null && functionBlocks.containsKey(op.node())) {
                placement = inFunction(op, functionBlocks.get(op.node()));
            } else if (op.kind() == OnnxOps.Kind.EMPTY_BLOCK) {
                placement = new Placement(path, null); // the block itself, which its node is named after
            } else if (layer && path != null && isLayerSubclass(statePath(op))) {
                placement = new Placement(path, SUPER); // the layer a block subclasses, its weights the block's own
            } else if (path == null) {
                placement = new Placement(List.of(), layer ? "" : null); // no names: an unlabelled module
            } else if (layer && !path.isEmpty() && (statePath(op) != null || occupied.get(path) == 1)) {
                placement = new Placement(path.subList(0, path.size() - 1), path.get(path.size() - 1));
            } else {
                boolean slashed = op.node().getName().startsWith("/") || path.isEmpty();
                placement = new Placement(slashed ? path : path.subList(0, path.size() - 1), null);
            }
            placements.put(op, placement);
            container(containers, placement.container(), order.get(op)).items.add(op);
        }
        collectIO(root, Set.copyOf(steps.outputs()));
        return root;
    }

    /**
     * Where a step of an inlined function goes when it has no weights to say: its node has no scope, so
     * a layer is taken for a module (torchvision's blocks call their activations as modules, which have
     * summary rows) of the module the step before it runs in, numbered after it in a group (a ReLU6
     * after a numbered BatchNorm2d), unlabelled elsewhere; a functional step (a sum, a concatenation)
     * runs in the block itself.
     */
    private Placement inFunction(OnnxOps.Op op, List<String> block) {
        if (!isModule(op)) {
            return new Placement(block, null);
        }
        Integer at = producedAt.get(op.inputs().get(0));
        Placement before = at == null ? null : placements.get(ops.get(at));
        if (before == null || before.label() == null || !isWithin(before.container(), block)) {
            return new Placement(block, "");
        }
        String label = before.label();
        boolean numbered = isIndex(label) && label.length() < 9;
        return new Placement(before.container(), numbered ? Integer.toString(Integer.parseInt(label) + 1) : "");
    }

    /** Whether the file records the module at {@code path} as a block that is no container: one subclassing the layer its weights are. */
    private boolean isLayerSubclass(List<String> path) {
        String recorded = path == null || path.isEmpty() ? null : blockClasses.get(String.join(".", path));
        return recorded != null && !recorded.equals("Sequential") && !recorded.contains(" : ");
    }

    /** Whether a step is a module's call (a layer), rather than a functional step. */
    private static boolean isModule(OnnxOps.Op op) {
        return op.kind() == OnnxOps.Kind.LAYER || op.kind() == OnnxOps.Kind.TUPLE_LAYER || op.kind() == OnnxOps.Kind.STATE_LAYER;
    }

    private static boolean isWithin(List<String> path, List<String> block) {
        return path.size() >= block.size() && path.subList(0, block.size()).equals(block);
    }

    /** The module path the weights' names give ({@code layer1.0.conv1} of layer1.0.conv1.weight), or null. */
    private static List<String> statePath(OnnxOps.Op op) {
        if (op.state().isEmpty()) {
            return null;
        }
        List<String> keys = new ArrayList<>(op.state().keySet());
        String prefix = null;
        for (int i = 0; i < op.stateNames().size(); i++) {
            String name = op.stateNames().get(i);
            String suffix = "." + keys.get(i);
            if (!name.endsWith(suffix)) {
                return null;
            }
            String owner = name.substring(0, name.length() - suffix.length());
            if (prefix != null && !prefix.equals(owner)) {
                return null;
            }
            prefix = owner;
        }
        return labels(List.of(prefix.split("\\.", -1)), QUOTABLE);
    }

    /**
     * The module path of a node's name: PyTorch's scope (/layer1/layer1.0/conv1/Conv: layer1, 0, conv1)
     * or a dotted label path (features.0); null when the name says nothing of modules (Conv_12).
     */
    static List<String> scope(String name) {
        if (name.startsWith("/")) {
            String[] parts = name.split("/", -1);
            List<String> path = new ArrayList<>();
            String previous = null;
            for (int i = 1; i < parts.length - 1; i++) {
                String part = parts[i];
                path.add(previous != null && part.startsWith(previous + ".") ? part.substring(previous.length() + 1) : part);
                previous = part;
            }
            return labels(path, QUOTABLE);
        }
        return name.isEmpty() || !Character.isLowerCase(name.charAt(0)) ? null
            : labels(List.of(name.split("\\.", -1)), NODE_LABEL);
    }

    private static List<String> labels(List<String> path, Pattern label) {
        for (String part : path) {
            if (!label.matcher(part).matches()) {
                return null;
            }
        }
        return List.copyOf(path);
    }

    private Container container(Map<List<String>, Container> containers, List<String> path, int at) {
        Container existing = containers.get(path);
        if (existing != null) {
            return existing;
        }
        Container parent = container(containers, path.subList(0, path.size() - 1), at);
        Container created = new Container(path);
        created.firstOp = at;
        containers.put(path, created);
        parent.children.put(created.label(), created);
        parent.items.add(created);
        return created;
    }

    /** Each container's one input and one output; a module entered or left by several tensors is an error. */
    private void collectIO(Container root, Set<String> graphOutputs) throws ImportException {
        Map<String, List<OnnxOps.Op>> readers = new HashMap<>();
        for (OnnxOps.Op op : ops) {
            for (String in : op.inputs()) {
                readers.computeIfAbsent(in, k -> new ArrayList<>()).add(op);
            }
        }
        Set<String> returned = new HashSet<>();
        blockReturns.values().forEach(returned::addAll);
        for (OnnxOps.Op op : ops) {
            // a block's result the caller discards (wavenet's last x) is still returned
            if (!readers.containsKey(op.output()) && !graphOutputs.contains(op.output()) && !returned.contains(op.output())) {
                throw structure(Text.of("importer.unread_output", OnnxGraph.describe(op.node()),
                    OnnxGraph.printable(op.output())));
            }
        }
        io(root, readers, graphOutputs);
    }

    private Set<OnnxOps.Op> io(Container container, Map<String, List<OnnxOps.Op>> readers, Set<String> graphOutputs)
            throws ImportException {
        Set<OnnxOps.Op> inside = new HashSet<>();
        boolean dissolved = false;
        for (Object item : List.copyOf(container.items)) {
            if (item instanceof OnnxOps.Op op) {
                inside.add(op);
            } else if (isList((Container) item, readers, graphOutputs)) {
                Container list = (Container) item;
                container.items.remove(list);
                container.children.remove(list.label());
                for (Object element : list.items) {
                    if (element instanceof OnnxOps.Op op) {
                        placements.put(op, new Placement(container.path, list.label() + "." + placements.get(op).label()));
                        inside.add(op);
                    } else {
                        Container block = (Container) element;
                        block.listLabel = list.label() + "." + block.label();
                        inside.addAll(io(block, readers, graphOutputs));
                    }
                    container.items.add(element);
                }
                dissolved = true;
            } else {
                inside.addAll(io((Container) item, readers, graphOutputs));
            }
        }
        if (dissolved) {
            container.items.sort(Comparator.comparingInt(item -> item instanceof OnnxOps.Op op ? order.get(op)
                : ((Container) item).firstOp));
        }
        List<Set<String>> entries = entries(inside, readers, graphOutputs);
        Set<String> inputs = entries.get(0);
        Set<String> outputs = entries.get(1);
        Text name = container.path.isEmpty() ? Text.of("importer.the_model")
            : Text.of("importer.module", String.join(".", container.path));
        boolean tuple = container.path.isEmpty() && results.size() > 1; // the model returns its outputs together
        List<String> returned = container.path.isEmpty() ? null : blockReturns.get(String.join(".", container.path));
        Set<String> produced = new HashSet<>();
        inside.forEach(op -> produced.add(op.output()));
        if (returned != null && returned.size() > 1 && produced.containsAll(returned) && returned.containsAll(outputs)) {
            container.returned = returned;
        }
        boolean severalInputs = container.path.isEmpty() && inputNames.size() > 1;
        for (String input : severalInputs ? inputNames.keySet() : Set.<String>of()) {
            if (!inputs.contains(input)) { // the .net model would declare an input it never reads
                throw structure(Text.of("importer.unread_input", OnnxGraph.printable(input)));
            }
        }
        if ((!severalInputs && inputs.size() != 1) || (outputs.size() != 1 && !tuple && container.returned == null)) {
            throw structure(Text.of("importer.module_entries", name, inputs.size(), Text.plural(inputs.size()),
                outputs.size()));
        }
        container.input = severalInputs ? inputNames.keySet().iterator().next() : inputs.iterator().next();
        container.output = tuple ? results.get(results.size() - 1)
            : container.returned != null ? container.returned.get(container.returned.size() - 1) : outputs.iterator().next();
        Integer producer = producedAt.get(container.input);
        if (!container.path.isEmpty() && producer != null && producer > container.firstOp) {
            throw structure(Text.of("importer.module_reads_late", name, OnnxGraph.printable(container.input)));
        }
        return inside;
    }

    /** The values a set of steps reads from outside it, and those it gives outside it (or as the graph's output). */
    private static List<Set<String>> entries(Set<OnnxOps.Op> inside, Map<String, List<OnnxOps.Op>> readers,
                                             Set<String> graphOutputs) {
        Set<String> produced = new HashSet<>();
        inside.forEach(op -> produced.add(op.output()));
        Set<String> inputs = new java.util.TreeSet<>();
        Set<String> outputs = new java.util.TreeSet<>();
        for (OnnxOps.Op op : inside) {
            for (String in : op.inputs()) {
                if (!produced.contains(in)) {
                    inputs.add(in);
                }
            }
            boolean readOutside = readers.getOrDefault(op.output(), List.of()).stream().anyMatch(r -> !inside.contains(r));
            if (readOutside || graphOutputs.contains(op.output())) {
                outputs.add(op.output());
            }
        }
        return List.of(inputs, outputs);
    }

    /**
     * Whether a module is an nn.ModuleList the forward calls element by element (textcnn's convs, each
     * on the embedding; wavenet's layers, blocks each giving a skip): layers or blocks numbered 0, 1, ... in
     * the order they run, entered or left by several tensors. Its elements are then written in its parent
     * as {@code convs[0]: conv1d(...)}, {@code layers[0]: WaveNetLayer}.
     */
    private boolean isList(Container container, Map<String, List<OnnxOps.Op>> readers, Set<String> graphOutputs) {
        if (!WORD.matcher(container.label()).matches() || isIndex(container.label())) {
            return false;
        }
        Set<OnnxOps.Op> inside = new HashSet<>();
        for (int i = 0; i < container.items.size(); i++) {
            Object item = container.items.get(i);
            String label = item instanceof OnnxOps.Op op ? placements.get(op).label() : ((Container) item).label();
            if (!Integer.toString(i).equals(label)) {
                return false;
            }
            opsIn(item, inside);
        }
        List<Set<String>> entries = entries(inside, readers, graphOutputs);
        return entries.get(0).size() != 1 || entries.get(1).size() != 1;
    }

    /** The steps of an item: a step, or all those of a container and the containers in it. */
    private static void opsIn(Object item, Set<OnnxOps.Op> ops) {
        if (item instanceof OnnxOps.Op op) {
            ops.add(op);
        } else {
            ((Container) item).items.forEach(inner -> opsIn(inner, ops));
        }
    }

    private static ImportException structure(Text message) {
        return new ImportException(Code.ONNX_UNSUPPORTED_STRUCTURE, message);
    }

    // ---- text

    /** One item of a body as written: what it reads, what it gives, and its text. */
    private record Line(List<String> inputs, String output, String text, boolean expression, boolean startsLine,
                        boolean passesThrough, boolean tuple, List<String> returned) {
        Line(List<String> inputs, String output, String text, boolean expression, boolean startsLine,
             boolean passesThrough, boolean tuple) {
            this(inputs, output, text, expression, startsLine, passesThrough, tuple, null);
        }
    }

    /**
     * Writes a container's statements into {@code out} with {@code indent}, numbering its modules
     * from 0 and recording the weights under {@code prefix} (the container's key path and a dot).
     */
    private void body(Container container, String prefix, StringBuilder out, String indent) throws ImportException {
        List<Line> lines = lines(container, prefix);
        statements(container, lines, out, indent);
    }

    private List<Line> lines(Container container, String prefix) throws ImportException {
        List<Line> lines = new ArrayList<>();
        Map<String, OnnxOps.Op> calledWith = new HashMap<>(); // label -> its first call, for a module called again
        int position = 0;
        for (Object item : container.items) {
            String label = item instanceof Container child ? child.label() : placements.get((OnnxOps.Op) item).label();
            if (item instanceof OnnxOps.Op op && label == null) {
                op.state().forEach((name, tensor) -> {
                    weights.put(prefix + name, tensor);
                    parameters.computeIfAbsent(container, c -> new LinkedHashMap<>()).put(name, tensor.shape());
                });
                lines.add(functional(op));
                continue;
            }
            if (item instanceof OnnxOps.Op op && label.equals(SUPER)) {
                op.state().forEach((name, tensor) -> weights.put(prefix + name, tensor));
                superLayers.put(container, op.text());
                lines.add(new Line(op.inputs(), op.output(), SUPER, false, false, false, false));
                continue;
            }
            boolean numbered = label.isEmpty() || isIndex(label);
            if (item instanceof OnnxOps.Op op && !numbered) {
                Matcher repeated = REPEATED.matcher(label);
                String again = calledWith.containsKey(label) ? label
                    : repeated.matches() && calledWith.containsKey(repeated.group(1)) ? repeated.group(1) : null;
                if (again != null && WORD.matcher(again).matches() && sameModule(calledWith.get(again), op)) {
                    lines.add(new Line(op.inputs(), op.output(), again, false, false, false, false));
                    continue;
                }
                if (calledWith.containsKey(label)) {
                    throw structure(Text.of("importer.module_twice", prefix + label));
                }
            }
            String gap = "";
            if (numbered && !label.isEmpty()) {
                int index = parseIndex(label, prefix);
                if (index < position) {
                    throw structure(Text.of("importer.module_order", prefix + label, prefix + (position - 1)));
                }
                for (; position < index; position++) {
                    gap += "dropout -> "; // a stateless module an eval-mode export leaves out (Dropout)
                }
            }
            String key = prefix + (numbered ? Integer.toString(position) : label);
            position++;
            String written = numbered ? "" : WORD.matcher(label).matches() ? label + ": "
                : label.contains(".") ? label.replace(".", "[") + "]: " // an element of a list (isList)
                : "\"" + label + "\": ";
            if (item instanceof OnnxOps.Op op) {
                calledWith.put(label, op);
                op.state().forEach((name, tensor) -> weights.put(key + "." + name, tensor));
                boolean startsLine = !op.state().isEmpty() && !op.text().startsWith("batchnorm");
                lines.add(new Line(op.inputs(), op.output(), gap + written + op.text(), false, startsLine, false,
                    op.kind() == OnnxOps.Kind.TUPLE_LAYER, stateOnly(op)));
            } else {
                Container child = (Container) item;
                lines.add(new Line(List.of(child.input), child.output, gap + written + call(child, key + "."), false, true,
                    false, false, child.returned));
            }
        }
        return lines;
    }

    /** What a recurrent layer whose h_n alone the model reads returns: its sequence, unread (""), then h_n; else null. */
    private static List<String> stateOnly(OnnxOps.Op op) {
        return op.kind() == OnnxOps.Kind.STATE_LAYER ? List.of("", op.output()) : null;
    }

    /** Whether a second call is the first one's module: the same layer and the same weights (by name). */
    private static boolean sameModule(OnnxOps.Op first, OnnxOps.Op again) {
        return first.text().equals(again.text()) && first.stateNames().equals(again.stateNames());
    }

    /** Whether a label is a group's index (0, 12). */
    private static boolean isIndex(String label) {
        return INDEX.matcher(label).matches();
    }

    private static int parseIndex(String label, String prefix) throws ImportException {
        try {
            return Integer.parseInt(label);
        } catch (NumberFormatException e) {
            throw structure(Text.of("importer.module_index", prefix + label));
        }
    }

    private Line functional(OnnxOps.Op op) {
        return switch (op.kind()) {
            case LAYER -> new Line(op.inputs(), op.output(), "F." + op.text(), false, false, false, false);
            case TUPLE_LAYER -> new Line(op.inputs(), op.output(), "F." + op.text(), false, false, false, true);
            case STATE_LAYER -> new Line(op.inputs(), op.output(), "F." + op.text(), false, false, false, false, stateOnly(op));
            case FUNCTION -> new Line(op.inputs(), op.output(), op.text(), false, false, false, false);
            case OPERATOR, CAT, INDEX -> new Line(op.inputs(), op.output(), op.text(), true, true, false, false);
            case EMPTY_BLOCK -> new Line(op.inputs(), op.output(), "", false, false, true, false);
        };
    }

    /** A child container's call: a group's text, or a block's name (the block defined on first use). */
    private String call(Container child, String prefix) throws ImportException {
        List<Line> lines = lines(child, prefix);
        String recorded = blockClasses.get(String.join(".", child.path));
        if (child.returned == null && isGroup(child, lines, "Sequential".equals(recorded))) {
            StringBuilder inner = new StringBuilder();
            statements(child, lines, inner, "    ");
            String text = inner.toString();
            if (text.indexOf('\n') == text.length() - 1 && text.length() < INLINE_GROUP) {
                return "(" + text.strip() + ")";
            }
            return "(\n" + text + ")";
        }
        StringBuilder body = new StringBuilder();
        statements(child, lines, body, "    ");
        String text = body.toString();
        String blockClass = "Sequential".equals(recorded) ? null : recorded; // a Sequential that is no chain: a block
        if (superLayers.containsKey(child)) {
            return layerSubclassCall(blockClass, text, superLayers.get(child));
        }
        return blockCalls.computeIfAbsent(Arrays.asList(blockClass, text), k -> {
            String name = blockClass == null ? unnamedBlock() : classNames.computeIfAbsent(blockClass, this::claim);
            if (blockClass != null && blockClass.contains(" : ")) {
                bases.put(name, blockClass.substring(blockClass.indexOf(" : ") + 3));
            }
            if (child.returned != null) {
                returnsSeveral.add(name);
            }
            List<String> bodies = definitions.computeIfAbsent(name, n -> new ArrayList<>());
            bodies.add(text);
            return bodies.size() == 1 ? name : name + "(variant=" + bodies.size() + ")";
        });
    }

    /**
     * The call of a block subclassing a layer ({@code LayerNorm2d(96, eps=1e-6)}): the layer's arguments are
     * the block's parameters, which its base passes on ({@code block LayerNorm2d(normalized_shape, eps = 1e-5) :
     * layernorm(normalized_shape, eps=eps)}), so that instances of other sizes and strides share the class. A
     * keyword is a parameter if any instance gives it, with the layer's default, which the others then take,
     * as the import leaves PyTorch's defaults out. Instances whose bodies, layer or number of positional
     * arguments differ are classes of their own ({@code LayerNorm2d_2}).
     */
    private String layerSubclassCall(String blockClass, String body, String layer) {
        String layerName = layer.substring(0, layer.indexOf('('));
        Catalog.Entry entry = Catalog.standard().lookup(layerName);
        List<String> values = new ArrayList<>();
        List<String> positional = new ArrayList<>();
        Map<String, String> keywords = new LinkedHashMap<>();
        for (String argument : arguments(layer.substring(layer.indexOf('(') + 1, layer.length() - 1))) {
            if (argument.matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
                keywords.put(argument.substring(0, argument.indexOf('=')), argument.substring(argument.indexOf('=') + 1));
            } else {
                values.add(argument);
                int at = values.size() - 1;
                positional.add(entry != null && at < entry.any().signature().size() ? entry.any().signature().get(at).name()
                    : "arg" + (at + 1));
            }
        }
        String name = blockCalls.computeIfAbsent(Arrays.asList(blockClass, body, layerName, String.join(", ", positional)), k -> {
            // the file records the class of every block placed as a layer subclass (isLayerSubclass)
            String claimed = classNames.containsKey(blockClass) ? claim(blockClass) : classNames.computeIfAbsent(blockClass, this::claim);
            definitions.put(claimed, List.of(body));
            subclassed.put(claimed, new Subclassed(layerName, entry, positional, new LinkedHashSet<>()));
            return claimed;
        });
        Subclassed subclass = subclassed.get(name);
        subclass.keywords().addAll(keywords.keySet());
        headers.put(name, subclass.header());
        bases.put(name, subclass.base());
        keywords.forEach((keyword, value) -> values.add(keyword + "=" + value));
        return name + "(" + String.join(", ", values) + ")";
    }

    /** A block subclassing a layer: the layer, its positional parameters, and every keyword an instance gives. */
    private record Subclassed(String layer, Catalog.Entry entry, List<String> positional, Set<String> keywords) {
        /** {@code (in_channels, out_channels, k, s = 1)}: the keywords the layer requires before those it has defaults for. */
        String header() {
            List<String> parameters = new ArrayList<>(positional);
            List<String> defaulted = new ArrayList<>();
            for (String keyword : keywords) {
                Value fallback = defaultOf(keyword);
                if (fallback == null) {
                    parameters.add(keyword);
                } else {
                    defaulted.add(keyword + " = " + (fallback instanceof Value.Float number
                        ? LayerGroups.exponent((float) number.value()) : fallback.show()));
                }
            }
            parameters.addAll(defaulted);
            return "(" + String.join(", ", parameters) + ")";
        }

        /** {@code conv3d(in_channels, out_channels, k=k, s=s)}: the layer given every parameter. */
        String base() {
            List<String> passed = new ArrayList<>(positional);
            keywords.forEach(keyword -> passed.add(keyword + "=" + keyword));
            return layer + "(" + String.join(", ", passed) + ")";
        }

        /** The layer's default for an argument named or aliased {@code keyword}; null if it has none. */
        private Value defaultOf(String keyword) {
            if (entry == null) {
                return null;
            }
            for (ArgSpec argument : entry.any().signature()) {
                if (argument.name().equals(keyword) || argument.aliases().contains(keyword)) {
                    return argument.inferable() ? null : argument.defaultValue();
                }
            }
            return null;
        }
    }

    /** A call's arguments, split at the commas outside parentheses. */
    private static List<String> arguments(String text) {
        List<String> arguments = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (c == ',' && depth == 0) {
                arguments.add(text.substring(start, i).strip());
                start = i + 1;
            }
        }
        if (!text.isBlank()) {
            arguments.add(text.substring(start).strip());
        }
        return arguments;
    }

    /**
     * A block's definition: its body, or for a class whose instances differ (resnet18's BasicBlock with
     * and without downsample, or of other sizes) one body per variant, chosen by a parameter, so that
     * every instance keeps its class as its summary row's name.
     */
    private String definition(String name, List<String> bodies) throws ImportException {
        String base = bases.containsKey(name) ? " : " + bases.get(name) : "";
        if (bodies.size() == 1) {
            return "block " + name + headers.getOrDefault(name, "") + base + " {\n    input x\n" + bodies.get(0) + "}\n";
        }
        StringBuilder text = new StringBuilder("block " + name + "(variant = 1)" + base + " {\n    input x\n");
        text.append(variantParameters(name, bodies));
        boolean tuple = returnsSeveral.contains(name); // a block returns a tuple by its last statement, which the if is not
        for (int i = 0; i < bodies.size(); i++) {
            text.append(i == 0 ? "    if variant == 1 {\n" : i < bodies.size() - 1 ? " else if variant == " + (i + 1) + " {\n"
                : " else {\n");
            List<String> lines = bodies.get(i).lines().filter(line -> !PARAMETER.matcher(line).matches()).toList();
            for (int j = 0; j < lines.size(); j++) {
                boolean result = tuple && j == lines.size() - 1;
                text.append(result ? "        results = " + lines.get(j).strip() : "    " + lines.get(j)).append('\n');
            }
            text.append("    }");
        }
        return text.append(tuple ? "\n    results\n}\n" : "\n}\n").toString();
    }

    /**
     * The parameters of a block's variants, declared before its {@code if} (no declaration may stand in one):
     * a size that differs between variants is picked by the variant from a tuple
     * ({@code layer_scale_size0 = (96, 192)[variant - 1]}, then {@code param layer_scale: [layer_scale_size0, 1, 1]}).
     * Variants that declare different parameters are not one block (E704).
     */
    private static String variantParameters(String block, List<String> bodies) throws ImportException {
        List<List<Matcher>> declared = bodies.stream().map(body -> body.lines().map(PARAMETER::matcher)
            .filter(Matcher::matches).toList()).toList();
        List<List<String>> names = declared.stream().map(body -> body.stream().map(m -> m.group(1)).toList()).toList();
        if (names.stream().distinct().count() > 1) {
            throw structure(Text.of("importer.variant_parameters", block, names.stream().filter(n -> !n.equals(names.get(0)))
                .findFirst().orElseThrow().toString(), names.get(0).toString()));
        }
        StringBuilder text = new StringBuilder();
        for (int p = 0; p < declared.get(0).size(); p++) {
            String name = declared.get(0).get(p).group(1);
            int at = p;
            List<String[]> shapes = declared.stream().map(body -> body.get(at).group(2).split(", ")).toList();
            String[] dims = shapes.get(0).clone();
            for (int d = 0; d < dims.length; d++) {
                int dim = d;
                List<String> sizes = shapes.stream().map(shape -> shape[dim]).toList();
                if (sizes.stream().distinct().count() > 1) {
                    dims[d] = name + "_size" + d;
                    text.append("    ").append(dims[d]).append(" = (").append(String.join(", ", sizes)).append(")[variant - 1]\n");
                }
            }
            text.append("    param ").append(name).append(": [").append(String.join(", ", dims)).append("]\n");
        }
        return text.toString();
    }

    /** The name a class is defined under: the class, or {@code Class_2}, ... when the model or a Block1 has it. */
    private String claim(String blockClass) {
        String className = blockClass.split(" ", 2)[0];
        String name = className;
        for (int i = 2; !takenNames.add(name); i++) {
            name = className + "_" + i;
        }
        return name;
    }

    /** The next of Block1, Block2, ... not taken by a class of the file. */
    private String unnamedBlock() {
        String name;
        do {
            name = "Block" + (++unnamedBlocks);
        } while (!takenNames.add(name));
        return name;
    }

    /**
     * A group is nn.Sequential: modules only, each reading the one before, numbered unless the file says
     * the module is a Sequential ({@code named}: densenet's features, conv0, norm0, ...).
     */
    private boolean isGroup(Container container, List<Line> lines, boolean named) {
        String previous = container.input;
        for (int i = 0; i < container.items.size(); i++) {
            Object item = container.items.get(i);
            String label = item instanceof OnnxOps.Op op ? placements.get(op).label() : ((Container) item).label();
            if (label == null || !(named || isIndex(label))) {
                return false;
            }
            Line line = lines.get(i);
            if (line.inputs().size() != 1 || !line.inputs().get(0).equals(previous)) {
                return false;
            }
            previous = line.output();
        }
        return previous.equals(container.output);
    }

    /** The statements of a body: chains where each value flows to the next line only, names elsewhere. */
    private void statements(Container container, List<Line> lines, StringBuilder out, String indent) {
        Map<String, Integer> uses = new HashMap<>();
        Set<String> readByExpression = new HashSet<>();
        for (Line line : lines) {
            for (String in : line.inputs()) {
                uses.merge(in, 1, Integer::sum);
                if (line.expression() || line.returned() != null) {
                    readByExpression.add(in);
                }
            }
        }
        // the model's outputs, or a block's several results: returned together at the end
        List<String> tuple = container.path.isEmpty() && results.size() > 1 ? results : container.returned;
        for (String result : tuple != null ? tuple : List.of(container.output)) {
            uses.merge(result, 1, Integer::sum);
        }
        parameters.getOrDefault(container, Map.of()).forEach((name, shape) -> out.append(indent).append("param ").append(name)
            .append(": ").append(Arrays.toString(shape)).append('\n'));
        Map<String, String> names = new HashMap<>();
        names.put(container.input, "x");
        if (container.path.isEmpty()) {
            names.putAll(inputNames);
        }
        int counter = 0;
        // of several inputs, each chain names the one it reads
        String previous = container.path.isEmpty() && inputNames.size() > 1 ? "" : container.input;
        List<String> groups = new ArrayList<>(); // the current statement's pieces, one per line
        for (int i = 0; i < lines.size(); i++) {
            Line line = lines.get(i);
            String in = line.inputs().get(0);
            if (!line.expression() && line.inputs().size() == 2 && line.text().contains("{}")) { // a recurrent layer's h0
                line = new Line(line.inputs(), line.output(), line.text().replace("{}", names.get(line.inputs().get(1))),
                    false, line.startsLine(), false, line.tuple(), line.returned());
            }
            if (line.passesThrough()) { // a block that gives its input back (its one line): the input named
                names.put(line.output(), names.get(in));
                continue;
            }
            if (line.tuple()) { // the first of a layer's tuple: a statement of its own, the rest left
                flush(groups, null, out, indent);
                String name = "x" + (++counter);
                out.append(indent).append(name).append(", _ = ").append(names.get(in)).append(" -> ").append(line.text()).append('\n');
                names.put(line.output(), name);
                previous = ""; // the next line reads it by its name
                continue;
            }
            if (line.returned() != null) { // a block's several results: x3, x4 = x2 -> layers[1]: WaveNetLayer
                flush(groups, null, out, indent);
                List<String> targets = new ArrayList<>();
                for (String value : line.returned()) {
                    if (uses.containsKey(value)) {
                        names.put(value, "x" + (++counter));
                    }
                    targets.add(names.getOrDefault(value, "_"));
                }
                groups.add(names.get(in) + " -> " + line.text());
                flush(groups, String.join(", ", targets), out, indent);
                previous = ""; // no value flows on from a destructuring
                continue;
            }
            boolean flows = !line.expression() && line.inputs().size() == 1 && in.equals(previous)
                && (uses.get(in) == 1 || (i == 0 && in.equals(container.input)));
            if (line.expression()) {
                flush(groups, null, out, indent);
                List<String> operands = line.inputs().stream().map(names::get).toList();
                groups.add(line.text().startsWith("dim=") ? "cat(" + String.join(", ", operands) + ", " + line.text() + ")"
                    : operands.size() == 1 && line.text().contains("{}") ? line.text().replace("{}", operands.get(0)) // x1 + pos
                    : line.text().startsWith("[") ? operands.get(0) + line.text() // an index: x[:, :24]
                    : operands.size() == 1 ? line.text() + " " + operands.get(0) // a number's operation: 0.5 * x1
                    : String.join(" " + line.text() + " ", operands));
            } else if (flows && !groups.isEmpty() && (!line.startsLine() || followsIndex(lines, i, groups))) {
                int last = groups.size() - 1;
                boolean expression = i > 0 && lines.get(i - 1).expression() && groups.size() == 1
                    && !groups.get(last).contains(" -> ") && !lines.get(i - 1).text().startsWith("["); // x[:, 1:] -> ...
                groups.set(last, (expression ? "(" + groups.get(last) + ")" : groups.get(last)) + " -> " + line.text());
            } else if (flows) {
                groups.add(line.text());
            } else {
                flush(groups, null, out, indent);
                groups.add(names.get(in) + " -> " + line.text());
            }
            String value = line.output();
            boolean last = i == lines.size() - 1;
            boolean named = uses.getOrDefault(value, 0) > 1 || readByExpression.contains(value) || (tuple != null && tuple.contains(value))
                || (value.equals(container.output) ? !last : !nextReadsOnly(lines, i, value));
            if (named) {
                String name = "x" + (++counter);
                names.put(value, name);
                flush(groups, name, out, indent);
            }
            previous = value;
        }
        flush(groups, null, out, indent);
        if (tuple != null) {
            out.append(indent).append('(').append(String.join(", ", tuple.stream().map(names::get).toList())).append(")\n");
        } else if (!previous.equals(container.output)) {
            out.append(indent).append(names.get(container.output)).append('\n');
        }
    }

    /** Whether the statement so far is an index alone ({@code x[:, 24:]}), which a module call continues on its line. */
    private static boolean followsIndex(List<Line> lines, int i, List<String> groups) {
        return i > 0 && lines.get(i - 1).text().startsWith("[") && groups.size() == 1 && !groups.get(0).contains(" -> ");
    }

    private static boolean nextReadsOnly(List<Line> lines, int i, String value) {
        return i + 1 < lines.size() && lines.get(i + 1).inputs().equals(List.of(value)) && !lines.get(i + 1).expression()
            && !lines.get(i + 1).tuple(); // a tuple's line reads a name
    }

    /** Ends a statement: its pieces but the last as statements of their own, the last bound to {@code name}. */
    private static void flush(List<String> groups, String name, StringBuilder out, String indent) {
        for (int i = 0; i < groups.size(); i++) {
            boolean last = i == groups.size() - 1;
            String text = groups.get(i).replace("\n", "\n" + indent);
            out.append(indent).append(last && name != null ? name + " = " : "").append(text).append('\n');
        }
        groups.clear();
    }
}
