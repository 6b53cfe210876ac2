package netc.runtime;

import java.util.Arrays;
import java.util.function.BiFunction;

/**
 * Elementwise arithmetic with NumPy/PyTorch broadcasting, and reductions over dimensions, on float32
 * tensors and on int64 tensors (which wrap around on overflow, as PyTorch's do).
 */
public final class Arithmetic {
    private Arithmetic() {
    }

    /** A float binary operation, unboxed. */
    @FunctionalInterface
    interface FloatOperator {
        float apply(float a, float b);
    }

    /** An int64 binary operation, unboxed. */
    @FunctionalInterface
    interface LongOperator {
        long apply(long a, long b);
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

    /** a + b of int64 tensors, broadcast. */
    public static LongTensor add(LongTensor a, LongTensor b) {
        return broadcast(a, b, (x, y) -> x + y);
    }

    /** a - b of int64 tensors, broadcast. */
    public static LongTensor sub(LongTensor a, LongTensor b) {
        return broadcast(a, b, (x, y) -> x - y);
    }

    /** a · b of int64 tensors, broadcast. */
    public static LongTensor mul(LongTensor a, LongTensor b) {
        return broadcast(a, b, (x, y) -> x * y);
    }

    /** x · s + t for scalars s and t (covers scaling and adding a constant). */
    public static Tensor affine(Tensor x, float s, float t) {
        return Activations.map(x, v -> v * s + t);
    }

    /** x · s + t of an int64 tensor and integers s and t. */
    public static LongTensor affine(LongTensor x, long s, long t) {
        long[] out = new long[x.numel()];
        for (int i = 0; i < out.length; i++) {
            out[i] = x.data[i] * s + t;
        }
        return new LongTensor(out, x.shape);
    }

    /** {@code torch.sum(x, dims, keepdim)}. */
    public static Tensor sum(Tensor x, int[] dims, boolean keepDim) {
        return reduce(x, dims, keepDim, (t, d) -> reduceDim(t, d, false));
    }

    /** {@code torch.sum(x, dims, keepdim)} of an int64 tensor, exact (modulo 2^64). */
    public static LongTensor sum(LongTensor x, int[] dims, boolean keepDim) {
        return reduce(x, dims, keepDim, (t, d) -> reduceDim(t, d, false));
    }

    /** {@code torch.mean(x, dims, keepdim)}. */
    public static Tensor mean(Tensor x, int[] dims, boolean keepDim) {
        boolean[] reduced = reducedDims(x.rank(), dims);
        long count = 1;
        for (int d = 0; d < x.rank(); d++) {
            count *= reduced[d] ? x.shape[d] : 1;
        }
        float scale = (float) (1.0 / count);
        return Activations.map(sum(x, dims, keepDim), v -> v * scale);
    }

    /** {@code torch.amax(x, dims, keepdim)}. */
    public static Tensor amax(Tensor x, int[] dims, boolean keepDim) {
        return reduce(x, dims, keepDim, (t, d) -> reduceDim(t, d, true));
    }

    /** {@code torch.amax(x, dims, keepdim)} of an int64 tensor. */
    public static LongTensor amax(LongTensor x, int[] dims, boolean keepDim) {
        return reduce(x, dims, keepDim, (t, d) -> reduceDim(t, d, true));
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

    static Tensor broadcast(Tensor a, Tensor b, FloatOperator op) {
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

    static LongTensor broadcast(LongTensor a, LongTensor b, LongOperator op) {
        int[] shape = broadcastShape(a.shape, b.shape);
        long[] x = Shaping.expand(a, shape).data;
        long[] y = Shaping.expand(b, shape).data;
        long[] out = new long[x.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = op.apply(x[i], y[i]);
        }
        return new LongTensor(out, shape);
    }

    /** Which dimensions {@code dims} (negative counting from the end) names. */
    private static boolean[] reducedDims(int rank, int[] dims) {
        boolean[] reduced = new boolean[rank];
        for (int dim : dims) {
            reduced[Shapes.dim(dim, rank)] = true;
        }
        return reduced;
    }

    /** Reduces each listed dimension in turn, keeping it as size 1, then drops them unless keepDim. */
    @SuppressWarnings("unchecked")
    private static <T extends AnyTensor> T reduce(T x, int[] dims, boolean keepDim,
                                                  BiFunction<T, Integer, T> reduceDim) {
        boolean[] reduced = reducedDims(x.rank(), dims);
        T result = x;
        for (int d = 0; d < x.rank(); d++) {
            if (reduced[d]) {
                result = reduceDim.apply(result, d);
            }
        }
        if (keepDim) {
            return result;
        }
        int[] shape = new int[x.rank()];
        int kept = 0;
        for (int d = 0; d < x.rank(); d++) {
            if (!reduced[d]) {
                shape[kept++] = x.shape()[d];
            }
        }
        return (T) result.reshape(Arrays.copyOf(shape, kept));
    }

    private static Tensor reduceDim(Tensor x, int d, boolean max) {
        float[] out = new float[lineCount(x, d, max)];
        forEachLine(x.shape, d, (start, size, stride, target) -> out[target] = reduceLine(x.data, start, size, stride,
                max));
        return new Tensor(out, keptAsOne(x.shape, d));
    }

    private static LongTensor reduceDim(LongTensor x, int d, boolean max) {
        long[] out = new long[lineCount(x, d, max)];
        forEachLine(x.shape, d, (start, size, stride, target) -> out[target] = reduceLine(x.data, start, size, stride,
                max));
        return new LongTensor(out, keptAsOne(x.shape, d));
    }

    /** The lines along dimension d, one output each; a maximum over an empty dimension is an error. */
    private static int lineCount(AnyTensor x, int d, boolean max) {
        if (max && x.shape()[d] == 0) {
            throw new IllegalArgumentException("amax over empty dimension " + d);
        }
        return Shapes.outer(x.shape(), d) * Shapes.inner(x.shape(), d);
    }

    /** One line along a dimension: its first element, length and stride, and the output index it reduces to. */
    @FunctionalInterface
    private interface Line {
        void reduce(int start, int size, int stride, int target);
    }

    private static void forEachLine(int[] shape, int d, Line line) {
        int size = shape[d];
        int inner = Shapes.inner(shape, d);
        int outer = Shapes.outer(shape, d);
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                line.reduce(o * size * inner + i, size, inner, o * inner + i);
            }
        }
    }

    private static int[] keptAsOne(int[] shape, int d) {
        int[] kept = shape.clone();
        kept[d] = 1;
        return kept;
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

    private static long reduceLine(long[] x, int start, int size, int stride, boolean max) {
        long result = max ? Long.MIN_VALUE : 0;
        for (int j = 0; j < size; j++) {
            long v = x[start + j * stride];
            result = max ? Math.max(result, v) : result + v;
        }
        return result;
    }
}
