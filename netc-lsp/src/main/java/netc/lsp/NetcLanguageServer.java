package netc.lsp;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import org.eclipse.lsp4j.CodeActionKind;
import org.eclipse.lsp4j.CodeActionOptions;
import org.eclipse.lsp4j.CompletionOptions;
import org.eclipse.lsp4j.DidChangeConfigurationParams;
import org.eclipse.lsp4j.DidChangeWatchedFilesParams;
import org.eclipse.lsp4j.ExecuteCommandOptions;
import org.eclipse.lsp4j.ExecuteCommandParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.RenameOptions;
import org.eclipse.lsp4j.SemanticTokensWithRegistrationOptions;
import org.eclipse.lsp4j.ServerCapabilities;
import org.eclipse.lsp4j.ServerInfo;
import org.eclipse.lsp4j.TextDocumentSyncKind;
import org.eclipse.lsp4j.WorkspaceClientCapabilities;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageClientAware;
import org.eclipse.lsp4j.services.LanguageServer;
import org.eclipse.lsp4j.services.TextDocumentService;
import org.eclipse.lsp4j.services.WorkspaceService;

/** The netc language server: its capabilities, and the protocol's lifecycle (shutdown, then exit). */
public final class NetcLanguageServer implements LanguageServer, LanguageClientAware {
    /** Characters after which the client asks for completions unprompted: {@code ->}, {@code F.}, {@code (}, {@code ,}. */
    private static final List<String> COMPLETION_TRIGGERS = List.of(">", ".", "(", ",");

    private final NetcTextDocumentService documents;
    private final WorkspaceService workspace = new Workspace();
    private final CompletableFuture<Integer> exitCode = new CompletableFuture<>();
    private volatile boolean shutdownRequested;
    private volatile LanguageClient client;
    /** Whether the client redraws inlay hints when asked to (workspace/inlayHint/refresh), as VS Code does. */
    private volatile boolean refreshesInlayHints;

    NetcLanguageServer(ExecutorService workers, OpenDocument.Analyser analyser) {
        this.documents = new NetcTextDocumentService(workers, analyser);
    }

    @Override
    public void connect(LanguageClient languageClient) {
        this.client = languageClient;
        documents.connect(languageClient);
    }

    @Override
    public CompletableFuture<InitializeResult> initialize(InitializeParams params) {
        ServerCapabilities capabilities = new ServerCapabilities();
        capabilities.setTextDocumentSync(TextDocumentSyncKind.Full);
        capabilities.setHoverProvider(true);
        capabilities.setCompletionProvider(new CompletionOptions(false, COMPLETION_TRIGGERS));
        capabilities.setDefinitionProvider(true);
        capabilities.setDocumentSymbolProvider(true);
        capabilities.setSemanticTokensProvider(new SemanticTokensWithRegistrationOptions(SemanticHighlighter.LEGEND, true));
        capabilities.setExecuteCommandProvider(new ExecuteCommandOptions(List.of(ShowGraph.COMMAND)));
        // quick fixes, inlay shapes, references and rename (issue 15)
        capabilities.setCodeActionProvider(new CodeActionOptions(List.of(CodeActionKind.QuickFix)));
        capabilities.setInlayHintProvider(true);
        capabilities.setReferencesProvider(true);
        capabilities.setRenameProvider(new RenameOptions(true));
        ServerSettings.inlayShapes(params.getInitializationOptions()).ifPresent(documents::showInlayShapes);
        documents.useLocale(params.getLocale());
        WorkspaceClientCapabilities workspaceCapabilities = params.getCapabilities() == null ? null
            : params.getCapabilities().getWorkspace();
        refreshesInlayHints = workspaceCapabilities != null && workspaceCapabilities.getInlayHint() != null
            && Boolean.TRUE.equals(workspaceCapabilities.getInlayHint().getRefreshSupport());
        return CompletableFuture.completedFuture(new InitializeResult(capabilities, new ServerInfo("netc")));
    }

    @Override
    public CompletableFuture<Object> shutdown() {
        shutdownRequested = true;
        return CompletableFuture.completedFuture(null);
    }

    /** The protocol's exit code: 0 after a shutdown request, 1 without one. */
    @Override
    public void exit() {
        exitCode.complete(shutdownRequested ? 0 : 1);
    }

    /** Completes when the client says exit, or (with 1, or 0 after shutdown) when its input ends. */
    CompletableFuture<Integer> exitCode() {
        return exitCode;
    }

    @Override
    public TextDocumentService getTextDocumentService() {
        return documents;
    }

    @Override
    public WorkspaceService getWorkspaceService() {
        return workspace;
    }

    /**
     * The server reads the netc section of the settings, and watches no files; its one command
     * draws a document's model.
     */
    private final class Workspace implements WorkspaceService {
        @Override
        public CompletableFuture<Object> executeCommand(ExecuteCommandParams params) {
            String uri = ShowGraph.argument(params.getArguments(), 0);
            if (!ShowGraph.COMMAND.equals(params.getCommand()) || uri == null) {
                return CompletableFuture.completedFuture(null);
            }
            return documents.graph(uri, ShowGraph.argument(params.getArguments(), 1));
        }

        @Override
        public void didChangeConfiguration(DidChangeConfigurationParams params) {
            ServerSettings.inlayShapes(ServerSettings.section(params.getSettings())).ifPresent(show -> {
                documents.showInlayShapes(show);
                if (refreshesInlayHints) {
                    client.refreshInlayHints(); // the hints shown are redrawn with the setting, not at the next edit
                }
            });
        }

        @Override
        public void didChangeWatchedFiles(DidChangeWatchedFilesParams params) {
        }
    }
}
