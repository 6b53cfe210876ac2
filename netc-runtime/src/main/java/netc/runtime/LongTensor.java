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

    @Override
    public LongTensor reshape(int... newShape) {
        return new LongTensor(data, Shapes.inferReshape(newShape, data.length));
    }

    /** The values converted to float32, as PyTorch promotes int64 to the default float type. */
    public Tensor toFloat() {
        float[] out = new float[data.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = data[i];
        }
        return new Tensor(out, shape);
    }

    @Override
    public String toString() {
        return "LongTensor" + Shapes.toString(shape);
    }
}
