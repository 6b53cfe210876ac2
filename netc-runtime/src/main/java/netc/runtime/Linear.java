package netc.runtime;

/** Dense layers and matrix products, all through {@link Gemm}. */
public final class Linear {
    private Linear() {
    }

    /**
     * {@code torch.nn.functional.linear}: input [..., in], weight [out, in], bias [out] or null;
     * output [..., out].
     */
    public static Tensor linear(Tensor input, Tensor weight, Tensor bias) {
        if (weight.rank() != 2 || input.rank() == 0 || input.size(-1) != weight.shape[1]) {
            throw new IllegalArgumentException("linear: input " + Shapes.toString(input.shape)
                    + " does not fit weight " + Shapes.toString(weight.shape));
        }
        if (bias != null && bias.numel() != weight.shape[0]) {
            throw new IllegalArgumentException("linear: bias " + Shapes.toString(bias.shape) + " does not match "
                    + weight.shape[0] + " outputs");
        }
        return linearRows(input, weight, bias, 0, weight.shape[0]);
    }

    /**
     * A linear layer using only weight rows (and bias entries) [from, to): attention's packed q/k/v
     * projections use it without copying the weight apart. Shapes must already be checked.
     */
    static Tensor linearRows(Tensor input, Tensor weight, Tensor bias, int from, int to) {
        int in = weight.shape[1];
        int all = weight.shape[0];
        int outFeatures = to - from;
        int rows = input.numel() / Math.max(1, in);
        float[] out = new float[rows * outFeatures];
        if (bias != null) {
            for (int r = 0; r < rows; r++) {
                System.arraycopy(bias.data, from, out, r * outFeatures, outFeatures);
            }
        }
        // the transposed weight is [in, all]; columns [from, to) are the wanted outputs
        Gemm.multiply(rows, outFeatures, in, Gemm.Matrix.rowMajor(input.data, 0, in),
                new Gemm.Matrix(weight.layout(Tensor.Layout.TRANSPOSED_BLOCKS, 1), from, all, 1), out, 0, outFeatures);
        int[] shape = input.shape.clone();
        shape[shape.length - 1] = outFeatures;
        return new Tensor(out, shape);
    }

    /**
     * {@code torch.matmul} for a [..., m, k] and b [k, n] or [..., k, n] with the same leading (batch)
     * dimensions; output [..., m, n].
     */
    public static Tensor matmul(Tensor a, Tensor b) {
        int m = a.size(-2);
        int k = a.size(-1);
        int n = b.size(-1);
        int batches = a.numel() / Math.max(1, m * k);
        boolean shared = b.rank() == 2;
        if (b.size(-2) != k || (!shared && b.numel() != batches * k * n)) {
            throw new IllegalArgumentException("matmul: shapes " + Shapes.toString(a.shape) + " and "
                    + Shapes.toString(b.shape) + " do not fit");
        }
        float[] out = new float[batches * m * n];
        Parallel.forEach(batches, i -> Gemm.multiply(m, n, k, Gemm.Matrix.rowMajor(a.data, i * m * k, k),
                Gemm.Matrix.rowMajor(b.data, shared ? 0 : i * k * n, n), out, i * m * n, n));
        int[] shape = a.shape.clone();
        shape[shape.length - 1] = n;
        return new Tensor(out, shape);
    }
}
