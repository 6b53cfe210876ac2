package netc.runtime;

import static netc.runtime.Resampling.Interpolation.CUBIC;
import static netc.runtime.Resampling.Interpolation.LINEAR;
import static netc.runtime.Resampling.Interpolation.NEAREST;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Layout operations, broadcasting arithmetic, reductions, padding, resampling and embedding. */
class ShapingTest {
    /** 0, 1, 2, ... in the given shape. */
    private static Tensor iota(int... shape) {
        Tensor t = Tensor.zeros(shape);
        for (int i = 0; i < t.data.length; i++) {
            t.data[i] = i;
        }
        return t;
    }

    @Test
    void reshapeInfersOneDimensionAndSharesData() {
        Tensor x = iota(2, 3, 4);
        Tensor y = x.reshape(4, -1);
        assertArrayEquals(new int[] {4, 6}, y.shape);
        assertEquals(x.data, y.data);
        assertArrayEquals(new int[] {2, 12}, Shaping.flatten(x, 1, -1).shape);
        assertArrayEquals(new int[] {2, 1, 3, 4}, Shaping.unsqueeze(x, 1).shape);
        assertArrayEquals(new int[] {2, 3, 4, 1}, Shaping.unsqueeze(x, -1).shape);
        assertArrayEquals(new int[] {3}, Shaping.squeeze(iota(1, 3, 1)).shape);
        assertArrayEquals(new int[] {3, 1}, Shaping.squeeze(iota(1, 3, 1), 0).shape);
        assertEquals("cannot reshape 24 elements to [5, -1]",
                assertThrows(IllegalArgumentException.class, () -> x.reshape(5, -1)).getMessage());
    }

    @Test
    void permuteAndTranspose() {
        Tensor x = iota(2, 3);
        assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, Shaping.transpose(x, 0, 1).data);
        Tensor p = Shaping.permute(iota(2, 3, 4), 2, 0, 1);
        assertArrayEquals(new int[] {4, 2, 3}, p.shape);
        assertEquals(13f, p.get(1, 1, 0)); // x[1, 0, 1] = 12 + 1
    }

    @Test
    void selectAndSliceWithNegativeIndices() {
        Tensor x = iota(3, 4);
        assertArrayEquals(new float[] {8, 9, 10, 11}, Shaping.select(x, 0, -1).data);
        assertArrayEquals(new float[] {1, 5, 9}, Shaping.select(x, 1, 1).data);
        Tensor s = Shaping.slice(x, 1, -3, Integer.MAX_VALUE, 2);
        assertArrayEquals(new int[] {3, 2}, s.shape);
        assertArrayEquals(new float[] {1, 3, 5, 7, 9, 11}, s.data);
        assertArrayEquals(new int[] {0, 4}, Shaping.slice(x, 0, 2, 1, 1).shape);
    }

    @Test
    void catAlongMiddleDimension() {
        Tensor a = iota(2, 1, 2);
        Tensor b = iota(2, 2, 2);
        Tensor c = Shaping.cat(1, a, b);
        assertArrayEquals(new int[] {2, 3, 2}, c.shape);
        assertArrayEquals(new float[] {0, 1, 0, 1, 2, 3, 2, 3, 4, 5, 6, 7}, c.data);
    }

    @Test
    void chunkGivesFewerPiecesWhenTheSizeDoesNotDivide() {
        // torch.chunk(torch.arange(5.).view(1, 5), 4, 1): sizes 2, 2, 1
        Tensor[] pieces = Shaping.chunk(iota(1, 5), 4, 1);
        assertEquals(3, pieces.length);
        assertArrayEquals(new float[] {0, 1}, pieces[0].data);
        assertArrayEquals(new float[] {2, 3}, pieces[1].data);
        assertArrayEquals(new float[] {4}, pieces[2].data);
        assertArrayEquals(new int[] {1, 1}, pieces[2].shape);
        Tensor[] halves = Shaping.chunk(iota(2, 3, 4), 2, -1);
        assertArrayEquals(new int[] {2, 3, 2}, halves[1].shape);
        assertArrayEquals(new float[] {2, 3, 6, 7, 10, 11, 14, 15, 18, 19, 22, 23}, halves[1].data);
        // ceil(5 / chunks) once overflowed in int for the largest counts
        assertEquals(5, Shaping.chunk(iota(1, 5), Integer.MAX_VALUE, 1).length);
        assertEquals(1, Shaping.split(iota(1, 5), Integer.MAX_VALUE, -1).length);
        assertEquals("chunk: chunks must be at least 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> Shaping.chunk(iota(1, 5), 0, 1)).getMessage());
    }

    @Test
    void splitBySizeOrBySections() {
        Tensor x = iota(2, 5);
        Tensor[] bySize = Shaping.split(x, 2, 1);
        assertEquals(3, bySize.length);
        assertArrayEquals(new float[] {2, 3, 7, 8}, bySize[1].data);
        assertArrayEquals(new float[] {4, 9}, bySize[2].data);
        Tensor[] sections = Shaping.split(x, new int[] {1, 4}, -1);
        assertArrayEquals(new float[] {0, 5}, sections[0].data);
        assertArrayEquals(new float[] {1, 2, 3, 4, 6, 7, 8, 9}, sections[1].data);
        LongTensor[] longs = Shaping.split(new LongTensor(new long[] {7, 8, 9}, 1, 3), 2, 1);
        assertArrayEquals(new long[] {9}, longs[1].data);
        assertEquals("split: sizes [1, 3] do not add up to 5, the size of dimension 1", assertThrows(
                IllegalArgumentException.class, () -> Shaping.split(x, new int[] {1, 3}, 1)).getMessage());
    }

    @Test
    void unbindDropsTheDimensionAndStackPutsItBack() {
        Tensor x = iota(2, 3, 2);
        Tensor[] rows = Shaping.unbind(x, 1);
        assertEquals(3, rows.length);
        assertArrayEquals(new int[] {2, 2}, rows[1].shape);
        assertArrayEquals(new float[] {2, 3, 8, 9}, rows[1].data);
        Tensor back = Shaping.stack(1, rows);
        assertArrayEquals(x.shape, back.shape);
        assertArrayEquals(x.data, back.data);
        Tensor last = Shaping.stack(-1, rows[0], rows[2]);
        assertArrayEquals(new int[] {2, 2, 2}, last.shape);
        assertArrayEquals(new float[] {0, 4, 1, 5, 6, 10, 7, 11}, last.data);
        assertEquals("stack: shapes [2, 2] and [2, 3] differ", assertThrows(IllegalArgumentException.class,
            () -> Shaping.stack(1, rows[0], iota(2, 3))).getMessage());
    }

    @Test
    void broadcastingArithmetic() {
        Tensor a = iota(2, 1, 3);
        Tensor b = new Tensor(new float[] {10, 20}, 2, 1);
        Tensor sum = Arithmetic.add(a, b);
        assertArrayEquals(new int[] {2, 2, 3}, sum.shape);
        assertArrayEquals(new float[] {10, 11, 12, 20, 21, 22, 13, 14, 15, 23, 24, 25}, sum.data);
        assertArrayEquals(new float[] {0, 2, 4}, Arithmetic.mul(iota(3), new Tensor(new float[] {2}, new int[0])).data);
        assertArrayEquals(new float[] {-1, 0, 1}, Arithmetic.sub(iota(3), new Tensor(new float[] {1}, 1)).data);
        assertArrayEquals(new float[] {0, 0.5f, 1}, Arithmetic.div(iota(3), new Tensor(new float[] {2}, 1)).data);
        assertEquals("shapes [2, 3] and [2] do not broadcast",
                assertThrows(IllegalArgumentException.class, () -> Arithmetic.add(iota(2, 3), iota(2))).getMessage());
    }

    @Test
    void reductionsOverDimensions() {
        Tensor x = iota(2, 3, 2);
        Tensor sum = Arithmetic.sum(x, new int[] {1}, false);
        assertArrayEquals(new int[] {2, 2}, sum.shape);
        assertArrayEquals(new float[] {6, 9, 24, 27}, sum.data);
        Tensor mean = Arithmetic.mean(x, new int[] {0, -1}, true);
        assertArrayEquals(new int[] {1, 3, 1}, mean.shape);
        assertArrayEquals(new float[] {3.5f, 5.5f, 7.5f}, mean.data);
        assertArrayEquals(new float[] {4, 5, 10, 11}, Arithmetic.amax(x, new int[] {1}, false).data);
    }

    @Test
    void paddingModes() {
        Tensor x = new Tensor(new float[] {1, 2, 3}, 1, 3);
        assertArrayEquals(new float[] {9, 9, 1, 2, 3, 9},
                Resampling.pad(x, new int[] {2, 1}, Resampling.PadMode.CONSTANT, 9).data);
        assertArrayEquals(new float[] {3, 2, 1, 2, 3, 2},
                Resampling.pad(x, new int[] {2, 1}, Resampling.PadMode.REFLECT, 0).data);
        assertArrayEquals(new float[] {1, 1, 1, 2, 3, 3},
                Resampling.pad(x, new int[] {2, 1}, Resampling.PadMode.REPLICATE, 0).data);
        assertArrayEquals(new float[] {2, 3, 1, 2, 3, 1},
                Resampling.pad(x, new int[] {2, 1}, Resampling.PadMode.CIRCULAR, 0).data);
        Tensor padded2d = Resampling.pad(iota(1, 1, 2, 2), new int[] {0, 0, 1, 0}, Resampling.PadMode.CONSTANT, -1);
        assertArrayEquals(new int[] {1, 1, 3, 2}, padded2d.shape);
        assertArrayEquals(new float[] {-1, -1, 0, 1, 2, 3}, padded2d.data);
    }

    @Test
    void interpolationNearestAndLinear() {
        Tensor x = new Tensor(new float[] {0, 1}, 1, 1, 1, 2);
        int[] size = {1, 4};
        assertArrayEquals(new float[] {0, 0, 1, 1}, Resampling.interpolate(x, size, null, NEAREST, false).data);
        assertArrayEquals(new float[] {0, 0.25f, 0.75f, 1}, Resampling.interpolate(x, size, null, LINEAR, false).data);
        assertArrayEquals(new float[] {0, 1 / 3f, 2 / 3f, 1}, Resampling.interpolate(x, size, null, LINEAR, true).data);
        Tensor square = new Tensor(new float[] {0, 1, 2, 3}, 1, 1, 2, 2);
        Tensor up = Resampling.interpolate(square, new int[] {3, 3}, null, LINEAR, true);
        assertArrayEquals(new float[] {0, 0.5f, 1, 1, 1.5f, 2, 2, 2.5f, 3}, up.data);
    }

    @Test
    void interpolationMapsCoordinatesWithTheScaleFactorWhenGiven() {
        Tensor x = new Tensor(new float[] {0, 1, 2, 3, 4}, 1, 1, 5);
        // scale_factor 1.7 gives 8 outputs reading floor(j / 1.7), not floor(j · 5 / 8)
        assertArrayEquals(new float[] {0, 0, 1, 1, 2, 2, 3, 4},
                Resampling.interpolate(x, new int[] {8}, new double[] {1.7}, NEAREST, false).data);
        assertArrayEquals(new float[] {0, 0, 1, 2, 3},
                Resampling.interpolate(x, new int[] {5}, new double[] {1.1}, NEAREST, false).data);
    }

    @Test
    void bicubicInterpolationOvershootsWithClampedBorders() {
        Tensor x = new Tensor(new float[] {0, 1}, 1, 1, 1, 2);
        assertArrayEquals(new float[] {-0.10546875f, 0.2265625f, 0.7734375f, 1.10546875f},
                Resampling.interpolate(x, new int[] {1, 4}, null, CUBIC, false).data);
    }

    @Test
    void pixelShuffleAndUnshuffle() {
        Tensor x = iota(1, 4, 1, 2);
        Tensor shuffled = Resampling.pixelShuffle(x, 2);
        assertArrayEquals(new int[] {1, 1, 2, 4}, shuffled.shape);
        // out[0, 0, i, 2w + j] = in[0, 2i + j, 0, w]
        assertArrayEquals(new float[] {0, 2, 1, 3, 4, 6, 5, 7}, shuffled.data);
        assertArrayEquals(x.data, Resampling.pixelUnshuffle(shuffled, 2).data);
    }

    @Test
    void int64TensorsAreShapedAndComputedExactly() {
        LongTensor x = new LongTensor(new long[] {1, 2, 3, 4, 5, 6}, 1, 2, 3);
        assertArrayEquals(new long[] {1, 4, 2, 5, 3, 6}, Shaping.transpose(x, 1, 2).data);
        assertArrayEquals(new long[] {4, 5, 6, 1, 2, 3}, Shaping.cat(1, Shaping.slice(x, 1, 1, 2, 1),
                Shaping.select(x, 1, 0).reshape(1, 1, 3)).data);
        assertArrayEquals(new long[] {6, 15}, Arithmetic.sum(x, new int[] {2}, false).data);
        assertArrayEquals(new long[] {4, 5, 6}, Arithmetic.amax(x, new int[] {1}, false).data);
        assertArrayEquals(new long[] {11, 22, 33, 14, 25, 36},
                Arithmetic.add(x, new LongTensor(new long[] {10, 20, 30}, 3)).data);
        assertArrayEquals(new long[] {2, 5, 8, 11, 14, 17}, Arithmetic.affine(x, 3, -1).data);
        LongTensor large = new LongTensor(new long[] {Long.MAX_VALUE - 1}, 1);
        assertArrayEquals(new long[] {Long.MAX_VALUE}, Arithmetic.affine(large, 1, 1).data);
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, x.toFloat().data);
    }

    @Test
    void embeddingLooksUpRowsAndRejectsUnknownIds() {
        Tensor weight = iota(3, 2);
        Tensor out = Embedding.lookup(new LongTensor(new long[] {2, 0}, 1, 2), weight);
        assertArrayEquals(new int[] {1, 2, 2}, out.shape);
        assertArrayEquals(new float[] {4, 5, 0, 1}, out.data);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Embedding.lookup(new LongTensor(new long[] {1, 3}, 2), weight));
        assertEquals("embedding: id 3 at position 1 is outside the vocabulary of 3", e.getMessage());
    }

    @Test
    void embeddingMaxNormScalesRowsWhoseNormExceedsIt() {
        Tensor weight = new Tensor(new float[] {3, 4, 0.3f, 0.4f}, 2, 2);
        LongTensor ids = new LongTensor(new long[] {0, 1, 0}, 1, 3);
        float euclidean = (float) (1 / (5 + 1e-7));
        assertArrayEquals(new float[] {3 * euclidean, 4 * euclidean, 0.3f, 0.4f, 3 * euclidean, 4 * euclidean},
                Embedding.lookupWithMaxNorm(ids, weight, 1, 2).data);
        float manhattan = (float) (1 / (7 + 1e-7));
        assertArrayEquals(new float[] {3 * manhattan, 4 * manhattan, 0.3f, 0.4f, 3 * manhattan, 4 * manhattan},
                Embedding.lookupWithMaxNorm(ids, weight, 1, 1).data);
        float nonZero = (float) (1 / (2 + 1e-7));
        assertArrayEquals(new float[] {3 * nonZero, 4 * nonZero, 0.3f * nonZero, 0.4f * nonZero, 3 * nonZero,
            4 * nonZero}, Embedding.lookupWithMaxNorm(ids, weight, 1, 0).data);
        assertArrayEquals(new float[] {3, 4, 0.3f, 0.4f}, weight.data, "the weight stays as loaded");
    }

    @Test
    void linearOnRank3InputAndMatmul() {
        Tensor x = iota(2, 1, 3);
        Tensor w = new Tensor(new float[] {1, 0, 0, 0, 1, 1}, 2, 3);
        Tensor y = Linear.linear(x, w, new Tensor(new float[] {0.5f, -1}, 2));
        assertArrayEquals(new int[] {2, 1, 2}, y.shape);
        assertArrayEquals(new float[] {0.5f, 2, 3.5f, 8}, y.data);
        Tensor product = Linear.matmul(iota(2, 2, 3), Shaping.transpose(w, 0, 1));
        assertArrayEquals(new float[] {0, 3, 3, 9, 6, 15, 9, 21}, product.data);
    }
}
