package netc.runtime;

/**
 * A dense float32 tensor: a contiguous row-major {@code data} array and its {@code shape}.
 * Kernels never modify their inputs and always return new tensors; {@link #reshape} shares data.
 * Convolution and linear kernels cache a transposed copy of their weight tensors, so a tensor's data
 * must not change after it has been used as a weight.
 */
public final class Tensor implements AnyTensor {
    /** The elements in row-major order. */
    public final float[] data;
    /** The dimensions, outermost first. */
    public final int[] shape;

    private float[] transposedBlocks;
    private int transposedGroups;

    /** Wraps {@code data} (not copied) as a tensor of the given shape; the sizes must agree. */
    public Tensor(float[] data, int... shape) {
        this.shape = Shapes.checked(data.length, shape);
        this.data = data;
    }

    /** A zero-filled tensor. */
    public static Tensor zeros(int... shape) {
        return new Tensor(new float[Shapes.numel(shape)], shape);
    }

    @Override
    public int[] shape() {
        return shape;
    }

    @Override
    public int numel() {
        return data.length;
    }

    /** The number of dimensions. */
    public int rank() {
        return shape.length;
    }

    /** The size of one dimension; negative indices count from the end. */
    public int size(int dim) {
        return shape[Shapes.dim(dim, shape.length)];
    }

    /** The same data under a new shape; one entry may be -1 to be inferred. */
    public Tensor reshape(int... newShape) {
        return new Tensor(data, Shapes.inferReshape(newShape, data.length));
    }

    /** The element at a full index (for tests and glue code, not for inner loops). */
    public float get(int... index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("index of rank " + index.length + " for a tensor of rank " + shape.length);
        }
        int flat = 0;
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= shape[i]) {
                throw new IndexOutOfBoundsException("index " + index[i] + " out of range for dimension " + i
                        + " of size " + shape[i]);
            }
            flat = flat * shape[i] + index[i];
        }
        return data[flat];
    }

    @Override
    public String toString() {
        return "Tensor" + Shapes.toString(shape);
    }

    /**
     * The data seen as {@code groups} row-major [rows, cols] blocks (rows = size(0)/groups, cols = the
     * remaining dimensions), each block transposed to [cols, rows]. Computed on first use and cached.
     */
    synchronized float[] transposedBlocks(int groups) {
        if (transposedBlocks == null || transposedGroups != groups) {
            int rows = shape[0] / groups;
            int cols = rows == 0 ? 0 : data.length / shape[0];
            float[] out = new float[data.length];
            for (int g = 0; g < groups; g++) {
                transposeBlock(g * rows * cols, rows, cols, out);
            }
            transposedBlocks = out;
            transposedGroups = groups;
        }
        return transposedBlocks;
    }

    private void transposeBlock(int base, int rows, int cols, float[] out) {
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[base + c * rows + r] = data[base + r * cols + c];
            }
        }
    }
}
