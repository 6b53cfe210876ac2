package netc.syntax;

import java.math.BigInteger;
import java.util.List;
import netc.diagnostics.SourceSpan;

/**
 * Expressions: one family for hyper-parameter arithmetic and for the flow of tensors, because the
 * language writes both alike ({@code 32*8*8}, {@code y + s}); their types tell them apart.
 */
public sealed interface Expr {
    SourceSpan span();

    <R> R accept(Visitor<R> visitor);

    /** One method per kind of expression, so a pass that forgets one does not compile. */
    interface Visitor<R> {
        R visitInt(IntLiteral e);

        R visitFloat(FloatLiteral e);

        R visitString(StringLiteral e);

        R visitBool(BoolLiteral e);

        R visitName(Name e);

        R visitCall(Call e);

        R visitLabelled(Labelled e);

        R visitGroup(Group e);

        R visitTuple(Tuple e);

        R visitList(ListLiteral e);

        R visitComprehension(Comprehension e);

        R visitUnary(Unary e);

        R visitBinary(Binary e);

        R visitChain(Chain e);

        R visitIf(If e);

        R visitRepeat(Repeat e);

        R visitIndex(Index e);

        R visitMethod(Method e);
    }

    /**
     * {@code value} is the literal's, exactly, up to {@link #MAX_DIGITS} digits after any leading zeros;
     * a longer one, which no 64-bit value can be, is read as {@link #BEYOND_DIGITS} (2^63): reading
     * millions of digits exactly takes minutes, and nothing asks by how much the literal is too large.
     */
    record IntLiteral(SourceSpan span, BigInteger value) implements Expr {
        public static final int MAX_DIGITS = 100;
        public static final BigInteger BEYOND_DIGITS = BigInteger.ONE.shiftLeft(63);

        /** The value of a literal's digits, as above. */
        public static BigInteger valueOf(String digits) {
            String significant = significant(digits);
            return significant.length() > MAX_DIGITS ? BEYOND_DIGITS : new BigInteger(significant);
        }

        /** A literal's digits without its leading zeros ({@code 0} for zeros alone). */
        public static String significant(String digits) {
            int first = 0;
            while (first < digits.length() - 1 && digits.charAt(first) == '0') {
                first++;
            }
            return digits.substring(first);
        }

        public <R> R accept(Visitor<R> v) {
            return v.visitInt(this);
        }
    }

    record FloatLiteral(SourceSpan span, double value) implements Expr {
        public <R> R accept(Visitor<R> v) {
            return v.visitFloat(this);
        }
    }

    record StringLiteral(SourceSpan span, String value) implements Expr {
        public <R> R accept(Visitor<R> v) {
            return v.visitString(this);
        }
    }

    record BoolLiteral(SourceSpan span, boolean value) implements Expr {
        public <R> R accept(Visitor<R> v) {
            return v.visitBool(this);
        }
    }

    /**
     * A bare name: a value, a parameter, or a layer without arguments. {@code F.relu} (and
     * torch.nn.functional's {@code F.log_softmax}, written here without underscores) is
     * functional; {@code nn.Conv2d} names a layer by its PyTorch class.
     */
    record Name(SourceSpan span, Qualifier qualifier, Identifier id) implements Expr {
        public String text() {
            return id.text();
        }

        public boolean functional() {
            return qualifier == Qualifier.FUNCTIONAL;
        }

        public boolean qualified() {
            return qualifier != Qualifier.NONE;
        }

        public <R> R accept(Visitor<R> v) {
            return v.visitName(this);
        }
    }

    /** {@code callee(arguments)}. */
    record Call(SourceSpan span, Name callee, List<Argument> arguments) implements Expr {
        public Call {
            arguments = List.copyOf(arguments);
        }

        public <R> R accept(Visitor<R> v) {
            return v.visitCall(this);
        }
    }

    /**
     * A positional argument has a null {@code keyword}. Its span is worked out when asked for, not
     * held: a model of layers has millions of arguments, each with its value's span already.
     */
    record Argument(Identifier keyword, Expr value) {
        /** From the keyword, if there is one, to the end of the value. */
        public SourceSpan span() {
            return keyword == null ? value.span() : keyword.span().to(value.span());
        }
    }

    /** {@code label: target}: the label names the module, as a PyTorch attribute does. */
    record Labelled(SourceSpan span, Label label, Expr target) implements Expr {
        public <R> R accept(Visitor<R> v) {
            return v.visitLabelled(this);
        }
    }

    /**
     * {@code ( statements )}: an nn.Sequential in a chain, a parenthesised value in an argument. Equal
     * to another of the same span and statements, as a record would be; not a record, because a file of
     * nested groups holds one per bracket: most groups hold one chain, which it keeps without a list or
     * a statement around it, and its span within itself where that fits in a long. 24 bytes a bracket,
     * not 64.
     */
    final class Group implements Expr {
        private final long packedSpan;
        /** The span, where it does not pack into {@code packedSpan}; else null. */
        private final SourceSpan wideSpan;
        /** The chain of a group of one chain statement, else the list of its statements. */
        private final Object body;

        public Group(SourceSpan span, List<Statement> statements) {
            this.packedSpan = span.packs() ? span.packed() : 0;
            this.wideSpan = span.packs() ? null : span;
            this.body = statements.size() == 1 && statements.get(0) instanceof Statement.Chain chain
                && chain.span().equals(chain.chain().span()) ? chain.chain() : List.copyOf(statements);
        }

        @Override
        public SourceSpan span() {
            return wideSpan != null ? wideSpan : SourceSpan.unpacked(packedSpan);
        }

        @SuppressWarnings("unchecked")
        public List<Statement> statements() {
            return body instanceof Expr chain ? List.of(new Statement.Chain(chain.span(), chain)) : (List<Statement>) body;
        }

        /** The expression of {@code (expr)}, or null when the group holds more, or a binding. */
        public Expr single() {
            return body instanceof Expr chain ? chain : null;
        }

        public <R> R accept(Visitor<R> v) {
            return v.visitGroup(this);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Group other && span().equals(other.span()) && body.equals(other.body);
        }

        @Override
        public int hashCode() {
            return 31 * span().hashCode() + body.hashCode();
        }

        @Override
        public String toString() {
            return "Group[span=" + span() + ", statements=" + statements() + "]";
        }
    }

    record Tuple(SourceSpan span, List<Expr> elements) implements Expr {
        public Tuple {
            elements = List.copyOf(elements);
        }

        public <R> R accept(Visitor<R> v) {
            return v.visitTuple(this);
        }
    }

    /** {@code [a, b]}: Python's list, a sequence of values as a tuple is ({@code torch.cat([x, skip], 1)}). */
    record ListLiteral(SourceSpan span, List<Expr> elements) implements Expr {
        public ListLiteral {
            elements = List.copyOf(elements);
        }

        public <R> R accept(Visitor<R> v) {
            return v.visitList(this);
        }
    }

    /**
     * {@code [element for variable in iterable if condition]}: a list built by a loop over what a
     * repeat goes over; {@code condition} is null without {@code if}.
     */
    record Comprehension(SourceSpan span, Expr element, Pattern variable, Expr iterable, Expr condition)
        implements Expr {
        public <R> R accept(Visitor<R> v) {
            return v.visitComprehension(this);
        }
    }

    record Unary(SourceSpan span, UnaryOperator operator, Expr operand) implements Expr {
        public <R> R accept(Visitor<R> v) {
            return v.visitUnary(this);
        }
    }

    record Binary(SourceSpan span, BinaryOperator operator, Expr left, Expr right) implements Expr {
        public <R> R accept(Visitor<R> v) {
            return v.visitBinary(this);
        }
    }

    /** {@code a -> b -> c}, flattened: at least two steps. */
    record Chain(SourceSpan span, List<Expr> steps) implements Expr {
        public Chain {
            steps = List.copyOf(steps);
        }

        public <R> R accept(Visitor<R> v) {
            return v.visitChain(this);
        }
    }

    /** {@code if c { ... } else { ... }}; {@code otherwise} is null without else. */
    record If(SourceSpan span, Expr condition, List<Statement> then, List<Statement> otherwise) implements Expr {
        public If {
            then = List.copyOf(then);
            otherwise = otherwise == null ? null : List.copyOf(otherwise);
        }

        public <R> R accept(Visitor<R> v) {
            return v.visitIf(this);
        }
    }

    /**
     * {@code repeat n { ... }}, {@code repeat i in n { ... }}, or over the elements of a tuple,
     * {@code range(...)} or {@code enumerate(...)}: {@code repeat i, k in enumerate(sizes) { ... }};
     * {@code variable} is null without {@code in}.
     */
    record Repeat(SourceSpan span, Pattern variable, Expr count, List<Statement> body) implements Expr {
        public Repeat {
            body = List.copyOf(body);
        }

        public <R> R accept(Visitor<R> v) {
            return v.visitRepeat(this);
        }
    }

    /** {@code x[:, -1]}. */
    record Index(SourceSpan span, Expr target, List<Slice> slices) implements Expr {
        public Index {
            slices = List.copyOf(slices);
        }

        public <R> R accept(Visitor<R> v) {
            return v.visitIndex(this);
        }
    }

    /**
     * {@code receiver.name(arguments)}, or {@code receiver.name} when not {@code called}
     * ({@code x.shape}): a tensor's method or attribute, with PyTorch's meaning.
     */
    record Method(SourceSpan span, Expr receiver, Identifier name, List<Argument> arguments, boolean called)
        implements Expr {
        public Method {
            arguments = List.copyOf(arguments);
        }

        public <R> R accept(Visitor<R> v) {
            return v.visitMethod(this);
        }
    }

    /** One subscript: a single index when {@code range} is false, else start:stop:step (each may be null). */
    record Slice(SourceSpan span, boolean range, Expr start, Expr stop, Expr step) {
    }

    /** What a name's qualifier says it is. */
    enum Qualifier {
        /** {@code relu}: a value, a parameter, a block or a catalogue layer. */
        NONE,
        /** {@code F.relu}, {@code torch.cat}: a functional call, named as the catalogue names layers. */
        FUNCTIONAL,
        /** {@code nn.Conv2d}: a layer module, named by its PyTorch class. */
        TORCH_MODULE,
        /** {@code keras.Dense}: a qualifier netc does not know, already reported (E107). */
        INVALID
    }

    enum UnaryOperator {
        NEGATE("-"), PLUS("+"), NOT("!");

        private final String symbol;

        UnaryOperator(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    enum BinaryOperator {
        POWER("**"), MULTIPLY("*"), MATMUL("@"), DIVIDE("/"), FLOOR_DIVIDE("//"), MODULO("%"),
        ADD("+"), SUBTRACT("-"),
        LESS("<"), LESS_EQUAL("<="), GREATER(">"), GREATER_EQUAL(">="),
        EQUAL("=="), NOT_EQUAL("!="),
        AND("&&"), OR("||");

        private final String symbol;

        BinaryOperator(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        /** {@code < <= > >= == !=}. */
        public boolean comparison() {
            return compareTo(LESS) >= 0 && compareTo(NOT_EQUAL) <= 0;
        }
    }
}
