package netc.diagnostics;

import java.util.ArrayList;
import java.util.List;

/**
 * A user-facing text as data: a key of a bundle (the Diagnostics bundle for diagnostics) and the
 * arguments of its {0}, {1}, ... places, put into a language only when {@link Messages#render
 * rendered}. An argument is kept as it is in every language (a number, a shape, a layer's name, a
 * piece of the source), unless it is itself a Text, which is rendered in the same language.
 */
public record Text(String key, List<Object> args) {
    /** The bundle of diagnostics' messages, notes, hints and fix titles. */
    public static final String BUNDLE = "netc.diagnostics.Diagnostics";

    public Text {
        args = List.copyOf(args);
    }

    /** {@code key} with {@code args}: each a Text, or anything else taken as its string, as concatenation would. */
    public static Text of(String key, Object... args) {
        List<Object> kept = new ArrayList<>(args.length);
        for (Object arg : args) {
            kept.add(arg instanceof Text ? arg : String.valueOf(arg));
        }
        return new Text(key, kept);
    }

    /** This text in English, for internal errors and tests; users read texts in their language through {@link Messages}. */
    public String english() {
        return Messages.diagnostics(java.util.Locale.ROOT).render(this);
    }

    /** Items joined by the key {@code pairKey}'s "{0} or {1}", left to right: a, b or c. */
    public static Text joined(String pairKey, List<?> items) {
        Object joined = items.get(items.size() - 1);
        for (int i = items.size() - 2; i >= 0; i--) {
            joined = of(i == items.size() - 2 ? pairKey : "list.comma", items.get(i), joined);
        }
        return joined instanceof Text ? (Text) joined : of("verbatim", joined);
    }

    /** The ending of a counted noun: English's "s" unless the count is 1; languages without one leave it empty. */
    public static Text plural(long count) {
        return of(count == 1 ? "plural.one" : "plural.many");
    }
}
