package netc.semantic.model;

import java.util.List;
import java.util.stream.Collectors;
import netc.diagnostics.Text;

/**
 * What an expression evaluates to at compile time: a constant hyper-parameter value, or a tensor
 * whose shape is known (or unknown after an error, so that one mistake is reported once).
 */
public sealed interface Value {
    /** How the value reads in a message: {@code the integer 3}, {@code a tensor [-1, 16]}. */
    Text describe();

    /** Python-like source form, as it would be written back: {@code 3}, {@code (3, 3)}, {@code "same"}. */
    String show();

    /** Whether the value is, or holds, the result of an error already reported. */
    default boolean invalid() {
        return false;
    }

    Value NONE = new None();
    Value INFER = new Infer();
    Value INVALID = new Invalid();

    record Int(long value) implements Value {
        /** The integers most literals write (sizes, strides, paddings), one object each: every layer keeps its arguments. */
        private static final Int[] SMALL = new Int[1025];

        static {
            for (int i = 0; i < SMALL.length; i++) {
                SMALL[i] = new Int(i);
            }
        }

        public static Int of(long value) {
            return value >= 0 && value < SMALL.length ? SMALL[(int) value] : new Int(value);
        }

        public Text describe() {
            return Text.of("value.integer", value);
        }

        public String show() {
            return Long.toString(value);
        }
    }

    record Float(double value) implements Value {
        public Text describe() {
            return Text.of("value.number", show());
        }

        public String show() {
            return Double.toString(value);
        }
    }

    record Bool(boolean value) implements Value {
        private static final Bool TRUE = new Bool(true);
        private static final Bool FALSE = new Bool(false);

        public static Bool of(boolean value) {
            return value ? TRUE : FALSE;
        }

        public Text describe() {
            return Text.of("value.boolean", value);
        }

        public String show() {
            return Boolean.toString(value);
        }
    }

    record Str(String value) implements Value {
        public Text describe() {
            return Text.of("value.string", show());
        }

        public String show() {
            return "\"" + value + "\"";
        }
    }

    record Tuple(List<Value> elements) implements Value {
        /** The most elements {@link #brief} writes out. */
        private static final int BRIEF = 8;

        public Tuple {
            elements = List.copyOf(elements);
        }

        public Text describe() {
            return Text.of("value.tuple", brief());
        }

        /**
         * How a tuple reads in a message or a hover: {@link #show}, but a tuple of more than 8 elements (a
         * thousand pieces of unbind) as its first 6, {@code ...} and its last, at every level.
         */
        public String brief() {
            List<Value> written = elements.size() <= BRIEF ? elements : elements.subList(0, BRIEF - 2);
            List<String> parts = written.stream().map(Tuple::brief).collect(Collectors.toList());
            if (written.size() < elements.size()) {
                parts.add("...");
                parts.add(brief(elements.get(elements.size() - 1)));
            }
            return "(" + String.join(", ", parts) + (elements.size() == 1 ? ",)" : ")");
        }

        /** A value as messages show it: a long tuple briefly, anything else as written. */
        public static String brief(Value value) {
            return value instanceof Tuple ? ((Tuple) value).brief() : value.show();
        }

        @Override
        public boolean invalid() {
            return elements.stream().anyMatch(Value::invalid);
        }

        public String show() {
            String inside = elements.stream().map(Value::show).collect(Collectors.joining(", "));
            return "(" + inside + (elements.size() == 1 ? ",)" : ")");
        }
    }

    /** PyTorch's None: what a default like pooling's stride=None stands for. */
    record None() implements Value {
        public Text describe() {
            return Text.of("value.none");
        }

        public String show() {
            return "None";
        }
    }

    /** What an erroneous expression evaluates to, once its error is reported: checks skip it. */
    record Invalid() implements Value {
        public Text describe() {
            return Text.of("value.invalid_value");
        }

        @Override
        public boolean invalid() {
            return true;
        }

        public String show() {
            return "?";
        }
    }

    /** {@code _}: a size the compiler infers from the incoming tensor, as PyTorch's lazy layers do. */
    record Infer() implements Value {
        public Text describe() {
            return Text.of("value.inferred");
        }

        public String show() {
            return "_";
        }
    }

    /**
     * The batch size, read from the batched tensor {@code source} ({@code x.size(0)}): known only when
     * the model runs, so it may stand only where PyTorch takes the size of dimension 0 (view, reshape,
     * expand). Code generators read it off {@code source} again.
     */
    record Batch(Tensor source) implements Value {
        public Text describe() {
            return Text.of("value.batch_size");
        }

        public String show() {
            return "batch";
        }
    }

    /** A tensor; {@code shape} is null when an earlier error left it unknown. */
    record Tensor(Shape shape, DType dtype, Provenance origin) implements Value {
        public boolean known() {
            return shape != null;
        }

        public Text describe() {
            return known() ? Text.of("value.tensor", shape) : Text.of("value.tensor_2");
        }

        public String show() {
            return known() ? shape.toString() : "tensor";
        }
    }

    /**
     * A recurrent layer's state, {@code [first, batch, ...shape]}: PyTorch's h_n and c_n hold the batch
     * in their second dimension ({@code first} is num_layers x directions), so it is no tensor a layer
     * of the chain takes; it goes back into a recurrent layer as its initial state. {@code shape} is
     * null when an earlier error left it unknown.
     */
    record State(long first, Shape shape, DType dtype, Provenance origin) implements Value {
        public boolean known() {
            return shape != null;
        }

        public Text describe() {
            return known() ? Text.of("value.recurrent_state", show()) : Text.of("value.recurrent_state_2");
        }

        /** {@code [1, -1, 128]}: the batch, printed -1 as in tensor shapes, in the second dimension. */
        public String show() {
            return known() ? "[" + first + ", " + shape.toString().substring(1) : "state";
        }
    }

    enum DType {
        FLOAT32("float32"), INT64("int64"), BOOL("bool");

        private final String label;

        DType(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** PyTorch's promotion of two tensors' types: float32 if either is float32, else int64 if either is. */
        public DType promote(DType other) {
            if (this == FLOAT32 || other == FLOAT32) {
                return FLOAT32;
            }
            return this == INT64 || other == INT64 ? INT64 : BOOL;
        }
    }
}
