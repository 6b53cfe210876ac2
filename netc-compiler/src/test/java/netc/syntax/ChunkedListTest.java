package netc.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkedListTest {
    @Test
    void holdsWhatAnArrayListHoldsAcrossChunks() {
        for (int count : new int[] {0, 1, 4, 5, 1023, 1024, 1025, 5000}) {
            List<Integer> chunked = new ChunkedList<>();
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                chunked.add(i * 7);
                expected.add(i * 7);
            }
            assertEquals(expected, chunked, "after " + count);
            assertEquals(count, chunked.size());
            assertEquals(expected.hashCode(), chunked.hashCode());
        }
    }

    @Test
    void refusesAnIndexPastItsEndAndAChangeWhileIterated() {
        List<String> chunked = new ChunkedList<>();
        chunked.add("a");
        assertThrows(IndexOutOfBoundsException.class, () -> chunked.get(1));
        assertThrows(IndexOutOfBoundsException.class, () -> chunked.get(-1));
        Iterator<String> iterator = chunked.iterator();
        chunked.add("b");
        assertThrows(ConcurrentModificationException.class, iterator::next);
        assertThrows(UnsupportedOperationException.class, () -> chunked.remove(0));
    }
}
