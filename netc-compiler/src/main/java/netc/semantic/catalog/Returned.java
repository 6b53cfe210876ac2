package netc.semantic.catalog;

import java.util.List;
import netc.semantic.model.Shape;
import netc.semantic.model.Value;

/** What a PyTorch module's forward returns, as Python sees it: a tensor, a tuple, or None. */
public sealed interface Returned {

    /** {@code first} of a tensor whose first dimension is the batch. */
    long BATCH = -1;

    /**
     * A tensor, by its dimensions after the first; {@code first} is that first dimension, or
     * {@link #BATCH} (a recurrent state's is num_layers x directions, its batch the next).
     */
    record Tensor(Shape afterFirst, long first) implements Returned {
        public Tensor(Shape afterFirst) {
            this(afterFirst, BATCH);
        }
    }

    record Tuple(List<Returned> elements) implements Returned {
        public Tuple {
            elements = List.copyOf(elements);
        }

        public static Tuple of(Returned... elements) {
            return new Tuple(List.of(elements));
        }
    }

    /** What a value returned by a block looks like to a summary that runs with {@code batch}. */
    static Returned of(Value value, long batch) {
        if (value instanceof Value.Tensor) {
            return new Tensor(((Value.Tensor) value).shape());
        }
        if (value instanceof Value.State) {
            Value.State state = (Value.State) value;
            long[] dims = state.shape().dims();
            long[] afterFirst = new long[dims.length + 1];
            afterFirst[0] = batch;
            System.arraycopy(dims, 0, afterFirst, 1, dims.length);
            return new Tensor(Shape.of(afterFirst), state.first());
        }
        if (value instanceof Value.Tuple) {
            return new Tuple(((Value.Tuple) value).elements().stream().map(e -> of(e, batch)).collect(
                java.util.stream.Collectors.toList()));
        }
        if (value instanceof Value.None) {
            return new None();
        }
        throw new AssertionError(value);
    }

    /** Python's None, as attention called with need_weights=False returns for its weights. */
    record None() implements Returned {
    }
}
