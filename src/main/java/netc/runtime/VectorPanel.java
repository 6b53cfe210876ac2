package netc.runtime;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The matrix product's innermost block with explicit SIMD (the incubating Vector API): four rows by
 * two vectors of C stay in registers for a whole packed depth block, so each step loads two vectors of
 * B and four numbers of A for eight fused multiply-adds. Used only when the JVM runs with
 * {@code --add-modules jdk.incubator.vector}; {@link Gemm} falls back to plain loops otherwise.
 */
final class VectorPanel {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    private VectorPanel() {
    }

    /** tile rows i..i+3, columns [0, nc): += leftᵀ · right over kc depths; returns the first column not done. */
    static int multiply4(int i, int kc, int nc, float[][] left, float[][] right, float[][] tile) {
        int lanes = SPECIES.length();
        int j = 0;
        for (; j + 2 * lanes <= nc; j += 2 * lanes) {
            block(i, j, kc, lanes, left, right, tile);
        }
        if (j + lanes <= nc) {
            narrowBlock(i, j, kc, left, right, tile);
            j += lanes;
        }
        return j;
    }

    /** The same with one vector of columns, for what is left after the two-vector blocks. */
    private static void narrowBlock(int i, int j, int kc, float[][] left, float[][] right, float[][] tile) {
        FloatVector c0 = FloatVector.fromArray(SPECIES, tile[i], j);
        FloatVector c1 = FloatVector.fromArray(SPECIES, tile[i + 1], j);
        FloatVector c2 = FloatVector.fromArray(SPECIES, tile[i + 2], j);
        FloatVector c3 = FloatVector.fromArray(SPECIES, tile[i + 3], j);
        for (int kk = 0; kk < kc; kk++) {
            float[] a = left[kk];
            FloatVector b = FloatVector.fromArray(SPECIES, right[kk], j);
            c0 = FloatVector.broadcast(SPECIES, a[i]).fma(b, c0);
            c1 = FloatVector.broadcast(SPECIES, a[i + 1]).fma(b, c1);
            c2 = FloatVector.broadcast(SPECIES, a[i + 2]).fma(b, c2);
            c3 = FloatVector.broadcast(SPECIES, a[i + 3]).fma(b, c3);
        }
        c0.intoArray(tile[i], j);
        c1.intoArray(tile[i + 1], j);
        c2.intoArray(tile[i + 2], j);
        c3.intoArray(tile[i + 3], j);
    }

    private static void block(int i, int j, int kc, int lanes, float[][] left, float[][] right, float[][] tile) {
        float[] t0 = tile[i];
        float[] t1 = tile[i + 1];
        float[] t2 = tile[i + 2];
        float[] t3 = tile[i + 3];
        FloatVector c00 = FloatVector.fromArray(SPECIES, t0, j);
        FloatVector c01 = FloatVector.fromArray(SPECIES, t0, j + lanes);
        FloatVector c10 = FloatVector.fromArray(SPECIES, t1, j);
        FloatVector c11 = FloatVector.fromArray(SPECIES, t1, j + lanes);
        FloatVector c20 = FloatVector.fromArray(SPECIES, t2, j);
        FloatVector c21 = FloatVector.fromArray(SPECIES, t2, j + lanes);
        FloatVector c30 = FloatVector.fromArray(SPECIES, t3, j);
        FloatVector c31 = FloatVector.fromArray(SPECIES, t3, j + lanes);
        for (int kk = 0; kk < kc; kk++) {
            float[] a = left[kk];
            FloatVector b0 = FloatVector.fromArray(SPECIES, right[kk], j);
            FloatVector b1 = FloatVector.fromArray(SPECIES, right[kk], j + lanes);
            FloatVector a0 = FloatVector.broadcast(SPECIES, a[i]);
            FloatVector a1 = FloatVector.broadcast(SPECIES, a[i + 1]);
            FloatVector a2 = FloatVector.broadcast(SPECIES, a[i + 2]);
            FloatVector a3 = FloatVector.broadcast(SPECIES, a[i + 3]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
        }
        c00.intoArray(t0, j);
        c01.intoArray(t0, j + lanes);
        c10.intoArray(t1, j);
        c11.intoArray(t1, j + lanes);
        c20.intoArray(t2, j);
        c21.intoArray(t2, j + lanes);
        c30.intoArray(t3, j);
        c31.intoArray(t3, j + lanes);
    }
}
