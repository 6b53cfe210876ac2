package netc.semantic.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import netc.diagnostics.Code;
import netc.diagnostics.Diagnostic;
import netc.diagnostics.Diagnostics;
import netc.diagnostics.Excerpts;
import netc.diagnostics.Fix;
import netc.diagnostics.SourceSpan;
import netc.diagnostics.Text;
import netc.semantic.evaluation.Suggestions;
import netc.semantic.model.Value;

/**
 * Matches a call's arguments to a signature as Python does: positional ones in order, keywords by
 * name or alias, defaults for the rest. A left-out in_features-like first argument shifts the
 * positional ones, as PyTorch's lazy layers do ({@code linear(128)} is LazyLinear(128)).
 */
public final class ArgumentBinder {
    private static final BoundArguments.Bound INFERRED = new BoundArguments.Bound(Value.INFER, null);
    /** What each signature binds where nothing is written, found once per signature and call. */
    private static final Map<List<ArgSpec>, Unwritten> UNWRITTEN = new java.util.concurrent.ConcurrentHashMap<>();

    private final String callee;
    private final List<ArgSpec> signature;
    private final int spatialDims;
    private final SourceSpan callSpan;
    private final Diagnostics diagnostics;
    private boolean ok = true;

    /**
     * A signature's defaults in normal form, per rank, and the binding of a call without arguments
     * (a file of relu lines), made once: every layer of a model shares them. Two threads may make one
     * at once, alike.
     */
    private static final class Unwritten {
        final BoundArguments.Bound[][] defaults = new BoundArguments.Bound[4][];
        final BoundArguments[] bindings = new BoundArguments[4];
    }

    /** One written argument, evaluated: {@code keyword} is null for a positional one. */
    public record Given(String keyword, SourceSpan keywordSpan, Value value, SourceSpan span) {
    }

    public ArgumentBinder(String callee, List<ArgSpec> signature, int spatialDims, SourceSpan callSpan,
                   Diagnostics diagnostics) {
        this.callee = callee;
        this.signature = signature;
        this.spatialDims = spatialDims;
        this.callSpan = callSpan;
        this.diagnostics = diagnostics;
    }

    /** The bound arguments, or null after reporting why they do not fit. */
    public BoundArguments bind(List<Given> given) {
        if (!given.isEmpty()) {
            return bindWritten(given);
        }
        BoundArguments[] bindings = unwritten().bindings;
        if (bindings[spatialDims] == null) {
            bindings[spatialDims] = bindWritten(given);   // stays null after a missing argument, reported each time
        }
        return bindings[spatialDims];
    }

    private BoundArguments bindWritten(List<Given> given) {
        List<Given> positional = new ArrayList<>();
        List<Given> keywords = new ArrayList<>();
        for (Given g : given) {
            if (g.keyword() != null) {
                keywords.add(g);
            } else if (!keywords.isEmpty()) {
                return fail(Diagnostic.error(Code.POSITIONAL_AFTER_KEYWORD, g.span(),
                    Text.of("argument.positional_argument_cannot_follow"))
                    .withHelp(Text.of("argument.move_before_name", keywords.get(0).keyword())));
            } else {
                positional.add(g);
            }
        }
        positional = packVarargs(positional);
        int offset = lazyOffset(positional, keywords);
        BoundArguments.Bound[] bound = new BoundArguments.Bound[signature.size()];   // in the signature's order
        bindPositional(positional, offset, bound);
        bindKeywords(given, keywords, bound);
        fillDefaults(bound);
        return ok ? BoundArguments.inSignatureOrder(signature, bound) : null;
    }

    /** view(64, 8, 8) passes its sizes one by one, as Python's *shape does. */
    private List<Given> packVarargs(List<Given> positional) {
        boolean varargs = signature.size() == 1 && signature.get(0).type() == ArgType.INTS;
        if (!varargs || positional.size() < 2) {
            return positional;
        }
        List<Value> values = positional.stream().map(Given::value).collect(Collectors.toList());
        SourceSpan span = positional.get(0).span().to(positional.get(positional.size() - 1).span());
        return List.of(new Given(null, null, new Value.Tuple(values), span));
    }

    /** 1 when the first argument is inferable and the call, read lazily, leaves nothing required out. */
    private int lazyOffset(List<Given> positional, List<Given> keywords) {
        if (signature.isEmpty() || !signature.get(0).inferable()) {
            return 0;
        }
        if (written(signature.get(0), keywords) || missingRequired(positional.size(), keywords, 0) == null) {
            return 0;
        }
        return missingRequired(positional.size(), keywords, 1) == null ? 1 : 0;
    }

    private ArgSpec missingRequired(int positionalCount, List<Given> keywords, int offset) {
        for (int i = offset + positionalCount; i < signature.size(); i++) {
            ArgSpec spec = signature.get(i);
            if (spec.required() && !written(spec, keywords)) {
                return spec;
            }
        }
        return null;
    }

    /** Whether a keyword names {@code spec}; a loop, not a stream: every layer of a model asks, several times. */
    private static boolean written(ArgSpec spec, List<Given> keywords) {
        for (int i = 0; i < keywords.size(); i++) {
            if (spec.answersTo(keywords.get(i).keyword())) {
                return true;
            }
        }
        return false;
    }

    private void bindPositional(List<Given> positional, int offset, BoundArguments.Bound[] bound) {
        int capacity = signature.size() - offset;
        for (int i = 0; i < positional.size(); i++) {
            Given g = positional.get(i);
            if (i >= capacity) {
                fail(Diagnostic.error(Code.TOO_MANY_ARGUMENTS, g.span(), tooMany(positional.size(), capacity))
                    .withHelp(capacity == 0 ? Text.of("argument.remove_arguments") : Text.of("argument.arguments",
                        names(offset))));
                return;
            }
            put(bound, offset + i, g);
        }
    }

    private Text tooMany(int count, int capacity) {
        if (capacity == 0) {
            return Text.of("argument.takes_no_arguments_given", callee, count,
                (count == 1 ? Text.of("count.was") : Text.of("count.were")));
        }
        return Text.of("argument.takes_most_positional_argument", callee, capacity, Text.plural(capacity), count);
    }

    private String names(int offset) {
        return signature.subList(offset, signature.size()).stream().map(ArgSpec::name)
            .collect(Collectors.joining(", "));
    }

    /** {@code given} is every argument as written, for the fix that removes a repeated one with its comma. */
    private void bindKeywords(List<Given> given, List<Given> keywords, BoundArguments.Bound[] bound) {
        for (Given g : keywords) {
            int index = find(g.keyword());
            if (index < 0) {
                unknownKeyword(g);
            } else if (bound[index] != null) {
                ArgSpec spec = signature.get(index);
                SourceSpan first = bound[index].span();
                SourceSpan before = given.get(given.indexOf(g) - 1).span(); // the first occurrence, at least
                SourceSpan repeated = SourceSpan.of(g.span().file(), before.endLine(), before.endColumn(),
                    g.span().endLine(), g.span().endColumn());
                fail(Diagnostic.error(Code.DUPLICATE_ARGUMENT, g.keywordSpan(),
                    Text.of("argument.got_twice_first_again", callee, spec.name(), first.position()))
                    .withHelp(Text.of("argument.remove_one_them"))
                    .withFix(Fix.replace(Text.of("argument.remove_second", spec.name()), repeated, "")));
            } else {
                put(bound, index, g);
            }
        }
    }

    private void unknownKeyword(Given g) {
        List<String> known = new ArrayList<>();
        for (ArgSpec spec : signature) {
            known.add(spec.name());
            known.addAll(spec.aliases());
        }
        Diagnostic unknown = Diagnostic.error(Code.UNKNOWN_KEYWORD, g.keywordSpan(),
            Text.of("argument.has_no_argument_named", callee, Excerpts.word(g.keyword())));
        Diagnostic suggested = Suggestions.didYouMean(unknown, g.keyword(), g.keywordSpan(), known);
        if (suggested.help() == null) {
            suggested = unknown.withHelp(known.isEmpty() ? Text.of("argument.takes_no_arguments", callee)
                : Text.of("argument.takes", callee, String.join(", ", known)));
        }
        fail(suggested);
    }

    /** The place in the signature of the argument that answers to {@code keyword}; -1 for none. */
    private int find(String keyword) {
        for (int i = 0; i < signature.size(); i++) {
            if (signature.get(i).answersTo(keyword)) {
                return i;
            }
        }
        return -1;
    }

    private void put(BoundArguments.Bound[] bound, int index, Given g) {
        ArgSpec spec = signature.get(index);
        Value value = g.value();
        if (value instanceof Value.Infer) {
            if (!spec.inferable()) {
                fail(Diagnostic.error(Code.WRONG_ARGUMENT_TYPE, g.span(),
                    Text.of("argument.cannot_inferred_write_value", callee, spec.name())));
            }
            bound[index] = new BoundArguments.Bound(value, g.span());
            return;
        }
        if (value.invalid()) {
            ok = false;
            bound[index] = new BoundArguments.Bound(value, g.span());
            return;
        }
        if (value instanceof Value.Batch) {
            fail(Diagnostic.error(Code.BATCH_MISPLACED, g.span(), Text.of("argument.cannot_batch_size_which", callee,
                spec.name())));
            return;
        }
        boolean defaultNone = value instanceof Value.None && spec.defaultValue() instanceof Value.None;
        Value checked = defaultNone ? value : spec.type().check(value, spatialDims);
        if (checked == null) {
            fail(Diagnostic.error(Code.WRONG_ARGUMENT_TYPE, g.span(), Text.of("argument.must", callee, spec.name(),
                spec.type().description(spatialDims), value.describe())));
            checked = value;
        } else if (spec.belowMin(checked) != null) {
            fail(Diagnostic.error(spec.min() > 0 ? Code.NON_POSITIVE_SIZE : Code.ARGUMENT_OUT_OF_RANGE, g.span(),
                Text.of("argument.must", callee, spec.name(),
                    (spec.min() == 1 ? Text.of("argument.positive") : Text.of("argument.least", spec.min())), value.show())));
        }
        bound[index] = new BoundArguments.Bound(checked, g.span());
    }

    private Unwritten unwritten() {
        return UNWRITTEN.computeIfAbsent(signature, s -> new Unwritten());
    }

    private void fillDefaults(BoundArguments.Bound[] bound) {
        BoundArguments.Bound[] defaults = defaults();
        for (int i = 0; i < bound.length; i++) {
            ArgSpec spec = signature.get(i);
            if (bound[i] != null) {
                continue;
            }
            if (spec.inferable()) {
                bound[i] = INFERRED;
            } else if (spec.required() && ok) {
                fail(Diagnostic.error(Code.MISSING_ARGUMENT, callSpan, Text.of("argument.needs_argument", callee,
                    spec.name())).withHelp(Text.of("argument.arguments", names(0))));
            } else {
                bound[i] = defaults[i];
            }
        }
    }

    /** The signature's defaults in normal form for this rank; a required argument's is null. */
    private BoundArguments.Bound[] defaults() {
        Unwritten unwritten = unwritten();
        BoundArguments.Bound[] defaults = unwritten.defaults[spatialDims];
        if (defaults == null) {
            defaults = new BoundArguments.Bound[signature.size()];
            for (int i = 0; i < defaults.length; i++) {
                ArgSpec spec = signature.get(i);
                if (spec.defaultValue() != null) {
                    Value normal = spec.type().check(spec.defaultValue(), spatialDims);
                    defaults[i] = new BoundArguments.Bound(normal != null ? normal : spec.defaultValue(), null);
                }
            }
            unwritten.defaults[spatialDims] = defaults;
        }
        return defaults;
    }

    private BoundArguments fail(Diagnostic diagnostic) {
        ok = false;
        diagnostics.report(diagnostic);
        return null;
    }
}
