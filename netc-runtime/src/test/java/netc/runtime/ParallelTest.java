package netc.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ParallelTest {
    @Test
    void everyIndexRunsOnceIncludingNestedLoops() {
        AtomicIntegerArray runs = new AtomicIntegerArray(50 * 7);
        for (int repeat = 0; repeat < 100; repeat++) {
            Parallel.forEach(50, i -> Parallel.forEach(7, j -> runs.incrementAndGet(i * 7 + j)));
        }
        int[] counts = new int[runs.length()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = runs.get(i);
        }
        int[] expected = new int[counts.length];
        Arrays.fill(expected, 100);
        assertArrayEquals(expected, counts);
    }

    @Test
    void aFailingIndexFailsTheLoopInTheCallerAndLeavesTheWorkersUsable() {
        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> Parallel.forEach(64, i -> {
            if (i == 37) {
                throw new IllegalStateException("index 37");
            }
        }));
        assertEquals("index 37", failure.getMessage());
        AtomicIntegerArray runs = new AtomicIntegerArray(64);
        Parallel.forEach(64, runs::incrementAndGet);
        for (int i = 0; i < 64; i++) {
            assertEquals(1, runs.get(i), "index " + i);
        }
    }

    @Test
    void chunksCoverTheRangeExactly() {
        int size = 100_003;
        AtomicIntegerArray covered = new AtomicIntegerArray(size);
        Parallel.forChunks(size, 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                covered.incrementAndGet(i);
            }
        });
        for (int i = 0; i < size; i++) {
            assertEquals(1, covered.get(i), "index " + i);
        }
    }
}
