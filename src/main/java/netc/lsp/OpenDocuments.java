package netc.lsp;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The texts the client has open, and their analyses. Texts are replaced as notifications arrive;
 * analyses are made on the server's worker thread, for the latest text only, so a burst of edits
 * is analysed once.
 */
final class OpenDocuments {
    private record Text(String content, int version) {
    }

    private final Map<String, Text> texts = new ConcurrentHashMap<>();
    /** Touched by the worker thread alone. */
    private final Map<String, DocumentAnalysis> analyses = new HashMap<>();

    void update(String uri, String content, int version) {
        texts.put(uri, new Text(content, version));
    }

    void close(String uri) {
        texts.remove(uri);
    }

    /** Worker thread: drops the analysis of a closed document. */
    void forgetAnalysis(String uri) {
        analyses.remove(uri);
    }

    /** Worker thread: the analysis of the latest text, made now if needed; null for a document not open. */
    DocumentAnalysis analysis(String uri) {
        Text text = texts.get(uri);
        if (text == null) {
            return null;
        }
        DocumentAnalysis analysis = analyses.get(uri);
        if (analysis == null || analysis.version() != text.version()) {
            analysis = DocumentAnalysis.of(uri, text.version(), text.content());
            analyses.put(uri, analysis);
        }
        return analysis;
    }
}
