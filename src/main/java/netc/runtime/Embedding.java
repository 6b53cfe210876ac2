package netc.runtime;

import java.util.Arrays;

/** Embedding lookup. */
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
}
