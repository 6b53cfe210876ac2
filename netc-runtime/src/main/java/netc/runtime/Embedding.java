package netc.runtime;

import java.util.Arrays;

/** Embedding lookup, with or without max_norm. */
public final class Embedding {
    private Embedding() {
    }

    /**
     * {@code F.embedding(ids, weight)}: for ids of any shape and weight [vocabulary, dim], returns
     * [*ids.shape, dim]. An id outside [0, vocabulary) is an error (PyTorch raises too).
     */
    public static Tensor lookup(LongTensor ids, Tensor weight) {
        if (weight.rank() != 2) {
            throw new IllegalArgumentException("embedding weight must be [vocabulary, dim], got "
                    + Shapes.toString(weight.shape));
        }
        int vocabulary = weight.shape[0];
        int dim = weight.shape[1];
        float[] out = new float[ids.numel() * dim];
        for (int i = 0; i < ids.numel(); i++) {
            long id = ids.data[i];
            if (id < 0 || id >= vocabulary) {
                throw new IllegalArgumentException("embedding: id " + id + " at position " + i
                        + " is outside the vocabulary of " + vocabulary);
            }
            System.arraycopy(weight.data, (int) id * dim, out, i * dim, dim);
        }
        int[] shape = Arrays.copyOf(ids.shape, ids.shape.length + 1);
        shape[ids.shape.length] = dim;
        return new Tensor(out, shape);
    }

    /**
     * {@code F.embedding(ids, weight, max_norm=maxNorm, norm_type=normType)}: a looked-up row whose p-norm
     * (Σ|x|^p)^(1/p), p = normType (for p = 0 the count of non-zero elements), exceeds maxNorm is scaled by
     * maxNorm / (norm + 1e-7). PyTorch rescales those rows of the weight in place; the weight here stays as
     * loaded, which gives the same output, since a rescaled row's norm is below maxNorm and would not be
     * rescaled again.
     */
    public static Tensor lookupWithMaxNorm(LongTensor ids, Tensor weight, double maxNorm, double normType) {
        Tensor out = lookup(ids, weight);
        int dim = weight.shape[1];
        for (int row = 0; row < ids.numel(); row++) {
            double norm = pNorm(out.data, row * dim, dim, normType);
            if (norm > maxNorm) {
                float scale = (float) (maxNorm / (norm + 1e-7));
                for (int i = row * dim; i < (row + 1) * dim; i++) {
                    out.data[i] *= scale;
                }
            }
        }
        return out;
    }

    private static double pNorm(float[] data, int from, int length, double p) {
        double sum = 0;
        for (int i = from; i < from + length; i++) {
            sum += p == 0 ? (data[i] != 0 ? 1 : 0) : Math.pow(Math.abs(data[i]), p);
        }
        return p == 0 ? sum : Math.pow(sum, 1 / p);
    }
}
