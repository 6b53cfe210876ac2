package netc.semantic.evaluation;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import netc.diagnostics.Code;
import netc.diagnostics.Diagnostic;
import netc.diagnostics.Diagnostics;
import netc.diagnostics.SourceSpan;
import netc.diagnostics.Text;
import netc.semantic.catalog.ArgumentBinder;
import netc.semantic.model.Value;

/**
 * Python's {@code range}, {@code enumerate}, {@code len}, {@code int} and {@code round} over compile-time values:
 * what {@code repeat i, k in enumerate(sizes)} needs, and {@code int(n / 2)} where a statement
 * cannot write {@code n // 2} (there {@code //} starts a comment). A name bound as a
 * value, a block or a layer of that name comes first, so old files keep their meaning.
 */
public final class Builtins {
    /** As many elements as the default layer limit allows calls: a longer range could not be expanded. */
    public static final long MAX_ELEMENTS = 1_000_000;

    private Builtins() {
    }

    static boolean isBuiltin(String name) {
        return name.equals("range") || name.equals("enumerate") || name.equals("len") || name.equals("int")
            || name.equals("round");
    }

    /** {@code range(3)} as the tuple (0, 1, 2); INVALID after a reported error. */
    static Value call(String name, List<ArgumentBinder.Given> given, SourceSpan span, Diagnostics diagnostics) {
        for (ArgumentBinder.Given g : given) {
            if (g.keyword() != null) {
                return fail(diagnostics, Code.UNKNOWN_KEYWORD, g.keywordSpan(),
                    Text.of("builtin.takes_no_keyword_arguments", name));
            }
            if (g.value().invalid()) {
                return Value.INVALID;
            }
        }
        if (name.equals("range")) {
            return range(given, span, diagnostics);
        }
        if (given.size() != 1) {
            return fail(diagnostics, Code.TOO_MANY_ARGUMENTS, span, Text.of("builtin.takes_one_value_given", name,
                given.size(), (given.size() == 1 ? Text.of("count.was") : Text.of("count.were"))));
        }
        ArgumentBinder.Given only = given.get(0);
        if (name.equals("int") || name.equals("round")) {
            return integer(only, name.equals("round"), diagnostics);
        }
        if (!(only.value() instanceof Value.Tuple)) {
            return fail(diagnostics, Code.NOT_ITERABLE, only.span(), Text.of("builtin.needs_tuple", name,
                only.value().describe()));
        }
        List<Value> elements = ((Value.Tuple) only.value()).elements();
        if (name.equals("len")) {
            return new Value.Int(elements.size());
        }
        List<Value> pairs = new ArrayList<>(elements.size());
        for (int i = 0; i < elements.size(); i++) {
            pairs.add(new Value.Tuple(List.of(new Value.Int(i), elements.get(i))));
        }
        return new Value.Tuple(pairs);
    }

    /** int(x) or round(x) of a number: a float truncated toward zero, or rounded half to even, as in Python. */
    private static Value integer(ArgumentBinder.Given given, boolean round, Diagnostics diagnostics) {
        String name = round ? "round" : "int";
        Value value = given.value();
        if (value instanceof Value.Int) {
            return value;
        }
        if (!(value instanceof Value.Float)) {
            return fail(diagnostics, Code.WRONG_ARGUMENT_TYPE, given.span(), Text.of("builtin.needs_number", name,
                value.describe()));
        }
        double number = round ? Math.rint(((Value.Float) value).value()) : ((Value.Float) value).value();
        if (Double.isNaN(number) || Math.abs(number) >= 0x1p63) {
            return fail(diagnostics, Code.INVALID_OPERATION, given.span(), Text.of("builtin.no_bit_integer", name,
                value.show()));
        }
        return new Value.Int((long) number);
    }

    /** range(stop), range(start, stop) or range(start, stop, step), as Python counts them. */
    private static Value range(List<ArgumentBinder.Given> given, SourceSpan span, Diagnostics diagnostics) {
        if (given.isEmpty() || given.size() > 3) {
            return fail(diagnostics, Code.TOO_MANY_ARGUMENTS, span, Text.of("builtin.range_takes_integers_given",
                given.size(), (given.size() == 1 ? Text.of("count.was") : Text.of("count.were"))));
        }
        long[] numbers = new long[given.size()];
        for (int i = 0; i < numbers.length; i++) {
            Value value = given.get(i).value();
            if (!(value instanceof Value.Int)) {
                return fail(diagnostics, Code.WRONG_ARGUMENT_TYPE, given.get(i).span(),
                    Text.of("builtin.range_needs_integers", value.describe()));
            }
            numbers[i] = ((Value.Int) value).value();
        }
        long start = numbers.length == 1 ? 0 : numbers[0];
        long stop = numbers.length == 1 ? numbers[0] : numbers[1];
        long step = numbers.length == 3 ? numbers[2] : 1;
        if (step == 0) {
            return fail(diagnostics, Code.ARGUMENT_OUT_OF_RANGE, given.get(2).span(),
                Text.of("builtin.range_step_must_not"));
        }
        long count = length(start, stop, step);
        if (count > MAX_ELEMENTS) {
            return fail(diagnostics, Code.RANGE_TOO_LONG, span, Text.of("builtin.range_has_elements_more", count,
                MAX_ELEMENTS));
        }
        List<Value> elements = new ArrayList<>((int) count);
        for (long i = 0; i < count; i++) {
            elements.add(new Value.Int(start + i * step));
        }
        return new Value.Tuple(elements);
    }

    /** How many elements range(start, stop, step) has, computed without overflow. */
    private static long length(long start, long stop, long step) {
        BigInteger span = BigInteger.valueOf(stop).subtract(BigInteger.valueOf(start));
        BigInteger by = BigInteger.valueOf(step);
        if (span.signum() == 0 || span.signum() != by.signum()) {
            return 0;
        }
        BigInteger count = span.add(by).subtract(BigInteger.valueOf(by.signum())).divide(by);
        return count.bitLength() >= 63 ? Long.MAX_VALUE : count.longValue();
    }

    private static Value fail(Diagnostics diagnostics, Code code, SourceSpan span, Text message) {
        diagnostics.report(Diagnostic.error(code, span, message));
        return Value.INVALID;
    }
}
