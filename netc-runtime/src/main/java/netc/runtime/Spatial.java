package netc.runtime;

import java.util.Arrays;

/**
 * Spatial-dimension helpers for convolution and pooling. Kernels treat 1-d and 2-d inputs as 3-d ones
 * with leading spatial sizes of 1, so one implementation serves all three ranks.
 */
final class Spatial {
    private Spatial() {
    }

    /**
     * Expands per-dimension parameters to three dimensions: a single value applies to every dimension,
     * and the missing leading dimensions get {@code fill}.
     */
    static int[] lift(int[] values, int rank, int fill, String what) {
        if (values.length != 1 && values.length != rank) {
            throw new IllegalArgumentException(what + " " + Arrays.toString(values) + " must have 1 or " + rank + " values");
        }
        int[] lifted = {fill, fill, fill};
        for (int d = 0; d < rank; d++) {
            lifted[3 - rank + d] = values.length == 1 ? values[0] : values[d];
        }
        return lifted;
    }

    /** The last {@code rank} dimensions of a shape, lifted to three. */
    static int[] liftedSizes(int[] shape, int rank) {
        return lift(Arrays.copyOfRange(shape, shape.length - rank, shape.length), rank, 1, "sizes");
    }

    /** Shape {@code [batch, channels, sizes...]} keeping only the last {@code rank} of the lifted sizes. */
    static int[] shape(int batch, int channels, int[] lifted, int rank) {
        int[] shape = new int[2 + rank];
        shape[0] = batch;
        shape[1] = channels;
        System.arraycopy(lifted, 3 - rank, shape, 2, rank);
        return shape;
    }

    /**
     * PyTorch's sliding-window output size; with {@code ceilMode} the last window may hang over the end
     * but must start inside the input or the left padding.
     */
    static int outputSize(int in, int kernel, int stride, int pad, int dilation, boolean ceilMode) {
        int span = in + 2 * pad - dilation * (kernel - 1) - 1;
        int out = Math.floorDiv(span + (ceilMode ? stride - 1 : 0), stride) + 1;
        if (ceilMode && (out - 1) * stride >= in + pad) {
            out--;
        }
        return out;
    }

    static int volume(int[] lifted) {
        return lifted[0] * lifted[1] * lifted[2];
    }

    /** Checks that a tensor is batched with {@code rank} spatial dimensions: [N, C, ...spatial]. */
    static void requireRank(Tensor input, int rank, String op) {
        if (input.rank() != rank + 2) {
            throw new IllegalArgumentException(op + " expects input of rank " + (rank + 2)
                    + " [N, C, spatial...], got " + Shapes.toString(input.shape));
        }
    }

    static void requirePositive(int[] values, String what) {
        for (int v : values) {
            if (v <= 0) {
                throw new IllegalArgumentException(what + " must be positive, got " + Arrays.toString(values));
            }
        }
    }
}
