package netc.lsp;

import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageServer;

/**
 * A client speaking to an in-process server over piped streams, as an editor would over stdio:
 * every message goes through lsp4j's JSON-RPC framing both ways.
 */
final class LspSession implements AutoCloseable {
    private static final int PIPE_BYTES = 1 << 20;

    private final RecordingClient client = new RecordingClient();
    private final LanguageServer server;
    private final CompletableFuture<Integer> serverExit;
    private final PipedOutputStream toServer;
    private final PipedOutputStream serverOut;

    private LspSession() throws IOException {
        PipedInputStream serverIn = new PipedInputStream(PIPE_BYTES);
        toServer = new PipedOutputStream(serverIn);
        PipedInputStream clientIn = new PipedInputStream(PIPE_BYTES);
        serverOut = new PipedOutputStream(clientIn);
        serverExit = CompletableFuture.supplyAsync(() -> LanguageServerLauncher.serve(serverIn, serverOut));
        Launcher<LanguageServer> launcher = LSPLauncher.createClientLauncher(client, clientIn, toServer,
            Executors.newCachedThreadPool(LspSession::daemon), null);
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
        LspSession session = new LspSession();
        InitializeParams params = new InitializeParams();
        params.setCapabilities(new ClientCapabilities());
        session.server.initialize(params).get(10, TimeUnit.SECONDS);
        session.server.initialized(new InitializedParams());
        return session;
    }

    LanguageServer server() {
        return server;
    }

    void open(String uri, String text) {
        server.getTextDocumentService().didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri, "netc", 1, text)));
    }

    void change(String uri, int version, String text) {
        server.getTextDocumentService().didChange(new DidChangeTextDocumentParams(
            new VersionedTextDocumentIdentifier(uri, version), List.of(new TextDocumentContentChangeEvent(text))));
    }

    /** The next diagnostics the server publishes, waiting up to ten seconds. */
    PublishDiagnosticsParams nextDiagnostics() throws InterruptedException {
        PublishDiagnosticsParams published = client.diagnostics.poll(10, TimeUnit.SECONDS);
        if (published == null) {
            throw new AssertionError("no diagnostics were published within 10 s");
        }
        return published;
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
