package netc.syntax;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * A list that only grows, by chunks of 1,024 once past its first, instead of copying itself into
 * arrays half as large again: the outgrown arrays of a model's million children, or of a body's million
 * statements, were megabytes left in the old generation (docs/benchmarks.md). The first chunk grows as
 * an ArrayList would, so that the many short lists hold no more than they did. The AST builder's lists
 * and the module tree's children use it.
 */
public final class ChunkedList<E> extends AbstractList<E> implements RandomAccess {
    private static final int CHUNK_BITS = 10;
    private static final int CHUNK = 1 << CHUNK_BITS;

    private Object[][] chunks = {new Object[4]};
    private int size;

    @Override
    public boolean add(E element) {
        int chunk = size >>> CHUNK_BITS;
        int at = size & (CHUNK - 1);
        if (chunk == chunks.length) {
            chunks = Arrays.copyOf(chunks, chunks.length * 2);
        }
        if (chunks[chunk] == null) {
            chunks[chunk] = new Object[CHUNK];
        } else if (at == chunks[chunk].length) {
            chunks[chunk] = Arrays.copyOf(chunks[chunk], Math.min(CHUNK, at * 2));
        }
        chunks[chunk][at] = element;
        size++;
        modCount++;
        return true;
    }

    @Override
    @SuppressWarnings("unchecked")
    public E get(int index) {
        Objects.checkIndex(index, size);
        return (E) chunks[index >>> CHUNK_BITS][index & (CHUNK - 1)];
    }

    @Override
    public int size() {
        return size;
    }
}
