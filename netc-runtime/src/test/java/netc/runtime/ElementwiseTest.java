package netc.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/** Element-wise functions: masks are float 0 and 1; int64 powers wrap as PyTorch's; random draws are seeded. */
class ElementwiseTest {
    @Test
    void comparisonsGiveMasksAndNaNComparesUnequal() {
        Tensor x = Check.tensor(new float[] {-1, 0, 2, Float.NaN}, 4);
        assertArrayEquals(new float[] {0, 0, 1, 0}, Elementwise.compare(x, ">", 0f).data);
        assertArrayEquals(new float[] {1, 1, 0, 0}, Elementwise.compare(x, "<=", 0f).data);
        assertArrayEquals(new float[] {1, 1, 1, 1}, Elementwise.compare(x, "!=", Float.NaN).data);
        Tensor column = Check.tensor(new float[] {0, 2}, 2, 1);
        Tensor row = Check.tensor(new float[] {0, 1, 2}, 1, 3);
        Tensor equal = Elementwise.compare(column, "==", row);
        assertArrayEquals(new int[] {2, 3}, equal.shape);
        assertArrayEquals(new float[] {1, 0, 0, 0, 0, 1}, equal.data);
        LongTensor tokens = new LongTensor(new long[] {0, 5, 0}, 3);
        assertArrayEquals(new float[] {1, 0, 1}, Elementwise.compare(tokens, "==", 0L).data);
        assertArrayEquals(new float[] {0, 1, 0},
            Elementwise.compare(tokens, ">", new LongTensor(new long[] {0, 4, 1}, 3)).data);
    }

    @Test
    void whereAndMaskedFillBroadcastTheirMasks() {
        Tensor mask = Check.tensor(new float[] {1, 0, 1}, 1, 3);
        Tensor a = Check.tensor(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor chosen = Elementwise.where(mask, a, -1f);
        assertArrayEquals(new int[] {2, 3}, chosen.shape);
        assertArrayEquals(new float[] {1, -1, 3, 4, -1, 6}, chosen.data);
        assertArrayEquals(new float[] {9, 2, 9, 9, 5, 9}, Elementwise.maskedFill(a, mask, 9f).data);
        LongTensor ints = new LongTensor(new long[] {1, 2, 3}, 3);
        assertArrayEquals(new long[] {7, 2, 7}, Elementwise.maskedFill(ints, Check.tensor(new float[] {1, 0, 1}, 3), 7L).data);
        assertArrayEquals(new long[] {1, 0, 3}, Elementwise.where(Check.tensor(new float[] {1, 0, 1}, 3), ints, 0L).data);
    }

    @Test
    void integerPowersWrapAndNegativePowersFollowPyTorch() {
        assertEquals(1024, Elementwise.power(2, 10));
        assertEquals(Long.MIN_VALUE, Elementwise.power(2, 63));
        assertEquals(0, Elementwise.power(2, 64));
        assertEquals(-1, Elementwise.power(-1, -3));
        assertEquals(1, Elementwise.power(1, -5));
        assertEquals(0, Elementwise.power(3, -1));
        LongTensor x = new LongTensor(new long[] {-2, 3}, 2);
        assertArrayEquals(new long[] {-8, 27}, Elementwise.pow(x, 3L).data);
        assertArrayEquals(new long[] {4, 8}, Elementwise.pow(2L, new LongTensor(new long[] {2, 3}, 2)).data);
    }

    @Test
    void clampKeepsNaNAndInfiniteBoundsMeanNone() {
        Tensor x = Check.tensor(new float[] {-3, 0.5f, 7, Float.NaN}, 4);
        assertArrayEquals(new float[] {-1, 0.5f, 1, Float.NaN}, Elementwise.clamp(x, -1, 1).data);
        assertArrayEquals(new float[] {0, 0.5f, 7, Float.NaN}, Elementwise.clamp(x, 0, Float.POSITIVE_INFINITY).data);
        assertArrayEquals(new long[] {1, 2, 3}, Elementwise.clamp(new LongTensor(new long[] {0, 2, 9}, 3), 1, 3).data);
        assertArrayEquals(new long[] {Long.MIN_VALUE, 2}, Elementwise.abs(new LongTensor(new long[] {Long.MIN_VALUE, -2}, 2)).data);
    }

    @Test
    void randomDrawsRepeatForOneSeedAndDifferAcrossSeeds() {
        Tensor x = Tensor.zeros(100, 100);
        Tensor a = Elementwise.randnLike(x, 7);
        assertArrayEquals(a.data, Elementwise.randnLike(x, 7).data);
        assertNotEquals(a.data[0], Elementwise.randnLike(x, 8).data[0]);
        double mean = 0;
        double square = 0;
        for (float v : a.data) {
            mean += v / 1e4;
            square += v * v / 1e4;
        }
        assertEquals(0, mean, 0.05);
        assertEquals(1, square, 0.05);
        Tensor u = Elementwise.randLike(x, 7);
        for (float v : u.data) {
            assertEquals(0.5, v, 0.5);
        }
    }
}
