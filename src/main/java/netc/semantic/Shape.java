package netc.semantic;

import java.util.Arrays;

/**
 * A tensor's shape without its batch dimension, which is always there and printed as -1 (or the
 * batch size) in front, as torchsummary does.
 */
public final class Shape {
    private final long[] dims;

    private Shape(long[] dims) {
        this.dims = dims;
    }

    public static Shape of(long... dims) {
        return new Shape(dims.clone());
    }

    /** Rank counting the batch dimension, as PyTorch's dim arguments do. */
    public int rank() {
        return dims.length + 1;
    }

    /** Dimensions after the batch. */
    public int size() {
        return dims.length;
    }

    /** Dimension {@code i} after the batch (0 is the first after the batch). */
    public long dim(int i) {
        return dims[i];
    }

    public long last() {
        return dims[dims.length - 1];
    }

    public long[] dims() {
        return dims.clone();
    }

    /** Elements per batch item; throws ArithmeticException past 2^63. */
    public long elements() {
        long n = 1;
        for (long d : dims) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    public Shape withDim(int i, long value) {
        long[] copy = dims.clone();
        copy[i] = value;
        return new Shape(copy);
    }

    public Shape withLast(long value) {
        return withDim(dims.length - 1, value);
    }

    /** {@code [-1, 16, 32, 32]}: Python's str() of torchsummary's output_shape list. */
    @Override
    public String toString() {
        return withBatch(-1);
    }

    public String withBatch(long batch) {
        StringBuilder out = new StringBuilder("[").append(batch);
        for (long d : dims) {
            out.append(", ").append(d);
        }
        return out.append(']').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape && Arrays.equals(dims, ((Shape) o).dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }
}
