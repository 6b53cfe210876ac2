package netc.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class NormalizationTest {
    private static Tensor t(float... values) {
        return new Tensor(values, values.length);
    }

    @Test
    void batchNormUsesRunningStatistics() {
        Tensor x = new Tensor(new float[] {1, 2}, 1, 2, 1);
        Tensor out = Normalization.batchNorm(x, t(0, 1), t(4, 1), t(1, 2), t(0, 0.5f), 0);
        assertArrayEquals(new float[] {0.5f, 2.5f}, out.data);
    }

    @Test
    void batchNormWithoutRunningStatisticsUsesTheBatchsOwn() {
        // channel 0 holds 1, 1, 3, 3 (mean 2, variance 1); channel 1 holds 0, 4, 0, 4 (mean 2, variance 4)
        Tensor x = new Tensor(new float[] {1, 1, 0, 4, 3, 3, 0, 4}, 2, 2, 2);
        Tensor out = Normalization.batchNormWithBatchStatistics(x, t(2, 1), t(0.5f, 0), 0);
        assertArrayEquals(new float[] {-1.5f, -1.5f, -1, 1, 2.5f, 2.5f, -1, 1}, out.data);
    }

    @Test
    void batchStatisticsNeedMoreThanOneValuePerChannel() {
        assertThrows(IllegalArgumentException.class,
            () -> Normalization.batchNormWithBatchStatistics(new Tensor(new float[] {1, 2}, 1, 2), null, null, 1e-5));
    }

    @Test
    void layerNormOverTrailingDimensionsWithAffine() {
        Tensor x = new Tensor(new float[] {1, 2, 3, 4}, 1, 2, 2);
        Tensor plain = Normalization.layerNorm(x, new int[] {2, 2}, null, null, 1e-5);
        Check.close(new float[] {-1.3416354199689269f, -0.447211806656309f, 0.447211806656309f, 1.3416354199689269f},
                plain.data, 1e-6);
        Tensor affine = Normalization.layerNorm(x, new int[] {2, 2}, new Tensor(new float[] {1, 1, 2, 2}, 2, 2),
                new Tensor(new float[] {0, 0, 0, 1}, 2, 2), 1e-5);
        Check.close(new float[] {-1.3416354199689269f, -0.447211806656309f, 0.894423613312618f, 3.6832708399378538f},
                affine.data, 1e-6);
    }

    @Test
    void groupNormNormalizesEachGroupThenScalesPerChannel() {
        Tensor x = new Tensor(new float[] {1, 2, 3, 7}, 1, 4, 1);
        Tensor out = Normalization.groupNorm(x, 2, t(1, 2, 3, 4), t(0, 0, 0, 1), 0);
        assertArrayEquals(new float[] {-1, 2, -3, 5}, out.data);
    }

    @Test
    void instanceNormUsesPerPlaneStatistics() {
        Tensor x = new Tensor(new float[] {1, 3, 2, 2}, 1, 2, 2);
        Tensor out = Normalization.instanceNorm(x, null, null, 1e-5);
        float scaled = (float) (1 / Math.sqrt(1 + 1e-5));
        Check.close(new float[] {-scaled, scaled, 0, 0}, out.data, 1e-7);
    }

    @Test
    void localResponseNormSumsSquaresOverPrecedingChannelWindow() {
        // size 2: channel c sees channels c-1 and c; divisor (1 + 1/2·Σx²)^1
        Tensor out = Normalization.localResponseNorm(new Tensor(new float[] {1, 2, 3}, 1, 3, 1), 2, 1, 1, 1);
        Check.close(new float[] {1 / 1.5f, 2 / 3.5f, 3 / 7.5f}, out.data, 1e-7);
    }

    @Test
    void foldedBatchNormEqualsConvFollowedByBatchNorm() {
        Random random = new Random(5);
        Tensor x = Check.random(random, 2, 3, 6, 6);
        Tensor weight = Check.random(random, 4, 3, 3, 3);
        Tensor bias = Check.random(random, 4);
        Tensor mean = Check.random(random, 4);
        Tensor var = Activations.map(Check.random(random, 4), v -> 0.5f + v * v);
        Tensor gamma = Check.random(random, 4);
        Tensor beta = Check.random(random, 4);
        int[] one = {1};
        Tensor expected = Normalization.batchNorm(Convolution.conv(x, weight, bias, one, one, one, 1), mean, var, gamma,
                beta, 1e-5);
        Normalization.WeightAndBias folded = Normalization.foldBatchNorm(weight, bias, mean, var, gamma, beta, 1e-5);
        Check.close(expected, Convolution.conv(x, folded.weight(), folded.bias(), one, one, one, 1), 1e-4);
    }
}
