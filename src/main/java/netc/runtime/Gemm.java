package netc.runtime;

/**
 * The one matrix multiplication behind convolution, transposed convolution, linear layers, attention and
 * recurrent layers: {@code C += A · B}, cache-blocked and spread over the worker pool.
 *
 * <p>B is packed, one block of {@value #KC}×{@value #NC} at a time, into separate row arrays, and C is
 * accumulated in separate tile row arrays. The innermost loops then index every array from 0, which is
 * what lets HotSpot's auto-vectorizer prove the arrays independent and emit SIMD code (with offsets into
 * one shared array it falls back to scalar code, several times slower).
 */
final class Gemm {
    /** Depth of one packed block of B: KC×NC floats (256 KiB) stay in the L2 cache. */
    static final int KC = 256;
    /** Width of one packed block of B and of the C tile rows. */
    static final int NC = 256;
    /** Below this many multiply-adds a product runs on the calling thread. */
    private static final long PARALLEL_WORK = 1 << 16;

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private Gemm() {
    }

    /** The right-hand operand B (k × n) as a source of packed blocks; conv's im2col view is one. */
    interface RightOperand {
        /** Fills {@code panel[kk][j] = B(k0 + kk, j0 + j)} for kk &lt; kc, j &lt; nc. */
        void pack(int k0, int kc, int j0, int nc, float[][] panel);
    }

    /** A strided matrix view: element (r, c) is {@code data[offset + r * rowStride + c * colStride]}. */
    record Matrix(float[] data, int offset, int rowStride, int colStride) implements RightOperand {
        /** A row-major matrix with {@code cols} columns starting at {@code offset}. */
        static Matrix rowMajor(float[] data, int offset, int cols) {
            return new Matrix(data, offset, cols, 1);
        }

        /** The transpose of a row-major matrix with {@code cols} columns. */
        static Matrix transposed(float[] data, int offset, int cols) {
            return new Matrix(data, offset, 1, cols);
        }

        float get(int row, int col) {
            return data[offset + row * rowStride + col * colStride];
        }

        @Override
        public void pack(int k0, int kc, int j0, int nc, float[][] panel) {
            if (colStride == 1) {
                for (int kk = 0; kk < kc; kk++) {
                    System.arraycopy(data, offset + (k0 + kk) * rowStride + j0, panel[kk], 0, nc);
                }
                return;
            }
            // read along the contiguous direction of the source
            for (int j = 0; j < nc; j++) {
                int base = offset + (j0 + j) * colStride + k0 * rowStride;
                for (int kk = 0; kk < kc; kk++) {
                    panel[kk][j] = data[base + kk * rowStride];
                }
            }
        }
    }

    /** Per-thread buffers: a packed block of B and the C tile rows. */
    private static final class Scratch {
        final float[][] panel = new float[KC][NC];
        float[][] tile = new float[0][];

        float[][] tile(int rows) {
            if (tile.length < rows) {
                float[][] grown = new float[rows][];
                for (int r = 0; r < rows; r++) {
                    grown[r] = r < tile.length ? tile[r] : new float[NC];
                }
                tile = grown;
            }
            return tile;
        }
    }

    /**
     * {@code C += A · B} for an m × k matrix A and a k × n operand B, where C is row-major with row stride
     * {@code ldc} starting at {@code cOffset}. Rows of C are independent, so callers may run several
     * products on disjoint parts of C concurrently.
     */
    static void multiply(int m, int n, int k, Matrix a, RightOperand b, float[] c, int cOffset, int ldc) {
        if (m == 0 || n == 0 || k == 0) {
            return;
        }
        int colBlocks = (n + NC - 1) / NC;
        int rowsPerTask = m;
        if ((long) m * n * k >= PARALLEL_WORK) {
            int wantedRowChunks = Math.max(1, (2 * Parallel.threads() + colBlocks - 1) / colBlocks);
            rowsPerTask = Math.max(8, roundUp4((m + wantedRowChunks - 1) / wantedRowChunks));
        }
        int rowChunks = (m + rowsPerTask - 1) / rowsPerTask;
        int chunk = rowsPerTask;
        Parallel.forEach(colBlocks * rowChunks, task -> {
            int i0 = task / colBlocks * chunk;
            int j0 = task % colBlocks * NC;
            block(i0, Math.min(m, i0 + chunk), j0, Math.min(NC, n - j0), k, a, b, c, cOffset, ldc);
        });
    }

    private static int roundUp4(int value) {
        return (value + 3) & ~3;
    }

    /** Rows [i0, i1) and columns [j0, j0 + nc) of C, over the full depth k. */
    private static void block(int i0, int i1, int j0, int nc, int k, Matrix a, RightOperand b,
                              float[] c, int cOffset, int ldc) {
        Scratch scratch = SCRATCH.get();
        float[][] tile = scratch.tile(i1 - i0);
        for (int i = i0; i < i1; i++) {
            System.arraycopy(c, cOffset + i * ldc + j0, tile[i - i0], 0, nc);
        }
        for (int k0 = 0; k0 < k; k0 += KC) {
            int kc = Math.min(KC, k - k0);
            b.pack(k0, kc, j0, nc, scratch.panel);
            multiplyPanel(i0, i1, k0, kc, nc, a, scratch.panel, tile);
        }
        for (int i = i0; i < i1; i++) {
            System.arraycopy(tile[i - i0], 0, c, cOffset + i * ldc + j0, nc);
        }
    }

    /** tile[rows] += A[rows, k0..k0+kc) · panel, four rows at a time to reuse each loaded panel value. */
    private static void multiplyPanel(int i0, int i1, int k0, int kc, int nc, Matrix a, float[][] panel,
                                      float[][] tile) {
        int i = i0;
        for (; i + 4 <= i1; i += 4) {
            float[] t0 = tile[i - i0];
            float[] t1 = tile[i - i0 + 1];
            float[] t2 = tile[i - i0 + 2];
            float[] t3 = tile[i - i0 + 3];
            for (int kk = 0; kk < kc; kk++) {
                axpy4(a.get(i, k0 + kk), a.get(i + 1, k0 + kk), a.get(i + 2, k0 + kk), a.get(i + 3, k0 + kk),
                        panel[kk], t0, t1, t2, t3, nc);
            }
        }
        for (; i < i1; i++) {
            float[] t0 = tile[i - i0];
            for (int kk = 0; kk < kc; kk++) {
                axpy(a.get(i, k0 + kk), panel[kk], t0, nc);
            }
        }
    }

    private static void axpy4(float a0, float a1, float a2, float a3, float[] b,
                              float[] c0, float[] c1, float[] c2, float[] c3, int n) {
        for (int j = 0; j < n; j++) {
            float bj = b[j];
            c0[j] += a0 * bj;
            c1[j] += a1 * bj;
            c2[j] += a2 * bj;
            c3[j] += a3 * bj;
        }
    }

    private static void axpy(float a0, float[] b, float[] c0, int n) {
        for (int j = 0; j < n; j++) {
            c0[j] += a0 * b[j];
        }
    }
}
