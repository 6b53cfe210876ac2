package netc.lsp;

import static netc.lsp.StdioServer.notification;
import static netc.lsp.StdioServer.request;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * A client that gets the framing or the params wrong gets an error for that message, and the
 * server goes on serving the next ones: over stdio, with exact answers. One server takes every
 * test's mistakes in turn, and must still shut down and exit cleanly after them all.
 */
@Timeout(120)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProtocolRecoveryTest {
    private static final String HOVER = request(2, "textDocument/hover",
        "{\"textDocument\":{\"uri\":\"file:///nowhere.net\"},\"position\":{\"line\":0,\"character\":0}}");
    private static final String NO_HOVER = "{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":null}";

    private StdioServer server;

    @BeforeAll
    void initialize() throws Exception {
        server = StdioServer.start();
        server.send(request(1, "initialize", "{\"capabilities\":{}}"));
        server.nextContaining("\"id\":1");
    }

    @AfterAll
    void shutDownAndExit() throws Exception {
        try {
            server.send(request(9, "shutdown", "null"));
            assertEquals("{\"jsonrpc\":\"2.0\",\"id\":9,\"result\":null}", server.next());
            server.send(notification("exit", "null"));
            assertEquals(0, server.exitCode());
        } finally {
            server.close();
        }
    }

    /** The server answers the next request, and nothing else is left to read. */
    private void assertServing() throws Exception {
        server.send(HOVER.replace("\"id\":2", "\"id\":8"));
        assertEquals(NO_HOVER.replace("\"id\":2", "\"id\":8"), server.next());
    }

    @Test
    void aContentLengthTooShortIsAnsweredAsUnreadableJsonAndTheNextMessageIsServed() throws Exception {
        server.sendWithLength(HOVER, length(HOVER) - 20);
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":2,\"error\":{\"code\":-32700,\"message\":\"Message could not be parsed.\","
            + "\"data\":{\"message\":\"com.google.gson.stream.MalformedJsonException: Unterminated string at line 1 "
            + "column 127 path $.params.position.\\nSee https://github.com/google/gson/blob/main/Troubleshooting.md"
            + "#malformed-json\"}}}", server.next());
        assertServing();
    }

    @Test
    void aContentLengthTooLongServesTheMessageAtOnceAndTheNext() throws Exception {
        server.sendWithLength(HOVER, length(HOVER) + 1000);
        assertEquals(NO_HOVER, server.next());
        assertServing();
    }

    @Test
    void aContentLengthTooLongByLessThanTheNextFrameServesBoth() throws Exception {
        server.sendWithLength(HOVER, length(HOVER) + 30);
        server.send(HOVER.replace("\"id\":2", "\"id\":3"));
        assertEquals(Set.of(NO_HOVER, NO_HOVER.replace("\"id\":2", "\"id\":3")), Set.of(server.next(), server.next()),
            "the answers, in either order");
        assertServing();
    }

    @Test
    void textThatIsNotAMessageIsSkippedUpToTheNextHeader() throws Exception {
        server.sendRaw("hello\r\n\r\n{\"no\": \"header\"}\r\n\r\n");
        server.sendRaw("Content-Length: x\r\n\r\ngarbage");
        server.sendRaw("content-length: " + length(HOVER) + "\r\n\r\n" + HOVER);
        assertEquals(NO_HOVER, server.next());
        assertServing();
    }

    @Test
    void aMessageCutBeforeItsIdIsSkipped() throws Exception {
        String late = "{\"jsonrpc\":\"2.0\",\"method\":\"shutdown\",\"params\":null,\"id\":5}";
        server.sendWithLength(late, 10);
        server.send(HOVER);
        assertEquals(NO_HOVER, server.next());
        assertServing();
    }

    @Test
    void missingParamsAreInvalidParams() throws Exception {
        server.send(request(2, "textDocument/hover", "null"));
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":2,\"error\":{\"code\":-32602,"
            + "\"message\":\"textDocument/hover: params are missing\"}}", server.next());
        server.send("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"textDocument/completion\"}");
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":3,\"error\":{\"code\":-32602,"
            + "\"message\":\"textDocument/completion: params are missing\"}}", server.next());
        assertServing();
    }

    @Test
    void aMissingMemberOfTheParamsIsInvalidParams() throws Exception {
        server.send(request(2, "textDocument/hover", "{\"textDocument\":{\"uri\":\"file:///nowhere.net\"}}"));
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":2,\"error\":{\"code\":-32602,\"message\":\"textDocument/hover: "
            + "The accessor \\u0027TextDocumentPositionParams.getPosition()\\u0027 must return a non-null value. "
            + "Path: $.params.position\"}}", server.next());
        server.send(request(3, "textDocument/documentSymbol", "{}"));
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":3,\"error\":{\"code\":-32602,\"message\":\"textDocument/documentSymbol: "
            + "The accessor \\u0027DocumentSymbolParams.getTextDocument()\\u0027 must return a non-null value. "
            + "Path: $.params.textDocument\"}}", server.next());
        assertServing();
    }

    @Test
    void notificationsWithoutParamsAreDropped() throws Exception {
        server.send(notification("textDocument/didOpen", "null"));
        server.send(notification("textDocument/didChange", "{\"contentChanges\":[]}"));
        server.send(HOVER);
        assertEquals(NO_HOVER, server.next());
        assertServing();
    }

    private static int length(String json) {
        return json.getBytes(StandardCharsets.UTF_8).length;
    }
}
