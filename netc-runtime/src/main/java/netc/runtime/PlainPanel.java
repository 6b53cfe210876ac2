package netc.runtime;

/**
 * The matrix product's micro-kernel in plain Java, for JVMs without the Vector API module. HotSpot's
 * auto-vectorizer turns its column loops into SIMD code only when they are long and index every array
 * from 0, so a tile is {@value #COLUMNS} columns wide and is accumulated in per-row arrays, with each
 * depth row of B copied to an array of its own first.
 */
final class PlainPanel {
    /** Columns of one tile. */
    static final int COLUMNS = 256;

    private static final ThreadLocal<float[][]> BUFFERS =
        ThreadLocal.withInitial(() -> new float[Gemm.MR + 1][COLUMNS]);

    private PlainPanel() {
    }

    /**
     * C[r][j] += Σ over kk &lt; kc of a[aOff + kk·MR + r] · b[bOff + rows[rowsFrom + kk] + j] for r &lt; MR,
     * j &lt; columns (at most COLUMNS), where C's rows start at cOff + r·ldc.
     */
    static void multiply(int kc, float[] a, int aOff, float[] b, int bOff, int[] rows, int rowsFrom, float[] c,
                         int cOff, int ldc, int columns) {
        float[][] buffers = BUFFERS.get();
        float[] bRow = buffers[Gemm.MR];
        for (int r = 0; r < Gemm.MR; r++) {
            System.arraycopy(c, cOff + r * ldc, buffers[r], 0, columns);
        }
        for (int kk = 0; kk < kc; kk++) {
            System.arraycopy(b, bOff + rows[rowsFrom + kk], bRow, 0, columns);
            int ai = aOff + kk * Gemm.MR;
            for (int r = 0; r < Gemm.MR; r += 4) {
                axpy4(a, ai + r, bRow, buffers, r, columns);
            }
        }
        for (int r = 0; r < Gemm.MR; r++) {
            System.arraycopy(buffers[r], 0, c, cOff + r * ldc, columns);
        }
    }

    /** Rows r..r+3 of y += a[at..at+3] · x over the first count columns: each x value loaded once for four rows. */
    private static void axpy4(float[] a, int at, float[] x, float[][] y, int r, int count) {
        float a0 = a[at];
        float a1 = a[at + 1];
        float a2 = a[at + 2];
        float a3 = a[at + 3];
        float[] y0 = y[r];
        float[] y1 = y[r + 1];
        float[] y2 = y[r + 2];
        float[] y3 = y[r + 3];
        for (int j = 0; j < count; j++) {
            float v = x[j];
            y0[j] += a0 * v;
            y1[j] += a1 * v;
            y2[j] += a2 * v;
            y3[j] += a3 * v;
        }
    }
}
