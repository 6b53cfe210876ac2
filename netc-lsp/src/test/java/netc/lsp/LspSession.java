package netc.lsp;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InlayHintWorkspaceCapabilities;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.WorkspaceClientCapabilities;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageServer;

/**
 * A client speaking to an in-process server over pipes, as an editor would over stdio: every
 * message goes through lsp4j's JSON-RPC framing both ways. The pipes are NIO's: java.io's piped
 * streams break when the thread that last wrote ends, and the server writes from pooled threads
 * that end after a minute idle.
 */
final class LspSession implements AutoCloseable {
    private final RecordingClient client = new RecordingClient();
    private final LanguageServer server;
    private final CompletableFuture<Integer> serverExit;
    private final OutputStream toServer;
    private final OutputStream serverOut;

    private LspSession(OpenDocument.Analyser analyser) throws IOException {
        Pipe serverIn = Pipe.open();
        toServer = Channels.newOutputStream(serverIn.sink());
        Pipe clientIn = Pipe.open();
        serverOut = Channels.newOutputStream(clientIn.sink());
        serverExit = CompletableFuture.supplyAsync(() -> LanguageServerLauncher.serve(
            Channels.newInputStream(serverIn.source()), serverOut, analyser));
        Launcher<LanguageServer> launcher = LSPLauncher.createClientLauncher(client,
            Channels.newInputStream(clientIn.source()), toServer, Executors.newCachedThreadPool(LspSession::daemon), null);
        launcher.startListening();
        server = launcher.getRemoteProxy();
    }

    /** The client's threads must not keep the JVM of a benchmark alive. */
    private static Thread daemon(Runnable task) {
        Thread thread = new Thread(task, "lsp-test-client");
        thread.setDaemon(true);
        return thread;
    }

    static LspSession start() throws Exception {
        return start(DocumentAnalysis::of);
    }

    /** A session whose server analyses documents with {@code analyser}. */
    static LspSession start(OpenDocument.Analyser analyser) throws Exception {
        return start(analyser, null);
    }

    /** A session whose client sends these initialization options (the extension's settings). */
    static LspSession start(Object initializationOptions) throws Exception {
        return start(DocumentAnalysis::of, initializationOptions);
    }

    /** A session whose client's display language is {@code locale} (VS Code sends "zh-cn"). */
    static LspSession startIn(String locale) throws Exception {
        return start(DocumentAnalysis::of, null, locale);
    }

    private static LspSession start(OpenDocument.Analyser analyser, Object initializationOptions) throws Exception {
        return start(analyser, initializationOptions, null);
    }

    private static LspSession start(OpenDocument.Analyser analyser, Object initializationOptions, String locale)
        throws Exception {
        LspSession session = new LspSession(analyser);
        InitializeParams params = new InitializeParams();
        params.setLocale(locale);
        params.setInitializationOptions(initializationOptions);
        // as VS Code says it does: it redraws inlay hints when the server asks
        WorkspaceClientCapabilities workspace = new WorkspaceClientCapabilities();
        workspace.setInlayHint(new InlayHintWorkspaceCapabilities(true));
        ClientCapabilities capabilities = new ClientCapabilities();
        capabilities.setWorkspace(workspace);
        params.setCapabilities(capabilities);
        session.server.initialize(params).get(10, TimeUnit.SECONDS);
        session.server.initialized(new InitializedParams());
        return session;
    }

    LanguageServer server() {
        return server;
    }

    /** A range from 0-based lines and characters, as the protocol counts them. */
    static Range range(int line, int character, int endLine, int endCharacter) {
        return new Range(new Position(line, character), new Position(endLine, endCharacter));
    }

    void open(String uri, String text) {
        server.getTextDocumentService().didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri, "netc", 1, text)));
    }

    void change(String uri, int version, String text) {
        server.getTextDocumentService().didChange(new DidChangeTextDocumentParams(
            new VersionedTextDocumentIdentifier(uri, version), List.of(new TextDocumentContentChangeEvent(text))));
    }

    void close(String uri) {
        server.getTextDocumentService().didClose(new DidCloseTextDocumentParams(new TextDocumentIdentifier(uri)));
    }

    /** The next diagnostics the server publishes, waiting up to ten seconds. */
    PublishDiagnosticsParams nextDiagnostics() throws InterruptedException {
        return nextDiagnostics(10);
    }

    /** The next diagnostics the server publishes, waiting up to {@code seconds}. */
    PublishDiagnosticsParams nextDiagnostics(int seconds) throws InterruptedException {
        PublishDiagnosticsParams published = client.diagnostics.poll(seconds, TimeUnit.SECONDS);
        if (published == null) {
            throw new AssertionError("no diagnostics were published within " + seconds + " s");
        }
        return published;
    }

    /** Whether the server asked the client to redraw its inlay hints, waiting up to ten seconds. */
    boolean inlayHintsRefreshed() throws InterruptedException {
        return client.inlayRefreshes.poll(10, TimeUnit.SECONDS) != null;
    }

    /** Diagnostics published within {@code millis}, or null: for a test that none come. */
    PublishDiagnosticsParams diagnosticsWithin(long millis) throws InterruptedException {
        return client.diagnostics.poll(millis, TimeUnit.MILLISECONDS);
    }

    /**
     * Shuts the server down as the protocol says, then ends both streams, so that each side reads
     * an orderly end of input.
     */
    @Override
    public void close() throws Exception {
        try {
            server.shutdown().get(10, TimeUnit.SECONDS);
            server.exit();
            serverExit.get(10, TimeUnit.SECONDS);
        } finally {
            toServer.close();
            serverOut.close();
        }
    }

    /** Keeps what the server publishes; answers nothing else. */
    private static final class RecordingClient implements LanguageClient {
        final BlockingQueue<PublishDiagnosticsParams> diagnostics = new LinkedBlockingQueue<>();
        final BlockingQueue<String> inlayRefreshes = new LinkedBlockingQueue<>();

        @Override
        public CompletableFuture<Void> refreshInlayHints() {
            inlayRefreshes.add("refresh");
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void publishDiagnostics(PublishDiagnosticsParams params) {
            diagnostics.add(params);
        }

        @Override
        public void telemetryEvent(Object object) {
        }

        @Override
        public void showMessage(MessageParams params) {
        }

        @Override
        public CompletableFuture<MessageActionItem> showMessageRequest(ShowMessageRequestParams params) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void logMessage(MessageParams params) {
        }
    }
}
