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

    private final Kind kind;
    /** The module holding it; null for the model (and a throwaway container). */
    private final Module parent;
    /** Its place among its parent's children. */
    private final int index;
    /**
     * The attribute name in its parent; null for a child named by its index (most layers), made when
     * asked: a model of a million layers need not hold a million strings of digits to be checked.
     */
    private String name;
    /** The state_dict prefix, made when first asked. */
    private String path;
    private final String torchClass;
    private final SourceSpan span;
    private final LayerSpec spec;
    /** Empty for leaves, which most modules are: filled on the first child. */
    private List<Module> children = List.of();
    private Map<String, Module> childrenByName = Map.of();
    private List<StateEntry> state = List.of();
    private BoundArguments arguments;
    /** What a block instance recorded of its evaluation; null for every other module, and where the trace is not kept. */
    private InstanceRecord instance;

    /** A block instance's parameters and the values it was built with, and how its ifs went. */
    private static final class InstanceRecord {
        private Map<String, Value> parameterValues;
        private Map<SourceSpan, Boolean> decisions;
    }

    /** The model, or a container belonging to nothing: its name and path are empty. */
    public Module(Kind kind, String torchClass, SourceSpan span, LayerSpec spec) {
        this(kind, null, "", torchClass, span, spec);
        path = "";
    }

    private Module(Kind kind, Module parent, String name, String torchClass, SourceSpan span, LayerSpec spec) {
        this.kind = kind;
        this.parent = parent;
        this.index = parent == null ? 0 : parent.children.size();
        this.name = name;
        this.torchClass = torchClass;
        this.span = span;
        this.spec = spec;
    }

    public Kind kind() {
        return kind;
    }

    /** The attribute name in its parent: a label, or an index for unlabelled modules. */
    public String name() {
        if (name == null) {
            name = Integer.toString(index);
        }
        return name;
    }

    /** The dotted state_dict prefix ({@code features.0}); empty for the model itself. */
    public String path() {
        if (path == null) {
            String above = parent.path();
            path = above.isEmpty() ? name() : above + "." + name();
        }
        return path;
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
        return kind == Kind.LAYER && spec != null && !torchClass.equals(spec.torchClass());
    }

    public BoundArguments arguments() {
        return arguments;
    }

    /** The values a block instance's parameters took ({@code dilation = 4}); null when not recorded. */
    public Map<String, Value> parameterValues() {
        return instance == null ? null : instance.parameterValues;
    }

    public void recordParameterValues(Map<String, Value> values) {
        instanceRecord().parameterValues = Collections.unmodifiableMap(values);
    }

    private InstanceRecord instanceRecord() {
        if (instance == null) {
            instance = new InstanceRecord();
        }
        return instance;
    }

    /** How the ifs of a block instance's own body went ({@code stride != 1}: true), by their spans; null when not recorded. */
    public Map<SourceSpan, Boolean> decisions() {
        return instance == null || instance.decisions == null ? null : Collections.unmodifiableMap(instance.decisions);
    }

    /** Records that the if at {@code span} went {@code taken} (null: unknown); an if that goes both ways is null. */
    public void recordDecision(SourceSpan span, Boolean taken) {
        InstanceRecord record = instanceRecord();
        if (record.decisions == null) {
            record.decisions = new LinkedHashMap<>();
        }
        Map<SourceSpan, Boolean> decisions = record.decisions;
        boolean same = !decisions.containsKey(span) || Objects.equals(decisions.get(span), taken);
        decisions.put(span, same ? taken : null);
    }

    public List<Module> children() {
        return Collections.unmodifiableList(children);
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
        int at = indexOf(childName);
        if (at >= 0 && at < children.size() && children.get(at).isNamed(childName)) {
            return children.get(at);
        }
        return childrenByName.get(childName);
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
        for (StateEntry entry : state) {
            if (entry.parameter()) {
                n = Math.addExact(n, entry.elements());
            }
        }
        return n;
    }

    /** Parameters of this module and all below it. */
    public long totalParameters() {
        long n = ownParameters();
        for (Module child : children) {
            n = Math.addExact(n, child.totalParameters());
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
        return name == null || name.equals(childName);
    }

    /** The number of children, which is the index an unlabelled new child gets. */
    public int nextIndex() {
        return children.size();
    }

    /** A new last child, named {@code childName}, or by its index when that is null. */
    public Module add(Kind childKind, String childName, String childTorchClass, SourceSpan childSpan,
                      LayerSpec childSpec) {
        Module child = new Module(childKind, this, childName, childTorchClass, childSpan, childSpec);
        if (children.isEmpty()) {
            children = new ArrayList<>();
            childrenByName = new HashMap<>();
        }
        children.add(child);
        if (childName != null && indexOf(childName) != child.index) {
            childrenByName.putIfAbsent(childName, child);
        }
        return child;
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
