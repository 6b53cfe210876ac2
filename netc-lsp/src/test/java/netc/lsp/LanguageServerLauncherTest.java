package netc.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;
import org.junit.jupiter.api.Test;

class LanguageServerLauncherTest {
    /** lsp4j's own handler puts the stack trace in the error's data. */
    @Test
    void aRequestTheServerFailsOnIsAnsweredInOneLineAndItsStackTraceIsLogged() {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream err = System.err;
        ResponseError error;
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            error = LanguageServerLauncher.internalError(new IllegalStateException("no analysis"));
        } finally {
            System.setErr(err);
        }
        assertEquals(new ResponseError(ResponseErrorCode.InternalError,
            "netc failed on this request: java.lang.IllegalStateException: no analysis", null), error);
        String logged = log.toString(StandardCharsets.UTF_8);
        assertTrue(logged.startsWith("netc lsp: answering a request failed: java.lang.IllegalStateException: no analysis\n"
            + "java.lang.IllegalStateException: no analysis\n\tat netc.lsp.LanguageServerLauncherTest."), logged);
    }
}
