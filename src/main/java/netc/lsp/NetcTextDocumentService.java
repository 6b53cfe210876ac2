package netc.lsp;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import netc.diagnostics.SourceSpan;
import netc.diagnostics.SourceText;
import netc.syntax.Definition;
import netc.syntax.Identifier;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionList;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.DidSaveTextDocumentParams;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.LocationLink;
import org.eclipse.lsp4j.SemanticTokens;
import org.eclipse.lsp4j.SemanticTokensParams;
import org.eclipse.lsp4j.SymbolInformation;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.TextDocumentPositionParams;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.TextDocumentService;

/**
 * The document requests. Notifications only record the text: each open document is analysed on
 * a thread of its own, and each request runs on another, so a request never waits long behind an
 * analysis, however large the document. Any failure in a request is logged and answered with
 * nothing, so no input can stop the server.
 */
final class NetcTextDocumentService implements TextDocumentService {
    /**
     * How long a request waits for the analysis of its document's latest text (tens of milliseconds
     * for a model of thousands of lines) before it is answered from the analysis of an older one.
     */
    static final long GRACE_MILLIS = 500;

    private final ExecutorService workers;
    private final OpenDocuments documents;
    private volatile LanguageClient client;

    NetcTextDocumentService(ExecutorService workers, OpenDocument.Analyser analyser) {
        this.workers = workers;
        this.documents = new OpenDocuments(workers, analyser, diagnostics -> client.publishDiagnostics(diagnostics));
    }

    void connect(LanguageClient languageClient) {
        this.client = languageClient;
    }

    @Override
    public void didOpen(DidOpenTextDocumentParams params) {
        TextDocumentItem document = params.getTextDocument();
        documents.update(document.getUri(), document.getText(), document.getVersion());
    }

    /** With full sync the last change holds the whole text. */
    @Override
    public void didChange(DidChangeTextDocumentParams params) {
        List<TextDocumentContentChangeEvent> changes = params.getContentChanges();
        if (!changes.isEmpty()) {
            documents.update(params.getTextDocument().getUri(), changes.get(changes.size() - 1).getText(),
                params.getTextDocument().getVersion());
        }
    }

    @Override
    public void didClose(DidCloseTextDocumentParams params) {
        documents.close(params.getTextDocument().getUri());
    }

    @Override
    public void didSave(DidSaveTextDocumentParams params) {
        // The text is synchronised on every change already.
    }

    @Override
    public CompletableFuture<Hover> hover(HoverParams params) {
        return atPosition("hover", params, null, Hovers::hover);
    }

    @Override
    public CompletableFuture<Either<List<CompletionItem>, CompletionList>> completion(CompletionParams params) {
        return atPosition("completion", params, Either.forLeft(List.of()),
            (analysis, at) -> Either.forLeft(Completions.complete(analysis, at)));
    }

    @Override
    public CompletableFuture<Either<List<? extends Location>, List<? extends LocationLink>>> definition(
        DefinitionParams params) {
        return atPosition("definition", params, Either.forLeft(List.of()),
            (analysis, at) -> Either.forLeft(definitions(analysis, at)));
    }

    private static List<Location> definitions(DocumentAnalysis analysis, SourceSpan at) {
        Identifier declaration = NameResolution.declarationAt(analysis, at);
        SourceSpan target = declaration != null ? declaration.span() : blockSpan(NameResolution.blockAt(analysis, at));
        if (target == null) {
            return List.of();
        }
        if (target.file().equals(analysis.source().path())) {
            return List.of(new Location(analysis.uri(), analysis.positions().range(target)));
        }
        SourceText imported = analysis.sourceOf(target); // a block of an imported file
        return imported == null ? List.of()
            : List.of(new Location(Path.of(target.file()).toAbsolutePath().toUri().toString(),
                new Positions(imported).range(target)));
    }

    private static SourceSpan blockSpan(Definition.Block block) {
        return block == null ? null : block.span();
    }

    @Override
    public CompletableFuture<List<Either<SymbolInformation, DocumentSymbol>>> documentSymbol(
        DocumentSymbolParams params) {
        return onWorker("document symbols", params.getTextDocument().getUri(), List.of(), analysis -> {
            List<Either<SymbolInformation, DocumentSymbol>> symbols = new ArrayList<>();
            DocumentSymbols.symbols(analysis).forEach(symbol -> symbols.add(Either.forRight(symbol)));
            return symbols;
        });
    }

    @Override
    public CompletableFuture<SemanticTokens> semanticTokensFull(SemanticTokensParams params) {
        return onWorker("semantic tokens", params.getTextDocument().getUri(), new SemanticTokens(List.of()),
            SemanticHighlighter::tokens);
    }

    /** The SVG of a document's model, for the workspace command {@link ShowGraph#COMMAND}; null if it has none. */
    CompletableFuture<Object> graph(String uri, String model) {
        return onWorker("graph", uri, null, analysis -> ShowGraph.svg(analysis, model));
    }

    private interface PositionRequest<T> {
        T answer(DocumentAnalysis analysis, SourceSpan at);
    }

    private <T> CompletableFuture<T> atPosition(String what, TextDocumentPositionParams params, T nothing,
                                                PositionRequest<T> request) {
        return onWorker(what, params.getTextDocument().getUri(), nothing,
            analysis -> request.answer(analysis, analysis.positions().span(params.getPosition())));
    }

    /** Answers on a worker thread from the document's analysis; {@code nothing} for an unknown document or a failure. */
    private <T> CompletableFuture<T> onWorker(String what, String uri, T nothing, Function<DocumentAnalysis, T> request) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                DocumentAnalysis analysis = documents.analysis(uri, GRACE_MILLIS);
                return analysis == null ? nothing : request.apply(analysis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the server is stopping
                return nothing;
            } catch (Throwable e) {
                ServerLog.failure(what + " in " + uri, e);
                return nothing;
            }
        }, workers);
    }
}
