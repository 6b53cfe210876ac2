package netc.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import netc.TestFiles;
import netc.diagnostics.Diagnostics;
import netc.diagnostics.Messages;
import netc.runtime.SafeTensors;
import netc.semantic.Analyzer;
import netc.semantic.model.AnalyzedModel;
import netc.semantic.model.Trace;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For every layer fixture of tools/layer_fixtures.py, netc explain's working read back from its text
 * and computed again here, by a parser of its arithmetic that shares nothing with netc's: each
 * derivation's numbers give the value it states, the sizes derived for the last call are the output
 * PyTorch produced, and each parameter or buffer has the shape and count of PyTorch's state_dict.
 */
class ExplanationFixtureTest {
    private static final Path CASES = Path.of("netc-compiler/src/test/resources/layers");
    /** {@code quantity = symbols = numbers = value}: the last two parts are the numbers and the value. */
    private static final Pattern DERIVATION = Pattern.compile("^ {4}(\\S+(?: \\+ \\S+)*) = (.+) = (-?\\d+)$");
    private static final Pattern HEADER = Pattern.compile("^(\\S+): .* at \\d+:\\d+, nn\\.\\w+$");
    private static final Pattern OUTPUT = Pattern.compile("^ {4}output {2}\\[([-0-9, ]+)\\](?::.*)?$");
    private static final Pattern ENTRY = Pattern.compile("([\\w.]+) \\[([0-9, ]*)\\] = ([0-9·]+)(?: = ([0-9]+))?");
    private static final Pattern STATE = Pattern.compile("^ {4}(?:parameters|buffers): (.*?)(?:, total ([0-9,]+))?$");
    /** A quantity for one dimension of the output: shape[k], C_out, or a spatial one (L, D, H, W). */
    private static final Pattern DIMENSION = Pattern.compile("shape\\[(-?\\d+)\\]|([CLDHW])_out");
    /** Where a spatial size stands, counted from the last dimension. */
    private static final Map<String, Integer> FROM_LAST = Map.of("L", 1, "W", 1, "H", 2, "D", 3);

    static List<String> cases() throws IOException {
        return LayerFixtureTest.cases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void explainedArithmeticGivesPyTorchsShapesAndCounts(String name) throws IOException {
        check(name);
    }

    /** The checks are not vacuous: most derivations have numbers to compute, most outputs are a call's. */
    @org.junit.jupiter.api.Test
    void mostOfTheWorkingIsChecked() throws IOException {
        int[] totals = new int[2];
        for (String name : cases()) {
            int[] checked = check(name);
            totals[0] += checked[0];
            totals[1] += checked[1];
        }
        assertTrue(totals[0] >= 700, totals[0] + " derivations and entries checked");
        assertTrue(totals[1] >= 150, totals[1] + " outputs checked");
    }

    /** The checks of one fixture: how many derivations and entries were computed again, and outputs compared. */
    private static int[] check(String name) throws IOException {
        Path directory = CASES.resolve(name);
        Explained explained = explain(directory.resolve("model.net"));
        SafeTensors weights = SafeTensors.read(directory.resolve("weights.safetensors"));
        SafeTensors io = SafeTensors.read(directory.resolve("io.safetensors"));
        String path = null;
        Map<String, Long> derivedDimensions = new LinkedHashMap<>();
        long[] lastOutput = null;
        int checked = 0;
        for (String line : explained.text().split("\n")) {
            Matcher header = HEADER.matcher(line);
            if (header.matches() || !line.startsWith(" ")) {
                path = header.matches() ? header.group(1) : null;
                derivedDimensions.clear();
                continue;
            }
            Matcher derivation = DERIVATION.matcher(line);
            if (derivation.matches()) {
                checked += checkDerivation(derivation, path, weights, derivedDimensions);
                continue;
            }
            Matcher output = OUTPUT.matcher(line);
            if (output.matches()) {
                lastOutput = dims(output.group(1));
                assertDerivedDimensionsAreTheOutputs(line, derivedDimensions, lastOutput);
                continue;
            }
            Matcher state = STATE.matcher(line);
            if (state.matches()) {
                checked += checkState(state, path, weights);
            }
        }
        if (!explained.outputOfLastCall()) {
            return new int[] {checked, 0};
        }
        int[] expected = io.shape(io.names().contains("output") ? "output" : "output0");
        expected[0] = -1;
        assertArrayEquals(Arrays.stream(expected).asLongStream().toArray(), lastOutput, name + "'s output");
        return new int[] {checked, 1};
    }

    /** The explanation, and whether the model's output is what its last layer call gave. */
    record Explained(String text, boolean outputOfLastCall) {
    }

    /** A fixture's model explained in English, as netc explain prints it. */
    static Explained explain(Path file) {
        Diagnostics diagnostics = new Diagnostics();
        Analyzer.Result result = Analyzer.analyze(TestFiles.source(file), new Analyzer.Options(null, Map.of()),
            diagnostics);
        assertFalse(diagnostics.hasErrors(), diagnostics.all().toString());
        AnalyzedModel model = result.models().get(0);
        Trace trace = model.trace();
        Trace.Step last = null;
        for (Trace.Step step : trace.steps()) {
            last = step.id() >= 0 ? step : last;
        }
        boolean outputOfLastCall = model.returnedTuple() == null && last instanceof Trace.Apply
            && last.id() == trace.idOf(model.output());
        return new Explained(Explanation.render(model, result.sources(), Messages.of(Explanation.BUNDLE,
            Locale.ENGLISH)), outputOfLastCall);
    }

    /**
     * The numbers of a derivation give its value; a size of one dimension is kept for the output line,
     * and a recurrent layer's count per layer and direction is the sum of its entries in the state_dict.
     */
    private static int checkDerivation(Matcher derivation, String path, SafeTensors weights,
                                       Map<String, Long> derivedDimensions) throws IOException {
        String quantity = derivation.group(1);
        String[] working = derivation.group(2).split(" = ");
        String numbers = working[working.length - 1];
        long value = Long.parseLong(derivation.group(3));
        int checked = 0;
        if (!numbers.matches(".*[A-Za-z_].*")) {
            assertEquals(BigInteger.valueOf(value), Calculator.evaluate(numbers).exact(), numbers);
            checked++;
        }
        if (DIMENSION.matcher(quantity).matches()) {
            derivedDimensions.put(quantity, value); // a correction (ceil_mode's) replaces the first value
        }
        if (quantity.contains(" + ")) {
            long total = 0;
            for (String key : quantity.split(" \\+ ")) {
                total += elements(weights.shape(path + "." + key));
            }
            assertEquals(total, value, quantity);
            checked++;
        }
        return checked;
    }

    private static void assertDerivedDimensionsAreTheOutputs(String line, Map<String, Long> derived, long[] output) {
        derived.forEach((quantity, value) -> {
            Matcher dimension = DIMENSION.matcher(quantity);
            assertTrue(dimension.matches());
            int index;
            if (dimension.group(1) != null) {
                int k = Integer.parseInt(dimension.group(1));
                index = k < 0 ? output.length + k : k;
            } else {
                index = dimension.group(2).equals("C") ? 1 : output.length - FROM_LAST.get(dimension.group(2));
            }
            assertEquals(output[index], value, quantity + " in " + line);
        });
    }

    /** Each entry's shape is the state_dict's, its product computed here, and the total their sum. */
    private static int checkState(Matcher state, String path, SafeTensors weights) throws IOException {
        Matcher entry = ENTRY.matcher(state.group(1));
        long total = 0;
        int checked = 0;
        while (entry.find()) {
            String key = path + "." + entry.group(1);
            long[] shape = dims(entry.group(2));
            assertArrayEquals(Arrays.stream(weights.shape(key)).asLongStream().toArray(), shape, key);
            long value = Long.parseLong(entry.group(4) != null ? entry.group(4) : entry.group(3));
            assertEquals(BigInteger.valueOf(value), Calculator.evaluate(entry.group(3)).exact(), key);
            total += value;
            checked++;
        }
        if (state.group(2) != null) {
            assertEquals(Long.parseLong(state.group(2).replace(",", "")), total, "total of " + state.group(1));
        }
        return checked;
    }

    private static void assertArrayEquals(long[] expected, long[] actual, String what) {
        assertEquals(Arrays.toString(expected), Arrays.toString(actual), what);
    }

    private static long[] dims(String list) {
        return list.isBlank() ? new long[0]
            : Arrays.stream(list.split(", ")).mapToLong(Long::parseLong).toArray();
    }

    private static long elements(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /**
     * The arithmetic explain prints, computed exactly in fractions: numbers (decimals too), + − · and
     * /, parentheses, ⌊x⌋ and ⌈x⌉.
     */
    static final class Calculator {
        private final String text;
        private int at;

        private Calculator(String text) {
            this.text = text.replace(" ", "");
        }

        static Fraction evaluate(String text) {
            Calculator calculator = new Calculator(text);
            Fraction value = calculator.sum();
            assertEquals(calculator.text.length(), calculator.at, "unparsed text in " + text);
            return value;
        }

        private Fraction sum() {
            Fraction value = product();
            while (at < text.length() && (text.charAt(at) == '+' || text.charAt(at) == '−')) {
                char operator = text.charAt(at++);
                Fraction term = product();
                value = operator == '+' ? value.plus(term) : value.plus(term.negate());
            }
            return value;
        }

        private Fraction product() {
            Fraction value = atom();
            while (at < text.length() && (text.charAt(at) == '·' || text.charAt(at) == '/')) {
                char operator = text.charAt(at++);
                Fraction factor = atom();
                value = operator == '·' ? value.times(factor) : value.dividedBy(factor);
            }
            return value;
        }

        private Fraction atom() {
            char c = text.charAt(at);
            if (c == '(' || c == '⌊' || c == '⌈') {
                at++;
                Fraction inner = sum();
                char close = text.charAt(at++);
                assertEquals(c == '(' ? ')' : c == '⌊' ? '⌋' : '⌉', close, "brackets of " + text);
                return c == '(' ? inner : c == '⌊' ? inner.floor() : inner.ceiling();
            }
            int start = at;
            if (c == '-') {
                at++;
            }
            while (at < text.length() && (Character.isDigit(text.charAt(at)) || text.charAt(at) == '.')) {
                at++;
            }
            return Fraction.of(new BigDecimal(text.substring(start, at)));
        }
    }

    /** An exact rational number. */
    record Fraction(BigInteger numerator, BigInteger denominator) {
        static Fraction of(BigDecimal value) {
            BigInteger scale = BigInteger.TEN.pow(Math.max(value.scale(), 0));
            return new Fraction(value.movePointRight(Math.max(value.scale(), 0)).toBigIntegerExact(), scale).reduced();
        }

        Fraction reduced() {
            BigInteger gcd = numerator.gcd(denominator);
            return gcd.signum() == 0 ? this : new Fraction(numerator.divide(gcd), denominator.divide(gcd));
        }

        Fraction plus(Fraction other) {
            return new Fraction(numerator.multiply(other.denominator).add(other.numerator.multiply(denominator)),
                denominator.multiply(other.denominator)).reduced();
        }

        Fraction negate() {
            return new Fraction(numerator.negate(), denominator);
        }

        Fraction times(Fraction other) {
            return new Fraction(numerator.multiply(other.numerator), denominator.multiply(other.denominator)).reduced();
        }

        Fraction dividedBy(Fraction other) {
            Fraction quotient = new Fraction(numerator.multiply(other.denominator), denominator.multiply(other.numerator));
            return quotient.denominator.signum() < 0 ? new Fraction(quotient.numerator.negate(),
                quotient.denominator.negate()).reduced() : quotient.reduced();
        }

        Fraction floor() {
            BigInteger[] qr = numerator.divideAndRemainder(denominator);
            return new Fraction(qr[1].signum() < 0 ? qr[0].subtract(BigInteger.ONE) : qr[0], BigInteger.ONE);
        }

        Fraction ceiling() {
            return negate().floor().negate();
        }

        /** The value, which must be whole. */
        BigInteger exact() {
            assertEquals(BigInteger.ONE, denominator, numerator + "/" + denominator + " is not whole");
            return numerator;
        }
    }
}
