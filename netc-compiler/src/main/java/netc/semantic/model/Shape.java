package netc.semantic.model;

import java.util.Arrays;

/**
 * A tensor's shape without its batch dimension, which is always there and printed as -1 (or the
 * batch size) in front, as torchsummary does; or the whole shape of an unbatched tensor, a
 * parameter or buffer a module owns ({@code param class_token: [1, 1, 768]}).
 */
public final class Shape {
    private final long[] dims;
    private final boolean batched;

    private Shape(long[] dims, boolean batched) {
        this.dims = dims;
        this.batched = batched;
    }

    public static Shape of(long... dims) {
        return new Shape(dims.clone(), true);
    }

    /** The shape of a tensor without a batch dimension: {@code dims} are all of its dimensions. */
    public static Shape unbatched(long... dims) {
        return new Shape(dims.clone(), false);
    }

    /** Whether the tensor has the batch dimension in front of {@link #dims}. */
    public boolean batched() {
        return batched;
    }

    /** Rank counting the batch dimension, as PyTorch's dim arguments do. */
    public int rank() {
        return batched ? dims.length + 1 : dims.length;
    }

    /** Dimensions after the batch (all of them, unbatched). */
    public int size() {
        return dims.length;
    }

    /** Dimension {@code i} after the batch (0 is the first after the batch; unbatched, the first). */
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
        return new Shape(copy, batched);
    }

    public Shape withLast(long value) {
        return withDim(dims.length - 1, value);
    }

    /** A new dimension of {@code value} at {@code i}, before dimension {@code i} (after the batch). */
    public Shape withInserted(int i, long value) {
        long[] out = new long[dims.length + 1];
        System.arraycopy(dims, 0, out, 0, i);
        out[i] = value;
        System.arraycopy(dims, i, out, i + 1, dims.length - i);
        return new Shape(out, batched);
    }

    /** The shape without dimension {@code i} (after the batch). */
    public Shape without(int i) {
        long[] out = new long[dims.length - 1];
        System.arraycopy(dims, 0, out, 0, i);
        System.arraycopy(dims, i + 1, out, i, dims.length - i - 1);
        return new Shape(out, batched);
    }

    /** {@code [-1, 16, 32, 32]}: Python's str() of torchsummary's output_shape list; {@code [1, 1, 768]} unbatched. */
    @Override
    public String toString() {
        return withBatch(-1);
    }

    public String withBatch(long batch) {
        StringBuilder out = new StringBuilder("[");
        if (batched) {
            out.append(batch);
        }
        for (int i = 0; i < dims.length; i++) {
            out.append(i > 0 || batched ? ", " : "").append(dims[i]);
        }
        return out.append(']').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape && Arrays.equals(dims, ((Shape) o).dims) && batched == ((Shape) o).batched;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims) * 2 + (batched ? 1 : 0);
    }
}
