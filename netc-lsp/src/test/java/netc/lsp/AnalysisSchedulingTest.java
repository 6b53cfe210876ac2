package netc.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Analyses run beside the requests, one at a time per document and always of its latest text.
 * The analyses of one document are held at a gate, as a long analysis of a large document would
 * hold them, while the test asks for what a user would see meanwhile.
 */
@Timeout(60)
class AnalysisSchedulingTest {
    private static final String SLOW = "file:///work/models/slow.net";
    private static final String QUICK = "file:///work/models/quick.net";
    private static final String FOUR = "model M {\n    input x: [3, 8, 8]\n    conv1: conv2d(3, 4, k=3)\n}\n";
    private static final String SIX = FOUR.replace("conv2d(3, 4", "conv2d(3, 6");
    private static final Position ON_CONV2D = new Position(2, 12);
    private static final String HOVER_FOUR = "**conv2d** · `nn.Conv2d`\n\n`[-1, 3, 8, 8]` → `[-1, 4, 6, 6]` · 112 parameters"
        + "\n\n```text\n"
        + "C_out = out_channels = 4\n"
        + "H_out = ⌊(H_in + 2·padding − kernel_size)/stride⌋ + 1 = ⌊(8 + 2·0 − 3)/1⌋ + 1 = 6\n"
        + "W_out = ⌊(W_in + 2·padding − kernel_size)/stride⌋ + 1 = ⌊(8 + 2·0 − 3)/1⌋ + 1 = 6\n"
        + "```";
    private static final String HOVER_SIX = "**conv2d** · `nn.Conv2d`\n\n`[-1, 3, 8, 8]` → `[-1, 6, 6, 6]` · 168 parameters"
        + "\n\n```text\n"
        + "C_out = out_channels = 6\n"
        + "H_out = ⌊(H_in + 2·padding − kernel_size)/stride⌋ + 1 = ⌊(8 + 2·0 − 3)/1⌋ + 1 = 6\n"
        + "W_out = ⌊(W_in + 2·padding − kernel_size)/stride⌋ + 1 = ⌊(8 + 2·0 − 3)/1⌋ + 1 = 6\n"
        + "```";

    private LspSession session;
    private Gate gate;

    /** Holds the analyses of {@link #SLOW} from a version on until released, and records the versions analysed. */
    private static final class Gate implements OpenDocument.Analyser {
        private final int heldFrom;
        private final CountDownLatch opened = new CountDownLatch(1);
        private final Semaphore entered = new Semaphore(0);
        private final List<Integer> analysed = Collections.synchronizedList(new ArrayList<>());

        Gate(int heldFrom) {
            this.heldFrom = heldFrom;
        }

        @Override
        public DocumentAnalysis analyse(String uri, int version, String text, DocumentAnalysis previous,
                                        BooleanSupplier cancelled) {
            if (uri.equals(SLOW)) {
                analysed.add(version);
                if (version >= heldFrom) {
                    entered.release();
                    try {
                        opened.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException("the server stopped while the test held an analysis", e);
                    }
                }
            }
            return DocumentAnalysis.of(uri, version, text, previous, cancelled);
        }

        /** Waits until an analysis is held at the gate. */
        void awaitHeld() throws InterruptedException {
            assertTrue(entered.tryAcquire(10, TimeUnit.SECONDS), "no analysis reached the gate");
        }

        void open() {
            opened.countDown();
        }
    }

    private void start(int heldFrom) throws Exception {
        gate = new Gate(heldFrom);
        session = LspSession.start(gate);
    }

    @AfterEach
    void stop() throws Exception {
        gate.open();
        session.close();
    }

    @Test
    void requestsOnAnotherDocumentAreAnsweredWhileOneIsAnalysed() throws Exception {
        start(1);
        session.open(SLOW, FOUR);
        gate.awaitHeld();
        session.open(QUICK, SIX);
        PublishDiagnosticsParams quick = session.nextDiagnostics();
        assertEquals(List.of(QUICK, 1, List.of()), List.of(quick.getUri(), quick.getVersion(), quick.getDiagnostics()));
        assertEquals(HOVER_SIX, hoverText(QUICK));
        assertEquals(List.of("M"), symbols(QUICK));
        gate.open();
        assertEquals(SLOW, session.nextDiagnostics().getUri());
    }

    @Test
    void aRequestOnADocumentBeingAnalysedIsAnsweredFromItsLastAnalysis() throws Exception {
        start(2);
        session.open(SLOW, FOUR);
        assertEquals(1, session.nextDiagnostics().getVersion());
        session.change(SLOW, 2, SIX);
        gate.awaitHeld();
        long asked = System.nanoTime();
        assertEquals(HOVER_FOUR, hoverText(SLOW));
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - asked);
        assertTrue(waited >= NetcTextDocumentService.GRACE_MILLIS && waited < 5000, waited + " ms");
        gate.open();
        assertEquals(2, session.nextDiagnostics().getVersion());
        assertEquals(HOVER_SIX, hoverText(SLOW));
    }

    @Test
    void aDocumentNotYetAnalysedAnswersNothingMeanwhile() throws Exception {
        start(1);
        session.open(SLOW, FOUR);
        gate.awaitHeld();
        assertNull(hover(SLOW));
        assertEquals(List.of(), session.server().getTextDocumentService()
            .completion(new CompletionParams(new TextDocumentIdentifier(SLOW), ON_CONV2D)).get(10, TimeUnit.SECONDS).getLeft());
        assertEquals(List.of(), symbols(SLOW));
        gate.open();
        assertEquals(1, session.nextDiagnostics().getVersion());
        assertEquals(HOVER_FOUR, hoverText(SLOW));
    }

    @Test
    void versionsOvertakenByAnEditAreNeitherAnalysedNorPublished() throws Exception {
        start(1);
        session.open(SLOW, FOUR);
        gate.awaitHeld();
        session.change(SLOW, 2, SIX);
        session.change(SLOW, 3, FOUR);
        session.change(SLOW, 4, SIX);
        // a request answered means the edits sent before it have reached the document
        assertNull(hover(SLOW));
        gate.open();
        assertEquals(4, session.nextDiagnostics().getVersion());
        assertEquals(List.of(1, 4), gate.analysed);
        assertNull(session.diagnosticsWithin(500));
    }

    @Test
    void aDocumentClosedWhileAnalysedIsNotPublished() throws Exception {
        start(1);
        session.open(SLOW, FOUR);
        gate.awaitHeld();
        session.close(SLOW);
        PublishDiagnosticsParams cleared = session.nextDiagnostics();
        assertEquals(List.of(SLOW, List.of()), List.of(cleared.getUri(), cleared.getDiagnostics()));
        gate.open();
        assertNull(session.diagnosticsWithin(500));
        assertNull(hover(SLOW));
    }

    private Hover hover(String uri) throws Exception {
        return session.server().getTextDocumentService()
            .hover(new HoverParams(new TextDocumentIdentifier(uri), ON_CONV2D)).get(10, TimeUnit.SECONDS);
    }

    private String hoverText(String uri) throws Exception {
        return hover(uri).getContents().getRight().getValue();
    }

    private List<String> symbols(String uri) throws Exception {
        return session.server().getTextDocumentService()
            .documentSymbol(new DocumentSymbolParams(new TextDocumentIdentifier(uri))).get(10, TimeUnit.SECONDS)
            .stream().map(symbol -> symbol.getRight().getName()).collect(Collectors.toList());
    }
}
