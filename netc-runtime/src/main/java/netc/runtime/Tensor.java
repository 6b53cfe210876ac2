package netc.runtime;

/**
 * A dense float32 tensor: a contiguous row-major {@code data} array and its {@code shape}.
 * Kernels never modify their inputs and always return new tensors; {@link #reshape} shares data.
 * Convolution and linear kernels cache a rearranged copy of their weight tensors ({@link Layout}), so a
 * tensor's data must not change after it has been used as a weight.
 */
public final class Tensor implements AnyTensor {
    /** The elements in row-major order. */
    public final float[] data;
    /** The dimensions, outermost first. */
    public final int[] shape;

    private float[] layout;
    private Layout layoutKind;
    private int layoutGroups;

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

    /** The size of one dimension; negative indices count from the end. */
    public int size(int dim) {
        return shape[Shapes.dim(dim, shape.length)];
    }

    @Override
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

    /** The rearranged copies of a weight that kernels compute once and cache. */
    enum Layout {
        /**
         * The data seen as {@code groups} row-major [rows, cols] blocks (rows = size(0)/groups, cols = the
         * remaining dimensions), each block transposed to [cols, rows].
         */
        TRANSPOSED_BLOCKS,
        /**
         * The same blocks cut into panels of {@link Gemm#MR} rows, zero-padded to a whole panel, each panel
         * column-major: [group][panel][col][MR], the form of the matrix product's left operand.
         */
        ROW_PANELS
    }

    /** This tensor's data in the given layout, computed on first use and cached. */
    synchronized float[] layout(Layout kind, int groups) {
        if (layout == null || layoutKind != kind || layoutGroups != groups) {
            int rows = shape[0] / groups;
            int cols = rows == 0 ? 0 : data.length / shape[0];
            int height = kind == Layout.ROW_PANELS ? Gemm.roundUp(rows, Gemm.MR) : rows;
            int panel = kind == Layout.ROW_PANELS ? Gemm.MR : rows;
            float[] out = new float[groups * height * cols];
            for (int g = 0; g < groups; g++) {
                arrangeBlock(g * rows * cols, rows, cols, panel, g * height * cols, out);
            }
            layout = out;
            layoutKind = kind;
            layoutGroups = groups;
        }
        return layout;
    }

    /** Row r, column c of one block goes to panel r / panel, at column c, position r % panel. */
    private void arrangeBlock(int base, int rows, int cols, int panel, int outBase, float[] out) {
        for (int r = 0; r < rows; r++) {
            int to = outBase + r / panel * panel * cols + r % panel;
            for (int c = 0; c < cols; c++) {
                out[to + c * panel] = data[base + r * cols + c];
            }
        }
    }
}
