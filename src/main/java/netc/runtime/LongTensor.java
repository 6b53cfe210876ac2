package netc.runtime;

/** A dense int64 tensor (token ids, counters): a contiguous row-major {@code data} array and its {@code shape}. */
public final class LongTensor implements AnyTensor {
    /** The elements in row-major order. */
    public final long[] data;
    /** The dimensions, outermost first. */
    public final int[] shape;

    /** Wraps {@code data} (not copied) as a tensor of the given shape; the sizes must agree. */
    public LongTensor(long[] data, int... shape) {
        this.shape = Shapes.checked(data.length, shape);
        this.data = data;
    }

    @Override
    public int[] shape() {
        return shape;
    }

    @Override
    public int numel() {
        return data.length;
    }

    /** The same data under a new shape; one entry may be -1 to be inferred. */
    public LongTensor reshape(int... newShape) {
        return new LongTensor(data, Shapes.inferReshape(newShape, data.length));
    }

    @Override
    public String toString() {
        return "LongTensor" + Shapes.toString(shape);
    }
}
