package netc.runtime;

import java.util.Arrays;

/** Padding, upsampling and pixel (un)shuffle with PyTorch semantics. */
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

    /**
     * Nearest-neighbour upsampling ({@code mode='nearest'}) of the spatial dimensions of [N, C, *spatial]
     * to {@code size}: source index floor(dst · in/out).
     */
    public static Tensor upsampleNearest(Tensor x, int[] size) {
        Spatial.requireRank(x, size.length, "upsample");
        int[][] maps = new int[x.rank()][];
        int[] shape = x.shape.clone();
        for (int i = 0; i < size.length; i++) {
            int d = 2 + i;
            int in = x.shape[d];
            float scale = (float) in / size[i];
            maps[d] = new int[size[i]];
            for (int o = 0; o < size[i]; o++) {
                maps[d][o] = Math.min((int) Math.floor(o * scale), in - 1);
            }
            shape[d] = size[i];
        }
        return remap(x, maps, shape, 0f);
    }

    /** Bilinear upsampling of [N, C, H, W] to [N, C, height, width], with or without align_corners. */
    public static Tensor upsampleBilinear(Tensor x, int height, int width, boolean alignCorners) {
        Spatial.requireRank(x, 2, "upsample_bilinear");
        int inH = x.shape[2];
        int inW = x.shape[3];
        Taps rows = Taps.linear(inH, height, alignCorners);
        Taps cols = Taps.linear(inW, width, alignCorners);
        int planes = x.shape[0] * x.shape[1];
        float[] out = new float[planes * height * width];
        for (int plane = 0; plane < planes; plane++) {
            for (int oy = 0; oy < height; oy++) {
                int top = (plane * inH + rows.low[oy]) * inW;
                int bottom = (plane * inH + rows.high[oy]) * inW;
                for (int ox = 0; ox < width; ox++) {
                    float upper = cols.blend(x.data, top, ox);
                    float lower = cols.blend(x.data, bottom, ox);
                    out[(plane * height + oy) * width + ox] = upper + (lower - upper) * rows.weight[oy];
                }
            }
        }
        return new Tensor(out, x.shape[0], x.shape[1], height, width);
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

    /** Two-tap linear interpolation along one dimension: low, high source indices and the weight of high. */
    private static final class Taps {
        final int[] low;
        final int[] high;
        final float[] weight;

        private Taps(int out) {
            low = new int[out];
            high = new int[out];
            weight = new float[out];
        }

        /** PyTorch's source coordinates: dst·(in-1)/(out-1) with align_corners, else (dst+½)·in/out - ½ clamped at 0. */
        static Taps linear(int in, int out, boolean alignCorners) {
            Taps taps = new Taps(out);
            for (int o = 0; o < out; o++) {
                float source;
                if (alignCorners) {
                    source = out > 1 ? o * ((float) (in - 1) / (out - 1)) : 0f;
                } else {
                    source = Math.max(0f, (o + 0.5f) * ((float) in / out) - 0.5f);
                }
                int low = Math.min((int) source, in - 1);
                taps.low[o] = low;
                taps.high[o] = Math.min(low + 1, in - 1);
                taps.weight[o] = source - low;
            }
            return taps;
        }

        float blend(float[] x, int row, int o) {
            float a = x[row + low[o]];
            return a + (x[row + high[o]] - a) * weight[o];
        }
    }
}
