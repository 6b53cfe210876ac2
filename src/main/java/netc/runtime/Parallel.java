package netc.runtime;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;
import java.util.function.IntConsumer;

/**
 * The shared worker pool of all kernels. Its size is the number of processors, or the system
 * property {@code netc.threads}. Loops may nest: a body may itself call {@link #forEach}.
 */
final class Parallel {
    private static final int THREADS = Math.max(1, Integer.getInteger("netc.threads",
            Runtime.getRuntime().availableProcessors()));
    private static final ForkJoinPool POOL = new ForkJoinPool(THREADS);
    /** Elementwise kernels split work only from this many elements on. */
    static final int ELEMENTWISE_GRAIN = 1 << 15;

    private Parallel() {
    }

    static int threads() {
        return THREADS;
    }

    /** Runs {@code body} for every index in [0, count), spread over the pool. */
    static void forEach(int count, IntConsumer body) {
        if (count == 1 || THREADS == 1) {
            for (int i = 0; i < count; i++) {
                body.accept(i);
            }
        } else if (count > 1 && ForkJoinTask.getPool() == POOL) {
            new Range(0, count, body).invoke(); // nested: fork within the current worker
        } else if (count > 1) {
            POOL.invoke(new Range(0, count, body));
        }
    }

    /** A loop body over the index range [from, to). */
    @FunctionalInterface
    interface RangeBody {
        void run(int from, int to);
    }

    /**
     * Runs {@code body} over [0, size) in one chunk per thread, or in one piece when the range is below
     * {@code grain} indices: elementwise kernels are memory-bound, and small ones lose more to the handoff
     * than they gain.
     */
    static void forChunks(int size, int grain, RangeBody body) {
        int chunks = size < grain ? 1 : THREADS;
        forEach(chunks, c -> body.run((int) ((long) size * c / chunks), (int) ((long) size * (c + 1) / chunks)));
    }

    /** Splits an index range in halves until single indices remain. */
    private static final class Range extends RecursiveAction {
        private static final long serialVersionUID = 1L;
        private final int from;
        private final int to;
        private final transient IntConsumer body;

        Range(int from, int to, IntConsumer body) {
            this.from = from;
            this.to = to;
            this.body = body;
        }

        @Override
        protected void compute() {
            if (to - from == 1) {
                body.accept(from);
                return;
            }
            int middle = (from + to) >>> 1;
            invokeAll(new Range(from, middle, body), new Range(middle, to, body));
        }
    }
}
