package netc.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SarifDiagnosticsTest {
    @Test
    void aRelativePathIsARelativeUriReferenceAndAnAbsoluteOneAFileUri() {
        assertEquals("docs/examples/bad.net", SarifDiagnostics.uri("docs/examples/bad.net"));
        assertEquals("my%20models/a%23b.net", SarifDiagnostics.uri("my models/a#b.net"));
        assertEquals("%3Cstdin%3E", SarifDiagnostics.uri("<stdin>"));
        assertEquals("file:///tmp/m.net", SarifDiagnostics.uri(Path.of("/tmp/m.net").toString()));
    }

    @Test
    void everyCodeHasItsDocumentedSummary() {
        for (Code code : Code.values()) {
            CodeDocs.Entry doc = CodeDocs.of(code);
            assertEquals(true, doc != null && !doc.summary().isEmpty() && doc.text().startsWith(doc.summary()),
                code.id());
        }
        assertEquals("A string without its closing quote on the same line.", CodeDocs.of(Code.UNTERMINATED_STRING).summary());
    }
}
