package netc.runtime;

/**
 * 2-d 3×3 convolution with stride 1 by Winograd's minimal filtering F(2×2, 3×3) (Lavin and Gray, 2016):
 * each 2×2 block of the output comes from a 4×4 tile of the input with 16 multiplications per pair of input
 * and output channels instead of 36. With U = G·g·Gᵀ for each 3×3 kernel g (done once per weight and
 * cached, {@link Tensor.Layout#WINOGRAD_PANELS}) and V = Bᵀ·d·B for each input tile d, the 16 elementwise
 * products summed over input channels are 16 independent matrix products M_ξ = V_ξ · U_ξ (tiles × input
 * channels times input channels × output channels), run by {@link Gemm}; each output block is Aᵀ·M·A
 * plus the bias. The transforms only add, subtract and halve, so the error stays near that of the direct
 * product.
 */
final class Winograd {
    /** Elements of a transformed tile: the number of products. */
    private static final int POSITIONS = 16;
    /**
     * Fewer channels than this on either side and the direct product is left: the transforms cost per
     * channel, the saving per pair of channels. (The seed model's 3 → 16 and 16 → 32 layers stay direct.)
     */
    private static final int MIN_CHANNELS = 32;
    /** Input channels of one input transform task: enough tasks for the threads even with few tiles. */
    private static final int CHANNEL_BLOCK = 32;

    /**
     * The calling thread's V and M, kept from call to call (3 MB each for resnet18's first layers at batch 1,
     * 25 MB at batch 8): allocated anew they were zeroed on every call and, being larger than half a G1
     * region, allocated outside the young generation. Every element a call reads, it has written first.
     */
    private static final ThreadLocal<float[][]> WORKSPACE = ThreadLocal.withInitial(() -> new float[2][0]);

    private Winograd() {
    }

    /** Buffer {@code which} of the workspace, replaced by a larger one if it has fewer than {@code size} floats. */
    private static float[] grown(float[][] workspace, int which, int size) {
        if (workspace[which].length < size) {
            workspace[which] = new float[size];
        }
        return workspace[which];
    }

    /**
     * Whether a convolution with these (3-d lifted) parameters is one this class computes, and worth it:
     * a 3×3 kernel on 2-d images with stride 1, no dilation, one group and enough channels.
     */
    static boolean suits(int[] in, int[] kernel, int[] stride, int[] pad, int[] dilation, int groups,
                         int channels, int outChannels) {
        return in[0] == 1 && pad[0] == 0 && kernel[0] == 1 && kernel[1] == 3 && kernel[2] == 3
            && stride[0] == 1 && stride[1] == 1 && stride[2] == 1
            && dilation[0] == 1 && dilation[1] == 1 && dilation[2] == 1
            && groups == 1 && channels >= MIN_CHANNELS && outChannels >= MIN_CHANNELS;
    }

    /**
     * One call's tiles, {@code rows} × {@code cols} per image, numbered image by image and row by row
     * ({@code count}, {@code padded} to whole panels), and how far apart consecutive products' operands
     * are: V_ξ every {@code vStride} floats, M_ξ every {@code mStride}. Each stride is a cache line more
     * than the operand, because transforms touch all 16 at once and operands of a power-of-two size
     * (784 tiles × 64 channels is 49 pages) would otherwise all map to the same cache sets.
     */
    private record Plan(int rows, int cols, int count, int padded, int vStride, int mStride) {
        private static final int CACHE_LINE = 16;

        static Plan of(int batch, int outHeight, int outWidth, int channels, int outChannels) {
            int rows = (outHeight + 1) / 2;
            int cols = (outWidth + 1) / 2;
            int count = batch * rows * cols;
            int padded = Gemm.roundUp(count, Gemm.MR);
            return new Plan(rows, cols, count, padded, padded * channels + CACHE_LINE,
                count * outChannels + CACHE_LINE);
        }
    }

    /**
     * The convolution of input [N, C, H, W] with weight [Cout, C, 3, 3], zero padding {@code padTop} rows
     * and {@code padLeft} columns on each side, and bias [Cout] or null: output [N, Cout, outHeight, outWidth].
     */
    static Tensor conv(Tensor input, Tensor weight, Tensor bias, int padTop, int padLeft, int outHeight,
                       int outWidth, int[] outShape) {
        int batch = input.shape[0];
        int channels = input.shape[1];
        int outChannels = weight.shape[0];
        Plan plan = Plan.of(batch, outHeight, outWidth, channels, outChannels);
        // V_ξ as the products' left operand: [ξ][panel of MR tiles][channel][MR]
        float[][] workspace = WORKSPACE.get();
        float[] v = grown(workspace, 0, POSITIONS * plan.vStride);
        int panels = plan.padded / Gemm.MR;
        int channelBlocks = (channels + CHANNEL_BLOCK - 1) / CHANNEL_BLOCK;
        Parallel.forEach(panels * channelBlocks, task -> {
            int c0 = task % channelBlocks * CHANNEL_BLOCK;
            transformInput(input, task / channelBlocks, c0, Math.min(channels, c0 + CHANNEL_BLOCK), padTop, padLeft,
                plan, v);
        });
        float[] u = weight.layout(Tensor.Layout.WINOGRAD_PANELS, 1);
        int uSize = Gemm.roundUp(outChannels, Gemm.NR) * channels;
        // M_ξ: [ξ][tile][output channel]
        float[] m = grown(workspace, 1, POSITIONS * plan.mStride);
        Parallel.forEach(POSITIONS, xi -> Gemm.multiply(plan.count, outChannels, channels,
            new Gemm.PackedPanels(v, xi * plan.vStride, channels),
            new Gemm.PackedPanels(u, xi * uSize, channels),
            (i, j0, nc, sums, from) -> System.arraycopy(sums, from, m, xi * plan.mStride + i * outChannels + j0, nc)));
        float[] out = new float[batch * outChannels * outHeight * outWidth];
        Parallel.forEach(batch * plan.rows, row -> transformOutput(m, row, plan, outChannels, bias, outHeight,
            outWidth, out));
        return new Tensor(out, outShape);
    }

    /**
     * U = G·g·Gᵀ for every kernel g of a [Cout, Cin, 3, 3] weight, as the right operands of the 16 products:
     * [ξ][panel of NR output channels][input channel][NR], output channels zero-padded to a whole panel.
     */
    static float[] transformWeight(Tensor weight) {
        int outChannels = weight.shape[0];
        int channels = weight.shape[1];
        int uSize = Gemm.roundUp(outChannels, Gemm.NR) * channels;
        float[] u = new float[POSITIONS * uSize];
        float[] t = new float[12];
        for (int co = 0; co < outChannels; co++) {
            for (int ci = 0; ci < channels; ci++) {
                int g = (co * channels + ci) * 9;
                // t = G·g (4 × 3), then each row of t times Gᵀ
                for (int x = 0; x < 3; x++) {
                    float k0 = weight.data[g + x];
                    float k1 = weight.data[g + 3 + x];
                    float k2 = weight.data[g + 6 + x];
                    t[x] = k0;
                    t[3 + x] = 0.5f * (k0 + k1 + k2);
                    t[6 + x] = 0.5f * (k0 - k1 + k2);
                    t[9 + x] = k2;
                }
                int at = co / Gemm.NR * channels * Gemm.NR + ci * Gemm.NR + co % Gemm.NR;
                for (int r = 0; r < 4; r++) {
                    float a0 = t[3 * r];
                    float a1 = t[3 * r + 1];
                    float a2 = t[3 * r + 2];
                    int xi = 4 * r;
                    u[xi * uSize + at] = a0;
                    u[(xi + 1) * uSize + at] = 0.5f * (a0 + a1 + a2);
                    u[(xi + 2) * uSize + at] = 0.5f * (a0 - a1 + a2);
                    u[(xi + 3) * uSize + at] = a2;
                }
            }
        }
        return u;
    }

    /**
     * V = Bᵀ·d·B for the tiles d of one panel of {@link Gemm#MR} tiles in channels [c0, c1), written into
     * each product's left operand. A task writes whole runs of the panel's operand, one per product, so
     * writes stream instead of touching a cache line of every product for every tile.
     */
    private static void transformInput(Tensor input, int panel, int c0, int c1, int padTop, int padLeft,
                                       Plan plan, float[] v) {
        int channels = input.shape[1];
        int height = input.shape[2];
        int width = input.shape[3];
        int plane = height * width;
        int vSize = plan.vStride;
        // where each tile's 4 × 4 window starts in its image's first channel, and whether it lies inside the image
        int panelTiles = Math.min(Gemm.MR, plan.count - panel * Gemm.MR);
        int[] starts = new int[panelTiles];
        int[] tops = new int[panelTiles];
        int[] lefts = new int[panelTiles];
        boolean[] inside = new boolean[panelTiles];
        for (int k = 0; k < panelTiles; k++) {
            int tile = panel * Gemm.MR + k;
            int n = tile / (plan.rows * plan.cols);
            tops[k] = tile / plan.cols % plan.rows * 2 - padTop;
            lefts[k] = tile % plan.cols * 2 - padLeft;
            starts[k] = n * channels * plane + tops[k] * width + lefts[k];
            inside[k] = tops[k] >= 0 && tops[k] + 4 <= height && lefts[k] >= 0 && lefts[k] + 4 <= width;
        }
        // Bᵀ·d of the panel's tiles side by side, d[(4·row + column)·MR + tile], so that the rest of the
        // transform is the same arithmetic on MR lanes
        float[] d = new float[POSITIONS * Gemm.MR];
        for (int c = c0; c < c1; c++) {
            for (int k = 0; k < panelTiles; k++) {
                int from = starts[k] + c * plane;
                for (int s = 0; s < 4; s++) {
                    if (inside[k]) {
                        columnOfBtD(d, s, k, input.data[from + s], input.data[from + width + s],
                            input.data[from + 2 * width + s], input.data[from + 3 * width + s]);
                    } else {
                        int x = lefts[k] + s;
                        columnOfBtD(d, s, k, pixel(input, from + s, tops[k], x),
                            pixel(input, from + width + s, tops[k] + 1, x),
                            pixel(input, from + 2 * width + s, tops[k] + 2, x),
                            pixel(input, from + 3 * width + s, tops[k] + 3, x));
                    }
                }
            }
            // each row of Bᵀ·d times B
            int at = panel * channels * Gemm.MR + c * Gemm.MR;
            for (int r = 0; r < 4; r++) {
                int i0 = 4 * r * Gemm.MR;
                int to = 4 * r * vSize + at;
                for (int k = 0; k < Gemm.MR; k++) {
                    float w0 = d[i0 + k];
                    float w1 = d[i0 + Gemm.MR + k];
                    float w2 = d[i0 + 2 * Gemm.MR + k];
                    float w3 = d[i0 + 3 * Gemm.MR + k];
                    v[to + k] = w0 - w2;
                    v[to + vSize + k] = w1 + w2;
                    v[to + 2 * vSize + k] = w2 - w1;
                    v[to + 3 * vSize + k] = w1 - w3;
                }
            }
        }
    }

    /** Column s of Bᵀ·d in lane k, from column s of the tile d (rows 0 to 3). */
    private static void columnOfBtD(float[] d, int s, int k, float d0, float d1, float d2, float d3) {
        d[s * Gemm.MR + k] = d0 - d2;
        d[(4 + s) * Gemm.MR + k] = d1 + d2;
        d[(8 + s) * Gemm.MR + k] = d2 - d1;
        d[(12 + s) * Gemm.MR + k] = d1 - d3;
    }

    /** The input element at {@code index}, row y and column x of its plane; zero (padding) outside the plane. */
    private static float pixel(Tensor input, int index, int y, int x) {
        return y >= 0 && y < input.shape[2] && x >= 0 && x < input.shape[3] ? input.data[index] : 0f;
    }

    /**
     * Y = Aᵀ·M·A plus the bias for the tiles of one row of tiles ({@code row} counts over all images),
     * every output channel, keeping the parts inside the output.
     */
    private static void transformOutput(float[] m, int row, Plan plan, int outChannels, Tensor bias,
                                        int outHeight, int outWidth, float[] out) {
        int n = row / plan.rows;
        int y0 = row % plan.rows * 2;
        int mSize = plan.mStride;
        int plane = outHeight * outWidth;
        boolean lowerRow = y0 + 1 < outHeight;
        for (int tx = 0; tx < plan.cols; tx++) {
            int x0 = tx * 2;
            boolean rightColumn = x0 + 1 < outWidth;
            int from = (row * plan.cols + tx) * outChannels;
            for (int co = 0; co < outChannels; co++) {
                int at = from + co;
                float m0 = m[at];
                float m1 = m[at + mSize];
                float m2 = m[at + 2 * mSize];
                float m3 = m[at + 3 * mSize];
                float m4 = m[at + 4 * mSize];
                float m5 = m[at + 5 * mSize];
                float m6 = m[at + 6 * mSize];
                float m7 = m[at + 7 * mSize];
                float m8 = m[at + 8 * mSize];
                float m9 = m[at + 9 * mSize];
                float m10 = m[at + 10 * mSize];
                float m11 = m[at + 11 * mSize];
                float m12 = m[at + 12 * mSize];
                float m13 = m[at + 13 * mSize];
                float m14 = m[at + 14 * mSize];
                float m15 = m[at + 15 * mSize];
                // s = Aᵀ·M (2 × 4), then each row of s times A
                float s0 = m0 + m4 + m8;
                float s1 = m1 + m5 + m9;
                float s2 = m2 + m6 + m10;
                float s3 = m3 + m7 + m11;
                float t0 = m4 - m8 - m12;
                float t1 = m5 - m9 - m13;
                float t2 = m6 - m10 - m14;
                float t3 = m7 - m11 - m15;
                float shift = bias == null ? 0f : bias.data[co];
                int to = (n * outChannels + co) * plane + y0 * outWidth + x0;
                out[to] = s0 + s1 + s2 + shift;
                if (rightColumn) {
                    out[to + 1] = s1 - s2 - s3 + shift;
                }
                if (lowerRow) {
                    out[to + outWidth] = t0 + t1 + t2 + shift;
                    if (rightColumn) {
                        out[to + outWidth + 1] = t1 - t2 - t3 + shift;
                    }
                }
            }
        }
    }
}
