package netc.cli;

import java.io.PrintWriter;
import java.util.Locale;
import netc.diagnostics.Messages;
import netc.diagnostics.Text;

/**
 * What netc does with anything thrown that no command handles (a bug, running out of memory or
 * stack): one line saying what it was and how to report it, exit code 3. The stack trace, which
 * means nothing to a user, only when the environment variable NETC_DEBUG is 1.
 */
final class InternalFailure {
    static final int EXIT_CODE = 3;

    private InternalFailure() {
    }

    static int report(Throwable failure, PrintWriter err, boolean debug, Locale language) {
        err.println("netc: " + line(failure, language));
        if (debug) {
            failure.printStackTrace(err);
        }
        err.flush();
        return EXIT_CODE;
    }

    /**
     * The line in {@code language}; in English when its text cannot be loaded or rendered, since
     * whatever failed (memory, the stack, a missing resource) may fail that too.
     */
    private static String line(Throwable failure, Locale language) {
        try {
            return Messages.of(LanguageOption.CLI_BUNDLE, language).render(Text.of("internal.error", failure.toString()));
        } catch (Throwable unrenderable) {
            return "internal error: " + failure + "; please report it with the command line and its input files"
                + " (NETC_DEBUG=1 prints the stack trace)";
        }
    }

    /** Whether the environment asks for stack traces. */
    static boolean debugRequested() {
        return "1".equals(System.getenv("NETC_DEBUG"));
    }
}
