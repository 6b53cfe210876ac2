package netc.lsp;

import static netc.lsp.StdioServer.notification;
import static netc.lsp.StdioServer.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code netc lsp --stdio} as editors start it: a process of its own, spoken to in raw protocol
 * frames, whose standard output must hold those frames and nothing else.
 */
@Timeout(120)
class StdioProcessTest {
    private static final String URI = "file:///tmp/two-errors.net";
    private static final String TWO_ERRORS = "model M {\n    input x: [3, 32, 32]\n    conv2d(4, 8, k=3, p=1)\n"
        + "    flatten\n    linear(100, 10)\n}\n";

    @Test
    void speaksTheProtocolOnStdoutAndNothingElse() throws Exception {
        try (StdioServer server = StdioServer.start()) {
            server.send(request(1, "initialize", "{\"processId\":null,\"rootUri\":null,\"capabilities\":{}}"));
            JsonObject initialized = JsonParser.parseString(server.nextContaining("\"id\":1")).getAsJsonObject();
            assertTrue(initialized.getAsJsonObject("result").getAsJsonObject("capabilities").has("hoverProvider"));
            server.send(notification("initialized", "{}"));
            server.send(notification("textDocument/didOpen", "{\"textDocument\":{\"uri\":\"" + URI
                + "\",\"languageId\":\"netc\",\"version\":1,\"text\":" + new JsonPrimitive(TWO_ERRORS) + "}}"));
            JsonObject published = JsonParser.parseString(server.nextContaining("textDocument/publishDiagnostics"))
                .getAsJsonObject();
            assertEquals(List.of("E202", "E201"), codes(published.getAsJsonObject("params").getAsJsonArray("diagnostics")));
            server.send(request(2, "shutdown", "null"));
            server.nextContaining("\"id\":2");
            server.send(notification("exit", "null"));
            assertEquals(0, server.exitCode());
            assertEquals("", server.rest(), "nothing may follow the answer to shutdown");
        }
    }

    private static List<String> codes(JsonArray diagnostics) {
        List<String> codes = new ArrayList<>();
        diagnostics.forEach(d -> codes.add(d.getAsJsonObject().get("code").getAsString()));
        return codes;
    }
}
