package netc.runtime;

/** A tensor of any element type: {@link Tensor} (float32) or {@link LongTensor} (int64). */
public sealed interface AnyTensor permits Tensor, LongTensor {
    /** The shape, outermost dimension first. Callers must not modify the returned array. */
    int[] shape();

    /** The number of elements, the product of the shape. */
    int numel();

    /** The number of dimensions. */
    default int rank() {
        return shape().length;
    }

    /** The same data under a new shape, as a tensor of the same type; one entry may be -1 to be inferred. */
    AnyTensor reshape(int... newShape);
}
