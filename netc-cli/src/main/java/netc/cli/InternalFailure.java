package netc.cli;

import java.io.PrintWriter;

/**
 * What netc does with anything thrown that no command handles (a bug, running out of memory or
 * stack): one line saying what it was and how to report it, exit code 3. The stack trace, which
 * means nothing to a user, only when the environment variable NETC_DEBUG is 1.
 */
final class InternalFailure {
    static final int EXIT_CODE = 3;

    private InternalFailure() {
    }

    static int report(Throwable failure, PrintWriter err, boolean debug) {
        err.println("netc: internal error: " + failure + "; please report it with the command line and its input "
            + "files (NETC_DEBUG=1 prints the stack trace)");
        if (debug) {
            failure.printStackTrace(err);
        }
        err.flush();
        return EXIT_CODE;
    }

    /** Whether the environment asks for stack traces. */
    static boolean debugRequested() {
        return "1".equals(System.getenv("NETC_DEBUG"));
    }
}
