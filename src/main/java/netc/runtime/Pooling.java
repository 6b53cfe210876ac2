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

    /** Reduces every window of every (n, c) plane: the maximum, or the sum over the divisor. */
    private static Tensor pool(Tensor input, Axis[] axes, boolean max, boolean countPadding) {
        int rank = input.rank() - 2;
        int[] in = Spatial.liftedSizes(input.shape, rank);
        int[] out = {axes[0].size(), axes[1].size(), axes[2].size()};
        int inPlane = Spatial.volume(in);
        int outPlane = Spatial.volume(out);
        int planes = input.shape[0] * input.shape[1];
        float[] result = new float[planes * outPlane];
        Parallel.forEach(planes, plane -> {
            for (int p = 0; p < outPlane; p++) {
                int oz = p / (out[1] * out[2]);
                int oy = p / out[2] % out[1];
                int ox = p % out[2];
                float value = reduceWindow(input.data, plane * inPlane, in, axes, oz, oy, ox, max);
                result[plane * outPlane + p] = max ? value : value / divisor(axes, oz, oy, ox, countPadding);
            }
        });
        return new Tensor(result, Spatial.shape(input.shape[0], input.shape[1], out, rank));
    }

    /** The maximum or the sum of one window's in-bounds inputs. */
    private static float reduceWindow(float[] x, int base, int[] in, Axis[] axes, int oz, int oy, int ox,
                                      boolean max) {
        float acc = max ? Float.NEGATIVE_INFINITY : 0f;
        for (int tz = 0; tz < axes[0].taps[oz]; tz++) {
            int z = axes[0].first[oz] + tz * axes[0].step;
            for (int ty = 0; ty < axes[1].taps[oy]; ty++) {
                int row = base + (z * in[1] + axes[1].first[oy] + ty * axes[1].step) * in[2] + axes[2].first[ox];
                acc = reduceRow(x, row, axes[2].taps[ox], axes[2].step, acc, max);
            }
        }
        return acc;
    }

    private static float reduceRow(float[] x, int start, int taps, int step, float acc, boolean max) {
        for (int t = 0; t < taps; t++) {
            float v = x[start + t * step];
            // NaN propagates through max, as in PyTorch
            acc = max ? (v > acc || Float.isNaN(v) ? v : acc) : acc + v;
        }
        return acc;
    }

    private static float divisor(Axis[] axes, int oz, int oy, int ox, boolean countPadding) {
        if (countPadding) {
            return (float) axes[0].extent[oz] * axes[1].extent[oy] * axes[2].extent[ox];
        }
        return (float) axes[0].taps[oz] * axes[1].taps[oy] * axes[2].taps[ox];
    }
}
