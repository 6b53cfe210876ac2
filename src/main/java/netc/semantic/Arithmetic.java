package netc.semantic;

import netc.syntax.Expr.BinaryOperator;

/** Python's meaning of operators on hyper-parameter constants: / is true division, // floors. */
final class Arithmetic {
    private Arithmetic() {
    }

    /** The result, or null when the operator does not apply to these values. */
    static Value apply(BinaryOperator op, Value left, Value right) {
        if (op == BinaryOperator.EQUAL || op == BinaryOperator.NOT_EQUAL) {
            return new Value.Bool(equal(left, right) == (op == BinaryOperator.EQUAL));
        }
        if (op == BinaryOperator.AND || op == BinaryOperator.OR) {
            return logical(op, left, right);
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
            throw new ArithmeticException(a + " " + op.symbol() + " " + b + " does not fit in 64 bits");
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
                    throw new ArithmeticException("floorDiv overflow"); // Math.floorDiv would wrap
                }
                return new Value.Int(Math.floorDiv(a, nonZero(b)));
            case MODULO:
                return new Value.Int(Math.floorMod(a, nonZero(b)));
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
            default:
                return compare(op, Double.compare(a, b));
        }
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
            throw new ArithmeticException("division by zero");
        }
        return b;
    }

    private static double nonZero(double b) {
        if (b == 0) {
            throw new ArithmeticException("division by zero");
        }
        return b;
    }
}
