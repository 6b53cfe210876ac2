package netc.runtime;

import java.util.Arrays;

/** Elementwise arithmetic with NumPy/PyTorch broadcasting, and reductions over dimensions. */
public final class Arithmetic {
    private Arithmetic() {
    }

    /** A float binary operation, unboxed. */
    @FunctionalInterface
    private interface FloatOperator {
        float apply(float a, float b);
    }

    /** a + b, broadcast. */
    public static Tensor add(Tensor a, Tensor b) {
        return broadcast(a, b, (x, y) -> x + y);
    }

    /** a - b, broadcast. */
    public static Tensor sub(Tensor a, Tensor b) {
        return broadcast(a, b, (x, y) -> x - y);
    }

    /** a · b, broadcast. */
    public static Tensor mul(Tensor a, Tensor b) {
        return broadcast(a, b, (x, y) -> x * y);
    }

    /** a / b, broadcast. */
    public static Tensor div(Tensor a, Tensor b) {
        return broadcast(a, b, (x, y) -> x / y);
    }

    /** x · s + t for scalars s and t (covers scaling and adding a constant). */
    public static Tensor affine(Tensor x, float s, float t) {
        return Activations.map(x, v -> v * s + t);
    }

    /** {@code torch.sum(x, dims, keepdim)}. */
    public static Tensor sum(Tensor x, int[] dims, boolean keepDim) {
        return reduce(x, dims, keepDim, false, false);
    }

    /** {@code torch.mean(x, dims, keepdim)}. */
    public static Tensor mean(Tensor x, int[] dims, boolean keepDim) {
        return reduce(x, dims, keepDim, false, true);
    }

    /** {@code torch.amax(x, dims, keepdim)}. */
    public static Tensor amax(Tensor x, int[] dims, boolean keepDim) {
        return reduce(x, dims, keepDim, true, false);
    }

    /** The broadcast shape of two shapes, aligned at their last dimension. */
    public static int[] broadcastShape(int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] shape = new int[rank];
        for (int i = 0; i < rank; i++) {
            int sa = i < rank - a.length ? 1 : a[i - rank + a.length];
            int sb = i < rank - b.length ? 1 : b[i - rank + b.length];
            if (sa != sb && sa != 1 && sb != 1) {
                throw new IllegalArgumentException("shapes " + Shapes.toString(a) + " and " + Shapes.toString(b)
                        + " do not broadcast");
            }
            shape[i] = sa == 1 ? sb : sa;
        }
        return shape;
    }

    private static Tensor broadcast(Tensor a, Tensor b, FloatOperator op) {
        int[] shape = broadcastShape(a.shape, b.shape);
        float[] x = Shaping.expand(a, shape).data;
        float[] y = Shaping.expand(b, shape).data;
        float[] out = new float[x.length];
        Parallel.forChunks(out.length, Parallel.ELEMENTWISE_GRAIN, (from, to) -> {
            for (int i = from; i < to; i++) {
                out[i] = op.apply(x[i], y[i]);
            }
        });
        return new Tensor(out, shape);
    }

    /** Reduces each listed dimension in turn, keeping it as size 1, then drops them unless keepDim. */
    private static Tensor reduce(Tensor x, int[] dims, boolean keepDim, boolean max, boolean mean) {
        boolean[] reduced = new boolean[x.rank()];
        for (int dim : dims) {
            reduced[Shapes.dim(dim, x.rank())] = true;
        }
        Tensor result = x;
        long count = 1;
        for (int d = 0; d < x.rank(); d++) {
            if (reduced[d]) {
                result = reduceDim(result, d, max);
                count *= x.shape[d];
            }
        }
        if (mean) {
            float scale = (float) (1.0 / count);
            result = Activations.map(result, v -> v * scale);
        }
        if (keepDim) {
            return result;
        }
        int[] shape = new int[x.rank()];
        int kept = 0;
        for (int d = 0; d < x.rank(); d++) {
            if (!reduced[d]) {
                shape[kept++] = x.shape[d];
            }
        }
        return result.reshape(Arrays.copyOf(shape, kept));
    }

    private static Tensor reduceDim(Tensor x, int d, boolean max) {
        int size = x.shape[d];
        if (max && size == 0) {
            throw new IllegalArgumentException("amax over empty dimension " + d);
        }
        int inner = Shapes.inner(x.shape, d);
        int outer = Shapes.outer(x.shape, d);
        float[] out = new float[outer * inner];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                out[o * inner + i] = reduceLine(x.data, o * size * inner + i, size, inner, max);
            }
        }
        int[] shape = x.shape.clone();
        shape[d] = 1;
        return new Tensor(out, shape);
    }

    private static float reduceLine(float[] x, int start, int size, int stride, boolean max) {
        if (max) {
            float m = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < size; j++) {
                float v = x[start + j * stride];
                m = v > m || Float.isNaN(v) ? v : m;
            }
            return m;
        }
        double sum = 0;
        for (int j = 0; j < size; j++) {
            sum += x[start + j * stride];
        }
        return (float) sum;
    }
}
