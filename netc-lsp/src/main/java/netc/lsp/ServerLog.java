package netc.lsp;

/**
 * The server's own messages. Standard output carries the protocol alone, so they go to standard
 * error, which editors show in the server's output channel.
 */
final class ServerLog {
    private ServerLog() {
    }

    /** Something the client did that the server coped with. */
    static void notice(String what) {
        System.err.println("netc lsp: " + what);
    }

    /** A failure of the server's own, with its stack trace. */
    static void failure(String what, Throwable cause) {
        System.err.println("netc lsp: " + what + " failed: " + cause);
        cause.printStackTrace(System.err);
    }
}
