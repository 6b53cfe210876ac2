package netc.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ConvolutionTest {
    private final Random random = new Random(3);

    @Test
    void conv1dByHand() {
        // input [1, 1, 4], weight [1, 1, 2], padding 1, stride 2: windows (0,x0) (x1,x2) (x3,0)
        Tensor input = Check.tensor(new float[] {1, 2, 3, 4}, 1, 1, 4);
        Tensor weight = Check.tensor(new float[] {10, 1}, 1, 1, 2);
        Tensor out = Convolution.conv(input, weight, Check.tensor(new float[] {0.5f}, 1),
                new int[] {2}, new int[] {1}, new int[] {1}, 1);
        assertArrayEquals(new int[] {1, 1, 3}, out.shape);
        assertArrayEquals(new float[] {1.5f, 23.5f, 40.5f}, out.data);
    }

    @Test
    void dilatedGroupedConv2dByHand() {
        // two groups of one channel; 3×3 input; 2×2 kernel dilated by 2 touches only the corners
        float[] image = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        float[] data = new float[18];
        for (int i = 0; i < 9; i++) {
            data[i] = image[i];
            data[9 + i] = -image[i];
        }
        Tensor weight = Check.tensor(new float[] {1, 0, 0, 1, 1, 1, 1, 1}, 2, 1, 2, 2);
        Tensor out = Convolution.conv(Check.tensor(data, 1, 2, 3, 3), weight, null,
                new int[] {1}, new int[] {0}, new int[] {2}, 2);
        assertArrayEquals(new int[] {1, 2, 1, 1}, out.shape);
        assertArrayEquals(new float[] {1 + 9, -(1 + 3 + 7 + 9)}, out.data);
    }

    @Test
    void depthwiseConvMatchesNaive() {
        Tensor input = Check.random(random, 2, 6, 9, 8);
        Tensor weight = Check.random(random, 6, 1, 3, 3);
        Tensor bias = Check.random(random, 6);
        int[] stride = {2, 1};
        int[] padding = {1, 2};
        int[] dilation = {1, 2};
        Check.close(naiveConv(input, weight, bias, stride, padding, dilation, 6),
                Convolution.conv(input, weight, bias, stride, padding, dilation, 6), 1e-4);
    }

    @Test
    void convMatchesNaiveAcrossRanksAndParameters() {
        int[][] spatial = {{17}, {7, 9}, {5, 6, 4}};
        for (int[] sizes : spatial) {
            int rank = sizes.length;
            for (int groups : new int[] {1, 2}) {
                Tensor input = Check.random(random, inputShape(sizes));
                Tensor weight = Check.random(random, weightShape(6, 4 / groups, rank));
                Tensor bias = Check.random(random, 6);
                int[] stride = fill(rank, 1, 2);
                int[] padding = fill(rank, 1, 0);
                int[] dilation = fill(rank, 2, 1);
                Check.close(naiveConv(input, weight, bias, stride, padding, dilation, groups),
                        Convolution.conv(input, weight, bias, stride, padding, dilation, groups), 1e-4);
            }
        }
    }

    @Test
    void largeConvMatchesNaiveAcrossGemmBlocks() {
        // depth 40·9 = 360 > one K block, 30·30 = 900 positions > three N blocks, 9 rows (not a multiple of 4)
        Tensor input = Check.random(random, 1, 40, 30, 30);
        Tensor weight = Check.random(random, 9, 40, 3, 3);
        int[] one = {1};
        Check.close(naiveConv(input, weight, null, one, one, one, 1),
                Convolution.conv(input, weight, null, one, one, one, 1), 1e-3);
    }

    @Test
    void manyChannelsOnFewPixelsMatchesNaive() {
        // 200 output channels on 5×5 pixels: the GEMM runs transposed
        Tensor input = Check.random(random, 2, 30, 5, 5);
        Tensor weight = Check.random(random, 200, 30, 3, 3);
        Tensor bias = Check.random(random, 200);
        int[] one = {1};
        Check.close(naiveConv(input, weight, bias, one, one, one, 1),
                Convolution.conv(input, weight, bias, one, one, one, 1), 1e-3);
    }

    @Test
    void pointwiseConvMatchesNaive() {
        Tensor input = Check.random(random, 2, 5, 4, 3);
        Tensor weight = Check.random(random, 7, 5, 1, 1);
        int[] one = {1};
        int[] zero = {0};
        Check.close(naiveConv(input, weight, null, one, zero, one, 1),
                Convolution.conv(input, weight, null, one, zero, one, 1), 1e-4);
    }

    @Test
    void convTransposeWithOutputPaddingByHand() {
        // input [1,1,2], weight [1,1,3], stride 2, padding 1, output_padding 1:
        // full output (len 5+1) = x0*w at 0..2, x1*w at 2..4; padding drops index 0; output_padding adds one at the end
        Tensor input = Check.tensor(new float[] {1, 10}, 1, 1, 2);
        Tensor weight = Check.tensor(new float[] {1, 2, 3}, 1, 1, 3);
        Tensor out = Convolution.convTranspose(input, weight, Check.tensor(new float[] {100}, 1),
                new int[] {2}, new int[] {1}, new int[] {1}, 1, new int[] {1});
        assertArrayEquals(new int[] {1, 1, 4}, out.shape);
        // full: [1, 2, 3+10, 20, 30, 0]; crop [1..5) -> [2, 13, 20, 30]
        assertArrayEquals(new float[] {102, 113, 120, 130}, out.data);
    }

    @Test
    void convTransposeMatchesNaiveAcrossRanksAndParameters() {
        int[][] spatial = {{6}, {4, 5}, {3, 4, 3}};
        for (int[] sizes : spatial) {
            int rank = sizes.length;
            for (int groups : new int[] {1, 2}) {
                Tensor input = Check.random(random, inputShape(sizes));
                Tensor weight = Check.random(random, weightShape(4, 6 / groups, rank));
                Tensor bias = Check.random(random, 6);
                int[] stride = fill(rank, 2, 3);
                int[] padding = fill(rank, 1, 0);
                int[] outputPadding = fill(rank, 1, 0);
                int[] dilation = fill(rank, 1, 2);
                Check.close(naiveConvTranspose(input, weight, bias, stride, padding, outputPadding, groups, dilation),
                        Convolution.convTranspose(input, weight, bias, stride, padding, outputPadding, groups, dilation),
                        1e-4);
            }
        }
    }

    @Test
    void rejectsMismatchedChannels() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Convolution.conv(
                Tensor.zeros(1, 3, 5, 5), Tensor.zeros(8, 4, 3, 3), null, new int[] {1}, new int[] {0}, new int[] {1}, 1));
        assertEquals("conv: 3 input channels and 8 output channels do not fit the weight with groups=1", e.getMessage());
    }

    private static int[] fill(int rank, int first, int rest) {
        int[] values = new int[rank];
        for (int d = 0; d < rank; d++) {
            values[d] = d == 0 ? first : rest;
        }
        return values;
    }

    /** Lifts an [N, C, ...] shape's spatial part to three dims. */
    private static int[] sizes3(int[] shape) {
        int[] s = {1, 1, 1};
        for (int d = 2; d < shape.length; d++) {
            s[3 - (shape.length - 2) + d - 2] = shape[d];
        }
        return s;
    }

    /** Lifts per-dimension values to three dims; a single value applies to all {@code rank} dims. */
    private static int[] lift3(int[] v, int fill, int rank) {
        int[] s = {fill, fill, fill};
        for (int d = 0; d < rank; d++) {
            s[3 - rank + d] = v.length == 1 ? v[0] : v[d];
        }
        return s;
    }

    /** Direct definition of PyTorch convolution, lifted to 3-d. */
    static Tensor naiveConv(Tensor x, Tensor w, Tensor b, int[] stride, int[] pad, int[] dil, int groups) {
        int rank = x.rank() - 2;
        int n = x.shape[0];
        int c = x.shape[1];
        int co = w.shape[0];
        int cg = c / groups;
        int og = co / groups;
        int[] in = sizes3(x.shape);
        int[] k = sizes3(w.shape);
        int[] s = lift3(stride, 1, rank);
        int[] p = lift3(pad, 0, rank);
        int[] d = lift3(dil, 1, rank);
        int[] out = new int[3];
        for (int i = 0; i < 3; i++) {
            out[i] = (in[i] + 2 * p[i] - d[i] * (k[i] - 1) - 1) / s[i] + 1;
        }
        int[] shape = new int[rank + 2];
        shape[0] = n;
        shape[1] = co;
        System.arraycopy(out, 3 - rank, shape, 2, rank);
        Tensor y = Tensor.zeros(shape);
        int idx = 0;
        for (int b0 = 0; b0 < n; b0++) {
            for (int o = 0; o < co; o++) {
                for (int oz = 0; oz < out[0]; oz++) {
                    for (int oy = 0; oy < out[1]; oy++) {
                        for (int ox = 0; ox < out[2]; ox++) {
                            double sum = b == null ? 0 : b.data[o];
                            int g = o / og;
                            for (int ci = 0; ci < cg; ci++) {
                                for (int kz = 0; kz < k[0]; kz++) {
                                    for (int ky = 0; ky < k[1]; ky++) {
                                        for (int kx = 0; kx < k[2]; kx++) {
                                            int iz = oz * s[0] - p[0] + kz * d[0];
                                            int iy = oy * s[1] - p[1] + ky * d[1];
                                            int ix = ox * s[2] - p[2] + kx * d[2];
                                            if (iz < 0 || iz >= in[0] || iy < 0 || iy >= in[1] || ix < 0 || ix >= in[2]) {
                                                continue;
                                            }
                                            float xv = x.data[(((b0 * c + g * cg + ci) * in[0] + iz) * in[1] + iy) * in[2] + ix];
                                            float wv = w.data[(((o * cg + ci) * k[0] + kz) * k[1] + ky) * k[2] + kx];
                                            sum += xv * wv;
                                        }
                                    }
                                }
                            }
                            y.data[idx++] = (float) sum;
                        }
                    }
                }
            }
        }
        return y;
    }

    /** Direct scatter definition of PyTorch transposed convolution, lifted to 3-d. */
    static Tensor naiveConvTranspose(Tensor x, Tensor w, Tensor b, int[] stride, int[] pad, int[] outPad, int groups,
                                     int[] dil) {
        int rank = x.rank() - 2;
        int n = x.shape[0];
        int c = x.shape[1];
        int cg = c / groups;
        int og = w.shape[1];
        int co = og * groups;
        int[] in = sizes3(x.shape);
        int[] k = sizes3(w.shape);
        int[] s = lift3(stride, 1, rank);
        int[] p = lift3(pad, 0, rank);
        int[] op = lift3(outPad, 0, rank);
        int[] d = lift3(dil, 1, rank);
        int[] out = new int[3];
        for (int i = 0; i < 3; i++) {
            out[i] = (in[i] - 1) * s[i] - 2 * p[i] + d[i] * (k[i] - 1) + op[i] + 1;
        }
        int[] shape = new int[rank + 2];
        shape[0] = n;
        shape[1] = co;
        System.arraycopy(out, 3 - rank, shape, 2, rank);
        Tensor y = Tensor.zeros(shape);
        int plane = out[0] * out[1] * out[2];
        for (int b0 = 0; b0 < n; b0++) {
            for (int o = 0; o < co; o++) {
                for (int q = 0; q < plane; q++) {
                    y.data[(b0 * co + o) * plane + q] = b == null ? 0 : b.data[o];
                }
            }
            for (int ci = 0; ci < c; ci++) {
                int g = ci / cg;
                for (int iz = 0; iz < in[0]; iz++) {
                    for (int iy = 0; iy < in[1]; iy++) {
                        for (int ix = 0; ix < in[2]; ix++) {
                            float xv = x.data[(((b0 * c + ci) * in[0] + iz) * in[1] + iy) * in[2] + ix];
                            for (int oo = 0; oo < og; oo++) {
                                for (int kz = 0; kz < k[0]; kz++) {
                                    for (int ky = 0; ky < k[1]; ky++) {
                                        for (int kx = 0; kx < k[2]; kx++) {
                                            int oz = iz * s[0] - p[0] + kz * d[0];
                                            int oy = iy * s[1] - p[1] + ky * d[1];
                                            int ox = ix * s[2] - p[2] + kx * d[2];
                                            if (oz < 0 || oz >= out[0] || oy < 0 || oy >= out[1] || ox < 0 || ox >= out[2]) {
                                                continue;
                                            }
                                            float wv = w.data[(((ci * og + oo) * k[0] + kz) * k[1] + ky) * k[2] + kx];
                                            y.data[((b0 * co + g * og + oo) * out[0] + oz) * plane / out[0] + oy * out[2] + ox] += xv * wv;
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return y;
    }

    /** Batch 2, 4 channels, then the given spatial sizes. */
    private static int[] inputShape(int[] spatial) {
        int[] shape = new int[spatial.length + 2];
        shape[0] = 2;
        shape[1] = 4;
        System.arraycopy(spatial, 0, shape, 2, spatial.length);
        return shape;
    }

    /** A weight [first, second, k...] with kernel sizes 2, 3, 2 along its spatial dimensions. */
    private static int[] weightShape(int first, int second, int rank) {
        int[] shape = new int[rank + 2];
        shape[0] = first;
        shape[1] = second;
        for (int d = 0; d < rank; d++) {
            shape[2 + d] = 2 + d % 2;
        }
        return shape;
    }
}
