package netc.backend;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import netc.diagnostics.SourceSpan;
import netc.semantic.evaluation.Arithmetic;
import netc.semantic.model.Value;
import netc.syntax.Expr;
import netc.syntax.Identifier;

/**
 * An expression for a size netc inferred ({@code conv2d(_, oup // 2, 1)}) whose number differs
 * between the instances of a block, so that their classes can be one: the first candidate, simple
 * first, that gives every instance's number. The candidates are each name the class knows (its
 * integer parameters, then the locals __init__ computes, in the order the .net file declares them),
 * then each of them {@code // 2}, then each {@code * 2}.
 */
final class SizeFitting {
    /** One place the size was inferred: the values of the names there, and the number netc inferred. */
    record Instance(Map<String, Value> values, long number) {
    }

    /** How a candidate reads a name: as it is, halved, doubled. */
    private static final List<Expr.BinaryOperator> FORMS = Arrays.asList(null,
        Expr.BinaryOperator.FLOOR_DIVIDE, Expr.BinaryOperator.MULTIPLY);
    private static final Value.Int TWO = new Value.Int(2);

    private SizeFitting() {
    }

    /**
     * The first candidate that gives every instance's number, written at {@code span} (the {@code _});
     * null when the instances agree on one number (written as it is), or no candidate fits them all.
     */
    static Expr fit(List<Instance> instances, SourceSpan span) {
        if (instances.stream().map(Instance::number).distinct().count() < 2) {
            return null;
        }
        List<String> names = new ArrayList<>(instances.get(0).values().keySet());
        for (Expr.BinaryOperator form : FORMS) {
            for (String name : names) {
                if (instances.stream().allMatch(instance -> gives(instance, name, form))) {
                    Expr read = new Expr.Name(span, Expr.Qualifier.NONE, new Identifier(span, name));
                    return form == null ? read
                        : new Expr.Binary(span, form, read, new Expr.IntLiteral(span, BigInteger.TWO));
                }
            }
        }
        return null;
    }

    /** Whether {@code name}, read as {@code form} says, is the instance's number. */
    private static boolean gives(Instance instance, String name, Expr.BinaryOperator form) {
        Value value = instance.values().get(name);
        try {
            value = value == null || form == null ? value : Arithmetic.apply(form, value, TWO);
        } catch (ArithmeticException tooLarge) {
            return false;
        }
        return value instanceof Value.Int i && i.value() == instance.number();
    }
}
