package netc.runtime;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;

/**
 * The shared worker threads of all kernels: as many as there are processors, or as the system property
 * {@code netc.threads} says, counting the thread that calls.
 *
 * <p>A loop hands its indices out one at a time to the caller and the workers, so uneven iterations
 * still finish together. Between loops a worker spins for a while before it parks: a forward pass runs
 * a loop every few hundred microseconds, and waking a parked thread (slower still in a virtual machine)
 * would take as long as many iterations. A loop inside a loop body, or one started while another
 * thread's loop has the workers, runs on its own thread alone.
 */
final class Parallel {
    private static final int THREADS = Math.max(1, Integer.getInteger("netc.threads",
            Runtime.getRuntime().availableProcessors()));
    /** How long an idle worker spins before it parks. */
    private static final long SPIN_NANOS = 2_000_000;
    /** Elementwise kernels split work only from this many elements on. */
    static final int ELEMENTWISE_GRAIN = 1 << 15;

    private static final ReentrantLock WORKERS_BUSY = new ReentrantLock();
    private static final ThreadLocal<boolean[]> IN_LOOP = ThreadLocal.withInitial(() -> new boolean[1]);
    private static final Thread[] WORKERS = startWorkers();
    /** The loop the workers are to help with, or null. */
    private static volatile Loop current;

    private Parallel() {
    }

    static int threads() {
        return THREADS;
    }

    /** One loop: its indices are taken in order by whichever thread is free. */
    private static final class Loop {
        final IntConsumer body;
        final int count;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger completed = new AtomicInteger();
        final AtomicReference<Throwable> failure = new AtomicReference<>();

        Loop(IntConsumer body, int count) {
            this.body = body;
            this.count = count;
        }

        /** Runs indices until none are left; after a failure the rest are counted, not run. */
        void drain() {
            boolean[] inLoop = IN_LOOP.get();
            inLoop[0] = true;
            try {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    runIndex(i);
                }
            } finally {
                inLoop[0] = false;
            }
        }

        private void runIndex(int i) {
            try {
                if (failure.get() == null) {
                    body.accept(i);
                }
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            } finally {
                completed.incrementAndGet();
            }
        }
    }

    /** Runs {@code body} for every index in [0, count), spread over the threads. */
    static void forEach(int count, IntConsumer body) {
        if (count <= 1 || THREADS == 1 || IN_LOOP.get()[0] || !WORKERS_BUSY.tryLock()) {
            for (int i = 0; i < count; i++) {
                body.accept(i);
            }
            return;
        }
        Loop loop = new Loop(body, count);
        try {
            current = loop;
            for (Thread worker : WORKERS) {
                LockSupport.unpark(worker);
            }
            loop.drain();
            while (loop.completed.get() < count) {
                Thread.onSpinWait(); // at most one index per worker is still running
            }
        } finally {
            current = null;
            WORKERS_BUSY.unlock();
        }
        rethrow(loop.failure.get());
    }

    private static void rethrow(Throwable failure) {
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
    }

    private static Thread[] startWorkers() {
        Thread[] workers = new Thread[THREADS - 1];
        for (int w = 0; w < workers.length; w++) {
            workers[w] = new Thread(Parallel::work, "netc-kernel-" + (w + 1));
            workers[w].setDaemon(true);
            workers[w].start();
        }
        return workers;
    }

    private static void work() {
        Loop last = null;
        while (true) {
            Loop loop = awaitLoop(last);
            loop.drain();
            last = loop;
        }
    }

    /** The next loop other than {@code last}: spins for SPIN_NANOS, then parks until one is started. */
    private static Loop awaitLoop(Loop last) {
        long parkAfter = System.nanoTime() + SPIN_NANOS;
        while (true) {
            Loop loop = current;
            if (loop != null && loop != last) {
                return loop;
            }
            if (System.nanoTime() < parkAfter) {
                Thread.onSpinWait();
            } else {
                LockSupport.park(Parallel.class);
            }
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
}
