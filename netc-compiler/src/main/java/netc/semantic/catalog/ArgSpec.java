package netc.semantic.catalog;

import java.util.List;
import netc.diagnostics.Text;
import netc.semantic.model.Value;

/**
 * One argument of a layer's signature, in PyTorch's constructor order. {@code defaultValue} is
 * null for a required argument; {@code inferable} marks in_features-like arguments that may be
 * written {@code _} or left out, as PyTorch's lazy layers allow; {@code min} is the least value
 * of an integer (or of each integer of a size), {@link Long#MIN_VALUE} when any will do.
 */
public record ArgSpec(String name, List<String> aliases, ArgType type, Value defaultValue, boolean inferable,
                      long min) {

    public ArgSpec {
        aliases = List.copyOf(aliases);
    }

    /**
     * The name's hash alone (equal specs have equal names): a layer's binding looks its signature up
     * by value, and a record's hash would walk every component of every argument each time.
     */
    @Override
    public int hashCode() {
        return name.hashCode();
    }

    /** {@code int or (int, int), default 1}: its type, and its default, or that it is required or inferred. */
    public Text describe(int spatialDims) {
        Text typeText = type.description(spatialDims);
        if (inferable) {
            return Text.of("argspec.inferred_from_input_when", typeText);
        }
        return defaultValue == null ? Text.of("argspec.required", typeText) : Text.of("argspec.default", typeText,
            defaultValue.show());
    }

    public static ArgSpec required(String name, ArgType type) {
        return new ArgSpec(name, List.of(), type, null, false, Long.MIN_VALUE);
    }

    /** A positive size PyTorch's lazy layers infer: in_features, in_channels, num_features. */
    public static ArgSpec inferable(String name) {
        return new ArgSpec(name, List.of(), ArgType.INT, null, true, 1);
    }

    public static ArgSpec optional(String name, ArgType type, Value defaultValue) {
        return new ArgSpec(name, List.of(), type, defaultValue, false, Long.MIN_VALUE);
    }

    public ArgSpec alias(String alias) {
        List<String> more = new java.util.ArrayList<>(aliases);
        more.add(alias);
        return new ArgSpec(name, more, type, defaultValue, inferable, min);
    }

    /** Sizes, channels, strides: at least 1. */
    public ArgSpec positive() {
        return atLeast(1);
    }

    public ArgSpec atLeast(long least) {
        return new ArgSpec(name, aliases, type, defaultValue, inferable, least);
    }

    /** The first integer of a (normalised) value below {@code min}, or null when all fit. */
    public Long belowMin(Value value) {
        if (value instanceof Value.Int) {
            long v = ((Value.Int) value).value();
            return v < min ? v : null;
        }
        if (value instanceof Value.Tuple) {
            for (Value element : ((Value.Tuple) value).elements()) {
                Long low = belowMin(element);
                if (low != null) {
                    return low;
                }
            }
        }
        return null;
    }

    public boolean required() {
        return defaultValue == null && !inferable;
    }

    public boolean answersTo(String keyword) {
        return name.equals(keyword) || aliases.contains(keyword);
    }
}
