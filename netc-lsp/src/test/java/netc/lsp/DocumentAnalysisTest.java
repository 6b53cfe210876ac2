package netc.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import netc.diagnostics.Code;
import netc.diagnostics.Diagnostic;
import netc.diagnostics.SourceReader;
import netc.diagnostics.SourceSpan;
import netc.diagnostics.Text;
import netc.syntax.Statement;
import org.junit.jupiter.api.Test;

class DocumentAnalysisTest {
    private static final String URI = "file:///tmp/huge.net";

    @Test
    void aDocumentLargerThanNetcReadsFilesIsE003AndIsNotAnalysed() {
        DocumentAnalysis analysis = DocumentAnalysis.of(URI, 7, "relu\n".repeat((int) (SourceReader.MAX_BYTES / 5) + 1),
            null, () -> false);
        assertEquals(List.of(Diagnostic.error(Code.FILE_TOO_LARGE, SourceSpan.at("/tmp/huge.net", 1, 1),
            Text.of("file.document_too_large", 67108865, 67108864L))), analysis.diagnostics());
        assertEquals("this document has 67108865 bytes; netc reads files of up to 67108864 bytes",
            analysis.diagnostics().get(0).message().english());
        assertEquals(List.of(), analysis.definitions());
        assertEquals(7, analysis.version());
    }

    /** The limit is in bytes of UTF-8, as for a file: these 33,554,433 characters take 67,108,866. */
    @Test
    void theLimitCountsBytesNotCharacters() {
        DocumentAnalysis analysis = DocumentAnalysis.of(URI, 1, "é".repeat((int) (SourceReader.MAX_BYTES / 2) + 1),
            null, () -> false);
        assertEquals(List.of("this document has 67108866 bytes; netc reads files of up to 67108864 bytes"),
            analysis.diagnostics().stream().map(d -> d.message().english()).toList());
    }

    /**
     * An analysis overtaken by an edit stops where it is: the question is asked once after parsing
     * and once per layer call, so this one ends at its third layer of 10,000.
     */
    @Test
    void aCancelledAnalysisStopsAtItsNextLayerCall() {
        String text = "model M {\n    input x: [4]\n" + "    relu\n".repeat(10_000) + "}\n";
        AtomicInteger asked = new AtomicInteger();
        assertNull(DocumentAnalysis.of(URI, 1, text, null, () -> asked.incrementAndGet() > 3));
        assertEquals(4, asked.get());
        assertNotNull(DocumentAnalysis.of(URI, 2, text, null, () -> false));
    }

    /**
     * The benchmark's edit, a number changed: the statements it did not touch are the previous
     * parse's own objects, and the diagnostics are those of an analysis from scratch.
     */
    @Test
    void anEditWithinALineIsParsedFromThePreviousParse() {
        String before = DiagnosticsLatencyBench.generated(60, true);
        String after = DiagnosticsLatencyBench.generated(60, false);
        DocumentAnalysis first = DocumentAnalysis.of(URI, 1, before, null, () -> false);
        DocumentAnalysis second = DocumentAnalysis.of(URI, 2, after, first, () -> false);
        DocumentAnalysis fresh = DocumentAnalysis.of(URI, 2, after, null, () -> false);
        List<Statement> reused = second.definitions().get(1).body();
        assertEquals(51, reused.size());
        assertSame(first.definitions().get(1).body().get(47), reused.get(47));
        assertNotSame(fresh.definitions().get(1).body().get(47), reused.get(47));
        assertEquals(fresh.definitions(), second.definitions());
        assertEquals(List.of("E201 59:9"), second.diagnostics().stream()
            .map(d -> d.code().id() + " " + d.span().position()).toList());
        assertEquals(fresh.diagnostics(), second.diagnostics());
    }
}
