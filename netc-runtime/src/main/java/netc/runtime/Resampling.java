package netc.runtime;

import java.util.Arrays;

/** Padding, interpolation (upsampling) and pixel (un)shuffle with PyTorch semantics. */
public final class Resampling {
    private Resampling() {
    }

    /** Padding modes of {@code torch.nn.functional.pad}. */
    public enum PadMode {
        /** A constant value outside the input. */
        CONSTANT,
        /** Mirror without repeating the edge: [a b c] → b [a b c] b. */
        REFLECT,
        /** Repeat the edge: [a b c] → a [a b c] c. */
        REPLICATE,
        /** Wrap around: [a b c] → c [a b c] a. */
        CIRCULAR
    }

    /**
     * {@code F.pad(x, pads, mode, value)}: {@code pads} lists (before, after) pairs starting from the last
     * dimension, as in PyTorch: [left, right, top, bottom, front, back]. Pads must be non-negative.
     */
    public static Tensor pad(Tensor x, int[] pads, PadMode mode, float value) {
        if (pads.length % 2 != 0 || pads.length / 2 > x.rank()) {
            throw new IllegalArgumentException("pad: " + Arrays.toString(pads) + " for input " + Shapes.toString(x.shape));
        }
        int[][] maps = new int[x.rank()][];
        int[] shape = x.shape.clone();
        for (int p = 0; p < pads.length / 2; p++) {
            int d = x.rank() - 1 - p;
            maps[d] = padMap(x.shape[d], pads[2 * p], pads[2 * p + 1], mode);
            shape[d] = maps[d].length;
        }
        return remap(x, maps, shape, value);
    }

    /** How {@link #interpolate} weighs the inputs around a source coordinate. */
    public enum Interpolation {
        /** The input at floor(dst · scale) ({@code mode='nearest'}). */
        NEAREST(1),
        /** The two inputs around the coordinate, by distance ({@code linear}, {@code bilinear}, {@code trilinear}). */
        LINEAR(2),
        /** The four inputs around the coordinate, by cubic convolution with A = -0.75 ({@code bicubic}). */
        CUBIC(4);

        final int taps;

        Interpolation(int taps) {
            this.taps = taps;
        }
    }

    /**
     * {@code F.interpolate(x, size, scale_factor, mode, align_corners)} of the spatial dimensions of
     * [N, C, *spatial] to {@code size}, one dimension at a time, the last first, as PyTorch's kernels nest
     * their sums. {@code scaleFactors} are the scale factors the size came from, which PyTorch maps output
     * coordinates back with (as 1/scale_factor), or null when the size was given (in/out is used then).
     */
    public static Tensor interpolate(Tensor x, int[] size, double[] scaleFactors, Interpolation mode,
                                     boolean alignCorners) {
        Spatial.requireRank(x, size.length, "interpolate");
        Tensor out = x;
        for (int i = size.length - 1; i >= 0; i--) {
            Taps taps = Taps.of(mode, x.shape[2 + i], size[i], scaleFactors == null ? 0 : scaleFactors[i],
                    alignCorners);
            out = interpolateAxis(out, 2 + i, taps);
        }
        return out;
    }

    /** Output j along {@code dim} is Σ_t weight(j, t) · input at index(j, t) along it. */
    private static Tensor interpolateAxis(Tensor x, int dim, Taps taps) {
        int in = x.shape[dim];
        int out = taps.size();
        int inner = Shapes.inner(x.shape, dim);
        int outer = Shapes.outer(x.shape, dim);
        float[] result = new float[outer * out * inner];
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < out; j++) {
                taps.blend(j, x.data, o * in * inner, inner, result, (o * out + j) * inner);
            }
        }
        int[] shape = x.shape.clone();
        shape[dim] = out;
        return new Tensor(result, shape);
    }

    /** {@code pixel_shuffle}: [N, C·r², H, W] → [N, C, H·r, W·r]. */
    public static Tensor pixelShuffle(Tensor x, int r) {
        Spatial.requireRank(x, 2, "pixel_shuffle");
        int n = x.shape[0];
        int c = x.shape[1] / (r * r);
        if (c * r * r != x.shape[1]) {
            throw new IllegalArgumentException("pixel_shuffle: " + x.shape[1] + " channels not divisible by " + r * r);
        }
        Tensor split = x.reshape(n, c, r, r, x.shape[2], x.shape[3]);
        return Shaping.permute(split, 0, 1, 4, 2, 5, 3).reshape(n, c, x.shape[2] * r, x.shape[3] * r);
    }

    /** {@code pixel_unshuffle}: [N, C, H·r, W·r] → [N, C·r², H, W]. */
    public static Tensor pixelUnshuffle(Tensor x, int r) {
        Spatial.requireRank(x, 2, "pixel_unshuffle");
        int n = x.shape[0];
        int c = x.shape[1];
        int h = x.shape[2] / r;
        int w = x.shape[3] / r;
        if (h * r != x.shape[2] || w * r != x.shape[3]) {
            throw new IllegalArgumentException("pixel_unshuffle: " + Shapes.toString(x.shape) + " not divisible by " + r);
        }
        Tensor split = x.reshape(n, c, h, r, w, r);
        return Shaping.permute(split, 0, 1, 3, 5, 2, 4).reshape(n, c * r * r, h, w);
    }

    /** Source index of each output index along one padded dimension; -1 marks the constant fill. */
    private static int[] padMap(int size, int before, int after, PadMode mode) {
        if (before < 0 || after < 0) {
            throw new IllegalArgumentException("pad: negative padding is not supported");
        }
        if (mode == PadMode.REFLECT && (before >= size || after >= size)) {
            throw new IllegalArgumentException("pad: reflect padding " + before + ", " + after
                    + " must be smaller than the dimension " + size);
        }
        if (mode != PadMode.CONSTANT && size == 0 || mode == PadMode.CIRCULAR && (before > size || after > size)) {
            throw new IllegalArgumentException("pad: " + mode + " padding " + before + ", " + after
                    + " does not fit a dimension of " + size);
        }
        int[] map = new int[before + size + after];
        for (int o = 0; o < map.length; o++) {
            map[o] = sourceIndex(o - before, size, mode);
        }
        return map;
    }

    private static int sourceIndex(int i, int size, PadMode mode) {
        if (i >= 0 && i < size) {
            return i;
        }
        switch (mode) {
            case REFLECT:
                return i < 0 ? -i : 2 * (size - 1) - i;
            case REPLICATE:
                return i < 0 ? 0 : size - 1;
            case CIRCULAR:
                return Math.floorMod(i, size);
            default:
                return -1;
        }
    }

    /**
     * Builds a tensor of {@code shape} whose element at (i0, ..., ik) is x at (m0[i0], ..., mk[ik]), where a
     * null map is the identity and a -1 entry means {@code fill}.
     */
    private static Tensor remap(Tensor x, int[][] maps, int[] shape, float fill) {
        float[] out = new float[Shapes.numel(shape)];
        if (out.length > 0) {
            remapLevel(x.data, Shaping.strides(x.shape), maps, shape, Shaping.strides(shape), fill, out, 0, 0, 0);
        }
        return new Tensor(out, shape);
    }

    private static void remapLevel(float[] src, int[] srcStrides, int[][] maps, int[] shape, int[] outStrides,
                                   float fill, float[] out, int level, int source, int target) {
        boolean last = level == shape.length - 1;
        for (int i = 0; i < shape[level]; i++) {
            int from = maps[level] == null ? i : maps[level][i];
            int at = target + i * outStrides[level];
            if (from < 0) {
                Arrays.fill(out, at, at + outStrides[level], fill);
            } else if (last) {
                out[at] = src[source + from];
            } else {
                remapLevel(src, srcStrides, maps, shape, outStrides, fill, out, level + 1,
                        source + from * srcStrides[level], at);
            }
        }
    }

    /**
     * The inputs each output index of one dimension reads, {@code count} of them: index(j, t) =
     * {@code index[j·count + t]}, with weight {@code weight[j·count + t]}. The source coordinates are
     * PyTorch's, in float as its kernels compute them.
     */
    private record Taps(int count, int[] index, float[] weight) {
        private static final float CUBIC_A = -0.75f;

        int size() {
            return index.length / count;
        }

        static Taps of(Interpolation mode, int in, int out, double scaleFactor, boolean alignCorners) {
            Taps taps = new Taps(mode.taps, new int[out * mode.taps], new float[out * mode.taps]);
            float scale = scale(in, out, scaleFactor, alignCorners);
            for (int j = 0; j < out; j++) {
                switch (mode) {
                    case NEAREST:
                        taps.set(j, 0, nearest(j, in, scale), 1f);
                        break;
                    case LINEAR:
                        taps.setLinear(j, in, source(scale, j, alignCorners, false));
                        break;
                    default:
                        taps.setCubic(j, in, source(scale, j, alignCorners, true));
                }
            }
            return taps;
        }

        /** in/out, or 1/scale_factor when given; with align_corners (in-1)/(out-1), corner to corner. */
        private static float scale(int in, int out, double scaleFactor, boolean alignCorners) {
            if (alignCorners) {
                return out > 1 ? (float) (in - 1) / (out - 1) : 0f;
            }
            return scaleFactor > 0 ? (float) (1.0 / scaleFactor) : (float) in / out;
        }

        /** scale·dst with align_corners, else scale·(dst + ½) - ½, clamped at 0 except for cubic. */
        private static float source(float scale, int dst, boolean alignCorners, boolean cubic) {
            if (alignCorners) {
                return scale * dst;
            }
            float source = scale * (dst + 0.5f) - 0.5f;
            return !cubic && source < 0 ? 0f : source;
        }

        /** PyTorch's nearest index (mode 'nearest', not 'nearest-exact'): floor(dst·scale). */
        private static int nearest(int dst, int in, float scale) {
            return Math.min((int) Math.floor(dst * scale), in - 1);
        }

        private void setLinear(int j, int in, float source) {
            int low = Math.min((int) Math.floor(source), in - 1);
            float lambda = Math.min(Math.max(source - low, 0f), 1f);
            set(j, 0, low, 1f - lambda);
            set(j, 1, low < in - 1 ? low + 1 : low, lambda);
        }

        private void setCubic(int j, int in, float source) {
            int floor = (int) Math.floor(source);
            float t = source - floor;
            float[] weights = {farCubic(t + 1f), nearCubic(t), nearCubic(1f - t), farCubic(2f - t)};
            for (int k = 0; k < 4; k++) {
                set(j, k, Math.max(Math.min(floor - 1 + k, in - 1), 0), weights[k]);
            }
        }

        /** The cubic convolution kernel for |x| ≤ 1. */
        private static float nearCubic(float x) {
            return ((CUBIC_A + 2) * x - (CUBIC_A + 3)) * x * x + 1;
        }

        /** The cubic convolution kernel for 1 &lt; |x| &lt; 2. */
        private static float farCubic(float x) {
            return ((CUBIC_A * x - 5 * CUBIC_A) * x + 8 * CUBIC_A) * x - 4 * CUBIC_A;
        }

        private void set(int j, int t, int source, float w) {
            index[j * count + t] = source;
            weight[j * count + t] = w;
        }

        /** dst[at + i] = Σ_t weight(j, t) · src[base + index(j, t)·inner + i], for i &lt; inner. */
        void blend(int j, float[] src, int base, int inner, float[] dst, int at) {
            for (int t = 0; t < count; t++) {
                float w = weight[j * count + t];
                int from = base + index[j * count + t] * inner;
                for (int i = 0; i < inner; i++) {
                    dst[at + i] += w * src[from + i];
                }
            }
        }
    }
}
