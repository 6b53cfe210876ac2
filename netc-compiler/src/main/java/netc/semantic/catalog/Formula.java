package netc.semantic.catalog;

import java.util.List;

/**
 * A size formula a rule computes with, which prints itself as well: with its symbols
 * ({@code ⌊(H_in + 2·padding − kernel_size)/stride⌋ + 1}) or with the numbers they stand for
 * ({@code ⌊(32 + 2·1 − 3)/1⌋ + 1}). Rules compute a size through {@link LayerCall#derive}, so the
 * explanation of a size is the formula that gave it. Values are computed with Math.*Exact: past 64
 * bits they throw ArithmeticException.
 */
public sealed interface Formula {

    long value();

    /** The formula with its symbols; {@code numbers} prints each symbol's number instead. */
    String print(boolean numbers);

    /** How tightly the printed formula binds, for parentheses: sums 1, products 2, atoms 3. */
    int precedence();

    /** A number written in the rule itself: the 2 of 2·padding. */
    record Number(long value) implements Formula {
        @Override
        public String print(boolean numbers) {
            return Long.toString(value);
        }

        @Override
        public int precedence() {
            return 3;
        }
    }

    /** A named size, an argument or a dimension of the input: {@code padding} = 1, {@code H_in} = 32. */
    record Symbol(String name, long value) implements Formula {
        @Override
        public String print(boolean numbers) {
            return numbers ? Long.toString(value) : name;
        }

        @Override
        public int precedence() {
            return 3;
        }
    }

    /** The operators of the formulas, as printed: +, −, · and an exact quotient /. */
    enum Operator {
        PLUS(" + ", 1), MINUS(" − ", 1), TIMES("·", 2), DIVIDED("/", 2);

        private final String text;
        private final int precedence;

        Operator(String text, int precedence) {
            this.text = text;
            this.precedence = precedence;
        }
    }

    /** {@code left op right}; DIVIDED only where the rule has checked that the division is exact. */
    record Binary(Operator operator, Formula left, Formula right) implements Formula {
        @Override
        public long value() {
            long a = left.value();
            long b = right.value();
            switch (operator) {
                case PLUS:
                    return Math.addExact(a, b);
                case MINUS:
                    return Math.subtractExact(a, b);
                case TIMES:
                    return Math.multiplyExact(a, b);
                case DIVIDED:
                    return a / b;
                default:
                    throw new AssertionError(operator);
            }
        }

        @Override
        public String print(boolean numbers) {
            // the right operand of − and / is parenthesized at equal precedence: a − (b − c), a/(b·c)
            boolean rightTight = operator == Operator.MINUS || operator == Operator.DIVIDED;
            return operand(left, operator.precedence, false, numbers) + operator.text
                + operand(right, operator.precedence, rightTight, numbers);
        }

        private static String operand(Formula f, int precedence, boolean tight, boolean numbers) {
            boolean parenthesize = f.precedence() < precedence || tight && f.precedence() == precedence;
            return parenthesize ? "(" + f.print(numbers) + ")" : f.print(numbers);
        }

        @Override
        public int precedence() {
            return operator.precedence;
        }
    }

    /** {@code ⌊a/b⌋} or, rounding up, {@code ⌈a/b⌉}: Python's // and its ceiling. */
    record Rounded(Formula numerator, Formula denominator, boolean up) implements Formula {
        @Override
        public long value() {
            long a = numerator.value();
            long b = denominator.value();
            long floor = Math.floorDiv(a, b);
            return up && floor * b != a ? floor + 1 : floor;
        }

        @Override
        public String print(boolean numbers) {
            return (up ? "⌈" : "⌊") + Binary.operand(numerator, 2, false, numbers) + "/"
                + Binary.operand(denominator, 2, true, numbers) + (up ? "⌉" : "⌋");
        }

        @Override
        public int precedence() {
            return 3;
        }
    }

    /**
     * {@code ⌊size·factor⌋} with a float factor, in double precision as PyTorch computes an
     * upsampled size: {@code ⌊H_in·scale_factor⌋ = ⌊32·1.5⌋}.
     */
    record Scaled(Formula size, String factorName, double factor) implements Formula {
        @Override
        public long value() {
            return (long) Math.floor(size.value() * factor);
        }

        @Override
        public String print(boolean numbers) {
            return "⌊" + Binary.operand(size, 2, false, numbers) + "·" + (numbers ? Double.toString(factor) : factorName)
                + "⌋";
        }

        @Override
        public int precedence() {
            return 3;
        }
    }

    static Formula number(long value) {
        return new Number(value);
    }

    static Formula symbol(String name, long value) {
        return new Symbol(name, value);
    }

    default Formula plus(Formula other) {
        return new Binary(Operator.PLUS, this, other);
    }

    default Formula minus(Formula other) {
        return new Binary(Operator.MINUS, this, other);
    }

    default Formula times(Formula other) {
        return new Binary(Operator.TIMES, this, other);
    }

    /** An exact quotient, for sizes the rule has checked divide: in_channels/groups. */
    default Formula dividedBy(Formula other) {
        return new Binary(Operator.DIVIDED, this, other);
    }

    default Formula floorDividedBy(Formula other) {
        return new Rounded(this, other, false);
    }

    default Formula ceilDividedBy(Formula other) {
        return new Rounded(this, other, true);
    }

    /** The product of {@code factors}: 32·8·8; 1 for none. */
    static Formula product(List<Formula> factors) {
        if (factors.isEmpty()) {
            return number(1);
        }
        Formula product = factors.get(0);
        for (Formula factor : factors.subList(1, factors.size())) {
            product = product.times(factor);
        }
        return product;
    }

    /** The sum of {@code terms}, at least one. */
    static Formula sum(List<Formula> terms) {
        Formula sum = terms.get(0);
        for (Formula term : terms.subList(1, terms.size())) {
            sum = sum.plus(term);
        }
        return sum;
    }
}
