package netc.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** matmul against the definition of a matrix product, and einsum's forms against matmul and each other. */
class MatricesTest {
    private final Random random = new Random(3);

    /** Σ_k a[b, i, k] · c[b, k, j], the definition, for 3-d a and c. */
    private static Tensor naive(Tensor a, Tensor c) {
        int batch = a.shape[0];
        int n = a.shape[1];
        int k = a.shape[2];
        int m = c.shape[2];
        float[] out = new float[batch * n * m];
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < m; j++) {
                    double sum = 0;
                    for (int l = 0; l < k; l++) {
                        sum += (double) a.data[(b * n + i) * k + l] * c.data[(b * k + l) * m + j];
                    }
                    out[(b * n + i) * m + j] = (float) sum;
                }
            }
        }
        return new Tensor(out, batch, n, m);
    }

    @Test
    void matmulIsTheMatrixProductOverBroadcastBatches() {
        Tensor a = Check.random(random, 2, 5, 7);
        Tensor c = Check.random(random, 2, 7, 3);
        Check.close(naive(a, c), Matrices.matmul(a, c), 1e-5);
        Tensor shared = Check.random(random, 1, 7, 3);
        Tensor product = Matrices.matmul(a, shared);
        assertArrayEquals(new int[] {2, 5, 3}, product.shape);
        Check.close(naive(a, Shaping.expand(shared, 2, 7, 3)), product, 1e-5);
        Tensor vector = Check.random(random, 7);
        assertArrayEquals(new int[] {2, 5}, Matrices.matmul(a, vector).shape);
        assertArrayEquals(new int[] {2, 3}, Matrices.matmul(Check.random(random, 7), c).shape);
    }

    @Test
    void einsumFormsAgreeWithMatmul() {
        Tensor a = Check.random(random, 2, 4, 6);
        Tensor c = Check.random(random, 2, 6, 5);
        Tensor expected = Matrices.matmul(a, c);
        Check.close(expected, Matrices.einsum("bij,bjk->bik", a, c), 1e-5);
        Check.close(expected, Matrices.einsum(" b i j , b j k -> b i k ", a, c), 1e-5);
        Check.close(expected, Matrices.einsum("...ij,...jk->...ik", a, c), 1e-5);
        Check.close(Shaping.transpose(expected, 1, 2), Matrices.einsum("bij,bjk->bki", a, c), 1e-5);
        Tensor square = Check.random(random, 2, 3, 3);
        Tensor diagonal = Matrices.einsum("bii->bi", square);
        assertArrayEquals(new float[] {square.data[0], square.data[4], square.data[8]},
            java.util.Arrays.copyOf(diagonal.data, 3));
        Tensor sumOverJ = Matrices.einsum("bij,bjk->bik", a, Tensor.zeros(2, 1, 5));
        assertArrayEquals(new int[] {2, 4, 5}, sumOverJ.shape);
        assertEquals(0f, sumOverJ.data[0]);
    }

    @Test
    void einsumOfManyOperandsContractsThemPairByPair() {
        Tensor x = Check.random(random, 2, 100);
        Tensor[] operands = new Tensor[12];
        java.util.Arrays.fill(operands, x);
        String equation = "ba,bm,bc,bd,be,bf,bg,bh,bi,bj,bk,bl->b";
        // a product over all twelve letters at once would take 100^12 steps
        Tensor out = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> Matrices.einsum(equation, operands));
        for (int b = 0; b < 2; b++) {
            double sum = 0;
            for (int i = 0; i < 100; i++) {
                sum += x.data[b * 100 + i];
            }
            assertEquals(Math.pow(sum, 12), out.data[b], Math.abs(Math.pow(sum, 12)) * 1e-4);
        }
    }
}
