package netc.lsp;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import netc.diagnostics.Messages;
import org.eclipse.lsp4j.PublishDiagnosticsParams;

/**
 * One document the client has open: its latest text, and its analyses. They are made one at a
 * time, each of the latest text, by a task that runs while there is a newer text to analyse: a
 * burst of edits is analysed once, and a version overtaken by an edit before its analysis starts
 * is never analysed. An analysis overtaken while it runs stops at its next layer call, unpublished,
 * and the latest text is analysed next.
 */
final class OpenDocument {
    /**
     * Makes the analysis of one version of a document: {@link DocumentAnalysis#of}, or a stand-in in
     * tests; null if {@code cancelled} said to stop before it was made.
     */
    interface Analyser {
        /** {@code previous}: the analysis made before, of an older text, from which the text may be parsed; or null. */
        DocumentAnalysis analyse(String uri, int version, String text, DocumentAnalysis previous, BooleanSupplier cancelled);
    }

    private record Text(String content, int version) {
    }

    private final String uri;
    private final Executor analysers;
    private final Analyser analyser;
    /** Called with this document's lock held, so that publications and the close keep their order. */
    private final Consumer<PublishDiagnosticsParams> publisher;
    /** The language of the diagnostics published: the client's, once it has said. */
    private final Supplier<Messages> messages;

    // Written under this; volatile where an analysis reads them to know whether it is still wanted.
    private volatile Text latest;
    private Text analysedText;
    private DocumentAnalysis analysed;
    private boolean analysing;
    private volatile boolean closed;

    OpenDocument(String uri, Executor analysers, Analyser analyser, Consumer<PublishDiagnosticsParams> publisher,
                 Supplier<Messages> messages) {
        this.uri = uri;
        this.analysers = analysers;
        this.analyser = analyser;
        this.publisher = publisher;
        this.messages = messages;
    }

    synchronized void update(String content, int version) {
        latest = new Text(content, version);
        if (!analysing) {
            analysing = true;
            analysers.execute(this::analyseLatest);
        }
    }

    /** Stops the analyses and clears the document's diagnostics in the client. */
    synchronized void close() {
        closed = true;
        notifyAll();
        publisher.accept(new PublishDiagnosticsParams(uri, List.of()));
    }

    /**
     * The analysis of the latest text, waiting for it up to {@code graceMillis}; after that the
     * newest analysis made, of an older text, or null if there is none yet.
     */
    synchronized DocumentAnalysis analysis(long graceMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMillis);
        long left = TimeUnit.MILLISECONDS.toNanos(graceMillis);
        while (analysedText != latest && !closed && left > 0) {
            TimeUnit.NANOSECONDS.timedWait(this, left);
            left = deadline - System.nanoTime();
        }
        return analysed;
    }

    /**
     * The analysis task: runs until the latest text is analysed. Should an analysis fail beyond
     * what {@link DocumentAnalysis#of} catches (out of memory), the task ends, and the next edit
     * starts another.
     */
    private void analyseLatest() {
        try {
            for (Text text = nextText(); text != null; text = nextText()) {
                Text analysing = text;
                DocumentAnalysis analysis = analyser.analyse(uri, text.version(), text.content(), lastAnalysis(),
                    () -> closed || latest != analysing);
                if (analysis != null) {
                    finish(text, analysis);
                }
            }
        } catch (Throwable e) {
            ServerLog.failure("analysing " + uri, e);
            synchronized (this) {
                analysing = false;
            }
        }
    }

    private synchronized DocumentAnalysis lastAnalysis() {
        return analysed;
    }

    /** The text to analyse next; null, ending the task, when the latest is analysed or the document closed. */
    private synchronized Text nextText() {
        if (closed || analysedText == latest) {
            analysing = false;
            return null;
        }
        return latest;
    }

    private synchronized void finish(Text text, DocumentAnalysis analysis) {
        analysedText = text;
        analysed = analysis;
        notifyAll();
        if (!closed && text == latest) {
            publisher.accept(ProtocolDiagnostics.of(analysis, messages.get()));
        }
    }
}
