package netc.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PoolingTest {
    private static final int[] ZERO = {0};
    private static final int[] ONE = {1};

    private static Tensor row(float... values) {
        return new Tensor(values, 1, 1, values.length);
    }

    @Test
    void maxPoolCeilModeKeepsPartialLastWindow() {
        Tensor x = row(1, 3, 2, 5, 4);
        assertArrayEquals(new float[] {3, 5, 4}, Pooling.maxPool(x, new int[] {2}, null, ZERO, ONE, true).data);
        assertArrayEquals(new float[] {3, 5}, Pooling.maxPool(x, new int[] {2}, null, ZERO, ONE, false).data);
    }

    @Test
    void maxPoolCeilModeDropsWindowStartingInRightPadding() {
        // kernel 3, stride 3, padding 1 on 5 inputs: a third window would start at 5, past input + left padding
        Tensor out = Pooling.maxPool(row(1, 3, 2, 5, 4), new int[] {3}, new int[] {3}, ONE, ONE, true);
        assertArrayEquals(new int[] {1, 1, 2}, out.shape);
        assertArrayEquals(new float[] {3, 5}, out.data);
    }

    @Test
    void dilatedMaxPool2d() {
        float[] values = new float[16];
        for (int i = 0; i < 16; i++) {
            values[i] = i;
        }
        Tensor out = Pooling.maxPool(new Tensor(values, 1, 1, 4, 4), new int[] {2, 2}, ONE, ZERO, new int[] {2}, false);
        assertArrayEquals(new float[] {10, 11, 14, 15}, out.data);
    }

    @Test
    void avgPoolCeilModeAndCountIncludePad() {
        Tensor x = row(1, 2, 3, 4);
        int[] three = {3};
        int[] two = {2};
        assertArrayEquals(new float[] {1, 3}, Pooling.avgPool(x, three, two, ONE, false, true).data);
        assertArrayEquals(new float[] {1.5f, 3}, Pooling.avgPool(x, three, two, ONE, false, false).data);
        // the last window [3, 5] holds input 3 and padding 4 only; the divisor counts padding, not overhang
        assertArrayEquals(new float[] {1, 3, 2}, Pooling.avgPool(x, three, two, ONE, true, true).data);
        assertArrayEquals(new float[] {1.5f, 3, 4}, Pooling.avgPool(x, three, two, ONE, true, false).data);
        assertArrayEquals(new float[] {1.5f, 3.5f, 5}, Pooling.avgPool(row(1, 2, 3, 4, 5), two, null, ZERO, true, true).data);
    }

    @Test
    void avgPoolDivisorOverrideDividesEveryWindowAlike() {
        // windows [pad, 1, 2], [2, 3, 4], [4, pad]: sums 3, 9, 4, each divided by 2
        Tensor x = row(1, 2, 3, 4);
        assertArrayEquals(new float[] {1.5f, 4.5f, 2},
            Pooling.avgPoolWithDivisor(x, new int[] {3}, new int[] {2}, ONE, true, 2).data);
        assertThrows(IllegalArgumentException.class,
            () -> Pooling.avgPoolWithDivisor(x, new int[] {2}, null, ZERO, false, 0));
    }

    @Test
    void adaptivePoolsUseFloorAndCeilBounds() {
        Tensor x = row(1, 2, 3, 4, 5);
        assertArrayEquals(new float[] {1.5f, 3, 4.5f}, Pooling.adaptiveAvgPool(x, new int[] {3}).data);
        assertArrayEquals(new float[] {2, 4, 5}, Pooling.adaptiveMaxPool(x, new int[] {3}).data);
        Tensor upsampled = Pooling.adaptiveAvgPool(row(1, 2), new int[] {3});
        assertArrayEquals(new float[] {1, 1.5f, 2}, upsampled.data);
    }

    @Test
    void pools3d() {
        float[] values = {0, 1, 2, 3, 4, 5, 6, 7};
        Tensor x = new Tensor(values, 1, 1, 2, 2, 2);
        int[] two = {2, 2, 2};
        assertArrayEquals(new float[] {7}, Pooling.maxPool(x, two, null, ZERO, ONE, false).data);
        assertArrayEquals(new float[] {3.5f}, Pooling.avgPool(x, two, null, ZERO, false, true).data);
        assertArrayEquals(new int[] {1, 1, 1, 1, 1}, Pooling.adaptiveAvgPool(x, new int[] {1, 1, 1}).shape);
    }

    @Test
    void rejectsPaddingOverHalfTheKernel() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Pooling.maxPool(row(1, 2, 3), new int[] {2}, null, new int[] {2}, ONE, false));
        assertEquals("pooling: padding [2] must be between 0 and half the kernel [2]", e.getMessage());
    }

    /** Max pooling over windows of every size, stride, padding, dilation and ceil mode against a naive loop. */
    @Test
    void maxPool2dMatchesNaive() {
        java.util.Random random = new java.util.Random(5);
        for (int trial = 0; trial < 200; trial++) {
            int kernel = 1 + random.nextInt(4);
            int stride = 1 + random.nextInt(3);
            int dilation = 1 + random.nextInt(2);
            int padding = random.nextInt(kernel / 2 + 1);
            boolean ceil = random.nextBoolean();
            int height = dilation * (kernel - 1) + 1 + random.nextInt(9);
            int width = dilation * (kernel - 1) + 1 + random.nextInt(9);
            Tensor x = Check.random(random, 2, 3, height, width);
            int[] k = {kernel, kernel};
            Tensor out = Pooling.maxPool(x, k, new int[] {stride}, new int[] {padding}, new int[] {dilation}, ceil);
            assertArrayEquals(naiveMaxPool2d(x, out.shape, kernel, stride, padding, dilation), out.data,
                "kernel " + kernel + " stride " + stride + " padding " + padding + " dilation " + dilation);
        }
    }

    private static float[] naiveMaxPool2d(Tensor x, int[] outShape, int kernel, int stride, int padding, int dilation) {
        int height = x.shape[2];
        int width = x.shape[3];
        float[] out = new float[Shapes.numel(outShape)];
        int at = 0;
        for (int plane = 0; plane < outShape[0] * outShape[1]; plane++) {
            for (int oy = 0; oy < outShape[2]; oy++) {
                for (int ox = 0; ox < outShape[3]; ox++) {
                    float best = Float.NEGATIVE_INFINITY;
                    for (int ky = 0; ky < kernel; ky++) {
                        for (int kx = 0; kx < kernel; kx++) {
                            int iy = oy * stride - padding + ky * dilation;
                            int ix = ox * stride - padding + kx * dilation;
                            if (iy >= 0 && iy < height && ix >= 0 && ix < width) {
                                best = Math.max(best, x.data[(plane * height + iy) * width + ix]);
                            }
                        }
                    }
                    out[at++] = best;
                }
            }
        }
        return out;
    }
}
