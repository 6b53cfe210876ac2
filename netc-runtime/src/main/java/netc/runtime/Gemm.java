package netc.runtime;

import java.util.Arrays;

/**
 * The one matrix multiplication behind convolution, transposed convolution, linear layers, attention and
 * recurrent layers: L · R, cache-blocked and spread over the worker threads.
 *
 * <p>The layout is GotoBLAS's. For each block of at most {@value #KC} depths, L is seen as panels
 * {@link #MR} rows high and R as panels {@link #NR} columns wide; the micro-kernel keeps an MR × NR tile
 * of D in registers across the whole depth block ({@link VectorPanel} when the JVM has the Vector API
 * module, {@link PlainPanel} otherwise). L's panels are always contiguous (packed, or packed once per weight);
 * R's panels are packed too, or read in place where each depth row is contiguous, as a convolution's
 * input is (see {@link Convolution}). A block of the result accumulates in a zeroed scratch copy padded
 * to whole tiles, so edges cost no more than the rest, and is handed to an {@link Output} once at the
 * end: added to a matrix C, or written into a convolution's output with its bias.
 */
final class Gemm {
    /** Depth of one block. */
    static final int KC = 256;
    /** Explicit SIMD when the JVM has the Vector API module (and -Dnetc.vector=false does not turn it off). */
    static final boolean VECTOR = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
        && !"false".equals(System.getProperty("netc.vector"));
    /** Rows of one micro-kernel tile. */
    static final int MR = 8;
    /** Columns of one micro-kernel tile. */
    static final int NR = VECTOR ? VectorPanel.columns() : PlainPanel.COLUMNS;
    /** Most rows of one task: its packed L (MC × KC) and sums (MC × NC) stay in the L2 cache. */
    private static final int MC = 256;
    /** Most columns of one task: a multiple of NR. */
    private static final int NC = 256;
    /** Below this many multiply-adds a product runs on the calling thread. */
    private static final long PARALLEL_WORK = 1 << 16;
    /** Row offsets of packed panels: depth row kk starts at kk · width. */
    private static final int[] LEFT_ROWS = rowOffsets(KC, MR);
    private static final int[] RIGHT_ROWS = rowOffsets(KC, NR);

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private Gemm() {
    }

    /** A k × n matrix that gives blocks of itself as panels; a convolution's input is one. */
    interface Operand {
        /**
         * The block of depth rows [k0, k0 + kc) and columns [j0, j0 + nc) as panels {@code width} columns
         * wide, zero-padded to a multiple of {@code width} columns: packed into {@code scratch} (room for
         * KC × that many floats), or in place. Panels of L must be contiguous (depth row kk at kk · width).
         */
        Panels panels(int k0, int kc, int j0, int nc, int width, float[] scratch);
    }

    /**
     * A block as panels: element (kk, j) is {@code data[base + (j / width) · panelStride + rows[rowsFrom + kk]
     * + j % width]}.
     */
    record Panels(float[] data, int base, int panelStride, int[] rows, int rowsFrom) {
        /** Contiguous panels (depth row kk at kk · width) {@code panelStride} apart, from {@code base}. */
        static Panels contiguous(float[] data, int base, int panelStride, int width) {
            int[] rows = width == MR ? LEFT_ROWS : width == NR ? RIGHT_ROWS : rowOffsets(KC, width);
            return new Panels(data, base, panelStride, rows, 0);
        }
    }

    /**
     * Where the product goes. Each element of L · R is delivered exactly once, with its sum over the whole
     * depth, as part of a run of one row.
     */
    interface Output {
        /** Takes (L · R)[i][j0 + j] = sums[from + j] for j &lt; nc. */
        void accept(int i, int j0, int nc, float[] sums, int from);
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
        public Panels panels(int k0, int kc, int j0, int nc, int width, float[] scratch) {
            int padded = roundUp(nc, width);
            for (int j = 0; j < padded; j += width) {
                packPanel(k0, kc, j0 + j, Math.min(width, nc - j), width, scratch, j * kc);
            }
            return Panels.contiguous(scratch, 0, kc * width, width);
        }

        /** One panel: columns [j0, j0 + columns) then zeros up to width, depth row kk at to + kk · width. */
        private void packPanel(int k0, int kc, int j0, int columns, int width, float[] scratch, int to) {
            for (int kk = 0; kk < kc; kk++) {
                int at = to + kk * width;
                int from = offset + (k0 + kk) * rowStride + j0 * colStride;
                if (colStride == 1) {
                    System.arraycopy(data, from, scratch, at, columns);
                } else {
                    for (int j = 0; j < columns; j++) {
                        scratch[at + j] = data[from + j * colStride];
                    }
                }
                Arrays.fill(scratch, at + columns, at + width, 0f);
            }
        }
    }

    /** Adds the product to D (or Dᵀ), a row-major matrix with row stride {@code ldc} from {@code offset}. */
    private record StridedOutput(float[] c, int offset, int ldc, boolean transposed) implements Output {
        @Override
        public void accept(int i, int j0, int nc, float[] sums, int from) {
            if (!transposed) {
                int at = offset + i * ldc + j0;
                for (int j = 0; j < nc; j++) {
                    c[at + j] += sums[from + j];
                }
                return;
            }
            int at = offset + j0 * ldc + i;
            for (int j = 0; j < nc; j++) {
                c[at + j * ldc] += sums[from + j];
            }
        }
    }

    /** One product as computed: L · R (m × n) where {@code leftT} gives Lᵀ and {@code right} gives R. */
    private record Product(int m, int n, int k, Operand leftT, Operand right, Output out) {
    }

    /** Per-thread buffers: packed blocks of both operands and the sums of one block of D. */
    private static final class Scratch {
        final float[] left = new float[MC * KC];
        final float[] right = new float[KC * NC];
        final float[] sums = new float[MC * NC];
    }

    /**
     * {@code C += A · B} for an m × k matrix A and a k × n operand B, where C is row-major with row stride
     * {@code ldc} starting at {@code cOffset}. Distinct calls may update disjoint parts of C concurrently.
     * When C has fewer columns than rows, padding to whole tiles may cost less for {@code Cᵀ = Bᵀ · Aᵀ},
     * which is then computed instead.
     */
    static void multiply(int m, int n, int k, Matrix a, Matrix b, float[] c, int cOffset, int ldc) {
        long padded = (long) roundUp(m, MR) * roundUp(n, NR);
        long paddedTransposed = (long) roundUp(n, MR) * roundUp(m, NR);
        if (paddedTransposed < padded) {
            multiply(n, m, k, b, a.transpose(), new StridedOutput(c, cOffset, ldc, true));
        } else {
            multiply(m, n, k, a.transpose(), b, new StridedOutput(c, cOffset, ldc, false));
        }
    }

    /**
     * L · R for an m × n result delivered to {@code out}, where {@code leftT} gives Lᵀ (k × m) and
     * {@code right} gives R (k × n). L's blocks are asked for from row multiples of MR only.
     */
    static void multiply(int m, int n, int k, Operand leftT, Operand right, Output out) {
        if (m > 0 && n > 0 && k > 0) {
            run(new Product(m, n, k, leftT, right, out));
        }
    }

    /**
     * Splits D into column blocks of at most NC, as many as a multiple of the thread count when there are
     * more than threads, and into row chunks of at most MC rows, more when there are too few column blocks
     * for every thread. Column blocks share out whole tiles as evenly as they can. Tasks sharing a column
     * block each pack it again, so row chunks are kept as few as possible.
     */
    private static void run(Product p) {
        int threads = Parallel.threads();
        int tiles = (p.n + NR - 1) / NR;
        int blocks = (tiles + NC / NR - 1) / (NC / NR);
        if (blocks > threads) {
            blocks = Math.min(roundUp(blocks, threads), tiles);
        }
        int rowsPerTask = p.m;
        if ((long) p.m * p.n * p.k >= PARALLEL_WORK) {
            int wantedRowChunks = Math.max(1, (threads + blocks - 1) / blocks);
            rowsPerTask = roundUp((p.m + wantedRowChunks - 1) / wantedRowChunks, MR);
        }
        int chunk = Math.min(rowsPerTask, MC);
        int rowChunks = (p.m + chunk - 1) / chunk;
        int columnBlocks = blocks;
        Parallel.forEach(columnBlocks * rowChunks, task -> {
            int i0 = task / columnBlocks * chunk;
            int block = task % columnBlocks;
            int j0 = (int) ((long) tiles * block / columnBlocks) * NR;
            int j1 = Math.min(p.n, (int) ((long) tiles * (block + 1) / columnBlocks) * NR);
            block(p, i0, Math.min(p.m, i0 + chunk), j0, j1 - j0);
        });
    }

    static int roundUp(int value, int multiple) {
        return (value + multiple - 1) / multiple * multiple;
    }

    /** Rows [i0, i1) and columns [j0, j0 + nc) of D, over the full depth k. */
    private static void block(Product p, int i0, int i1, int j0, int nc) {
        Scratch scratch = SCRATCH.get();
        int rows = i1 - i0;
        int width = roundUp(nc, NR);
        float[] sums = scratch.sums;
        Arrays.fill(sums, 0, roundUp(rows, MR) * width, 0f);
        for (int k0 = 0; k0 < p.k; k0 += KC) {
            int kc = Math.min(KC, p.k - k0);
            Panels right = p.right.panels(k0, kc, j0, nc, NR, scratch.right);
            Panels left = p.leftT.panels(k0, kc, i0, rows, MR, scratch.left);
            for (int j = 0; j < nc; j += NR) {
                int rightAt = right.base() + j / NR * right.panelStride();
                for (int i = 0; i < rows; i += MR) {
                    int leftAt = left.base() + i / MR * left.panelStride();
                    multiplyTile(kc, left.data(), leftAt, right.data(), rightAt, right.rows(), right.rowsFrom(),
                        sums, i * width + j, width, Math.min(NR, nc - j));
                }
            }
        }
        for (int r = 0; r < rows; r++) {
            p.out.accept(i0 + r, j0, nc, sums, r * width);
        }
    }

    /**
     * The MR × NR tile of C at cOff (row stride ldc) += Σ over kk &lt; kc of a[aOff + kk·MR + r] ·
     * b[bOff + rows[rowsFrom + kk] + j]; the first {@code columns} columns at least.
     */
    static void multiplyTile(int kc, float[] a, int aOff, float[] b, int bOff, int[] rows, int rowsFrom, float[] c,
                             int cOff, int ldc, int columns) {
        if (VECTOR) {
            VectorPanel.multiply(kc, a, aOff, b, bOff, rows, rowsFrom, c, cOff, ldc);
        } else {
            PlainPanel.multiply(kc, a, aOff, b, bOff, rows, rowsFrom, c, cOff, ldc, columns);
        }
    }

    /** {0, step, 2·step, ...}: {@code count} offsets. */
    static int[] rowOffsets(int count, int step) {
        int[] offsets = new int[count];
        for (int i = 0; i < count; i++) {
            offsets[i] = i * step;
        }
        return offsets;
    }
}
