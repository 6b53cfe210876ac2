package netc.semantic;

import java.util.List;

/** What a PyTorch module's forward returns, as Python sees it: a tensor, a tuple, or None. */
public sealed interface Returned {

    /** A tensor, by its dimensions after the first (the batch, for batch-first tensors). */
    record Tensor(Shape afterFirst) implements Returned {
    }

    record Tuple(List<Returned> elements) implements Returned {
        public Tuple {
            elements = List.copyOf(elements);
        }

        public static Tuple of(Returned... elements) {
            return new Tuple(List.of(elements));
        }
    }

    /** Python's None, as attention called with need_weights=False returns for its weights. */
    record None() implements Returned {
    }
}
