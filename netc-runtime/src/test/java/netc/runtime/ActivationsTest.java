package netc.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** Activations at points whose values are known (reference values from the closed forms in double). */
class ActivationsTest {
    private static Tensor t(float... values) {
        return new Tensor(values, values.length);
    }

    private static void assertValues(float[] expected, Tensor actual) {
        Check.close(expected, actual.data, 1e-6);
    }

    @Test
    void piecewiseLinear() {
        Tensor x = t(-2, -0.5f, 0, 0.5f, 7);
        assertArrayEquals(new float[] {0, 0, 0, 0.5f, 7}, Activations.relu(x).data);
        assertArrayEquals(new float[] {0, 0, 0, 0.5f, 6}, Activations.relu6(x).data);
        assertArrayEquals(new float[] {-0.2f, -0.05f, 0, 0.5f, 7}, Activations.leakyRelu(x, 0.1f).data);
        assertArrayEquals(new float[] {-1, -0.5f, 0, 0.5f, 1}, Activations.hardtanh(x, -1, 1).data);
        assertArrayEquals(new float[] {-1, -1, -1, 0.5f, 7}, Activations.threshold(x, 0.2f, -1).data);
        assertValues(new float[] {-2 / 6f, -0.5f * 2.5f / 6, 0, 0.5f * 3.5f / 6, 7},
                Activations.hardswish(t(-2, -0.5f, 0, 0.5f, 7)));
        assertValues(new float[] {1 / 6f, 2.5f / 6, 0.5f, 3.5f / 6, 1}, Activations.hardsigmoid(x));
        assertValues(new float[] {-2 / 3f, -0.5f / 1.5f, 0, 0.5f / 1.5f, 7 / 8f}, Activations.softsign(x));
    }

    @Test
    void exponentialFamily() {
        assertValues(new float[] {-0.6321205588285577f, 1}, Activations.elu(t(-1, 1), 1));
        assertValues(new float[] {-0.7869386805747332f, 1}, Activations.celu(t(-1, 1), 2));
        assertValues(new float[] {-1.1113307378125625f, 1.0507009873554805f}, Activations.selu(t(-1, 1)));
        assertValues(new float[] {0.2689414213699951f, 0.5f, 1}, Activations.sigmoid(t(-1, 0, 100)));
        assertValues(new float[] {0.46211715726000974f}, Activations.tanh(t(0.5f)));
        assertValues(new float[] {0.7310585786300049f}, Activations.silu(t(1)));
        assertValues(new float[] {0.8650983882673103f}, Activations.mish(t(1)));
        assertValues(new float[] {0.23840584404423515f}, Activations.tanhshrink(t(1)));
        assertValues(new float[] {-100, -0.6931471805599453f}, Activations.logSigmoid(t(-100, 0)));
    }

    @Test
    void softplusHonoursBetaAndThreshold() {
        assertValues(new float[] {1.3132616875182228f, 30}, Activations.softplus(t(1, 30), 1, 20));
        assertValues(new float[] {1.0634640055214863f}, Activations.softplus(t(1), 2, 20));
    }

    @Test
    void geluExactAndTanhApproximation() {
        assertValues(new float[] {0.8413447460685429f, -0.15865525393145707f, -0.00404969409489031f, 0.34573123063700656f},
                Activations.gelu(t(1, -1, -3, 0.5f)));
        assertValues(new float[] {0.8411919906082768f, -0.04540230591222494f}, Activations.geluTanh(t(1, -2)));
    }

    @Test
    void preluWithOneOrPerChannelSlopes() {
        Tensor x = new Tensor(new float[] {-1, 2, -3, -4}, 1, 2, 2);
        assertArrayEquals(new float[] {-0.5f, 2, -1.5f, -2}, Activations.prelu(x, t(0.5f)).data);
        assertArrayEquals(new float[] {-0.5f, 2, -0.3f, -0.4f}, Activations.prelu(x, t(0.5f, 0.1f)).data);
    }

    @Test
    void gluGatesFirstHalfWithSecond() {
        Tensor x = new Tensor(new float[] {1, 2, 0, 100}, 1, 4);
        assertValues(new float[] {0.5f, 2}, Activations.glu(x, -1));
        Tensor byRows = Activations.glu(new Tensor(new float[] {1, 2, 0, 100}, 2, 2), 0);
        assertArrayEquals(new int[] {1, 2}, byRows.shape);
        assertValues(new float[] {0.5f, 2}, byRows);
    }

    @Test
    void softmaxIsStableAndFollowsDimension() {
        assertValues(new float[] {0.5f, 0.5f}, Activations.softmax(t(1000, 1000), 0));
        Tensor columns = Activations.softmax(new Tensor(new float[] {0, 1, 0, 1}, 2, 2), 0);
        assertValues(new float[] {0.5f, 0.5f, 0.5f, 0.5f}, columns);
        float log3 = (float) Math.log(3);
        assertValues(new float[] {-log3, -log3, -log3}, Activations.logSoftmax(t(-500, -500, -500), -1));
        Tensor channels = Activations.softmax2d(new Tensor(new float[] {0, 5, 0, 5}, 1, 2, 1, 2));
        assertValues(new float[] {0.5f, 0.5f, 0.5f, 0.5f}, channels);
    }
}
