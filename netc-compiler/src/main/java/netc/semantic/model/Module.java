package netc.semantic.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import netc.diagnostics.SourceSpan;
import netc.semantic.catalog.BoundArguments;
import netc.semantic.catalog.LayerSpec;
import netc.syntax.ChunkedList;

/**
 * A module of the compiled model, as PyTorch would hold it: the model itself, a block instance,
 * an nn.Sequential group, or a catalogue layer. Children are in registration order, which is
 * the order of the state_dict.
 */
public final class Module {
    /**
     * LIST is an nn.ModuleList (made by {@code name[i]:}, or a block subclassing it), which
     * torchsummary hooks no more than a Sequential; DICT a block subclassing nn.ModuleDict.
     */
    public enum Kind { MODEL, BLOCK, SEQUENTIAL, LIST, DICT, LAYER }

    /** The module holding it; null for the model (and a throwaway container). */
    private final Module parent;
    /** Its place among its parent's children. */
    private final int index;
    private final String torchClass;
    private final SourceSpan span;
    private final LayerSpec spec;
    private List<StateEntry> state = List.of();
    private BoundArguments arguments;
    /**
     * Null for a layer named by its index that records nothing, which most modules are: a model of a
     * million layers holds no kinds, names or empty lists for them (a module takes 40 bytes).
     */
    private Details details;

    /**
     * What all but the plainest layers have: the kind, if not LAYER; the attribute name, unless the
     * index names it; a container's children; and what a block instance recorded of its evaluation
     * (its parameters' values and how its ifs went; only where the trace is kept).
     */
    private static final class Details {
        private final Kind kind;
        private final String name;
        /** Null until the first child; that one alone in an immutable list, more in a ChunkedList. */
        private List<Module> children;
        /** The children named otherwise than by their index; null until there is one. */
        private Map<String, Module> byName;
        private Map<String, Value> parameterValues;
        private Map<SourceSpan, Boolean> decisions;
        /** The parameters of the children {@link #dropChildren} let go of. */
        private long droppedParameters;

        Details(Kind kind, String name) {
            this.kind = kind;
            this.name = name;
        }
    }

    /** The model, or a container belonging to nothing: its name and path are empty. */
    public Module(Kind kind, String torchClass, SourceSpan span, LayerSpec spec) {
        this(kind, null, "", torchClass, span, spec);
    }

    private Module(Kind kind, Module parent, String name, String torchClass, SourceSpan span, LayerSpec spec) {
        this.parent = parent;
        this.index = parent == null ? 0 : parent.nextIndex();
        this.torchClass = torchClass;
        this.span = span;
        this.spec = spec;
        this.details = kind == Kind.LAYER && name == null ? null : new Details(kind, name);
    }

    public Kind kind() {
        return details == null ? Kind.LAYER : details.kind;
    }

    /** The attribute name in its parent: a label, or an index for unlabelled modules. */
    public String name() {
        return details == null || details.name == null ? Integer.toString(index) : details.name;
    }

    /**
     * Whether a label reaches it, so that it may be called again: it has a name of its own, or is an
     * element of a ModuleList ({@code blocks[2]}).
     */
    public boolean labelled() {
        return details != null && details.name != null || parent != null && parent.kind() == Kind.LIST;
    }

    /** The dotted state_dict prefix ({@code features.0}); empty for the model itself. */
    public String path() {
        if (parent == null) {
            return "";
        }
        String above = parent.path();
        return above.isEmpty() ? name() : above + "." + name();
    }

    public String torchClass() {
        return torchClass;
    }

    public SourceSpan span() {
        return span;
    }

    /** The catalogue layer, for LAYER modules; null otherwise. */
    public LayerSpec spec() {
        return spec;
    }

    /**
     * Whether this layer is a block that subclasses it and has no body ({@code block Conv3DSimple(...) :
     * Conv3d(...)}): the layer under the block's class name. A layer's parts (attention's out_proj) have
     * no catalogue layer of their own, and are none.
     */
    public boolean isLayerSubclass() {
        return kind() == Kind.LAYER && spec != null && !torchClass.equals(spec.torchClass());
    }

    /**
     * The arguments a layer was made with; null for a container, and in an analysis for diagnostics
     * only, for a layer no label reaches.
     */
    public BoundArguments arguments() {
        return arguments;
    }

    /** The values a block instance's parameters took ({@code dilation = 4}); null when not recorded. */
    public Map<String, Value> parameterValues() {
        return details == null ? null : details.parameterValues;
    }

    public void recordParameterValues(Map<String, Value> values) {
        details().parameterValues = Collections.unmodifiableMap(values);
    }

    private Details details() {
        if (details == null) {
            details = new Details(Kind.LAYER, null);
        }
        return details;
    }

    /** How the ifs of a block instance's own body went ({@code stride != 1}: true), by their spans; null when not recorded. */
    public Map<SourceSpan, Boolean> decisions() {
        return details == null || details.decisions == null ? null : Collections.unmodifiableMap(details.decisions);
    }

    /** Records that the if at {@code span} went {@code taken} (null: unknown); an if that goes both ways is null. */
    public void recordDecision(SourceSpan span, Boolean taken) {
        Details record = details();
        if (record.decisions == null) {
            record.decisions = new LinkedHashMap<>();
        }
        Map<SourceSpan, Boolean> decisions = record.decisions;
        boolean same = !decisions.containsKey(span) || Objects.equals(decisions.get(span), taken);
        decisions.put(span, same ? taken : null);
    }

    public List<Module> children() {
        return details == null || details.children == null ? List.of() : Collections.unmodifiableList(details.children);
    }

    /** The module's own state_dict entries (not its children's). */
    public List<StateEntry> state() {
        return state;
    }

    /**
     * An unlabelled child is named by its index, so it is found by position; only other names are
     * hashed, which spares a map entry per layer of a model that is one long list of layers.
     */
    public Module child(String childName) {
        if (details == null || details.children == null) {
            return null;
        }
        List<Module> children = details.children;
        int at = indexOf(childName);
        if (at >= 0 && at < children.size() && children.get(at).isNamed(childName)) {
            return children.get(at);
        }
        return details.byName == null ? null : details.byName.get(childName);
    }

    /** The number a name of ASCII digits reads as, or -1 when it is not a plain index. */
    private static int indexOf(String name) {
        if (name.isEmpty() || name.length() > 9 || (name.length() > 1 && name.charAt(0) == '0')) {
            return -1;
        }
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) < '0' || name.charAt(i) > '9') {
                return -1;
            }
        }
        return Integer.parseInt(name);
    }

    /** Parameters of this module alone. */
    public long ownParameters() {
        long n = 0;
        for (int i = 0; i < state.size(); i++) {   // by index: no iterator for each of a million modules
            StateEntry entry = state.get(i);
            if (entry.parameter()) {
                n = Math.addExact(n, entry.elements());
            }
        }
        return n;
    }

    /** Parameters of this module and all below it. */
    public long totalParameters() {
        long n = ownParameters();
        if (details != null) {
            n = Math.addExact(n, details.droppedParameters);
        }
        if (details != null && details.children != null) {
            for (Module child : details.children) {
                n = Math.addExact(n, child.totalParameters());
            }
        }
        return n;
    }

    /** What torchsummary prints for it: the sizes of the attributes named weight and bias. */
    public long torchsummaryParameters() {
        long n = 0;
        for (StateEntry entry : state) {
            if (entry.countedByTorchsummary()) {
                n = Math.addExact(n, entry.elements());
            }
        }
        return n;
    }

    /** torchsummary marks a row trainable only when the module has a weight. */
    public boolean hasWeight() {
        return state.stream().anyMatch(e -> e.parameter() && e.key().equals("weight"));
    }

    /** Whether the child at its index is named {@code childName}, which reads as that index. */
    private boolean isNamed(String childName) {
        return details == null || details.name == null || details.name.equals(childName);
    }

    /** The number of children, which is the index an unlabelled new child gets. */
    public int nextIndex() {
        return details == null || details.children == null ? 0 : details.children.size();
    }

    /** A new last child, named {@code childName}, or by its index when that is null. */
    public Module add(Kind childKind, String childName, String childTorchClass, SourceSpan childSpan,
                      LayerSpec childSpec) {
        Module child = new Module(childKind, this, childName, childTorchClass, childSpan, childSpec);
        Details container = details();
        // most containers hold one child (a group around one chain): a list of one, no map, is 16 bytes, not 130
        if (container.children == null) {
            container.children = List.of(child);
        } else if (container.children instanceof ChunkedList<Module> many) {
            many.add(child);
        } else {
            ChunkedList<Module> many = new ChunkedList<>();
            many.addAll(container.children);
            many.add(child);
            container.children = many;
        }
        if (childName != null && indexOf(childName) != child.index) {
            if (container.byName == null) {
                container.byName = new HashMap<>();
            }
            container.byName.putIfAbsent(childName, child);
        }
        return child;
    }

    /**
     * Lets go of the children of a finished container that nothing reads again, keeping the number of
     * their parameters: netc check reads only diagnostics and the model's total, and a file of nested
     * groups would otherwise hold a module per bracket (88 bytes for 2 of source). Children whose
     * parameters overflow a long are kept, for the model's total to report it.
     */
    public void dropChildren() {
        if (details == null || details.children == null) {
            return;
        }
        long below = details.droppedParameters;
        try {
            for (Module child : details.children) {
                below = Math.addExact(below, child.totalParameters());
            }
        } catch (ArithmeticException e) {
            return;
        }
        details.droppedParameters = below;
        details.children = null;
        details.byName = null;
    }

    /** Whether the module owns a state entry (a parameter or buffer) of that key. */
    public boolean ownsState(String key) {
        return state.stream().anyMatch(entry -> entry.key().equals(key));
    }

    /**
     * A parameter or buffer the module declares itself: parameters in declaration order, then
     * buffers, as PyTorch's _save_to_state_dict lists them.
     */
    public void addState(StateEntry entry) {
        List<StateEntry> entries = new ArrayList<>(state);
        int at = entries.size();
        while (entry.parameter() && at > 0 && !entries.get(at - 1).parameter()) {
            at--;
        }
        entries.add(at, entry);
        state = List.copyOf(entries);
    }

    public void define(BoundArguments boundArguments, List<StateEntry> entries) {
        this.arguments = boundArguments;
        this.state = List.copyOf(entries);
    }
}
