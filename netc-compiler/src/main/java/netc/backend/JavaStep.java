package netc.backend;

import java.util.List;
import java.util.StringJoiner;
import netc.semantic.model.Module;
import netc.semantic.model.Shape;
import netc.semantic.model.StateEntry;
import netc.semantic.model.Trace;
import netc.semantic.model.Value;

/**
 * One layer step as an emitter sees it: the Java names of its inputs and of its module's field,
 * and its arguments rendered as Java literals.
 */
final class JavaStep {
    private final Trace.Apply apply;
    private final List<String> inputs;
    private final List<Shape> inputShapes;
    private final String field;
    private final List<String> initialStates;

    /** {@code initialStates}: a recurrent layer's h0 and c0 when its states are kept ("null" for zeros), else null. */
    JavaStep(Trace.Apply apply, List<String> inputs, List<Shape> inputShapes, String field, List<String> initialStates) {
        this.apply = apply;
        this.inputs = List.copyOf(inputs);
        this.inputShapes = List.copyOf(inputShapes);
        this.field = field;
        this.initialStates = initialStates == null ? null : List.copyOf(initialStates);
    }

    /** Whether a recurrent layer's states are used: it is given one, or what it returns is taken apart. */
    boolean keepsStates() {
        return initialStates != null;
    }

    /** h0 and c0 as Java expressions, {@code null} for zeros. */
    List<String> initialStates() {
        return initialStates;
    }

    Trace.Apply apply() {
        return apply;
    }

    String layer() {
        return apply.spec().name();
    }

    /** The variable holding the first (usually only) input. */
    String input() {
        return inputs.get(0);
    }

    List<String> inputs() {
        return inputs;
    }

    /** The first input's shape, without the batch. */
    Shape inputShape() {
        return inputShapes.get(0);
    }

    Shape output() {
        return apply.output();
    }

    /** The field holding the module's state; null for stateless layers. */
    String field() {
        return field;
    }

    Module module() {
        return apply.module();
    }

    Value arg(String name) {
        return apply.arguments().get(name);
    }

    boolean hasArg(String name) {
        return apply.arguments().values().containsKey(name);
    }

    boolean isNone(String name) {
        return arg(name) instanceof Value.None;
    }

    long intValue(String name) {
        return ((Value.Int) arg(name)).value();
    }

    String intArg(String name) {
        return Long.toString(intValue(name));
    }

    /** A size or integer tuple as {@code ints(1, 1)}. */
    String intsArg(String name) {
        return ints(sizes(name));
    }

    /** An integer or a tuple of integers as an array. */
    long[] sizes(String name) {
        if (arg(name) instanceof Value.Int) {
            return new long[] {intValue(name)};
        }
        List<Value> elements = ((Value.Tuple) arg(name)).elements();
        long[] sizes = new long[elements.size()];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = ((Value.Int) elements.get(i)).value();
        }
        return sizes;
    }

    boolean boolValue(String name) {
        return ((Value.Bool) arg(name)).value();
    }

    String boolArg(String name) {
        return Boolean.toString(boolValue(name));
    }

    String stringValue(String name) {
        return ((Value.Str) arg(name)).value();
    }

    double doubleValue(String name) {
        return ((Value.Float) arg(name)).value();
    }

    /** A float argument as a Java float literal ({@code 0.01f}), for the runtime's float parameters. */
    String floatArg(String name) {
        return floatLiteral(doubleValue(name));
    }

    /**
     * A number argument as a literal of the output's element type: {@code 3L} for int64 (a float cut toward
     * zero, as PyTorch casts masked_fill's value), {@code 3.0f} for float32.
     */
    String numberArg(String name) {
        double value = number(arg(name));
        return longOutput() ? (long) value + "L" : floatLiteral(value);
    }

    /** Whether the step computes an int64 tensor. */
    boolean longOutput() {
        return apply.dtype() == Value.DType.INT64;
    }

    /** A float argument as a Java double literal ({@code 1.0E-5}), for epsilons and the like. */
    String doubleArg(String name) {
        return Double.toString(doubleValue(name));
    }

    /** Whether the module has this state_dict entry (bias=False layers lack "bias"). */
    boolean hasState(String key) {
        return apply.module() != null && apply.module().state().stream().map(StateEntry::key).anyMatch(key::equals);
    }

    /** The expression reading the module's state entry from the weights map, or null when it has none. */
    String state(String key) {
        return hasState(key) ? weight(apply.module(), key) : "null";
    }

    /** {@code field.part()} when the layer keeps state, else null: for optional affine parameters. */
    String fieldPart(String part) {
        return field == null ? "null" : field + "." + part + "()";
    }

    /** The module's state_dict prefix as a Java string literal: {@code "encoder."}. */
    String prefix() {
        return "\"" + apply.module().path() + ".\"";
    }

    /** The expression reading one state_dict entry of a module from the weights map. */
    static String weight(Module module, String key) {
        return "weights.get(\"" + (module.path().isEmpty() ? "" : module.path() + ".") + key + "\")";
    }

    /** {@code ints(1, 1)}: the generated class's helper for int[] arguments. */
    static String ints(long... values) {
        return "ints(" + list(values) + ")";
    }

    /** {@code 1, 1}. */
    static String list(long... values) {
        StringJoiner out = new StringJoiner(", ");
        for (long value : values) {
            out.add(Long.toString(value));
        }
        return out.toString();
    }

    /** An integer or float value as a double. */
    static double number(Value value) {
        return value instanceof Value.Int ? ((Value.Int) value).value() : ((Value.Float) value).value();
    }

    static String floatLiteral(double value) {
        return Float.toString((float) value) + "f";
    }
}
