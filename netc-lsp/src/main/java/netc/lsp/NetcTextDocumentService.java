package netc.lsp;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import netc.diagnostics.Excerpts;
import netc.diagnostics.Messages;
import netc.diagnostics.SourceSpan;
import netc.diagnostics.SourceText;
import netc.grammar.NetcLexer;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Token;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionKind;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.Command;
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
import org.eclipse.lsp4j.InlayHint;
import org.eclipse.lsp4j.InlayHintParams;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.LocationLink;
import org.eclipse.lsp4j.PrepareRenameDefaultBehavior;
import org.eclipse.lsp4j.PrepareRenameParams;
import org.eclipse.lsp4j.PrepareRenameResult;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.ReferenceParams;
import org.eclipse.lsp4j.RenameParams;
import org.eclipse.lsp4j.SemanticTokens;
import org.eclipse.lsp4j.SemanticTokensParams;
import org.eclipse.lsp4j.SymbolInformation;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.TextDocumentPositionParams;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.WorkspaceEdit;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.messages.Either3;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;
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
    private volatile boolean inlayShapes = true;
    private volatile Messages messages = Messages.diagnostics(Locale.ROOT);

    NetcTextDocumentService(ExecutorService workers, OpenDocument.Analyser analyser) {
        this.workers = workers;
        this.documents = new OpenDocuments(workers, analyser, diagnostics -> client.publishDiagnostics(diagnostics),
            () -> messages);
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

    /** The declaring name; for a block, the whole block, as editors show a definition. */
    private static List<Location> definitions(DocumentAnalysis analysis, SourceSpan at) {
        Occurrences.Symbol symbol = Occurrences.at(analysis, at);
        if (symbol == null) {
            return List.of();
        }
        SourceSpan target = symbol.kind() == Occurrences.Kind.BLOCK ? analysis.block(symbol.name()).span()
            : symbol.declaration();
        Location declaration = location(analysis, target);
        return declaration == null ? List.of() : List.of(declaration);
    }

    @Override
    public CompletableFuture<List<? extends Location>> references(ReferenceParams params) {
        boolean withDeclaration = params.getContext() == null || params.getContext().isIncludeDeclaration();
        return atPosition("references", params, List.of(), (analysis, at) -> {
            Occurrences.Symbol symbol = Occurrences.at(analysis, at);
            List<Location> locations = new ArrayList<>();
            if (symbol == null) {
                return locations;
            }
            if (withDeclaration && !symbol.occurrences().contains(symbol.declaration())) {
                locations.add(location(analysis, symbol.declaration())); // in an imported file
            }
            for (SourceSpan occurrence : symbol.occurrences()) {
                if (withDeclaration || !occurrence.equals(symbol.declaration())) {
                    locations.add(location(analysis, occurrence));
                }
            }
            return locations;
        });
    }

    /**
     * The name a rename would change, so the editor offers it: that of a value, label, block or
     * model; nothing on a layer of the catalogue, a keyword or a number (the editor says it cannot
     * be renamed).
     */
    @Override
    public CompletableFuture<Either3<Range, PrepareRenameResult, PrepareRenameDefaultBehavior>> prepareRename(
        PrepareRenameParams params) {
        return atPosition("prepare rename", params, null, (analysis, at) -> {
            Occurrences.Symbol symbol = Occurrences.at(analysis, at);
            if (symbol == null) {
                return null;
            }
            SourceSpan name = TokenSpans.of(at.file(), analysis.identifierAt(at));
            return symbol.occurrences().contains(name) ? Either3.forFirst(analysis.positions().range(name)) : null;
        });
    }

    /** Every occurrence, the declaration in an imported file included; a new name that is no name is refused. */
    @Override
    public CompletableFuture<WorkspaceEdit> rename(RenameParams params) {
        String newName = params.getNewName();
        if (!isName(newName)) {
            return CompletableFuture.failedFuture(new ResponseErrorException(new ResponseError(
                ResponseErrorCode.InvalidParams, Excerpts.word(newName) + " is not a name: a name is a letter or _ "
                + "followed by letters, digits or _, and no keyword", null)));
        }
        return atPosition("rename", params, null, (analysis, at) -> {
            Occurrences.Symbol symbol = Occurrences.at(analysis, at);
            if (symbol == null) {
                return null;
            }
            Map<String, List<TextEdit>> changes = new LinkedHashMap<>();
            List<SourceSpan> all = new ArrayList<>(symbol.occurrences());
            if (!all.contains(symbol.declaration())) {
                all.add(0, symbol.declaration());
            }
            for (SourceSpan span : all) {
                Location location = location(analysis, span);
                if (location != null) {
                    changes.computeIfAbsent(location.getUri(), uri -> new ArrayList<>())
                        .add(new TextEdit(location.getRange(), newName));
                }
            }
            return new WorkspaceEdit(changes);
        });
    }

    /** One identifier token, as the lexer reads it: not a keyword, not two words. */
    private static boolean isName(String text) {
        NetcLexer lexer = new NetcLexer(CharStreams.fromString(text));
        lexer.removeErrorListeners();
        List<? extends Token> tokens = lexer.getAllTokens();
        return tokens.size() == 1 && tokens.get(0).getType() == NetcLexer.IDENT && tokens.get(0).getText().equals(text);
    }

    @Override
    public CompletableFuture<List<Either<Command, CodeAction>>> codeAction(CodeActionParams params) {
        List<String> only = params.getContext() == null ? null : params.getContext().getOnly();
        if (only != null && !only.isEmpty() && only.stream().noneMatch(CodeActionKind.QuickFix::startsWith)) {
            return CompletableFuture.completedFuture(List.of());
        }
        return onWorker("code actions", params.getTextDocument().getUri(), List.of(),
            analysis -> CodeActions.quickFixes(analysis, params.getRange(), messages));
    }

    @Override
    public CompletableFuture<List<InlayHint>> inlayHint(InlayHintParams params) {
        if (!inlayShapes) {
            return CompletableFuture.completedFuture(List.of());
        }
        return onWorker("inlay hints", params.getTextDocument().getUri(), List.of(),
            analysis -> InlayShapes.hints(analysis, params.getRange()));
    }

    /** Whether inlay hints show shapes (the netc.inlayShapes setting). */
    /** The client's locale (InitializeParams.locale, as zh-CN), the language of diagnostics; English when null or unknown. */
    void useLocale(String locale) {
        messages = Messages.diagnostics(locale == null ? Locale.ROOT : Locale.forLanguageTag(locale));
    }

    void showInlayShapes(boolean show) {
        inlayShapes = show;
    }

    /** A span of this document, or of a file it imports; null for a file it cannot read. */
    private static Location location(DocumentAnalysis analysis, SourceSpan span) {
        if (span.file().equals(analysis.source().path())) {
            return new Location(analysis.uri(), analysis.positions().range(span));
        }
        SourceText imported = analysis.sourceOf(span);
        return imported == null ? null
            : new Location(Path.of(span.file()).toAbsolutePath().toUri().toString(), new Positions(imported).range(span));
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
        return onWorker("graph", uri, null, analysis -> ShowGraph.svg(analysis, model, messages));
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
