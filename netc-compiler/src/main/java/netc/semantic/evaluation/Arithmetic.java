package netc.semantic.evaluation;

import java.util.ArrayList;
import java.util.List;
import netc.diagnostics.Text;
import netc.semantic.catalog.ArithmeticFailure;
import netc.semantic.model.Value;
import netc.syntax.Expr.BinaryOperator;

/** Python's meaning of operators on hyper-parameter constants: / is true division, // floors. */
public final class Arithmetic {
    private Arithmetic() {
    }

    /** The result, or null when the operator does not apply to these values. */
    public static Value apply(BinaryOperator op, Value left, Value right) {
        if (op == BinaryOperator.EQUAL || op == BinaryOperator.NOT_EQUAL) {
            return new Value.Bool(equal(left, right) == (op == BinaryOperator.EQUAL));
        }
        if (op == BinaryOperator.AND || op == BinaryOperator.OR) {
            return logical(op, left, right);
        }
        if (op == BinaryOperator.MATMUL) {
            return null;
        }
        if (left instanceof Value.Tuple || right instanceof Value.Tuple) {
            return tuples(op, left, right);
        }
        if (left instanceof Value.Int && right instanceof Value.Int) {
            return integers(op, ((Value.Int) left).value(), ((Value.Int) right).value());
        }
        if (isNumber(left) && isNumber(right)) {
            return floats(op, number(left), number(right));
        }
        if (op == BinaryOperator.ADD && left instanceof Value.Str && right instanceof Value.Str) {
            return new Value.Str(((Value.Str) left).value() + ((Value.Str) right).value());
        }
        return null;
    }

    /**
     * Python's tuple arithmetic: {@code (1, 2) + (3,)} concatenates, {@code (3,) * 2} and {@code 2 * (3,)}
     * repeat (a count below 1 gives the empty tuple); a result beyond the values a tuple may hold is an error.
     */
    private static Value tuples(BinaryOperator op, Value left, Value right) {
        if (op == BinaryOperator.ADD && left instanceof Value.Tuple a && right instanceof Value.Tuple b) {
            if ((long) a.elements().size() + b.elements().size() > Builtins.MAX_ELEMENTS) {
                throw tooLong(left, op, right);
            }
            List<Value> elements = new ArrayList<>(a.elements());
            elements.addAll(b.elements());
            return new Value.Tuple(elements);
        }
        Value.Tuple tuple = left instanceof Value.Tuple t ? t : right instanceof Value.Tuple t ? t : null;
        Value count = tuple == left ? right : left;
        if (op != BinaryOperator.MULTIPLY || !(count instanceof Value.Int)) {
            return null;
        }
        long times = Math.max(0, ((Value.Int) count).value());
        long size = tuple.elements().size();
        if (times > 0 && size > Builtins.MAX_ELEMENTS / times) {
            throw tooLong(left, op, right);
        }
        List<Value> elements = new ArrayList<>((int) (size * times));
        for (long i = 0; i < times; i++) {
            elements.addAll(tuple.elements());
        }
        return new Value.Tuple(elements);
    }

    private static ArithmeticException tooLong(Value left, BinaryOperator op, Value right) {
        return new ArithmeticFailure(Text.of("arithmetic.would_hold_more_than", Value.Tuple.brief(left),
            op.symbol(), Value.Tuple.brief(right), Builtins.MAX_ELEMENTS));
    }

    private static Value logical(BinaryOperator op, Value left, Value right) {
        if (!(left instanceof Value.Bool) || !(right instanceof Value.Bool)) {
            return null;
        }
        boolean a = ((Value.Bool) left).value();
        boolean b = ((Value.Bool) right).value();
        return new Value.Bool(op == BinaryOperator.AND ? a && b : a || b);
    }

    /** Integers are 64-bit: a result beyond them is an error, never a wrapped value. */
    private static Value integers(BinaryOperator op, long a, long b) {
        try {
            return exactIntegers(op, a, b);
        } catch (ArithmeticException e) {
            if (b == 0) {
                throw e;
            }
            throw new ArithmeticFailure(Text.of("arithmetic.does_not_fit_bits", a, op.symbol(), b));
        }
    }

    private static Value exactIntegers(BinaryOperator op, long a, long b) {
        switch (op) {
            case ADD:
                return new Value.Int(Math.addExact(a, b));
            case SUBTRACT:
                return new Value.Int(Math.subtractExact(a, b));
            case MULTIPLY:
                return new Value.Int(Math.multiplyExact(a, b));
            case DIVIDE:
                return new Value.Float((double) a / nonZero(b));
            case FLOOR_DIVIDE:
                if (a == Long.MIN_VALUE && b == -1) {
                    throw new ArithmeticFailure(Text.of("arithmetic.floordiv_overflow")); // Math.floorDiv would wrap
                }
                return new Value.Int(Math.floorDiv(a, nonZero(b)));
            case MODULO:
                return new Value.Int(Math.floorMod(a, nonZero(b)));
            case POWER:
                return b < 0 ? floats(op, a, b) : new Value.Int(power(a, b));
            default:
                return compare(op, Long.compare(a, b));
        }
    }

    private static Value floats(BinaryOperator op, double a, double b) {
        switch (op) {
            case ADD:
                return new Value.Float(a + b);
            case SUBTRACT:
                return new Value.Float(a - b);
            case MULTIPLY:
                return new Value.Float(a * b);
            case DIVIDE:
                return new Value.Float(a / nonZero(b));
            case FLOOR_DIVIDE:
                return new Value.Float(Math.floor(a / nonZero(b)));
            case MODULO:
                return new Value.Float(a - nonZero(b) * Math.floor(a / b));
            case POWER:
                return new Value.Float(floatPower(a, b));
            default:
                return compare(op, Double.compare(a, b));
        }
    }

    /** {@code a ** b} for b at least 0, exact: Python's integers grow, ours stop at 64 bits. */
    private static long power(long a, long b) {
        long result = 1;
        for (long i = 0; i < b && result != 0; i++) {
            result = Math.multiplyExact(result, a);
            if (a == 1 || (a == -1 && i > 0)) {
                return b % 2 == 0 || a == 1 ? 1 : -1;
            }
        }
        return result;
    }

    /** Python's float power: 0.0 to a negative power divides by zero, a negative base needs an integer power. */
    private static double floatPower(double a, double b) {
        if (a == 0 && b < 0) {
            throw new ArithmeticFailure(Text.of("arithmetic.cannot_raised_negative_power"));
        }
        if (a < 0 && b != Math.rint(b)) {
            throw new ArithmeticFailure(Text.of("arithmetic.negative_number_raised_fractional"));
        }
        return Math.pow(a, b);
    }

    private static Value compare(BinaryOperator op, int order) {
        switch (op) {
            case LESS:
                return new Value.Bool(order < 0);
            case LESS_EQUAL:
                return new Value.Bool(order <= 0);
            case GREATER:
                return new Value.Bool(order > 0);
            default:
                return new Value.Bool(order >= 0);
        }
    }

    private static boolean equal(Value left, Value right) {
        if (isNumber(left) && isNumber(right)) {
            return number(left) == number(right);
        }
        return left.equals(right);
    }

    private static boolean isNumber(Value v) {
        return v instanceof Value.Int || v instanceof Value.Float;
    }

    private static double number(Value v) {
        return v instanceof Value.Int ? ((Value.Int) v).value() : ((Value.Float) v).value();
    }

    private static long nonZero(long b) {
        if (b == 0) {
            throw new ArithmeticFailure(Text.of("arithmetic.division_zero"));
        }
        return b;
    }

    private static double nonZero(double b) {
        if (b == 0) {
            throw new ArithmeticFailure(Text.of("arithmetic.division_zero"));
        }
        return b;
    }
}
