package netc.semantic;

import java.util.List;

/**
 * One argument of a layer's signature, in PyTorch's constructor order. {@code defaultValue} is
 * null for a required argument; {@code inferable} marks in_features-like arguments that may be
 * written {@code _} or left out, as PyTorch's lazy layers allow.
 */
public record ArgSpec(String name, List<String> aliases, ArgType type, Value defaultValue, boolean inferable) {

    public ArgSpec {
        aliases = List.copyOf(aliases);
    }

    public static ArgSpec required(String name, ArgType type) {
        return new ArgSpec(name, List.of(), type, null, false);
    }

    public static ArgSpec inferable(String name) {
        return new ArgSpec(name, List.of(), ArgType.INT, null, true);
    }

    public static ArgSpec optional(String name, ArgType type, Value defaultValue) {
        return new ArgSpec(name, List.of(), type, defaultValue, false);
    }

    public ArgSpec alias(String alias) {
        List<String> more = new java.util.ArrayList<>(aliases);
        more.add(alias);
        return new ArgSpec(name, more, type, defaultValue, inferable);
    }

    public boolean required() {
        return defaultValue == null && !inferable;
    }

    public boolean answersTo(String keyword) {
        return name.equals(keyword) || aliases.contains(keyword);
    }
}
