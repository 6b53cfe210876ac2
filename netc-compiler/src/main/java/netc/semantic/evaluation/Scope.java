package netc.semantic.evaluation;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import netc.semantic.model.Value;
import netc.syntax.Identifier;

/**
 * The names of one model or block instance: hyper-parameters, inputs and bound values. Bodies of
 * if and repeat share it, so a repeat can rebind a name (DenseNet's growing concatenation).
 */
final class Scope {
    private final Map<String, Value> values = new LinkedHashMap<>();
    private final Map<String, Identifier> bindings = new LinkedHashMap<>();
    /** Bound names that an unknown name was likely meant to be (shortcutt for shortcut). */
    private final Set<String> meant = new HashSet<>();
    /** How often each bound value was read since it was bound. */
    private final Map<String, Integer> reads = new HashMap<>();
    /** Names a loop rebinds where it bound them before, after reading them: the next iteration used the value. */
    private final Set<String> carried = new HashSet<>();

    void define(String name, Value value) {
        values.put(name, value);
    }

    /**
     * A value bound with {@code name = ...}; warned about, at its last binding, if never read. An
     * unread value overwritten is not (ResNet's identity = x, rebound inside an if), nor the last
     * value of a binding in a loop whose earlier value the next iteration read (WaveNet's x).
     */
    void bind(Identifier name, Value value) {
        if (!name.equals(bindings.get(name.text()))) {
            carried.remove(name.text());
        } else if (reads(name.text()) > 0) {
            carried.add(name.text());
        }
        values.put(name.text(), value);
        bindings.put(name.text(), name);
        reads.put(name.text(), 0);
    }

    /** How often a bound value was read since it was bound. */
    int reads(String name) {
        return reads.getOrDefault(name, 0);
    }

    /** Drops a name bound inside a group: nothing after the group may use it. */
    void forget(String name) {
        values.remove(name);
        bindings.remove(name);
        reads.remove(name);
        carried.remove(name);
    }

    void remove(String name) {
        values.remove(name);
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    Value read(String name) {
        reads.merge(name, 1, Integer::sum);
        return values.get(name);
    }

    /** A name's value, not counted as a read (a value a loop's name hides for a while). */
    Value peek(String name) {
        return values.get(name);
    }

    Set<String> names() {
        return values.keySet();
    }

    /** A name used here is not defined: the binding it is closest to counts as read. */
    void unknownName(String name) {
        String closest = Suggestions.closest(name, bindings.keySet());
        if (closest != null) {
            meant.add(closest);
        }
    }

    /**
     * Bindings whose last value was never read, leaving out those an unknown name was likely meant
     * to read (the typo is the error, not the unread value) and those a loop carried.
     */
    Iterable<Identifier> unread() {
        return bindings.entrySet().stream().filter(e -> reads(e.getKey()) == 0 && !meant.contains(e.getKey())
                && !carried.contains(e.getKey()))
            .map(Map.Entry::getValue)::iterator;
    }
}
