package netc.runtime;

/**
 * The one matrix multiplication behind convolution, transposed convolution, linear layers, attention and
 * recurrent layers: {@code C += A · B}, cache-blocked and spread over the worker pool.
 *
 * <p>Both operands are packed, one block of depth {@value #KC} at a time, into separate row arrays, and C
 * is accumulated in separate tile row arrays. The innermost loops then index every array from 0, which is
 * what lets HotSpot's auto-vectorizer prove the arrays independent and emit SIMD code (with offsets into
 * one shared array it falls back to scalar code, several times slower). The vectorized loop runs along
 * the columns of C; when C has few columns but many rows (late conv layers: many channels, few pixels)
 * the product is computed as {@code Cᵀ = Bᵀ · Aᵀ} instead, so that the loop stays long.
 */
final class Gemm {
    /** Depth of one packed block: KC×NC floats of B (256 KiB) stay in the L2 cache. */
    static final int KC = 256;
    /** Width of one packed block of B and of the C tile rows. */
    static final int NC = 256;
    /** Below this many multiply-adds a product runs on the calling thread. */
    private static final long PARALLEL_WORK = 1 << 16;
    /** Products with fewer columns than this, and more rows, are computed transposed. */
    private static final int NARROW = 128;

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** Explicit SIMD when the JVM has the Vector API module (and -Dnetc.vector=false does not turn it off). */
    static final boolean VECTOR = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
        && !"false".equals(System.getProperty("netc.vector"));

    private Gemm() {
    }

    /** A k × n matrix that can copy blocks of itself into row arrays; conv's im2col view is one. */
    interface Operand {
        /** Fills {@code panel[kk][j] = X(k0 + kk, j0 + j)} for kk &lt; kc, j &lt; nc. */
        void pack(int k0, int kc, int j0, int nc, float[][] panel);
    }

    /** A strided matrix view: element (r, c) is {@code data[offset + r * rowStride + c * colStride]}. */
    record Matrix(float[] data, int offset, int rowStride, int colStride) implements Operand {
        /** A row-major matrix with {@code cols} columns starting at {@code offset}. */
        static Matrix rowMajor(float[] data, int offset, int cols) {
            return new Matrix(data, offset, cols, 1);
        }

        /** The transpose of a row-major matrix with {@code cols} columns. */
        static Matrix transposed(float[] data, int offset, int cols) {
            return new Matrix(data, offset, 1, cols);
        }

        Matrix transpose() {
            return new Matrix(data, offset, colStride, rowStride);
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

    /**
     * One product as computed: D (m × n) += L · R where {@code leftT} packs Lᵀ and {@code right} packs R.
     * D is C itself, or Cᵀ when {@code transposed}.
     */
    private record Product(int m, int n, int k, Operand leftT, Operand right, float[] c, int cOffset, int ldc,
                           boolean transposed) {
        int at(int i, int j) {
            return transposed ? cOffset + j * ldc + i : cOffset + i * ldc + j;
        }
    }

    /** Per-thread buffers: packed blocks of both operands and the C tile rows. */
    private static final class Scratch {
        final float[][] right = new float[KC][NC];
        final float[][] left = new float[KC][0];
        float[][] tile = new float[0][];

        float[][] left(int rows) {
            if (left[0].length < rows) {
                for (int kk = 0; kk < KC; kk++) {
                    left[kk] = new float[rows];
                }
            }
            return left;
        }

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
     * {@code ldc} starting at {@code cOffset}. Distinct calls may update disjoint parts of C concurrently.
     */
    static void multiply(int m, int n, int k, Matrix a, Operand b, float[] c, int cOffset, int ldc) {
        if (m == 0 || n == 0 || k == 0) {
            return;
        }
        if (n < NARROW && m > n) {
            run(new Product(n, m, k, b, a.transpose(), c, cOffset, ldc, true));
        } else {
            run(new Product(m, n, k, a.transpose(), b, c, cOffset, ldc, false));
        }
    }

    /**
     * Splits D into column blocks of at most NC, as many as a multiple of the thread count when there are
     * enough for every thread, and, when there are too few, into row chunks. Tasks sharing a column block
     * each pack it again, so row chunks are kept as few as possible.
     */
    private static void run(Product p) {
        int threads = Parallel.threads();
        int colBlocks = (p.n + NC - 1) / NC;
        if (colBlocks > threads && colBlocks % threads != 0) {
            colBlocks += threads - colBlocks % threads;
        }
        int width = (((p.n + colBlocks - 1) / colBlocks) + 15) & ~15;
        int blocks = (p.n + width - 1) / width;
        int rowsPerTask = p.m;
        if ((long) p.m * p.n * p.k >= PARALLEL_WORK) {
            int wantedRowChunks = Math.max(1, (threads + blocks - 1) / blocks);
            rowsPerTask = Math.max(8, roundUp4((p.m + wantedRowChunks - 1) / wantedRowChunks));
        }
        int rowChunks = (p.m + rowsPerTask - 1) / rowsPerTask;
        int chunk = rowsPerTask;
        Parallel.forEach(blocks * rowChunks, task -> {
            int i0 = task / blocks * chunk;
            int j0 = task % blocks * width;
            block(p, i0, Math.min(p.m, i0 + chunk), j0, Math.min(width, p.n - j0));
        });
    }

    private static int roundUp4(int value) {
        return (value + 3) & ~3;
    }

    /** Rows [i0, i1) and columns [j0, j0 + nc) of D, over the full depth k. */
    private static void block(Product p, int i0, int i1, int j0, int nc) {
        Scratch scratch = SCRATCH.get();
        int rows = i1 - i0;
        float[][] tile = scratch.tile(rows);
        float[][] left = scratch.left(rows);
        moveTile(p, tile, i0, rows, j0, nc, true);
        for (int k0 = 0; k0 < p.k; k0 += KC) {
            int kc = Math.min(KC, p.k - k0);
            p.right.pack(k0, kc, j0, nc, scratch.right);
            p.leftT.pack(k0, kc, i0, rows, left);
            multiplyPanel(rows, kc, nc, left, scratch.right, tile, VECTOR);
        }
        moveTile(p, tile, i0, rows, j0, nc, false);
    }

    /** Copies a block of D into the tile rows (load) or back (store). */
    private static void moveTile(Product p, float[][] tile, int i0, int rows, int j0, int nc, boolean load) {
        for (int r = 0; r < rows; r++) {
            float[] row = tile[r];
            if (!p.transposed) {
                int at = p.at(i0 + r, j0);
                System.arraycopy(load ? p.c : row, load ? at : 0, load ? row : p.c, load ? 0 : at, nc);
                continue;
            }
            for (int j = 0; j < nc; j++) {
                int at = p.at(i0 + r, j0 + j);
                if (load) {
                    row[j] = p.c[at];
                } else {
                    p.c[at] = row[j];
                }
            }
        }
    }

    /** tile += leftᵀ · right over one packed depth block, four rows at a time to reuse each loaded value. */
    static void multiplyPanel(int rows, int kc, int nc, float[][] left, float[][] right, float[][] tile,
                              boolean vector) {
        int i = 0;
        for (; i + 4 <= rows; i += 4) {
            int done = vector ? VectorPanel.multiply4(i, kc, nc, left, right, tile) : 0;
            for (int kk = 0; kk < kc && done < nc; kk++) {
                float[] a = left[kk];
                axpy4(a[i], a[i + 1], a[i + 2], a[i + 3], right[kk], done, tile[i], tile[i + 1], tile[i + 2],
                    tile[i + 3], nc);
            }
        }
        for (; i < rows; i++) {
            for (int kk = 0; kk < kc; kk++) {
                axpy(left[kk][i], right[kk], tile[i], nc);
            }
        }
    }

    private static void axpy4(float a0, float a1, float a2, float a3, float[] b, int from,
                              float[] c0, float[] c1, float[] c2, float[] c3, int n) {
        for (int j = from; j < n; j++) {
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
