package netc.lsp;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;
import netc.diagnostics.Messages;
import org.eclipse.lsp4j.PublishDiagnosticsParams;

/** The documents the client has open, by URI; each is analysed on its own (see {@link OpenDocument}). */
final class OpenDocuments {
    private final Map<String, OpenDocument> open = new ConcurrentHashMap<>();
    private final Executor analysers;
    private final OpenDocument.Analyser analyser;
    private final Consumer<PublishDiagnosticsParams> publisher;
    private final Supplier<Messages> messages;

    OpenDocuments(Executor analysers, OpenDocument.Analyser analyser, Consumer<PublishDiagnosticsParams> publisher,
                  Supplier<Messages> messages) {
        this.analysers = analysers;
        this.analyser = analyser;
        this.publisher = publisher;
        this.messages = messages;
    }

    void update(String uri, String text, int version) {
        open.computeIfAbsent(uri, u -> new OpenDocument(u, analysers, analyser, publisher, messages)).update(text, version);
    }

    void close(String uri) {
        OpenDocument document = open.remove(uri);
        if (document != null) {
            document.close();
        }
    }

    /** See {@link OpenDocument#analysis}; null for a document that is not open. */
    DocumentAnalysis analysis(String uri, long graceMillis) throws InterruptedException {
        OpenDocument document = open.get(uri);
        return document == null ? null : document.analysis(graceMillis);
    }
}
