package netc.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Locale;
import netc.TestFiles;
import netc.diagnostics.Messages;
import netc.semantic.catalog.Catalog;
import org.junit.jupiter.api.Test;

/** docs/layers.md lists the catalogue as the compiler has it. */
class CatalogReferenceTest {
    private static final String MARKER = "<!-- generated from the catalogue: netc.backend.CatalogReference -->\n";

    @Test
    void layersPageIsTheCatalogue() {
        String page = TestFiles.read(Path.of("docs/layers.md"));
        String table = page.substring(page.indexOf(MARKER) + MARKER.length());
        assertEquals(CatalogReference.markdown(Catalog.standard(), Messages.diagnostics(Locale.ROOT)), table);
    }
}
