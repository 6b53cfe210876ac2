package netc.runtime;

import java.util.Arrays;

/**
 * Convolution and transposed convolution over 1, 2 or 3 spatial dimensions (chosen by the weight's rank),
 * with PyTorch's NCHW layouts and zero padding. Both reduce to {@link Gemm}: convolution through an
 * implicit im2col view of the input, transposed convolution through a product followed by col2im.
 * Per-dimension parameters take one value per spatial dimension, or a single value for all.
 */
public final class Convolution {
    private Convolution() {
    }

    /** Lifted 3-d geometry of one convolution. */
    private record Geometry(int[] in, int[] kernel, int[] stride, int[] pad, int[] dilation, int[] out) {
        int inVolume() {
            return Spatial.volume(in);
        }

        int kernelVolume() {
            return Spatial.volume(kernel);
        }

        int outVolume() {
            return Spatial.volume(out);
        }

        boolean isPointwise() {
            return kernelVolume() == 1 && Arrays.equals(in, out) && Arrays.equals(stride, new int[] {1, 1, 1});
        }
    }

    /**
     * {@code torch.nn.functional.conv1d/2d/3d}: input [N, C, *in], weight [Cout, C/groups, *kernel],
     * bias [Cout] or null; output [N, Cout, *out].
     */
    public static Tensor conv(Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padding,
                              int[] dilation, int groups) {
        int rank = weight.rank() - 2;
        Spatial.requireRank(input, rank, "conv");
        int batch = input.shape[0];
        int channels = input.shape[1];
        int outChannels = weight.shape[0];
        checkGroups(channels, weight.shape[1] * groups, outChannels, groups, "conv");
        checkBias(bias, outChannels);
        Geometry g = convGeometry(input, weight, rank, stride, padding, dilation);
        int inGroup = channels / groups;
        int outGroup = outChannels / groups;
        int depth = inGroup * g.kernelVolume();
        int positions = g.outVolume();
        float[] out = new float[batch * outChannels * positions];
        float[] weightT = weight.transposedBlocks(groups); // per group [depth, outGroup]: packs by plain copies
        Parallel.forEach(batch * groups, item -> {
            int n = item / groups;
            int group = item % groups;
            int inBase = (n * channels + group * inGroup) * g.inVolume();
            int outBase = (n * outChannels + group * outGroup) * positions;
            fillBias(out, outBase, bias, group * outGroup, outGroup, positions);
            Gemm.Operand columns = g.isPointwise()
                    ? Gemm.Matrix.rowMajor(input.data, inBase, positions)
                    : new Im2col(input.data, inBase, g);
            Gemm.multiply(outGroup, positions, depth, Gemm.Matrix.transposed(weightT, group * outGroup * depth, outGroup),
                    columns, out, outBase, positions);
        });
        return new Tensor(out, Spatial.shape(batch, outChannels, g.out, rank));
    }

    /**
     * {@code torch.nn.functional.conv_transpose1d/2d/3d}: input [N, Cin, *in], weight [Cin, Cout/groups,
     * *kernel], bias [Cout] or null; output [N, Cout, *out] with
     * out = (in - 1)·stride - 2·padding + dilation·(kernel - 1) + outputPadding + 1.
     */
    public static Tensor convTranspose(Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padding,
                                       int[] outputPadding, int groups, int[] dilation) {
        int rank = weight.rank() - 2;
        Spatial.requireRank(input, rank, "conv_transpose");
        int batch = input.shape[0];
        int channels = input.shape[1];
        int outChannels = weight.shape[1] * groups;
        checkGroups(channels, weight.shape[0], outChannels, groups, "conv_transpose");
        checkBias(bias, outChannels);
        Geometry g = transposeGeometry(input, weight, rank, stride, padding, outputPadding, dilation);
        int inGroup = channels / groups;
        int outGroup = outChannels / groups;
        int rows = outGroup * g.kernelVolume();
        int inPositions = g.inVolume();
        float[] out = new float[batch * outChannels * g.outVolume()];
        Parallel.forEach(batch * groups, item -> {
            int n = item / groups;
            int group = item % groups;
            int outBase = (n * outChannels + group * outGroup) * g.outVolume();
            float[] columns = new float[rows * inPositions];
            // columns[(co, k), p] = sum over ci of weight[ci, co, k] * input[ci, p]
            Gemm.multiply(rows, inPositions, inGroup, Gemm.Matrix.transposed(weight.data, group * inGroup * rows, rows),
                    Gemm.Matrix.rowMajor(input.data, (n * channels + group * inGroup) * inPositions, inPositions),
                    columns, 0, inPositions);
            fillBias(out, outBase, bias, group * outGroup, outGroup, g.outVolume());
            Parallel.forEach(outGroup, co -> col2im(columns, co, g, out, outBase + co * g.outVolume()));
        });
        return new Tensor(out, Spatial.shape(batch, outChannels, g.out, rank));
    }

    private static Geometry convGeometry(Tensor input, Tensor weight, int rank, int[] stride, int[] padding,
                                         int[] dilation) {
        int[] in = Spatial.liftedSizes(input.shape, rank);
        int[] kernel = Spatial.liftedSizes(weight.shape, rank);
        int[] s = Spatial.lift(stride, rank, 1, "stride");
        int[] p = Spatial.lift(padding, rank, 0, "padding");
        int[] d = Spatial.lift(dilation, rank, 1, "dilation");
        Spatial.requirePositive(s, "stride");
        Spatial.requirePositive(d, "dilation");
        int[] out = new int[3];
        for (int i = 0; i < 3; i++) {
            out[i] = Spatial.outputSize(in[i], kernel[i], s[i], p[i], d[i], false);
            if (out[i] <= 0 || p[i] < 0) {
                throw new IllegalArgumentException("conv: input " + Shapes.toString(input.shape) + " with padding "
                        + Arrays.toString(padding) + " is too small for kernel " + Shapes.toString(weight.shape)
                        + " with dilation " + Arrays.toString(dilation));
            }
        }
        return new Geometry(in, kernel, s, p, d, out);
    }

    private static Geometry transposeGeometry(Tensor input, Tensor weight, int rank, int[] stride, int[] padding,
                                              int[] outputPadding, int[] dilation) {
        int[] in = Spatial.liftedSizes(input.shape, rank);
        int[] kernel = Spatial.liftedSizes(weight.shape, rank);
        int[] s = Spatial.lift(stride, rank, 1, "stride");
        int[] p = Spatial.lift(padding, rank, 0, "padding");
        int[] extra = Spatial.lift(outputPadding, rank, 0, "output_padding");
        int[] d = Spatial.lift(dilation, rank, 1, "dilation");
        Spatial.requirePositive(s, "stride");
        Spatial.requirePositive(d, "dilation");
        int[] out = new int[3];
        for (int i = 0; i < 3; i++) {
            if (extra[i] < 0 || (extra[i] >= s[i] && extra[i] >= d[i])) {
                throw new IllegalArgumentException("conv_transpose: output_padding " + Arrays.toString(outputPadding)
                        + " must be smaller than stride or dilation");
            }
            out[i] = (in[i] - 1) * s[i] - 2 * p[i] + d[i] * (kernel[i] - 1) + extra[i] + 1;
            if (out[i] <= 0 || p[i] < 0) {
                throw new IllegalArgumentException("conv_transpose: padding " + Arrays.toString(padding)
                        + " leaves no output for input " + Shapes.toString(input.shape));
            }
        }
        return new Geometry(in, kernel, s, p, d, out);
    }

    private static void checkGroups(int channels, int weightChannels, int outChannels, int groups, String op) {
        if (groups <= 0 || channels % groups != 0 || outChannels % groups != 0 || channels != weightChannels) {
            throw new IllegalArgumentException(op + ": " + channels + " input channels and " + outChannels
                    + " output channels do not fit the weight with groups=" + groups);
        }
    }

    private static void checkBias(Tensor bias, int outChannels) {
        if (bias != null && bias.numel() != outChannels) {
            throw new IllegalArgumentException("bias " + Shapes.toString(bias.shape) + " does not match "
                    + outChannels + " output channels");
        }
    }

    private static void fillBias(float[] out, int base, Tensor bias, int firstChannel, int channels, int positions) {
        if (bias == null) {
            return;
        }
        for (int c = 0; c < channels; c++) {
            Arrays.fill(out, base + c * positions, base + (c + 1) * positions, bias.data[firstChannel + c]);
        }
    }

    /** Adds the columns of one output channel into the output image (the scatter half of transposed conv). */
    private static void col2im(float[] columns, int channel, Geometry g, float[] out, int outBase) {
        int inPositions = g.inVolume();
        int kernelVolume = g.kernelVolume();
        for (int k = 0; k < kernelVolume; k++) {
            int kx = k % g.kernel[2];
            int ky = k / g.kernel[2] % g.kernel[1];
            int kz = k / (g.kernel[2] * g.kernel[1]);
            int row = (channel * kernelVolume + k) * inPositions;
            for (int p = 0; p < inPositions; p++) {
                int oz = p / (g.in[2] * g.in[1]) * g.stride[0] - g.pad[0] + kz * g.dilation[0];
                int oy = p / g.in[2] % g.in[1] * g.stride[1] - g.pad[1] + ky * g.dilation[1];
                int ox = p % g.in[2] * g.stride[2] - g.pad[2] + kx * g.dilation[2];
                if (oz >= 0 && oz < g.out[0] && oy >= 0 && oy < g.out[1] && ox >= 0 && ox < g.out[2]) {
                    out[outBase + (oz * g.out[1] + oy) * g.out[2] + ox] += columns[row + p];
                }
            }
        }
    }

    /**
     * The im2col matrix of one image and channel group, never materialized: row (c, kz, ky, kx), column
     * (oz, oy, ox) holds input[c, oz·s - p + kz·d, ...] or 0 in the padding. Packing walks output rows so
     * that each run along x is a copy (or a strided gather).
     */
    private static final class Im2col implements Gemm.Operand {
        private final float[] input;
        private final int base;
        private final Geometry g;

        Im2col(float[] input, int base, Geometry g) {
            this.input = input;
            this.base = base;
            this.g = g;
        }

        @Override
        public void pack(int k0, int kc, int j0, int nc, float[][] panel) {
            for (int kk = 0; kk < kc; kk++) {
                int k = k0 + kk;
                int kx = k % g.kernel[2];
                int ky = k / g.kernel[2] % g.kernel[1];
                int kz = k / (g.kernel[2] * g.kernel[1]) % g.kernel[0];
                int channel = k / g.kernelVolume();
                packRow(panel[kk], channel, kz, ky, kx, j0, nc);
            }
        }

        private void packRow(float[] row, int channel, int kz, int ky, int kx, int j0, int nc) {
            int ox = j0 % g.out[2];
            int oy = j0 / g.out[2] % g.out[1];
            int oz = j0 / (g.out[2] * g.out[1]);
            for (int j = 0; j < nc; ) {
                int run = Math.min(nc - j, g.out[2] - ox);
                int iz = oz * g.stride[0] - g.pad[0] + kz * g.dilation[0];
                int iy = oy * g.stride[1] - g.pad[1] + ky * g.dilation[1];
                if (iz >= 0 && iz < g.in[0] && iy >= 0 && iy < g.in[1]) {
                    int inputRow = base + ((channel * g.in[0] + iz) * g.in[1] + iy) * g.in[2];
                    gather(row, j, run, inputRow, ox * g.stride[2] - g.pad[2] + kx * g.dilation[2]);
                } else {
                    Arrays.fill(row, j, j + run, 0f);
                }
                j += run;
                ox = 0;
                if (++oy == g.out[1]) {
                    oy = 0;
                    oz++;
                }
            }
        }

        /** row[j + t] = input[inputRow + x0 + t·stride] for t &lt; run, or 0 where x falls outside the row. */
        private void gather(float[] row, int j, int run, int inputRow, int x0) {
            int stride = g.stride[2];
            int width = g.in[2];
            int first = x0 >= 0 ? 0 : Math.min(run, (-x0 + stride - 1) / stride);
            int end = Math.max(first, Math.min(run, Math.floorDiv(width - 1 - x0, stride) + 1));
            // plain loops: runs are often a dozen elements, too short to pay for fill/arraycopy calls
            for (int t = 0; t < first; t++) {
                row[j + t] = 0f;
            }
            for (int t = first; t < end; t++) {
                row[j + t] = input[inputRow + x0 + t * stride];
            }
            for (int t = end; t < run; t++) {
                row[j + t] = 0f;
            }
        }
    }
}
