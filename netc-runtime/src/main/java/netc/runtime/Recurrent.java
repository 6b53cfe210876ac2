package netc.runtime;

import java.util.Arrays;
import java.util.function.Function;

/**
 * Multi-layer, optionally bidirectional RNN (tanh or relu), LSTM (with optional projection) and GRU with
 * PyTorch's weight layouts, gate orders (LSTM i, f, g, o; GRU r, z, n), initial states given or zero, and
 * final states returned as PyTorch's h_n and c_n. Each layer projects the whole input sequence at once,
 * then steps through time with one small product per step.
 */
public final class Recurrent {
    private Recurrent() {
    }

    /** The recurrent cell type. */
    public enum Mode {
        /** h' = tanh(W_ih x + b_ih + W_hh h + b_hh). */
        RNN_TANH(1),
        /** h' = relu(W_ih x + b_ih + W_hh h + b_hh). */
        RNN_RELU(1),
        /** Long short-term memory, gates i, f, g, o. */
        LSTM(4),
        /** Gated recurrent unit, gates r, z, n. */
        GRU(3);

        final int gates;

        Mode(int gates) {
            this.gates = gates;
        }
    }

    /**
     * The parameters of one direction of one layer: weight_ih [G·H, in], weight_hh [G·H, H_out], biases
     * [G·H] (null when bias=False) and, for LSTM with proj_size, weight_hr [H_out, H] (else null).
     */
    public record Direction(Tensor weightIh, Tensor weightHh, Tensor biasIh, Tensor biasHh, Tensor weightHr) {
    }

    /**
     * Collects parameters by their PyTorch names, {@code prefix + "weight_ih_l0"}, {@code "..._reverse"} and
     * so on, from a lookup that returns null for absent names. Result: [layer][direction].
     */
    public static Direction[][] parameters(Function<String, Tensor> weights, String prefix, int layers,
                                           boolean bidirectional) {
        Direction[][] result = new Direction[layers][bidirectional ? 2 : 1];
        for (int layer = 0; layer < layers; layer++) {
            for (int d = 0; d < result[layer].length; d++) {
                String suffix = "_l" + layer + (d == 1 ? "_reverse" : "");
                Tensor weightIh = weights.apply(prefix + "weight_ih" + suffix);
                Tensor weightHh = weights.apply(prefix + "weight_hh" + suffix);
                if (weightIh == null || weightHh == null) {
                    throw new IllegalArgumentException("missing recurrent weights " + prefix + "weight_ih" + suffix
                            + " or " + prefix + "weight_hh" + suffix);
                }
                result[layer][d] = new Direction(weightIh, weightHh, weights.apply(prefix + "bias_ih" + suffix),
                        weights.apply(prefix + "bias_hh" + suffix), weights.apply(prefix + "weight_hr" + suffix));
            }
        }
        return result;
    }

    /**
     * What a recurrent module returns: the last layer's output sequence, h_n [L·D, B, H_out] and, for an
     * LSTM, c_n [L·D, B, H] (else null).
     */
    public record Output(Tensor output, Tensor h, Tensor c) {
    }

    /** {@link #run(Mode, Tensor, Direction[][], boolean, Tensor, Tensor)} from zero states, its output sequence only. */
    public static Tensor run(Mode mode, Tensor input, Direction[][] layers, boolean batchFirst) {
        return run(mode, input, layers, batchFirst, null, null).output();
    }

    /**
     * Runs the stacked layers over input [T, B, in] ([B, T, in] if batchFirst) from h0 [L·D, B, H_out] and,
     * for an LSTM, c0 [L·D, B, H] (null: zeros). Its output sequence is [T, B, D·H_out] ([B, T, D·H_out] if
     * batchFirst), directions concatenated; the states keep the batch second, as PyTorch's do.
     */
    public static Output run(Mode mode, Tensor input, Direction[][] layers, boolean batchFirst, Tensor h0, Tensor c0) {
        if (input.rank() != 3) {
            throw new IllegalArgumentException("recurrent input must be rank 3, got " + Shapes.toString(input.shape));
        }
        Tensor sequence = batchFirst ? Shaping.transpose(input, 0, 1) : input;
        int batch = sequence.shape[1];
        int directions = layers[0].length;
        StateTensor h = new StateTensor(h0, layers.length * directions, batch, layers[0][0].weightHh.shape[1], "h0");
        StateTensor c = new StateTensor(c0, layers.length * directions, batch,
                layers[0][0].weightIh.shape[0] / mode.gates, "c0");
        for (int l = 0; l < layers.length; l++) {
            Tensor[] outputs = new Tensor[directions];
            for (int d = 0; d < directions; d++) {
                outputs[d] = direction(mode, sequence, layers[l][d], d == 1, h, c, l * directions + d);
            }
            sequence = outputs.length == 1 ? outputs[0] : Shaping.cat(2, outputs);
        }
        Tensor output = batchFirst ? Shaping.transpose(sequence, 0, 1) : sequence;
        return new Output(output, h.tensor, mode == Mode.LSTM ? c.tensor : null);
    }

    /**
     * The initial states of every layer and direction, [L·D, B, width], replaced by the final ones as
     * each direction finishes (it reads its own slice before it writes it).
     */
    private static final class StateTensor {
        final Tensor tensor;

        StateTensor(Tensor initial, int slices, int batch, int width, String name) {
            if (initial != null && (initial.rank() != 3 || initial.shape[0] != slices || initial.shape[1] != batch
                    || initial.shape[2] != width)) {
                throw new IllegalArgumentException("recurrent " + name + " must be " + Shapes.toString(new int[] {
                    slices, batch, width}) + ", got " + Shapes.toString(initial.shape));
            }
            this.tensor = initial == null ? new Tensor(new float[slices * batch * width], slices, batch, width)
                    : new Tensor(initial.data.clone(), slices, batch, width);
        }

        void read(int slice, float[] into) {
            System.arraycopy(tensor.data, slice * into.length, into, 0, into.length);
        }

        void write(int slice, float[] from) {
            System.arraycopy(from, 0, tensor.data, slice * from.length, from.length);
        }
    }

    /**
     * One direction of one layer over a time-major sequence [T, B, in], from its slice of the states h and
     * c, to which it writes its final ones; returns [T, B, H_out].
     */
    private static Tensor direction(Mode mode, Tensor sequence, Direction p, boolean reverse, StateTensor h,
                                    StateTensor c, int slice) {
        int steps = sequence.shape[0];
        int batch = sequence.shape[1];
        int gateWidth = p.weightIh.shape[0];
        int hidden = gateWidth / mode.gates;
        int outWidth = p.weightHh.shape[1];
        if (gateWidth != hidden * mode.gates || p.weightHh.shape[0] != gateWidth
                || outWidth != (p.weightHr == null ? hidden : p.weightHr.shape[0])) {
            throw new IllegalArgumentException(mode + ": inconsistent weights " + Shapes.toString(p.weightIh.shape)
                    + " and " + Shapes.toString(p.weightHh.shape));
        }
        Tensor projected = Linear.linear(sequence, p.weightIh, p.biasIh);
        // W_hhᵀ made row-major once, so that each step packs it by plain copies
        Gemm.Matrix recurrent = Gemm.Matrix.rowMajor(Shaping.transpose(p.weightHh, 0, 1).data, 0, gateWidth);
        State state = new State(batch, hidden, outWidth, gateWidth);
        h.read(slice, state.h);
        c.read(slice, state.c);
        float[] out = new float[steps * batch * outWidth];
        for (int step = 0; step < steps; step++) {
            int t = reverse ? steps - 1 - step : step;
            state.recurrentGates(p.biasHh, recurrent);
            for (int b = 0; b < batch; b++) {
                state.update(mode, projected.data, (t * batch + b) * gateWidth, b);
            }
            state.project(p.weightHr);
            System.arraycopy(state.h, 0, out, t * batch * outWidth, batch * outWidth);
        }
        h.write(slice, state.h);
        c.write(slice, state.c);
        return new Tensor(out, steps, batch, outWidth);
    }

    /** The running state of one direction: h [B, H_out], c [B, H], and the recurrent gate terms [B, G·H]. */
    private static final class State {
        final int batch;
        final int hidden;
        final int outWidth;
        final int gateWidth;
        final float[] h;
        final float[] c;
        final float[] cellOut;
        final float[] gates;

        State(int batch, int hidden, int outWidth, int gateWidth) {
            this.batch = batch;
            this.hidden = hidden;
            this.outWidth = outWidth;
            this.gateWidth = gateWidth;
            h = new float[batch * outWidth];
            c = new float[batch * hidden];
            cellOut = new float[batch * hidden];
            gates = new float[batch * gateWidth];
        }

        /** gates = h · W_hhᵀ + b_hh. */
        void recurrentGates(Tensor biasHh, Gemm.Matrix recurrent) {
            for (int b = 0; b < batch; b++) {
                if (biasHh == null) {
                    Arrays.fill(gates, b * gateWidth, (b + 1) * gateWidth, 0f);
                } else {
                    System.arraycopy(biasHh.data, 0, gates, b * gateWidth, gateWidth);
                }
            }
            Gemm.multiply(batch, gateWidth, outWidth, Gemm.Matrix.rowMajor(h, 0, outWidth), recurrent, gates, 0, gateWidth);
        }

        /** The cell's new state for batch row b, given the input terms x at xAt. */
        void update(Mode mode, float[] x, int xAt, int b) {
            int g = b * gateWidth;
            for (int j = 0; j < hidden; j++) {
                switch (mode) {
                    case RNN_TANH:
                        cellOut[b * hidden + j] = (float) Math.tanh(x[xAt + j] + gates[g + j]);
                        break;
                    case RNN_RELU:
                        cellOut[b * hidden + j] = Math.max(0f, x[xAt + j] + gates[g + j]);
                        break;
                    case LSTM:
                        lstm(x, xAt + j, g + j, b * hidden + j);
                        break;
                    default:
                        gru(x, xAt + j, g + j, b * hidden + j);
                }
            }
        }

        private void lstm(float[] x, int xi, int gi, int ci) {
            double in = Activations.sigmoid(x[xi] + gates[gi]);
            double forget = Activations.sigmoid(x[xi + hidden] + gates[gi + hidden]);
            double cell = Math.tanh(x[xi + 2 * hidden] + gates[gi + 2 * hidden]);
            double out = Activations.sigmoid(x[xi + 3 * hidden] + gates[gi + 3 * hidden]);
            c[ci] = (float) (forget * c[ci] + in * cell);
            cellOut[ci] = (float) (out * Math.tanh(c[ci]));
        }

        private void gru(float[] x, int xi, int gi, int hi) {
            double reset = Activations.sigmoid(x[xi] + gates[gi]);
            double update = Activations.sigmoid(x[xi + hidden] + gates[gi + hidden]);
            double candidate = Math.tanh(x[xi + 2 * hidden] + reset * gates[gi + 2 * hidden]);
            cellOut[hi] = (float) ((1 - update) * candidate + update * h[hi]);
        }

        /** h = cellOut, or cellOut · W_hrᵀ for an LSTM with projection. */
        void project(Tensor weightHr) {
            if (weightHr == null) {
                System.arraycopy(cellOut, 0, h, 0, h.length);
                return;
            }
            Arrays.fill(h, 0f);
            Gemm.multiply(batch, outWidth, hidden, Gemm.Matrix.rowMajor(cellOut, 0, hidden),
                    Gemm.Matrix.transposed(weightHr.data, 0, hidden), h, 0, outWidth);
        }
    }
}
