package netc.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class GemmTest {
    @Test
    void smallProductByHand() {
        float[] a = {1, 2, 3, 4, 5, 6}; // 2 × 3
        float[] b = {1, 0, 2, -1, 3, 1}; // 3 × 2
        float[] c = {10, 20, 30, 40};
        Gemm.multiply(2, 2, 3, Gemm.Matrix.rowMajor(a, 0, 3), Gemm.Matrix.rowMajor(b, 0, 2), c, 0, 2);
        assertArrayEquals(new float[] {10 + 1 + 4 + 9, 20 + 0 - 2 + 3, 30 + 4 + 10 + 18, 40 + 0 - 5 + 6}, c);
    }

    @Test
    void matchesNaiveProductForBlockEdgesAndTransposedOperands() {
        Random random = new Random(7);
        // the last two are narrow (n < 128 < m), computed as Cᵀ = Bᵀ · Aᵀ
        int[][] sizes = {{1, 1, 1}, {3, 5, 7}, {9, 300, 17}, {13, 257, 513}, {64, 600, 40}, {2, 1000, 128},
            {200, 50, 300}, {130, 7, 600}};
        for (int[] size : sizes) {
            int m = size[0];
            int n = size[1];
            int k = size[2];
            float[] a = randoms(random, m * k);
            float[] b = randoms(random, k * n);
            float[] bT = new float[n * k];
            float[] aT = new float[k * m];
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < n; j++) {
                    bT[j * k + i] = b[i * n + j];
                }
                for (int j = 0; j < m; j++) {
                    aT[j * k + i] = a[j * k + i];
                }
            }
            float[] expected = naive(m, n, k, a, b);
            float[] plain = new float[m * n];
            Gemm.multiply(m, n, k, Gemm.Matrix.rowMajor(a, 0, k), Gemm.Matrix.rowMajor(b, 0, n), plain, 0, n);
            assertClose(expected, plain, k);
            float[] viaTransposes = new float[m * n];
            Gemm.multiply(m, n, k, new Gemm.Matrix(aT, 0, k, 1), Gemm.Matrix.transposed(bT, 0, k), viaTransposes, 0, n);
            assertClose(expected, viaTransposes, k);
        }
    }

    private static float[] randoms(Random random, int count) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    private static float[] naive(int m, int n, int k, float[] a, float[] b) {
        float[] c = new float[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    sum += a[i * k + p] * b[p * n + j];
                }
                c[i * n + j] = (float) sum;
            }
        }
        return c;
    }

    private static void assertClose(float[] expected, float[] actual, int k) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-5 * k, "element " + i);
        }
    }

    /** The SIMD block (run when the JVM has the Vector API, as the tests do) and the plain loops agree. */
    @Test
    void simdAndPlainPanelsAgree() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Gemm.VECTOR, "the JVM runs without jdk.incubator.vector");
        for (int nc : new int[] {203, 117, 85, 9}) {
            simdAndPlainPanelsAgree(nc);
        }
    }

    /** Column counts that leave work for every block width and for the plain loop (16 or 8 lanes). */
    private static void simdAndPlainPanelsAgree(int nc) {
        Random random = new Random(11);
        int rows = 10;
        int kc = 37;
        float[][] left = new float[kc][];
        float[][] right = new float[kc][];
        for (int kk = 0; kk < kc; kk++) {
            left[kk] = randoms(random, rows);
            right[kk] = randoms(random, nc);
        }
        float[][] simd = new float[rows][];
        float[][] plain = new float[rows][];
        for (int r = 0; r < rows; r++) {
            simd[r] = randoms(random, nc);
            plain[r] = simd[r].clone();
        }
        Gemm.multiplyPanel(rows, kc, nc, left, right, simd, true);
        Gemm.multiplyPanel(rows, kc, nc, left, right, plain, false);
        for (int r = 0; r < rows; r++) {
            assertArrayEquals(plain[r], simd[r], 1e-4f, nc + " columns, row " + r);
        }
    }
}
