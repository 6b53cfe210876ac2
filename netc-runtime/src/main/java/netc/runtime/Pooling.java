package netc.runtime;

import java.util.Arrays;

/**
 * Max, average and adaptive pooling over 1, 2 or 3 spatial dimensions with PyTorch semantics. The
 * spatial rank is the length of {@code kernel} (or {@code outputSize}); input is [N, C, *spatial].
 * {@code stride} null or empty means the kernel size; per-dimension arrays may hold a single value.
 */
public final class Pooling {
    private Pooling() {
    }

    /**
     * Where the windows of one spatial dimension lie: output o reads {@code taps[o]} inputs starting at
     * {@code first[o]}, {@code step} apart (all inside the input); {@code extent[o]} is the window length
     * counted with padding, the divisor of average pooling with count_include_pad.
     */
    private record Axis(int[] first, int[] taps, int step, int[] extent) {
        int size() {
            return first.length;
        }

        /** The first output whose window has the most taps (no clipping at an edge). */
        int firstWhole() {
            int most = 0;
            for (int tap : taps) {
                most = Math.max(most, tap);
            }
            int o = 0;
            while (o < size() && taps[o] != most) {
                o++;
            }
            return o;
        }

        /** The end of the run of outputs from {@code lo} with whole windows evenly spaced. */
        int endOfEvenlySpaced(int lo) {
            int hi = Math.min(lo + 1, size());
            while (hi < size() && taps[hi] == taps[lo]
                    && (hi == lo + 1 || first[hi] - first[hi - 1] == first[lo + 1] - first[lo])) {
                hi++;
            }
            return hi;
        }

        /** Whether every output is the input at the same position: nothing to reduce. */
        boolean isIdentity(int in) {
            for (int o = 0; o < size(); o++) {
                if (first[o] != o || taps[o] != 1) {
                    return false;
                }
            }
            return size() == in;
        }

        /** The same windows with every extent {@code extent}, for a divisor that does not depend on the window. */
        Axis withExtent(int extent) {
            int[] extents = new int[size()];
            Arrays.fill(extents, extent);
            return new Axis(first, taps, step, extents);
        }

        /** A fixed window sliding with stride, padding and dilation. */
        static Axis sliding(int in, int kernel, int stride, int pad, int dilation, boolean ceilMode) {
            int out = Spatial.outputSize(in, kernel, stride, pad, dilation, ceilMode);
            if (out <= 0) {
                throw new IllegalArgumentException("pooling: input size " + in + " is too small for kernel " + kernel);
            }
            Axis axis = new Axis(new int[out], new int[out], dilation, new int[out]);
            for (int o = 0; o < out; o++) {
                int start = o * stride - pad;
                int skipped = start >= 0 ? 0 : (-start + dilation - 1) / dilation;
                int last = Math.min(kernel - 1, Math.floorDiv(in - 1 - start, dilation));
                axis.first[o] = start + skipped * dilation;
                axis.taps[o] = Math.max(0, last - skipped + 1);
                axis.extent[o] = Math.min(start + kernel, in + pad) - start;
            }
            return axis;
        }

        /** PyTorch's adaptive windows: [floor(o·in/out), ceil((o+1)·in/out)). */
        static Axis adaptive(int in, int out) {
            if (out <= 0) {
                throw new IllegalArgumentException("adaptive pooling: output size " + out + " must be positive");
            }
            Axis axis = new Axis(new int[out], new int[out], 1, new int[out]);
            for (int o = 0; o < out; o++) {
                int start = (int) ((long) o * in / out);
                int end = (int) (((long) (o + 1) * in + out - 1) / out);
                axis.first[o] = start;
                axis.taps[o] = end - start;
                axis.extent[o] = end - start;
            }
            return axis;
        }
    }

    /** {@code max_pool1d/2d/3d} with padding (as -infinity), dilation and ceil_mode. */
    public static Tensor maxPool(Tensor input, int[] kernel, int[] stride, int[] padding, int[] dilation,
                                 boolean ceilMode) {
        return pool(input, slidingAxes(input, kernel, stride, padding, dilation, ceilMode), true, false);
    }

    /** {@code avg_pool1d/2d/3d} with zero padding, ceil_mode and count_include_pad. */
    public static Tensor avgPool(Tensor input, int[] kernel, int[] stride, int[] padding, boolean ceilMode,
                                 boolean countIncludePad) {
        return pool(input, slidingAxes(input, kernel, stride, padding, new int[] {1}, ceilMode), false, countIncludePad);
    }

    /**
     * {@code avg_pool2d/3d} with divisor_override: each window's sum divided by {@code divisor}, whatever
     * the window covers (count_include_pad then makes no difference).
     */
    public static Tensor avgPoolWithDivisor(Tensor input, int[] kernel, int[] stride, int[] padding, boolean ceilMode,
                                            int divisor) {
        if (divisor == 0) {
            throw new IllegalArgumentException("avg_pool: divisor_override must not be zero");
        }
        Axis[] axes = slidingAxes(input, kernel, stride, padding, new int[] {1}, ceilMode);
        axes[0] = axes[0].withExtent(divisor);
        axes[1] = axes[1].withExtent(1);
        axes[2] = axes[2].withExtent(1);
        return pool(input, axes, false, true);
    }

    /** {@code adaptive_avg_pool1d/2d/3d} to the given output sizes. */
    public static Tensor adaptiveAvgPool(Tensor input, int[] outputSize) {
        return pool(input, adaptiveAxes(input, outputSize), false, false);
    }

    /** {@code adaptive_max_pool1d/2d/3d} to the given output sizes. */
    public static Tensor adaptiveMaxPool(Tensor input, int[] outputSize) {
        return pool(input, adaptiveAxes(input, outputSize), true, false);
    }

    private static Axis[] slidingAxes(Tensor input, int[] kernel, int[] stride, int[] padding, int[] dilation,
                                      boolean ceilMode) {
        int rank = kernel.length;
        Spatial.requireRank(input, rank, "pooling");
        int[] in = Spatial.liftedSizes(input.shape, rank);
        int[] k = Spatial.lift(kernel, rank, 1, "kernel");
        int[] s = stride == null || stride.length == 0 ? k : Spatial.lift(stride, rank, 1, "stride");
        int[] p = Spatial.lift(padding, rank, 0, "padding");
        int[] d = Spatial.lift(dilation, rank, 1, "dilation");
        Spatial.requirePositive(k, "kernel");
        Spatial.requirePositive(s, "stride");
        Spatial.requirePositive(d, "dilation");
        Axis[] axes = new Axis[3];
        for (int i = 0; i < 3; i++) {
            if (p[i] < 0 || p[i] > k[i] / 2) {
                throw new IllegalArgumentException("pooling: padding " + Arrays.toString(padding)
                        + " must be between 0 and half the kernel " + Arrays.toString(kernel));
            }
            axes[i] = Axis.sliding(in[i], k[i], s[i], p[i], d[i], ceilMode);
        }
        return axes;
    }

    private static Axis[] adaptiveAxes(Tensor input, int[] outputSize) {
        int rank = outputSize.length;
        Spatial.requireRank(input, rank, "adaptive pooling");
        int[] in = Spatial.liftedSizes(input.shape, rank);
        int[] out = Spatial.lift(outputSize, rank, 1, "output size");
        Axis[] axes = new Axis[3];
        for (int i = 0; i < 3; i++) {
            axes[i] = Axis.adaptive(in[i], out[i]);
        }
        return axes;
    }

    /**
     * Reduces every window of every (n, c) plane: the maximum, or the sum over the divisor. Both reductions
     * are separable, so each plane is reduced along z, then y (whole rows at a time, in SIMD), then x,
     * one axis at a time.
     */
    private static Tensor pool(Tensor input, Axis[] axes, boolean max, boolean countPadding) {
        int rank = input.rank() - 2;
        int[] in = Spatial.liftedSizes(input.shape, rank);
        int[] out = {axes[0].size(), axes[1].size(), axes[2].size()};
        int inPlane = Spatial.volume(in);
        int outPlane = Spatial.volume(out);
        int planes = input.shape[0] * input.shape[1];
        float[] result = new float[planes * outPlane];
        Parallel.forEach(planes, plane -> {
            float[] x = Arrays.copyOfRange(input.data, plane * inPlane, (plane + 1) * inPlane);
            x = reduceAxis(x, 1, in[0], in[1] * in[2], axes[0], max);
            x = reduceAxis(x, out[0], in[1], in[2], axes[1], max);
            x = reduceAxis(x, out[0] * out[1], in[2], 1, axes[2], max);
            if (!max) {
                divide(x, axes, out, countPadding);
            }
            System.arraycopy(x, 0, result, plane * outPlane, outPlane);
        });
        return new Tensor(result, Spatial.shape(input.shape[0], input.shape[1], out, rank));
    }

    /** Reduces the middle axis of x viewed as [outer, size, inner] over each window of {@code axis}. */
    private static float[] reduceAxis(float[] x, int outer, int size, int inner, Axis axis, boolean max) {
        if (axis.isIdentity(size)) {
            return x;
        }
        float[] out = new float[outer * axis.size() * inner];
        if (inner == 1) {
            reduceRows(x, outer, size, axis, max, out);
            return out;
        }
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < axis.size(); i++) {
                int target = (o * axis.size() + i) * inner;
                int source = (o * size + axis.first[i]) * inner;
                reduceTaps(x, source, axis.step * inner, axis.taps[i], out, target, inner, max);
            }
        }
        return out;
    }

    /**
     * reduceAxis along the last axis. The windows evenly spaced and whole (all but the first and last few)
     * are reduced tap by tap across the row, in long loops; calling a loop of two or three taps per
     * output costs several times more. The rest are reduced one window at a time.
     */
    private static void reduceRows(float[] x, int outer, int size, Axis axis, boolean max, float[] out) {
        int lo = axis.firstWhole();
        int hi = axis.endOfEvenlySpaced(lo);
        int spacing = hi - lo > 1 ? axis.first[lo + 1] - axis.first[lo] : 0;
        int taps = hi > lo ? axis.taps[lo] : 0;
        for (int o = 0; o < outer; o++) {
            int inRow = o * size;
            int outRow = o * axis.size();
            for (int i = 0; i < lo; i++) {
                out[outRow + i] = reduceWindow(x, inRow, axis, i, max);
            }
            for (int i = hi; i < axis.size(); i++) {
                out[outRow + i] = reduceWindow(x, inRow, axis, i, max);
            }
            for (int t = 0; t < taps; t++) {
                int from = inRow + axis.first[lo] + t * axis.step - lo * spacing;
                if (t == 0) {
                    gather(x, from, spacing, out, outRow, lo, hi);
                } else if (max) {
                    maxGather(x, from, spacing, out, outRow, lo, hi);
                } else {
                    addGather(x, from, spacing, out, outRow, lo, hi);
                }
            }
        }
    }

    /** out[outRow + i] = x[from + i·spacing] for lo ≤ i &lt; hi; so are the two below, with max and +. */
    private static void gather(float[] x, int from, int spacing, float[] out, int outRow, int lo, int hi) {
        for (int i = lo; i < hi; i++) {
            out[outRow + i] = x[from + i * spacing];
        }
    }

    private static void maxGather(float[] x, int from, int spacing, float[] out, int outRow, int lo, int hi) {
        for (int i = lo; i < hi; i++) {
            out[outRow + i] = Math.max(out[outRow + i], x[from + i * spacing]); // NaN propagates, as in PyTorch
        }
    }

    private static void addGather(float[] x, int from, int spacing, float[] out, int outRow, int lo, int hi) {
        for (int i = lo; i < hi; i++) {
            out[outRow + i] += x[from + i * spacing];
        }
    }

    private static float reduceWindow(float[] x, int inRow, Axis axis, int i, boolean max) {
        int from = inRow + axis.first[i];
        return max ? maxOf(x, from, axis.step, axis.taps[i]) : sumOf(x, from, axis.step, axis.taps[i]);
    }

    private static float maxOf(float[] x, int from, int step, int count) {
        float acc = Float.NEGATIVE_INFINITY;
        for (int t = 0; t < count; t++) {
            acc = Math.max(acc, x[from + t * step]); // branch-free; NaN propagates, as in PyTorch
        }
        return acc;
    }

    private static float sumOf(float[] x, int from, int step, int count) {
        float acc = 0f;
        for (int t = 0; t < count; t++) {
            acc += x[from + t * step];
        }
        return acc;
    }

    /**
     * out[target + j] = reduction over t of x[source + t·tapStride + j], for j &lt; inner: the first tap
     * copied, the others folded in (an empty window is -infinity for max, 0 for sum). Max and sum are
     * separate loops so that each compiles to straight-line (vectorizable) code.
     */
    private static void reduceTaps(float[] x, int source, int tapStride, int taps, float[] out, int target, int inner,
                                   boolean max) {
        if (taps == 0) {
            Arrays.fill(out, target, target + inner, max ? Float.NEGATIVE_INFINITY : 0f);
            return;
        }
        System.arraycopy(x, source, out, target, inner);
        for (int t = 1; t < taps; t++) {
            if (max) {
                maxInto(x, source + t * tapStride, out, target, inner);
            } else {
                addInto(x, source + t * tapStride, out, target, inner);
            }
        }
    }

    private static void maxInto(float[] x, int from, float[] out, int target, int count) {
        for (int j = 0; j < count; j++) {
            out[target + j] = Math.max(out[target + j], x[from + j]); // NaN propagates, as in PyTorch
        }
    }

    private static void addInto(float[] x, int from, float[] out, int target, int count) {
        for (int j = 0; j < count; j++) {
            out[target + j] += x[from + j];
        }
    }

    private static void divide(float[] sums, Axis[] axes, int[] out, boolean countPadding) {
        int at = 0;
        for (int oz = 0; oz < out[0]; oz++) {
            for (int oy = 0; oy < out[1]; oy++) {
                for (int ox = 0; ox < out[2]; ox++) {
                    sums[at++] /= divisor(axes, oz, oy, ox, countPadding);
                }
            }
        }
    }

    private static float divisor(Axis[] axes, int oz, int oy, int ox, boolean countPadding) {
        if (countPadding) {
            return (float) axes[0].extent[oz] * axes[1].extent[oy] * axes[2].extent[ox];
        }
        return (float) axes[0].taps[oz] * axes[1].taps[oy] * axes[2].taps[ox];
    }
}
