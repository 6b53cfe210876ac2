package netc.semantic.catalog;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import netc.diagnostics.Text;

/**
 * The layer catalogue: every layer the language knows, by name. A generic name such as
 * {@code maxpool} has one variant per rank and takes its rank from the incoming tensor.
 */
public final class Catalog {
    private static final Catalog STANDARD = build();

    private final Map<String, Entry> entries;
    /** Module layers by their PyTorch class ({@code Conv2d}), for {@code nn.Conv2d}. */
    private final Map<String, Entry> byTorchClass = new LinkedHashMap<>();

    private Catalog(Map<String, Entry> entries) {
        this.entries = Collections.unmodifiableMap(entries);
        for (Entry entry : entries.values()) {
            if (!entry.generic() && entry.any().module()) {
                byTorchClass.putIfAbsent(entry.any().torchClass(), entry);
            }
        }
    }

    public static Catalog standard() {
        return STANDARD;
    }

    /** A name of the language: one layer, or the rank variants a generic name stands for. */
    public record Entry(String name, List<LayerSpec> variants, boolean generic) {
        public Entry {
            variants = List.copyOf(variants);
        }

        /** The variant for a tensor of this rank (counting the batch), or null. */
        public LayerSpec forRank(int rank) {
            for (LayerSpec spec : variants) {
                if (spec.acceptsRank(rank)) {
                    return spec;
                }
            }
            return null;
        }

        /** The signature to bind when the rank is not known (it is the same for every variant). */
        public LayerSpec any() {
            return variants.get(0);
        }

        /** The ranks the layer takes, counting the batch: {@code 3-d to 4-d}; a generic name's over all its variants. */
        public Text rankDescription() {
            if (!generic) {
                return any().rankDescription();
            }
            int min = Integer.MAX_VALUE;
            int max = 0;
            for (LayerSpec spec : variants) {
                min = Math.min(min, spec.minRank());
                max = Math.max(max, spec.maxRank());
            }
            return Text.of("spec.d_d", min, max);
        }
    }

    /** The entry of a name, which may be written with PyTorch's underscores ({@code masked_fill}, {@code log_softmax}). */
    public Entry lookup(String name) {
        Entry entry = entries.get(name);
        return entry != null || name.indexOf('_') < 0 ? entry : entries.get(name.replace("_", ""));
    }

    public Collection<String> names() {
        return entries.keySet();
    }

    /** The module layer PyTorch calls {@code torchClass} ({@code Conv2d}: conv2d), or null. */
    public Entry lookupTorchClass(String torchClass) {
        return byTorchClass.get(torchClass);
    }

    /** The PyTorch classes of the module layers. */
    public Collection<String> torchClasses() {
        return Collections.unmodifiableSet(byTorchClass.keySet());
    }

    public Collection<Entry> entries() {
        return entries.values();
    }

    /** Collects the definitions of each family of layers. */
    static final class Builder {
        private final Map<String, Entry> entries = new LinkedHashMap<>();

        void add(LayerSpec spec) {
            put(new Entry(spec.name(), List.of(spec), false));
        }

        /** Adds {@code name1d}, {@code name2d}, {@code name3d} and the generic {@code name}. */
        void addRanked(String name, java.util.function.IntFunction<LayerSpec> variantForDims) {
            List<LayerSpec> variants = new ArrayList<>();
            for (int d = 1; d <= 3; d++) {
                LayerSpec spec = variantForDims.apply(d);
                variants.add(spec);
                add(spec);
            }
            put(new Entry(name, variants, true));
        }

        private void put(Entry entry) {
            if (entries.putIfAbsent(entry.name(), entry) != null) {
                throw new IllegalStateException("layer defined twice: " + entry.name());
            }
        }
    }

    private static Catalog build() {
        Builder builder = new Builder();
        ConvolutionLayers.register(builder);
        LinearLayers.register(builder);
        PoolingLayers.register(builder);
        NormalizationLayers.register(builder);
        ActivationLayers.register(builder);
        ReshapingLayers.register(builder);
        TensorOperations.register(builder);
        ElementwiseFunctions.register(builder);
        MatrixFunctions.register(builder);
        RecurrentLayers.register(builder);
        AttentionLayers.register(builder);
        ResamplingLayers.register(builder);
        return new Catalog(new LinkedHashMap<>(builder.entries));
    }
}
