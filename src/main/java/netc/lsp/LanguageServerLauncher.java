package netc.lsp;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.lsp4j.jsonrpc.Launcher;
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
        ExecutorService worker = Executors.newSingleThreadExecutor(
            task -> daemon(new Thread(null, task, "netc-lsp-worker", WORKER_STACK_BYTES)));
        ExecutorService protocol = Executors.newCachedThreadPool(task -> daemon(new Thread(task, "netc-lsp-protocol")));
        try {
            NetcLanguageServer server = new NetcLanguageServer(worker);
            Launcher<LanguageClient> launcher = LSPLauncher.createServerLauncher(server, in, out, protocol, null);
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
            worker.shutdownNow();
            protocol.shutdownNow();
        }
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
}
