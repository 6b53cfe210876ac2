package netc.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** 3×3 stride-1 convolutions on 32 channels or more go through {@link Winograd}; these check that path. */
class WinogradTest {
    private static final int[] ONE = {1};
    private final Random random = new Random(5);

    @Test
    void suitsOnlyPlainThreeByThreeKernelsOnEnoughChannels() {
        int[] in = {1, 56, 56};
        int[] kernel = {1, 3, 3};
        int[] unit = {1, 1, 1};
        int[] pad = {0, 1, 1};
        assertTrue(Winograd.suits(in, kernel, unit, pad, unit, 1, 64, 64));
        assertTrue(Winograd.suits(in, kernel, unit, pad, unit, 1, 32, 32));
        assertFalse(Winograd.suits(in, kernel, unit, pad, unit, 1, 16, 32), "too few input channels");
        assertFalse(Winograd.suits(in, kernel, unit, pad, unit, 1, 64, 16), "too few output channels");
        assertFalse(Winograd.suits(in, kernel, new int[] {1, 2, 2}, pad, unit, 1, 64, 64), "stride 2");
        assertFalse(Winograd.suits(in, kernel, unit, pad, new int[] {1, 2, 2}, 1, 64, 64), "dilation 2");
        assertFalse(Winograd.suits(in, kernel, unit, pad, unit, 2, 64, 64), "two groups");
        assertFalse(Winograd.suits(in, new int[] {1, 5, 5}, unit, pad, unit, 1, 64, 64), "5×5 kernel");
        assertFalse(Winograd.suits(new int[] {4, 56, 56}, new int[] {3, 3, 3}, unit, new int[] {1, 1, 1}, unit, 1,
            64, 64), "3-d kernel");
        assertFalse(Winograd.suits(new int[] {1, 1, 56}, new int[] {1, 1, 3}, unit, new int[] {0, 0, 1}, unit, 1,
            64, 64), "1-d kernel");
    }

    @Test
    void onesByHand() {
        // all ones, 32 channels in and out, padding 1: each output sums 32 channels over the 4, 6 or 9
        // taps inside the image, plus the bias; every intermediate is a small multiple of a quarter, so exact
        Tensor input = Check.tensor(filled(32 * 4 * 4, 1f), 1, 32, 4, 4);
        Tensor weight = Check.tensor(filled(32 * 32 * 9, 1f), 32, 32, 3, 3);
        Tensor bias = Check.tensor(filled(32, 0.5f), 32);
        Tensor out = Convolution.conv(input, weight, bias, ONE, ONE, ONE, 1);
        assertArrayEquals(new int[] {1, 32, 4, 4}, out.shape);
        float[] plane = {
            128.5f, 192.5f, 192.5f, 128.5f,
            192.5f, 288.5f, 288.5f, 192.5f,
            192.5f, 288.5f, 288.5f, 192.5f,
            128.5f, 192.5f, 192.5f, 128.5f};
        for (int c = 0; c < 32; c++) {
            assertArrayEquals(plane, Arrays.copyOfRange(out.data, c * 16, (c + 1) * 16), "channel " + c);
        }
    }

    @Test
    void matchesNaiveWithPartialTilesAndPanels() {
        // 7×9 output: a last row and column of half tiles; 2 images of 4 × 5 tiles = 40 tiles, five panels of
        // eight; 33 output channels: a partial panel of the right operand; padding 1 and 0 and 2
        for (int padding : new int[] {1, 0, 2}) {
            Tensor input = Check.random(random, 2, 32, 7 + 2 - 2 * padding, 9 + 2 - 2 * padding);
            Tensor weight = Check.random(random, 33, 32, 3, 3);
            Tensor bias = Check.random(random, 33);
            int[] pad = {padding};
            Check.close(ConvolutionTest.naiveConv(input, weight, bias, ONE, pad, ONE, 1),
                Convolution.conv(input, weight, bias, ONE, pad, ONE, 1), 1e-4);
        }
    }

    @Test
    void matchesNaiveOverMoreThanOneDepthBlock() {
        // 300 input channels: the products' depth runs over two blocks of Gemm.KC; one 2 × 2 tile per image
        Tensor input = Check.random(random, 3, 300, 2, 2);
        Tensor weight = Check.random(random, 40, 300, 3, 3);
        Check.close(ConvolutionTest.naiveConv(input, weight, null, ONE, ONE, ONE, 1),
            Convolution.conv(input, weight, null, ONE, ONE, ONE, 1), 1e-3);
    }

    @Test
    void matchesNaiveOnAResnetLayerAndAgainWithTheCachedWeight() {
        Tensor input = Check.random(random, 1, 64, 14, 14);
        Tensor weight = Check.random(random, 64, 64, 3, 3);
        Tensor bias = Check.random(random, 64);
        Tensor expected = ConvolutionTest.naiveConv(input, weight, bias, ONE, ONE, ONE, 1);
        Check.close(expected, Convolution.conv(input, weight, bias, ONE, ONE, ONE, 1), 1e-4);
        float[] transformed = weight.layout(Tensor.Layout.WINOGRAD_PANELS, 1);
        // a smaller image after a larger one: the reused workspace is longer than this call needs
        Tensor small = Check.random(random, 1, 64, 5, 6);
        Check.close(ConvolutionTest.naiveConv(small, weight, null, ONE, ONE, ONE, 1),
            Convolution.conv(small, weight, null, ONE, ONE, ONE, 1), 1e-4);
        Check.close(expected, Convolution.conv(input, weight, bias, ONE, ONE, ONE, 1), 1e-4);
        assertSame(transformed, weight.layout(Tensor.Layout.WINOGRAD_PANELS, 1), "transformed once");
    }

    private static float[] filled(int size, float value) {
        float[] data = new float[size];
        Arrays.fill(data, value);
        return data;
    }
}
