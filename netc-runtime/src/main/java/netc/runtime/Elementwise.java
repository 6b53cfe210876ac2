package netc.runtime;

import java.util.SplittableRandom;

/**
 * torch's element-wise functions: exp, log, sqrt, rsqrt, abs, pow, clamp, comparisons, where, masked_fill,
 * randn_like and rand_like. A bool tensor (a comparison's result, a mask) is a float32 tensor of 0 and 1.
 */
public final class Elementwise {
    private Elementwise() {
    }

    /** {@code torch.exp}. */
    public static Tensor exp(Tensor x) {
        return Activations.map(x, v -> (float) Math.exp(v));
    }

    /** {@code torch.log}: NaN below 0, -inf at 0. */
    public static Tensor log(Tensor x) {
        return Activations.map(x, v -> (float) Math.log(v));
    }

    /** {@code torch.sqrt}. */
    public static Tensor sqrt(Tensor x) {
        return Activations.map(x, v -> (float) Math.sqrt(v));
    }

    /** {@code torch.rsqrt}: 1 / sqrt(x). */
    public static Tensor rsqrt(Tensor x) {
        return Activations.map(x, v -> (float) (1 / Math.sqrt(v)));
    }

    /** {@code torch.abs}. */
    public static Tensor abs(Tensor x) {
        return Activations.map(x, Math::abs);
    }

    /** {@code torch.abs} of an int64 tensor (the least value stays itself, as it wraps in PyTorch). */
    public static LongTensor abs(LongTensor x) {
        return map(x, Math::abs);
    }

    /** {@code x ** exponent}. */
    public static Tensor pow(Tensor x, float exponent) {
        return Activations.map(x, v -> (float) Math.pow(v, exponent));
    }

    /** {@code base ** x}. */
    public static Tensor pow(float base, Tensor x) {
        return Activations.map(x, v -> (float) Math.pow(base, v));
    }

    /** {@code x ** y}, broadcast. */
    public static Tensor pow(Tensor x, Tensor y) {
        return Arithmetic.broadcast(x, y, (a, b) -> (float) Math.pow(a, b));
    }

    /** {@code x ** exponent} of an int64 tensor, wrapping as PyTorch's integer power does. */
    public static LongTensor pow(LongTensor x, long exponent) {
        return map(x, v -> power(v, exponent));
    }

    /** {@code base ** x} for an int64 tensor x. */
    public static LongTensor pow(long base, LongTensor x) {
        return map(x, v -> power(base, v));
    }

    /** {@code x ** y} of int64 tensors, broadcast. */
    public static LongTensor pow(LongTensor x, LongTensor y) {
        return Arithmetic.broadcast(x, y, Elementwise::power);
    }

    /** Integer power by squaring, wrapping on overflow; a negative power is 1 or -1 for ±1 and 0 otherwise, as in PyTorch. */
    static long power(long base, long exponent) {
        if (exponent < 0) {
            return base == 1 ? 1 : base == -1 ? (exponent % 2 == 0 ? 1 : -1) : 0;
        }
        long result = 1;
        long factor = base;
        for (long e = exponent; e > 0; e >>= 1) {
            if ((e & 1) == 1) {
                result *= factor;
            }
            factor *= factor;
        }
        return result;
    }

    /** {@code torch.clamp(x, min, max)}; a missing bound is an infinity. NaN stays NaN. */
    public static Tensor clamp(Tensor x, float min, float max) {
        return Activations.map(x, v -> v < min ? min : v > max ? max : v);
    }

    /** {@code torch.clamp} of an int64 tensor; a missing bound is the least or greatest long. */
    public static LongTensor clamp(LongTensor x, long min, long max) {
        return map(x, v -> Math.min(Math.max(v, min), max));
    }

    /** {@code a op b} for op one of {@code < <= > >= == !=}, broadcast: 1 where it holds, else 0. */
    public static Tensor compare(Tensor a, String op, Tensor b) {
        Comparison test = Comparison.of(op);
        return Arithmetic.broadcast(a, b, (x, y) -> test.holds(Float.compare(x, y), x != x || y != y) ? 1f : 0f);
    }

    /** {@code a op b} with a number. */
    public static Tensor compare(Tensor a, String op, float b) {
        Comparison test = Comparison.of(op);
        return Activations.map(a, x -> test.holds(Float.compare(x, b), x != x || b != b) ? 1f : 0f);
    }

    /** {@code a op b} of int64 tensors, broadcast. */
    public static Tensor compare(LongTensor a, String op, LongTensor b) {
        Comparison test = Comparison.of(op);
        return Arithmetic.broadcast(a, b, (x, y) -> test.holds(Long.compare(x, y), false) ? 1 : 0).toFloat();
    }

    /** {@code a op b} of an int64 tensor and an integer. */
    public static Tensor compare(LongTensor a, String op, long b) {
        Comparison test = Comparison.of(op);
        float[] out = new float[a.numel()];
        for (int i = 0; i < out.length; i++) {
            out[i] = test.holds(Long.compare(a.data[i], b), false) ? 1f : 0f;
        }
        return new Tensor(out, a.shape);
    }

    /** A comparison operator; NaN makes every comparison false but {@code !=}. */
    private enum Comparison {
        LESS, LESS_EQUAL, GREATER, GREATER_EQUAL, EQUAL, NOT_EQUAL;

        static Comparison of(String op) {
            switch (op) {
                case "<":
                    return LESS;
                case "<=":
                    return LESS_EQUAL;
                case ">":
                    return GREATER;
                case ">=":
                    return GREATER_EQUAL;
                case "==":
                    return EQUAL;
                case "!=":
                    return NOT_EQUAL;
                default:
                    throw new IllegalArgumentException("not a comparison: " + op);
            }
        }

        boolean holds(int order, boolean nan) {
            if (nan) {
                return this == NOT_EQUAL;
            }
            switch (this) {
                case LESS:
                    return order < 0;
                case LESS_EQUAL:
                    return order <= 0;
                case GREATER:
                    return order > 0;
                case GREATER_EQUAL:
                    return order >= 0;
                case EQUAL:
                    return order == 0;
                default:
                    return order != 0;
            }
        }
    }

    /** {@code torch.where(condition, a, b)}, the three broadcast; a and b both float32 or both int64. */
    @SuppressWarnings("unchecked")
    public static <T extends AnyTensor> T where(Tensor condition, T a, T b) {
        int[] shape = Arithmetic.broadcastShape(Arithmetic.broadcastShape(condition.shape, a.shape()), b.shape());
        float[] c = Shaping.expand(condition, shape).data;
        T x = Shaping.expand(a, shape);
        T y = Shaping.expand(b, shape);
        if (x instanceof LongTensor) {
            long[] out = ((LongTensor) x).data.clone();
            long[] other = ((LongTensor) y).data;
            for (int i = 0; i < out.length; i++) {
                out[i] = c[i] != 0 ? out[i] : other[i];
            }
            return (T) new LongTensor(out, shape);
        }
        float[] out = ((Tensor) x).data.clone();
        float[] other = ((Tensor) y).data;
        for (int i = 0; i < out.length; i++) {
            out[i] = c[i] != 0 ? out[i] : other[i];
        }
        return (T) new Tensor(out, shape);
    }

    /** {@code torch.where(condition, a, other)} with a number. */
    public static Tensor where(Tensor condition, Tensor a, float other) {
        return where(condition, a, new Tensor(new float[] {other}));
    }

    /** {@code torch.where} of int64 values and an integer. */
    public static LongTensor where(Tensor condition, LongTensor a, long other) {
        return where(condition, a, new LongTensor(new long[] {other}));
    }

    /** {@code x.masked_fill(mask, value)}: the mask broadcasts to x's shape, so this is where(mask, value, x). */
    public static Tensor maskedFill(Tensor x, Tensor mask, float value) {
        return where(mask, new Tensor(new float[] {value}), x);
    }

    /** {@code x.masked_fill(mask, value)} of an int64 tensor. */
    public static LongTensor maskedFill(LongTensor x, Tensor mask, long value) {
        return where(mask, new LongTensor(new long[] {value}), x);
    }

    /**
     * {@code torch.randn_like(x)}: standard normal numbers of x's shape from a generator seeded with
     * {@code seed}, so that every run draws the same numbers (they are not PyTorch's).
     */
    public static Tensor randnLike(Tensor x, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] out = new float[x.numel()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) random.nextGaussian();
        }
        return new Tensor(out, x.shape);
    }

    /** {@code torch.rand_like(x)}: uniform numbers in [0, 1), seeded as {@link #randnLike}. */
    public static Tensor randLike(Tensor x, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] out = new float[x.numel()];
        for (int i = 0; i < out.length; i++) {
            out[i] = random.nextFloat();
        }
        return new Tensor(out, x.shape);
    }

    /** A long-to-long function, unboxed. */
    @FunctionalInterface
    private interface LongFunction {
        long apply(long x);
    }

    private static LongTensor map(LongTensor x, LongFunction f) {
        long[] out = new long[x.numel()];
        for (int i = 0; i < out.length; i++) {
            out[i] = f.apply(x.data[i]);
        }
        return new LongTensor(out, x.shape);
    }
}
