package netc.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import netc.semantic.catalog.Catalog;
import netc.semantic.catalog.LayerSpec;
import org.junit.jupiter.api.Test;

/** The Java backend keeps up with the catalogue: every layer a model can use has an emitter. */
class LayerEmittersTest {
    @Test
    void everyCatalogueLayerHasAnEmitter() {
        List<String> missing = Catalog.standard().entries().stream()
            .flatMap(entry -> entry.variants().stream())
            .map(LayerSpec::name)
            .filter(name -> LayerEmitters.forLayer(name) == null)
            .collect(Collectors.toList());
        assertEquals(List.of(), new TreeSet<>(missing).stream().collect(Collectors.toList()));
    }
}
