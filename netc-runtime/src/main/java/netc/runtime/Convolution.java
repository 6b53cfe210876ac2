package netc.runtime;

import java.util.Arrays;

/**
 * Convolution and transposed convolution over 1, 2 or 3 spatial dimensions (chosen by the weight's rank),
 * with PyTorch's NCHW layouts and zero padding. Both reduce to {@link Gemm}: convolution by reading a
 * padded, stride-phased copy of the input in place ({@link PhaseGrid}, no im2col), transposed convolution
 * through a product followed by col2im.
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
        PhaseGrid grid = new PhaseGrid(g, input, inGroup);
        float[] weightPanels = weight.layout(Tensor.Layout.ROW_PANELS, groups);
        int groupPanels = Gemm.roundUp(outGroup, Gemm.MR) * depth;
        Parallel.forEach(batch * groups, item -> {
            int n = item / groups;
            int group = item % groups;
            int outBase = (n * outChannels + group * outGroup) * positions;
            Gemm.multiply(outGroup, grid.columns, depth, new WeightPanels(weightPanels, group * groupPanels, depth),
                grid.operand(n * channels + group * inGroup), grid.output(out, outBase, bias, group * outGroup));
        });
        return new Tensor(out, Spatial.shape(batch, outChannels, g.out, rank));
    }

    /** The left operand of a convolution's product: a weight in {@link Tensor.Layout#ROW_PANELS}. */
    private record WeightPanels(float[] panels, int groupBase, int depth) implements Gemm.Operand {
        @Override
        public Gemm.Panels panels(int k0, int kc, int j0, int nc, int width, float[] scratch) {
            return Gemm.Panels.contiguous(panels, groupBase + j0 * depth + k0 * width, depth * width, width);
        }
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
     * The input rearranged so that the convolution's product reads it in place, without im2col: zero-padded
     * and, for strides above 1, split into stride phases. Input position s·o + k·d - p (output o, kernel
     * offset k, per dimension) is phase (k·d) mod s at grid position o + (k·d) div s, so the depth row of
     * channel c and kernel offset (kz, ky, kx) is one contiguous run of the grid, shifted by the offset.
     * Output (oz, oy, ox) is column (oz·Hq + oy)·Wq + ox of the product; the columns with ox or oy past the
     * output size lie between the valid ones, are computed and dropped. Layout: [image·channel][phase][grid].
     */
    private static final class PhaseGrid {
        private final Geometry g;
        private final int[] size = new int[3];
        private final int phases;
        private final int plane;
        private final float[] data;
        /** Depth row k (channel · kernel volume + kernel offset) starts at rows[k] + its channel's base. */
        private final int[] rows;
        private final int columns;

        PhaseGrid(Geometry g, Tensor input, int inGroup) {
            this.g = g;
            for (int d = 0; d < 3; d++) {
                size[d] = (g.in[d] + 2 * g.pad[d] + g.stride[d] - 1) / g.stride[d];
            }
            phases = Spatial.volume(g.stride);
            plane = Spatial.volume(size);
            columns = ((g.out[0] - 1) * size[1] + g.out[1] - 1) * size[2] + g.out[2];
            int images = input.shape[0] * input.shape[1];
            int[] kernelOffsets = kernelOffsets();
            boolean[] read = new boolean[phases]; // a 1×1 kernel with stride 2 reads one phase of four
            for (int offset : kernelOffsets) {
                read[offset / plane] = true;
            }
            // products read whole tiles: up to one tile of columns past the last image
            data = new float[images * phases * plane + Gemm.NR];
            Parallel.forEach(images, image -> fill(input.data, image, read));
            rows = depthRows(inGroup, kernelOffsets);
        }

        private int[] depthRows(int inGroup, int[] kernelOffsets) {
            int[] offsets = new int[inGroup * kernelOffsets.length];
            for (int c = 0; c < inGroup; c++) {
                int channelBase = c * phases * plane;
                for (int k = 0; k < kernelOffsets.length; k++) {
                    offsets[c * kernelOffsets.length + k] = channelBase + kernelOffsets[k];
                }
            }
            return offsets;
        }

        /** Where the run of each kernel offset (kz, ky, kx) starts in a channel's phases. */
        private int[] kernelOffsets() {
            int[] offsets = new int[g.kernelVolume()];
            for (int k = 0; k < offsets.length; k++) {
                int[] shift = {
                    k / (g.kernel[2] * g.kernel[1]) * g.dilation[0],
                    k / g.kernel[2] % g.kernel[1] * g.dilation[1],
                    k % g.kernel[2] * g.dilation[2]};
                int phase = 0;
                int at = 0;
                for (int d = 0; d < 3; d++) {
                    phase = phase * g.stride[d] + shift[d] % g.stride[d];
                    at = at * size[d] + shift[d] / g.stride[d];
                }
                offsets[k] = phase * plane + at;
            }
            return offsets;
        }

        /** Copies one (image, channel) plane of the input into the phases read, leaving the padding zero. */
        private void fill(float[] input, int image, boolean[] read) {
            int inBase = image * g.inVolume();
            for (int phase = 0; phase < phases; phase++) {
                if (!read[phase]) {
                    continue;
                }
                int px = phase % g.stride[2];
                int py = phase / g.stride[2] % g.stride[1];
                int pz = phase / (g.stride[2] * g.stride[1]);
                int gridBase = (image * phases + phase) * plane;
                for (int z = 0; z < size[0]; z++) {
                    int iz = z * g.stride[0] + pz - g.pad[0];
                    for (int y = 0; y < size[1] && iz >= 0 && iz < g.in[0]; y++) {
                        int iy = y * g.stride[1] + py - g.pad[1];
                        if (iy >= 0 && iy < g.in[1]) {
                            fillRow(input, inBase + (iz * g.in[1] + iy) * g.in[2], px, gridBase + (z * size[1] + y) * size[2]);
                        }
                    }
                }
            }
        }

        /** Grid row x holds input row position x·s + px - p where that lies inside the row. */
        private void fillRow(float[] input, int inRow, int px, int to) {
            int s = g.stride[2];
            int first = Math.max(0, (g.pad[2] - px + s - 1) / s);
            int end = Math.min(size[2], (g.in[2] + g.pad[2] - px + s - 1) / s);
            if (s == 1) {
                System.arraycopy(input, inRow + first + px - g.pad[2], data, to + first, Math.max(0, end - first));
                return;
            }
            for (int x = first; x < end; x++) {
                data[to + x] = input[inRow + x * s + px - g.pad[2]];
            }
        }

        /** The product's right operand for the channels of one group of one image, from the given channel. */
        Gemm.Operand operand(int firstChannel) {
            int base = firstChannel * phases * plane;
            return (k0, kc, j0, nc, width, scratch) -> new Gemm.Panels(data, base + j0, width, rows, k0);
        }

        /**
         * Writes the product's valid columns, plus the bias of their channel, to the output channels starting
         * at {@code outBase} (the bias from {@code firstChannel}).
         */
        Gemm.Output output(float[] out, int outBase, Tensor bias, int firstChannel) {
            int outVolume = g.outVolume();
            return (i, j0, nc, sums, from) -> {
                int target = outBase + i * outVolume;
                float shift = bias == null ? 0f : bias.data[firstChannel + i];
                for (int j = j0; j < j0 + nc; ) {
                    int x = j % size[2];
                    int line = j / size[2];
                    int run = Math.min(j0 + nc - j, size[2] - x);
                    int y = line % size[1];
                    int valid = Math.min(run, g.out[2] - x);
                    if (y < g.out[1] && valid > 0) {
                        int at = target + ((line / size[1]) * g.out[1] + y) * g.out[2] + x;
                        int source = from + j - j0;
                        for (int t = 0; t < valid; t++) {
                            out[at + t] = sums[source + t] + shift;
                        }
                    }
                    j += run;
                }
            };
        }
    }
}
