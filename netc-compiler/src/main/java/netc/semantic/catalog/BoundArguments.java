package netc.semantic.catalog;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import netc.diagnostics.SourceSpan;
import netc.semantic.model.Value;

/** Arguments matched to a signature: each name's value, and where it was written (null for defaults). Compact, since every layer keeps one. */
public record BoundArguments(Map<String, Bound> values) {

    public record Bound(Value value, SourceSpan span) {
    }

    /**
     * The arguments bound to {@code signature}'s names, {@code bound[i]} to the i-th (null: not bound), held
     * in its order: an array of values beside the signature the layer shares, not a hash table of its own
     * (conv2d's took 200 bytes, this 60). The array is the binding's from now on.
     */
    static BoundArguments inSignatureOrder(List<ArgSpec> signature, Bound[] bound) {
        int size = 0;
        for (Bound value : bound) {
            size += value == null ? 0 : 1;
        }
        return new BoundArguments(new SignatureMap(signature, bound, size));
    }

    public Value get(String name) {
        return values.get(name).value();
    }

    public long intValue(String name) {
        return ((Value.Int) get(name)).value();
    }

    public boolean boolValue(String name) {
        return ((Value.Bool) get(name)).value();
    }

    /** An unmodifiable map of a signature's names, in its order, to the values bound to them (null: not bound). */
    private static final class SignatureMap extends AbstractMap<String, Bound> {
        private final List<ArgSpec> signature;
        private final Bound[] values;
        private final int size;

        SignatureMap(List<ArgSpec> signature, Bound[] values, int size) {
            this.signature = signature;
            this.values = values;
            this.size = size;
        }

        /** Names are asked for by the literals that wrote the signature's, mostly: the same strings, compared first. */
        @Override
        public Bound get(Object name) {
            for (int i = 0; i < values.length; i++) {
                if (signature.get(i).name() == name) {
                    return values[i];
                }
            }
            for (int i = 0; i < values.length; i++) {
                if (signature.get(i).name().equals(name)) {
                    return values[i];
                }
            }
            return null;
        }

        @Override
        public boolean containsKey(Object name) {
            return get(name) != null;
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public java.util.Set<Entry<String, Bound>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<String, Bound>> iterator() {
                    return new Iterator<>() {
                        private int next = following(0);

                        private int following(int from) {
                            int at = from;
                            while (at < values.length && values[at] == null) {
                                at++;
                            }
                            return at;
                        }

                        @Override
                        public boolean hasNext() {
                            return next < values.length;
                        }

                        @Override
                        public Entry<String, Bound> next() {
                            if (!hasNext()) {
                                throw new NoSuchElementException();
                            }
                            Entry<String, Bound> entry = Map.entry(signature.get(next).name(), values[next]);
                            next = following(next + 1);
                            return entry;
                        }
                    };
                }

                @Override
                public int size() {
                    return size;
                }
            };
        }
    }
}
