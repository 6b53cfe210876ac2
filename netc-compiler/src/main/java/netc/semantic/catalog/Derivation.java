package netc.semantic.catalog;

/**
 * How a rule computed one size: {@code quantity} (H_out, weight's rows, a flattened size), the
 * formula it computed with, and the value. {@code unless}, when not null, is the condition under
 * which ATen corrected a first result (ceil_mode's last window starting past the input), which
 * {@code formula} then corrects.
 */
public record Derivation(String quantity, Formula formula, long value, Comparison unless) {

    /** {@code left ≥ right}, both with their working. */
    public record Comparison(Formula left, Formula right) {
        public String text() {
            return working(left) + " ≥ " + working(right);
        }
    }

    /** {@code quantity = symbols = numbers = value}, leaving out a step that reads as the one before it. */
    public String text() {
        return quantity + " = " + working(formula);
    }

    /** {@code symbols = numbers = value}, without repeats: 32·8·8 = 2048, not 32·8·8 = 32·8·8 = 2048. */
    public static String working(Formula formula) {
        StringBuilder out = new StringBuilder();
        String symbols = formula.print(false);
        String numbers = formula.print(true);
        String value = Long.toString(formula.value());
        out.append(symbols);
        if (!numbers.equals(symbols)) {
            out.append(" = ").append(numbers);
        }
        if (!value.equals(numbers)) {
            out.append(" = ").append(value);
        }
        return out.toString();
    }
}
