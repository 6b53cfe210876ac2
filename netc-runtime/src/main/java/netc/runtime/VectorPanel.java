package netc.runtime;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The matrix product's micro-kernel with explicit SIMD (the incubating Vector API): an 8-row by
 * two-vector tile of C stays in sixteen registers for a whole packed depth block, so each depth step
 * loads two vectors of B and broadcasts eight numbers of A for sixteen fused multiply-adds. Used only
 * when the JVM runs with {@code --add-modules jdk.incubator.vector}; {@link Gemm} has a plain-loop
 * kernel for every other JVM.
 */
final class VectorPanel {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    /** Rows of the tile; {@link Gemm#MR} is this. */
    static final int ROWS = 8;

    private VectorPanel() {
    }

    /** Columns of the tile: two vectors. */
    static int columns() {
        return 2 * LANES;
    }

    /**
     * C[r][j] += Σ over kk &lt; kc of a[aOff + kk·8 + r] · b[bOff + rows[rowsFrom + kk] + j] for the
     * 8 × columns() tile of C whose rows start at cOff + r·ldc.
     */
    static void multiply(int kc, float[] a, int aOff, float[] b, int bOff, int[] rows, int rowsFrom, float[] c,
                         int cOff, int ldc) {
        int r1 = cOff + ldc;
        int r2 = r1 + ldc;
        int r3 = r2 + ldc;
        int r4 = r3 + ldc;
        int r5 = r4 + ldc;
        int r6 = r5 + ldc;
        int r7 = r6 + ldc;
        FloatVector c00 = FloatVector.fromArray(SPECIES, c, cOff);
        FloatVector c01 = FloatVector.fromArray(SPECIES, c, cOff + LANES);
        FloatVector c10 = FloatVector.fromArray(SPECIES, c, r1);
        FloatVector c11 = FloatVector.fromArray(SPECIES, c, r1 + LANES);
        FloatVector c20 = FloatVector.fromArray(SPECIES, c, r2);
        FloatVector c21 = FloatVector.fromArray(SPECIES, c, r2 + LANES);
        FloatVector c30 = FloatVector.fromArray(SPECIES, c, r3);
        FloatVector c31 = FloatVector.fromArray(SPECIES, c, r3 + LANES);
        FloatVector c40 = FloatVector.fromArray(SPECIES, c, r4);
        FloatVector c41 = FloatVector.fromArray(SPECIES, c, r4 + LANES);
        FloatVector c50 = FloatVector.fromArray(SPECIES, c, r5);
        FloatVector c51 = FloatVector.fromArray(SPECIES, c, r5 + LANES);
        FloatVector c60 = FloatVector.fromArray(SPECIES, c, r6);
        FloatVector c61 = FloatVector.fromArray(SPECIES, c, r6 + LANES);
        FloatVector c70 = FloatVector.fromArray(SPECIES, c, r7);
        FloatVector c71 = FloatVector.fromArray(SPECIES, c, r7 + LANES);
        int ai = aOff;
        for (int kk = 0; kk < kc; kk++, ai += ROWS) {
            int bi = bOff + rows[rowsFrom + kk];
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bi);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bi + LANES);
            FloatVector x = FloatVector.broadcast(SPECIES, a[ai]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(SPECIES, a[ai + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(SPECIES, a[ai + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(SPECIES, a[ai + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(SPECIES, a[ai + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(SPECIES, a[ai + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(SPECIES, a[ai + 6]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(SPECIES, a[ai + 7]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
        }
        c00.intoArray(c, cOff);
        c01.intoArray(c, cOff + LANES);
        c10.intoArray(c, r1);
        c11.intoArray(c, r1 + LANES);
        c20.intoArray(c, r2);
        c21.intoArray(c, r2 + LANES);
        c30.intoArray(c, r3);
        c31.intoArray(c, r3 + LANES);
        c40.intoArray(c, r4);
        c41.intoArray(c, r4 + LANES);
        c50.intoArray(c, r5);
        c51.intoArray(c, r5 + LANES);
        c60.intoArray(c, r6);
        c61.intoArray(c, r6 + LANES);
        c70.intoArray(c, r7);
        c71.intoArray(c, r7 + LANES);
    }
}
