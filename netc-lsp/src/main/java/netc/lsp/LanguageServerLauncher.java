package netc.lsp;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.jsonrpc.RemoteEndpoint;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.json.MessageJsonHandler;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;

/** Runs the language server over a pair of streams, such as standard input and output. */
public final class LanguageServerLauncher {
    /** The analyser recurses as deep as the source nests; the command line gives it as large a stack. */
    private static final long WORKER_STACK_BYTES = 512L * 1024 * 1024;

    private LanguageServerLauncher() {
    }

    /** Serves one client until it says exit or its input ends; returns the protocol's exit code. */
    public static int serve(InputStream in, OutputStream out) {
        return serve(in, out, DocumentAnalysis::of);
    }

    /**
     * Serves one client, analysing documents with {@code analyser}. Analyses and requests run on
     * threads of a pool that starts one whenever none is free, so none waits for another.
     */
    static int serve(InputStream in, OutputStream out, OpenDocument.Analyser analyser) {
        ExecutorService workers = Executors.newCachedThreadPool(
            task -> daemon(new Thread(null, task, "netc-lsp-worker", WORKER_STACK_BYTES)));
        ExecutorService protocol = Executors.newCachedThreadPool(task -> daemon(new Thread(task, "netc-lsp-protocol")));
        try {
            NetcLanguageServer server = new NetcLanguageServer(workers, analyser);
            Launcher<LanguageClient> launcher = new Builder()
                .setLocalService(server)
                .setRemoteInterface(LanguageClient.class)
                .setInput(in)
                .setOutput(out)
                .setExecutorService(protocol)
                .setExceptionHandler(LanguageServerLauncher::internalError)
                .create();
            server.connect(launcher.getRemoteProxy());
            Future<Void> listening = launcher.startListening();
            try {
                protocol.execute(() -> {
                    awaitQuietly(listening);
                    server.exit(); // input ended: no exit will come
                });
                return server.exitCode().join();
            } finally {
                // Stops reading on purpose: interrupted by the executor's shutdown instead, lsp4j would log a failure.
                listening.cancel(true);
            }
        } finally {
            workers.shutdownNow();
            protocol.shutdownNow();
        }
    }

    /**
     * A request the server failed on: the stack trace goes to the log, the client gets the failure
     * in one line (lsp4j would send the stack trace as the error's data). A request the server
     * refuses (a rename to what is no name) is answered with its own error.
     */
    static ResponseError internalError(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof ResponseErrorException) {
            return ((ResponseErrorException) cause).getResponseError();
        }
        ServerLog.failure("answering a request", failure);
        return new ResponseError(ResponseErrorCode.InternalError, "netc failed on this request: " + failure, null);
    }

    private static Thread daemon(Thread thread) {
        thread.setDaemon(true);
        return thread;
    }

    private static void awaitQuietly(Future<Void> listening) {
        try {
            listening.get();
        } catch (ExecutionException e) {
            ServerLog.failure("reading the client's messages", e.getCause());
        } catch (CancellationException e) {
            // the server stopped reading: it is exiting
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** lsp4j's launcher, with netc's reader of messages and its check of their params. */
    private static final class Builder extends LSPLauncher.Builder<LanguageClient> {
        @Override
        public Launcher<LanguageClient> create() {
            MessageJsonHandler json = createJsonHandler();
            RemoteEndpoint endpoint = createRemoteEndpoint(json);
            LanguageClient client = createProxy(endpoint);
            MessageReader reader = new MessageReader(input, json, endpoint);
            return createLauncher(executorService, client, endpoint,
                createMessageProcessor(reader, new ParamsCheck(endpoint, json), client));
        }
    }
}
