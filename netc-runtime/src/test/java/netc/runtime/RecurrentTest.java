package netc.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Small recurrent layers against values computed step by step from the PyTorch equations. */
class RecurrentTest {
    private static Tensor t(float... values) {
        return new Tensor(values, values.length);
    }

    private static Tensor column(float... values) {
        return new Tensor(values, values.length, 1);
    }

    @Test
    void gruFollowsResetUpdateNewGateOrder() {
        Recurrent.Direction gru = new Recurrent.Direction(column(0.5f, -1f, 2f), column(1f, 0.5f, -0.5f),
                t(0f, 0.1f, 0f), t(0.2f, 0f, 0.3f), null);
        Tensor out = Recurrent.run(Recurrent.Mode.GRU, new Tensor(new float[] {1, -1}, 2, 1, 1),
                new Recurrent.Direction[][] {{gru}}, false);
        assertArrayEquals(new int[] {2, 1, 1}, out.shape);
        Check.close(new float[] {0.6937196344245131f, 0.3775765198229489f}, out.data, 1e-6);
    }

    @Test
    void bidirectionalTanhRnnRunsReverseDirectionBackwards() {
        Recurrent.Direction forward = new Recurrent.Direction(column(0.5f), column(-1f), t(0.1f), t(0f), null);
        Recurrent.Direction backward = new Recurrent.Direction(column(1f), column(0.5f), null, null, null);
        Tensor out = Recurrent.run(Recurrent.Mode.RNN_TANH, new Tensor(new float[] {1, 2}, 2, 1, 1),
                new Recurrent.Direction[][] {{forward, backward}}, false);
        assertArrayEquals(new int[] {2, 1, 2}, out.shape);
        Check.close(new float[] {0.5370495669980352f, 0.901844598209524f, 0.5101632506598711f, 0.9640275800758169f},
                out.data, 1e-6);
    }

    @Test
    void reluRnnClampsNegativeStates() {
        Recurrent.Direction cell = new Recurrent.Direction(column(1f), column(2f), null, null, null);
        Tensor out = Recurrent.run(Recurrent.Mode.RNN_RELU, new Tensor(new float[] {-1, 3, 1}, 3, 1, 1),
                new Recurrent.Direction[][] {{cell}}, false);
        // h1 = relu(-1) = 0, h2 = relu(3 + 0) = 3, h3 = relu(1 + 2·3) = 7
        assertArrayEquals(new float[] {0, 3, 7}, out.data);
    }

    /** One LSTM cell of hidden size 2 projected to 1, on inputs of 1. */
    private static Recurrent.Direction projectedLstm() {
        Tensor weightIh = column(0.1f, 0.2f, -0.3f, 0.4f, 0.5f, -0.6f, 0.7f, 0.8f);
        Tensor weightHh = column(0.3f, -0.2f, 0.1f, 0.5f, -0.4f, 0.2f, 0.6f, -0.1f);
        Tensor biasIh = t(0.01f, 0.02f, 0.03f, 0.04f, 0.05f, 0.06f, 0.07f, 0.08f);
        Tensor weightHr = new Tensor(new float[] {0.9f, -0.7f}, 1, 2);
        return new Recurrent.Direction(weightIh, weightHh, biasIh, null, weightHr);
    }

    @Test
    void lstmWithProjectionBatchFirst() {
        // batch-first: two sequences [1, 2] and [0.5, -1]
        Tensor out = Recurrent.run(Recurrent.Mode.LSTM, new Tensor(new float[] {1, 2, 0.5f, -1}, 2, 2, 1),
                new Recurrent.Direction[][] {{projectedLstm()}}, true);
        assertArrayEquals(new int[] {2, 2, 1}, out.shape);
        Check.close(new float[] {0.2907846980598819f, 0.7012394931192069f, 0.13456760685287808f, -0.09336544133394398f},
                out.data, 1e-6);
    }

    @Test
    void gruFromAnInitialStateContinuesWhereAStepLeftOff() {
        Recurrent.Direction gru = new Recurrent.Direction(column(0.5f, -1f, 2f), column(1f, 0.5f, -0.5f),
                t(0f, 0.1f, 0f), t(0.2f, 0f, 0.3f), null);
        Recurrent.Direction[][] layers = {{gru}};
        Recurrent.Output first = Recurrent.run(Recurrent.Mode.GRU, new Tensor(new float[] {1}, 1, 1, 1), layers,
                false, null, null);
        assertArrayEquals(new int[] {1, 1, 1}, first.h().shape);
        Check.close(new float[] {0.6937196344245131f}, first.h().data, 1e-6);
        assertNull(first.c());
        // the second step of gruFollowsResetUpdateNewGateOrder, from the state the first left
        Recurrent.Output second = Recurrent.run(Recurrent.Mode.GRU, new Tensor(new float[] {-1}, 1, 1, 1), layers,
                false, first.h(), null);
        Check.close(new float[] {0.3775765198229489f}, second.output().data, 1e-6);
        Check.close(new float[] {0.3775765198229489f}, second.h().data, 1e-6);
        Check.close(new float[] {0.6937196344245131f}, first.h().data, 1e-6); // the initial state is not changed
    }

    @Test
    void bidirectionalFinalStatesAreEachDirectionsLastStep() {
        Recurrent.Direction forward = new Recurrent.Direction(column(0.5f), column(-1f), t(0.1f), t(0f), null);
        Recurrent.Direction backward = new Recurrent.Direction(column(1f), column(0.5f), null, null, null);
        Recurrent.Output out = Recurrent.run(Recurrent.Mode.RNN_TANH, new Tensor(new float[] {1, 2}, 2, 1, 1),
                new Recurrent.Direction[][] {{forward, backward}}, false, null, null);
        // h_n: forward at t = 1, backward at t = 0 (the values of bidirectionalTanhRnnRunsReverseDirectionBackwards)
        assertArrayEquals(new int[] {2, 1, 1}, out.h().shape);
        Check.close(new float[] {0.5101632506598711f, 0.901844598209524f}, out.h().data, 1e-6);
    }

    @Test
    void lstmFromAnInitialStateAndCellContinuesWhereAStepLeftOff() {
        Recurrent.Direction[][] layers = {{projectedLstm()}};
        // the two sequences of lstmWithProjectionBatchFirst, one step at a time
        Recurrent.Output first = Recurrent.run(Recurrent.Mode.LSTM, new Tensor(new float[] {1, 0.5f}, 2, 1, 1),
                layers, true, null, null);
        assertArrayEquals(new int[] {1, 2, 1}, first.h().shape);
        assertArrayEquals(new int[] {1, 2, 2}, first.c().shape);
        Recurrent.Output second = Recurrent.run(Recurrent.Mode.LSTM, new Tensor(new float[] {2, -1}, 2, 1, 1),
                layers, true, first.h(), first.c());
        Check.close(new float[] {0.2907846980598819f, 0.13456760685287808f}, first.output().data, 1e-6);
        Check.close(new float[] {0.7012394931192069f, -0.09336544133394398f}, second.output().data, 1e-6);
    }

    @Test
    void anInitialStateOfTheWrongShapeIsRefused() {
        Recurrent.Direction cell = new Recurrent.Direction(column(1f), column(2f), null, null, null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Recurrent.run(
                Recurrent.Mode.RNN_TANH, new Tensor(new float[] {1, 2}, 1, 2, 1), new Recurrent.Direction[][] {{cell}},
                false, new Tensor(new float[] {0}, 1, 1, 1), null));
        assertEquals("recurrent h0 must be [1, 2, 1], got [1, 1, 1]", e.getMessage());
    }
}
