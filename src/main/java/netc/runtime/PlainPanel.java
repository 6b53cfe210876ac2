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
            for (int r = 0; r < Gemm.MR; r++) {
                axpy(a[aOff + kk * Gemm.MR + r], bRow, buffers[r], columns);
            }
        }
        for (int r = 0; r < Gemm.MR; r++) {
            System.arraycopy(buffers[r], 0, c, cOff + r * ldc, columns);
        }
    }

    private static void axpy(float factor, float[] x, float[] y, int count) {
        for (int j = 0; j < count; j++) {
            y[j] += factor * x[j];
        }
    }
}
