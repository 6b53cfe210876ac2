package netc.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** A session that ends as the protocol says logs nothing and throws nothing: no stack traces in a build log. */
class QuietShutdownTest {
    /** Whether the reader is interrupted mid-read is a matter of timing: before the fix, about every other session. */
    private static final int SESSIONS = 10;

    @Test
    void anOrderlyExitIsSilent() throws Exception {
        List<String> logged = new ArrayList<>();
        Logger lsp4j = Logger.getLogger("org.eclipse.lsp4j");
        Handler recorder = new Handler() {
            @Override
            public void publish(LogRecord record) {
                synchronized (logged) {
                    logged.add(record.getLevel() + " " + record.getMessage() + " " + record.getThrown());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        lsp4j.addHandler(recorder);
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            synchronized (logged) {
                logged.add("uncaught in " + thread.getName() + ": " + e);
            }
        });
        try {
            for (int i = 0; i < SESSIONS; i++) {
                try (LspSession session = LspSession.start()) {
                    session.open("file:///tmp/quiet.net", "model M { input x: [3] relu }\n");
                    session.nextDiagnostics();
                }
            }
            Thread.sleep(1000); // the servers' reading threads end after they have answered exit
        } finally {
            lsp4j.removeHandler(recorder);
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
        synchronized (logged) {
            assertEquals(List.of(), logged);
        }
    }
}
