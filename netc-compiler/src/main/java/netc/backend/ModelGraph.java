package netc.backend;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import netc.diagnostics.Diagnostic;
import netc.diagnostics.Messages;
import netc.diagnostics.SourceSpan;
import netc.semantic.catalog.ArgSpec;
import netc.semantic.catalog.BoundArguments;
import netc.semantic.model.AnalyzedModel;
import netc.semantic.model.Module;
import netc.semantic.model.Shape;
import netc.semantic.model.Trace;
import netc.semantic.model.Value;

/**
 * A model's forward pass as a picture sees it: a node per layer call, input, output and operation,
 * an edge per tensor flowing between them labelled with its shape, and blocks and groups as nested
 * clusters. Built from the trace, which holds the part of a model with errors that checks, so the
 * failing steps are marked with their messages. {@link GraphSvg} and {@link GraphDot} draw it.
 */
public final class ModelGraph {
    /** No block is collapsed. */
    public static final int FULL_DEPTH = Integer.MAX_VALUE;

    /**
     * LAYER is a call of a module; FUNCTION a functional call or tensor operation (drawn smaller);
     * OPERATION arithmetic or indexing (smaller still); STATE a parameter or buffer read; BLOCK a
     * block or group collapsed by the depth; ERROR an error that no step of the picture carries.
     */
    public enum Kind { INPUT, OUTPUT, LAYER, FUNCTION, OPERATION, STATE, BLOCK, ERROR }

    /**
     * One box: its lines of text, the first its title; {@code error} the message of an error at its step
     * ({@code E201: linear expects ...}), else null; {@code span} where the step is written; {@code path}
     * the state_dict prefix of a layer's or collapsed block's module ({@code layer1.0.conv1}), else null.
     */
    public record Node(String id, Kind kind, List<String> lines, String error, SourceSpan span, String path) {
        public Node {
            lines = List.copyOf(lines);
        }

        Node withError(String message) {
            return new Node(id, kind, lines, error == null ? message : error + "\n" + message, span, path);
        }
    }

    /** A tensor flowing from one node to another, labelled with its shape and, when not float32, its dtype. */
    public record Edge(String from, String to, String label) {
    }

    /** A block instance or group drawn as a box around its steps; its title is label and class. */
    public record Cluster(String id, String title, List<Node> nodes, List<Cluster> clusters) {
    }

    private final Cluster root;
    private final List<Edge> edges;

    private ModelGraph(Cluster root, List<Edge> edges) {
        this.root = root;
        this.edges = edges;
    }

    /** The model's title, its nodes and clusters; the model itself is the outermost cluster. */
    public Cluster root() {
        return root;
    }

    public List<Edge> edges() {
        return Collections.unmodifiableList(edges);
    }

    /** How many nodes the graph has, in every cluster. */
    public int nodeCount() {
        return nodeCount(root);
    }

    private static int nodeCount(Cluster cluster) {
        int n = cluster.nodes().size();
        for (Cluster child : cluster.clusters()) {
            n += nodeCount(child);
        }
        return n;
    }

    /**
     * The graph of a model; blocks and groups nested deeper than {@code depth} are inside the node of
     * their ancestor at that depth (1: the model's own blocks are single nodes). {@code errors} are
     * the errors found in the model's file, each put on the node of its step with its message in the
     * language of {@code messages} (the diagnostics' bundle).
     */
    public static ModelGraph of(AnalyzedModel model, int depth, List<Diagnostic> errors, Messages messages) {
        return new Builder(model, depth, messages).build(errors);
    }

    /** Walks the trace once, keeping the open clusters and which node produced each tensor. */
    private static final class Builder {
        private final AnalyzedModel model;
        private final Trace trace;
        private final int depth;
        private final Messages messages;
        private final Deque<Cluster> open = new ArrayDeque<>();
        private final Map<Integer, String> producers = new HashMap<>();
        private final Map<Integer, Value.DType> dtypes = new HashMap<>();
        /** Recurrent states are no numbered tensors: the layer returning each, by identity. */
        private final Map<Value.State, String> stateProducers = new IdentityHashMap<>();
        /** Edges by their ends and tensor: a tensor two steps of a collapsed block read is one edge to it. */
        private final Map<List<Object>, Edge> edges = new LinkedHashMap<>();
        private final Map<String, Node> nodes = new LinkedHashMap<>();
        /** The node of a collapsed block while its steps are walked, and how many bounds deep in it they are. */
        private Node collapsed;
        private int hiddenDepth;
        private int nextCluster;

        Builder(AnalyzedModel model, int depth, Messages messages) {
            this.model = model;
            this.trace = model.trace();
            this.depth = depth;
            this.messages = messages;
        }

        ModelGraph build(List<Diagnostic> errors) {
            Cluster root = new Cluster("c" + nextCluster++, model.name() + ": " + model.root().torchClass(),
                new ArrayList<>(), new ArrayList<>());
            open.push(root);
            for (Trace.Step step : trace.steps()) {
                step(step);
            }
            outputs();
            for (Diagnostic error : errors) {
                mark(root, error);
            }
            return new ModelGraph(root, new ArrayList<>(edges.values()));
        }

        private void step(Trace.Step step) {
            if (step instanceof Trace.Input input) {
                dtypes.put(input.id(), input.dtype());
                produce(add(Kind.INPUT, List.of("input " + input.name()), null, null), input.id());
            } else if (step instanceof Trace.Apply apply) {
                apply(apply);
            } else if (step instanceof Trace.Arithmetic arithmetic) {
                dtypes.put(arithmetic.id(), arithmetic.dtype());
                Node node = add(Kind.OPERATION, List.of(arithmetic.operator().symbol()), arithmetic.span(), null);
                consume(arithmetic.left(), node);
                consume(arithmetic.right(), node);
                produce(node, arithmetic.id());
            } else if (step instanceof Trace.State state) {
                String what = state.parameter() ? "param " : "buffer ";
                produce(add(Kind.STATE, List.of(what + state.key()), state.span(), null), state.id());
            } else if (step instanceof Trace.Index index) {
                dtypes.put(index.id(), dtypes.get(index.input()));
                Node node = add(Kind.OPERATION, List.of("[index]"), index.span(), null);
                consume(index.input(), node);
                produce(node, index.id());
            } else if (step instanceof Trace.Block block) {
                if (block.end()) {
                    end(block.id());
                } else {
                    start(block.module(), block.span());
                    if (collapsed != null && hiddenDepth == 0) {
                        block.inputs().forEach(input -> consume(input, collapsed));
                    }
                }
            } else if (step instanceof Trace.Group group) {
                if (group.end()) {
                    end(-1);
                } else {
                    start(group.module(), group.span());
                }
            } else if (!(step instanceof Trace.Binding || step instanceof Trace.Tuple)) {
                throw new AssertionError(step); // names and tuples add no node: their tensors have theirs
            }
        }

        private void apply(Trace.Apply apply) {
            Node node;
            Module module = apply.module();
            if (module != null && module.kind() == Module.Kind.LAYER) {
                node = add(Kind.LAYER, lines(module, module.torchClass() + arguments(apply)), apply.span(),
                    module.path());
            } else if (module != null) { // a block subclassing a layer runs the layer's forward: x -> super
                node = add(Kind.FUNCTION, List.of("super: " + apply.spec().torchClass()), apply.span(), null);
            } else {
                String name = apply.spec().module() ? "F." + apply.name() : apply.name();
                node = add(Kind.FUNCTION, List.of(name), apply.span(), null);
            }
            for (int input : apply.inputs()) {
                consume(input, node);
            }
            for (Value.State state : states(apply.state())) {
                consumeState(state, node);
            }
            dtypes.put(apply.id(), apply.dtype());
            produce(node, apply.id());
            if (apply.returned() != null) {
                for (Value element : apply.returned().elements()) {
                    if (element instanceof Value.Tensor tensor && trace.idOf(tensor) >= 0) {
                        dtypes.put(trace.idOf(tensor), tensor.dtype());
                        produce(node, trace.idOf(tensor));
                    }
                    states(element).forEach(state -> stateProducers.put(state, node.id()));
                }
            }
        }

        /** The recurrent states a value holds: itself, or an LSTM's pair (h, c). */
        private static List<Value.State> states(Value value) {
            List<Value.State> states = new ArrayList<>();
            if (value instanceof Value.State state) {
                states.add(state);
            } else if (value instanceof Value.Tuple tuple) {
                tuple.elements().forEach(element -> states.addAll(states(element)));
            }
            return states;
        }

        /** The edge carrying a recurrent state from the layer that returned it to the one it starts. */
        private void consumeState(Value.State state, Node node) {
            String from = stateProducers.get(state);
            if (from != null && !from.equals(node.id())) {
                edges.putIfAbsent(List.of(from, node.id(), state), new Edge(from, node.id(), state.show()));
            }
        }

        /**
         * The start of a block or group: a cluster of its own above the depth, the node standing for it
         * at the depth, nothing below (its steps are that node's).
         */
        private void start(Module module, SourceSpan span) {
            if (collapsed != null) {
                hiddenDepth++;
            } else if (open.size() == depth) {
                collapsed = add(Kind.BLOCK, lines(module, module.torchClass()), span, module.path());
                hiddenDepth = 0;
            } else {
                Cluster cluster = new Cluster("c" + nextCluster++, module.name() + ": " + module.torchClass(),
                    new ArrayList<>(), new ArrayList<>());
                open.peek().clusters().add(cluster);
                open.push(cluster);
            }
        }

        /** The end of a block or group; a collapsed block's node gives its result {@code id} (-1: none). */
        private void end(int id) {
            if (collapsed == null) {
                open.pop();
            } else if (hiddenDepth > 0) {
                hiddenDepth--;
            } else {
                produce(collapsed, id); // also a block passing its input through
                collapsed = null;
            }
        }

        /** A module's node: its label, its class (with the call's arguments), and its parameters if it has any. */
        private static List<String> lines(Module module, String classText) {
            List<String> lines = new ArrayList<>(List.of(module.name(), classText));
            long parameters = module.totalParameters();
            if (parameters > 0) {
                lines.add(parameters(parameters));
            }
            return lines;
        }

        /** The model's outputs: its tensor, or each tensor of the tuple it returns. */
        private void outputs() {
            Trace.Tuple returned = model.returnedTuple();
            List<Integer> ids = returned != null ? trace.tensorIdsIn(returned.value())
                : List.of(trace.idOf(model.output()));
            for (int i = 0; i < ids.size(); i++) {
                Node output = add(Kind.OUTPUT, List.of(ids.size() == 1 ? "output" : "output " + i), null, null);
                consume(ids.get(i), output);
            }
        }

        /** A node in the innermost open cluster; a step inside a collapsed block is its block's node. */
        private Node add(Kind kind, List<String> lines, SourceSpan span, String path) {
            if (collapsed != null) {
                return collapsed;
            }
            Node node = new Node("n" + nodes.size(), kind, lines, null, span, path);
            nodes.put(node.id(), node);
            open.peek().nodes().add(node);
            return node;
        }

        private void produce(Node node, int id) {
            if (id >= 0) {
                producers.put(id, node.id());
            }
        }

        /** The edge carrying tensor {@code id} to {@code node}; none for a tensor an error left unknown. */
        private void consume(int id, Node node) {
            String from = producers.get(id);
            if (from == null || from.equals(node.id())) {
                return;
            }
            edges.putIfAbsent(List.of(from, node.id(), id), new Edge(from, node.id(), label(id)));
        }

        private String label(int id) {
            Shape shape = trace.shape(id);
            Value.DType dtype = dtypes.get(id);
            String text = shape == null ? "?" : shape.toString();
            return dtype == null || dtype == Value.DType.FLOAT32 ? text : text + " " + dtype.label();
        }

        /**
         * Puts an error on the node of the step it is reported at; one that no node's step carries (a
         * layer whose arguments are wrong adds no step) gets a node of its own after the last node
         * written before it, the step it would have continued, if it is this model's: in its text, or
         * noted there (an instance of a block), or in another file. Another model's errors are left out.
         */
        private void mark(Cluster root, Diagnostic error) {
            String message = error.code().id() + ": " + messages.render(error.message());
            Node before = null;
            for (Node node : nodes.values()) {
                if (node.span() == null || !node.span().file().equals(error.span().file())) {
                    continue;
                }
                if (node.span().contains(error.span()) && error.span().contains(node.span())) {
                    Node marked = node.withError(message);
                    nodes.put(marked.id(), marked);
                    replace(root, marked);
                    return;
                }
                if (precedes(node.span(), error.span())) {
                    before = node;
                }
            }
            if (!concernsModel(error)) {
                return;
            }
            Node node = new Node("n" + nodes.size(), Kind.ERROR, List.of("error"), message, error.span(), null);
            nodes.put(node.id(), node);
            root.nodes().add(node);
            if (before != null) {
                edges.put(List.of(before.id(), node.id(), -1), new Edge(before.id(), node.id(), ""));
            }
        }

        private boolean concernsModel(Diagnostic error) {
            SourceSpan text = model.root().span();
            return !error.span().file().equals(text.file()) || text.contains(error.span())
                || error.related().stream().anyMatch(related -> text.contains(related.span()));
        }

        private static boolean precedes(SourceSpan a, SourceSpan b) {
            return a.startLine() < b.startLine() || (a.startLine() == b.startLine() && a.startColumn() < b.startColumn());
        }

        /** Swaps a node for its marked copy wherever the cluster tree holds it. */
        private static boolean replace(Cluster cluster, Node marked) {
            for (int i = 0; i < cluster.nodes().size(); i++) {
                if (cluster.nodes().get(i).id().equals(marked.id())) {
                    cluster.nodes().set(i, marked);
                    return true;
                }
            }
            for (Cluster child : cluster.clusters()) {
                if (replace(child, marked)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The arguments written in the call, as PyTorch's repr would show them: {@code (3, 64, k=7, s=2)}. */
    private static String arguments(Trace.Apply apply) {
        BoundArguments bound = apply.arguments();
        if (bound == null) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        for (ArgSpec arg : apply.spec().signature()) {
            BoundArguments.Bound value = bound.values().get(arg.name());
            if (value == null || value.span() == null) {
                continue; // a default
            }
            String text = Value.Tuple.brief(single(value.value()));
            parts.add(arg.defaultValue() == null ? text : shortestName(arg) + "=" + text);
        }
        return "(" + String.join(", ", parts) + ")";
    }

    /** A size the same in every dimension as the one number it was written as: (3, 3) is 3. */
    private static Value single(Value value) {
        if (value instanceof Value.Tuple tuple && !tuple.elements().isEmpty()
            && tuple.elements().stream().allMatch(e -> e instanceof Value.Int && e.equals(tuple.elements().get(0)))) {
            return tuple.elements().get(0);
        }
        return value;
    }

    private static String shortestName(ArgSpec arg) {
        String name = arg.name();
        for (String alias : arg.aliases()) {
            if (alias.length() < name.length()) {
                name = alias;
            }
        }
        return name;
    }

    /** {@code 9,408 params}, as torchsummary groups digits. */
    static String parameters(long count) {
        return String.format(Locale.ROOT, "%,d params", count);
    }
}
