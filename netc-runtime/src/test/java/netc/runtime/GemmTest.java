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

    /** The SIMD tile (run when the JVM has the Vector API, as the tests do) and the plain loops agree. */
    @Test
    void simdAndPlainTilesAgree() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Gemm.VECTOR, "the JVM runs without jdk.incubator.vector");
        Random random = new Random(11);
        int kc = 37;
        int ldc = Gemm.NR + 5;
        float[] a = randoms(random, kc * Gemm.MR);
        float[] b = randoms(random, (kc + 3) * Gemm.NR);
        int[] rows = new int[kc];
        for (int kk = 0; kk < kc; kk++) {
            rows[kk] = (kc - 1 - kk) * Gemm.NR + 1; // depth rows in place, in any order
        }
        float[] simd = randoms(random, Gemm.MR * ldc);
        float[] plain = simd.clone();
        Gemm.multiplyTile(kc, a, 0, b, 2, rows, 0, simd, 0, ldc, Gemm.NR);
        PlainPanel.multiply(kc, a, 0, b, 2, rows, 0, plain, 0, ldc, Gemm.NR);
        assertArrayEquals(plain, simd, 1e-4f);
    }
}
