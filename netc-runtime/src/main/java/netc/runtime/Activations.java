package netc.runtime;

/**
 * Activation functions with PyTorch semantics. Each returns a new tensor of the input's shape (except
 * {@link #glu}, which halves one dimension). Elementwise ones share {@link #map}, which is small enough
 * for HotSpot to inline into each caller together with the function.
 */
public final class Activations {
    private static final double SELU_ALPHA = 1.6732632423543772848170429916717;
    private static final double SELU_SCALE = 1.0507009873554804934193349852946;
    private static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

    private Activations() {
    }

    /** A float-to-float function, unboxed. */
    @FunctionalInterface
    public interface FloatFunction {
        /** The function's value at x. */
        float apply(float x);
    }

    /** Applies {@code f} to every element. */
    public static Tensor map(Tensor input, FloatFunction f) {
        float[] out = new float[input.numel()];
        float[] in = input.data;
        Parallel.forChunks(out.length, Parallel.ELEMENTWISE_GRAIN, (from, to) -> {
            for (int i = from; i < to; i++) {
                out[i] = f.apply(in[i]);
            }
        });
        return new Tensor(out, input.shape);
    }

    /** max(0, x); NaN stays NaN. */
    public static Tensor relu(Tensor x) {
        return map(x, v -> Math.max(v, 0f));
    }

    /** min(max(0, x), 6). */
    public static Tensor relu6(Tensor x) {
        return hardtanh(x, 0f, 6f);
    }

    /** x for x &gt; 0, else slope·x. */
    public static Tensor leakyRelu(Tensor x, float slope) {
        return map(x, v -> v > 0 ? v : v * slope);
    }

    /** x for x &gt; 0, else alpha·(e^x - 1). */
    public static Tensor elu(Tensor x, float alpha) {
        return map(x, v -> v > 0 ? v : (float) (alpha * Math.expm1(v)));
    }

    /** scale·(max(0, x) + min(0, alpha·(e^x - 1))) with PyTorch's fixed alpha and scale. */
    public static Tensor selu(Tensor x) {
        return map(x, v -> (float) (SELU_SCALE * (v > 0 ? v : SELU_ALPHA * Math.expm1(v))));
    }

    /** max(0, x) + min(0, alpha·(e^(x/alpha) - 1)). */
    public static Tensor celu(Tensor x, float alpha) {
        return map(x, v -> v > 0 ? v : (float) (alpha * Math.expm1(v / (double) alpha)));
    }

    /** Exact GELU: x·Φ(x) = x/2·(1 + erf(x/√2)). */
    public static Tensor gelu(Tensor x) {
        return map(x, v -> (float) (0.5 * v * (1 + erf(v / Math.sqrt(2)))));
    }

    /** GELU with approximate='tanh': x/2·(1 + tanh(√(2/π)·(x + 0.044715·x³))). */
    public static Tensor geluTanh(Tensor x) {
        return map(x, v -> (float) (0.5 * v * (1 + Math.tanh(SQRT_2_OVER_PI * (v + 0.044715 * v * v * v)))));
    }

    /** x·sigmoid(x). */
    public static Tensor silu(Tensor x) {
        return map(x, v -> (float) (v * sigmoid((double) v)));
    }

    /** x·tanh(softplus(x)). */
    public static Tensor mish(Tensor x) {
        return map(x, v -> (float) (v * Math.tanh(softplus(v, 1, 20))));
    }

    /** 1 / (1 + e^-x). */
    public static Tensor sigmoid(Tensor x) {
        return map(x, v -> (float) sigmoid((double) v));
    }

    /** tanh(x). */
    public static Tensor tanh(Tensor x) {
        return map(x, v -> (float) Math.tanh(v));
    }

    /** x·relu6(x + 3)/6. */
    public static Tensor hardswish(Tensor x) {
        return map(x, v -> v * Math.min(Math.max(v + 3f, 0f), 6f) / 6f);
    }

    /** relu6(x + 3)/6. */
    public static Tensor hardsigmoid(Tensor x) {
        return map(x, v -> Math.min(Math.max(v + 3f, 0f), 6f) / 6f);
    }

    /** x clamped to [min, max]. */
    public static Tensor hardtanh(Tensor x, float min, float max) {
        return map(x, v -> v < min ? min : (v > max ? max : v));
    }

    /** log(1 + e^(beta·x))/beta, or x where beta·x &gt; threshold. */
    public static Tensor softplus(Tensor x, float beta, float threshold) {
        return map(x, v -> (float) softplus(v, beta, threshold));
    }

    /** x / (1 + |x|). */
    public static Tensor softsign(Tensor x) {
        return map(x, v -> v / (1 + Math.abs(v)));
    }

    /** log(sigmoid(x)), computed without overflow. */
    public static Tensor logSigmoid(Tensor x) {
        return map(x, v -> (float) (Math.min(v, 0.0) - Math.log1p(Math.exp(-Math.abs(v)))));
    }

    /** x - tanh(x). */
    public static Tensor tanhshrink(Tensor x) {
        return map(x, v -> (float) (v - Math.tanh(v)));
    }

    /** x where x &gt; threshold, else value. */
    public static Tensor threshold(Tensor x, float threshold, float value) {
        return map(x, v -> v > threshold ? v : value);
    }

    /** PReLU: x for x &gt;= 0, else a·x with one slope, or one per channel (dimension 1). */
    public static Tensor prelu(Tensor input, Tensor weight) {
        if (weight.numel() == 1) {
            float slope = weight.data[0];
            return map(input, v -> v >= 0 ? v : slope * v);
        }
        if (input.rank() < 2 || input.shape[1] != weight.numel()) {
            throw new IllegalArgumentException("prelu: " + weight.numel() + " slopes for input "
                    + Shapes.toString(input.shape));
        }
        int channels = input.shape[1];
        int plane = Shapes.inner(input.shape, 1);
        float[] out = new float[input.numel()];
        for (int i = 0; i < out.length; i++) {
            float v = input.data[i];
            out[i] = v >= 0 ? v : weight.data[i / plane % channels] * v;
        }
        return new Tensor(out, input.shape);
    }

    /** GLU: splits dimension {@code dim} into halves a, b and returns a·sigmoid(b). */
    public static Tensor glu(Tensor input, int dim) {
        int d = Shapes.dim(dim, input.rank());
        int size = input.shape[d];
        if (size % 2 != 0) {
            throw new IllegalArgumentException("glu: dimension " + dim + " of " + Shapes.toString(input.shape) + " is odd");
        }
        int inner = Shapes.inner(input.shape, d);
        int half = size / 2 * inner;
        int outer = Shapes.outer(input.shape, d);
        float[] out = new float[outer * half];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < half; i++) {
                int a = o * 2 * half + i;
                out[o * half + i] = (float) (input.data[a] * sigmoid((double) input.data[a + half]));
            }
        }
        int[] shape = input.shape.clone();
        shape[d] = size / 2;
        return new Tensor(out, shape);
    }

    /** Softmax along {@code dim}, stable for large inputs (the maximum is subtracted first). */
    public static Tensor softmax(Tensor input, int dim) {
        return softmax(input, dim, false);
    }

    /** Log-softmax along {@code dim}: x - max - log Σ e^(x - max). */
    public static Tensor logSoftmax(Tensor input, int dim) {
        return softmax(input, dim, true);
    }

    /** Softmax2d: softmax over the channel dimension of [N, C, H, W] or [C, H, W]. */
    public static Tensor softmax2d(Tensor input) {
        if (input.rank() != 3 && input.rank() != 4) {
            throw new IllegalArgumentException("softmax2d expects rank 3 or 4, got " + Shapes.toString(input.shape));
        }
        return softmax(input, -3);
    }

    private static Tensor softmax(Tensor input, int dim, boolean log) {
        int d = Shapes.dim(dim, input.rank());
        int size = input.shape[d];
        int inner = Shapes.inner(input.shape, d);
        int outer = Shapes.outer(input.shape, d);
        float[] out = new float[input.numel()];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                softmaxLine(input.data, out, o * size * inner + i, size, inner, log);
            }
        }
        return new Tensor(out, input.shape);
    }

    /** Softmax of the {@code size} elements starting at {@code start}, {@code stride} apart. */
    private static void softmaxLine(float[] x, float[] out, int start, int size, int stride, boolean log) {
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < size; j++) {
            max = Math.max(max, x[start + j * stride]);
        }
        double sum = 0;
        for (int j = 0; j < size; j++) {
            sum += Math.exp(x[start + j * stride] - max);
        }
        double logSum = Math.log(sum);
        for (int j = 0; j < size; j++) {
            int at = start + j * stride;
            out[at] = (float) (log ? x[at] - max - logSum : Math.exp(x[at] - max) / sum);
        }
    }

    static double sigmoid(double x) {
        // in double, e^-x overflows only to infinity, which still gives the right limit 0
        return 1 / (1 + Math.exp(-x));
    }

    private static double softplus(double x, double beta, double threshold) {
        return x * beta > threshold ? x : Math.log1p(Math.exp(beta * x)) / beta;
    }

    /**
     * The error function, from the complementary error function's Chebyshev fit in Numerical Recipes
     * (fractional error below 1.2e-7, well within float precision).
     */
    static double erf(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double poly = -1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
                + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
        double erfc = t * Math.exp(-z * z + poly);
        return x >= 0 ? 1 - erfc : erfc - 1;
    }
}
