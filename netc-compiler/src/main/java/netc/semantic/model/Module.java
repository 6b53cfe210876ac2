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
    private final String name;
    private final String path;
    private final String torchClass;
    private final SourceSpan span;
    private final LayerSpec spec;
    /** Empty for leaves, which most modules are: filled on the first child. */
    private List<Module> children = List.of();
    private Map<String, Module> childrenByName = Map.of();
    private List<StateEntry> state = List.of();
    private BoundArguments arguments;
    /** A block instance's parameters and the values it was built with, where the trace is kept; else null. */
    private Map<String, Value> parameterValues;
    /** How each if of a block instance's body went, and whether each repeat ran, by span; null where it went both ways (in a loop) or is unknown. */
    private Map<SourceSpan, Boolean> decisions;

    public Module(Kind kind, String name, String path, String torchClass, SourceSpan span, LayerSpec spec) {
        this.kind = kind;
        this.name = name;
        this.path = path;
        this.torchClass = torchClass;
        this.span = span;
        this.spec = spec;
    }

    public Kind kind() {
        return kind;
    }

    /** The attribute name in its parent: a label, or an index for unlabelled modules. */
    public String name() {
        return name;
    }

    /** The dotted state_dict prefix ({@code features.0}); empty for the model itself. */
    public String path() {
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
        return parameterValues;
    }

    public void recordParameterValues(Map<String, Value> values) {
        parameterValues = Collections.unmodifiableMap(values);
    }

    /** How the ifs of a block instance's own body went ({@code stride != 1}: true), by their spans; null when not recorded. */
    public Map<SourceSpan, Boolean> decisions() {
        return decisions == null ? null : Collections.unmodifiableMap(decisions);
    }

    /** Records that the if at {@code span} went {@code taken} (null: unknown); an if that goes both ways is null. */
    public void recordDecision(SourceSpan span, Boolean taken) {
        if (decisions == null) {
            decisions = new LinkedHashMap<>();
        }
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
        int index = indexOf(childName);
        if (index >= 0 && index < children.size() && children.get(index).name.equals(childName)) {
            return children.get(index);
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

    /** The number of children, which is the index an unlabelled new child gets. */
    public int nextIndex() {
        return children.size();
    }

    public void add(Module child) {
        if (children.isEmpty()) {
            children = new ArrayList<>();
            childrenByName = new HashMap<>();
        }
        children.add(child);
        if (indexOf(child.name) != children.size() - 1) {
            childrenByName.putIfAbsent(child.name, child);
        }
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
