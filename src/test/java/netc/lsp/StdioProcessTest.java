package netc.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
        Process server = start();
        try {
            OutputStream in = server.getOutputStream();
            InputStream out = server.getInputStream();
            send(in, request(1, "initialize", "{\"processId\":null,\"rootUri\":null,\"capabilities\":{}}"));
            JsonObject initialized = until(out, "id", "1");
            assertTrue(initialized.getAsJsonObject("result").getAsJsonObject("capabilities").has("hoverProvider"));
            send(in, notification("initialized", "{}"));
            send(in, notification("textDocument/didOpen", "{\"textDocument\":{\"uri\":\"" + URI
                + "\",\"languageId\":\"netc\",\"version\":1,\"text\":" + new JsonPrimitive(TWO_ERRORS)
                + "}}"));
            JsonObject published = until(out, "method", "textDocument/publishDiagnostics");
            assertEquals(List.of("E202", "E201"), codes(published.getAsJsonObject("params").getAsJsonArray("diagnostics")));
            send(in, request(2, "shutdown", "null"));
            until(out, "id", "2");
            send(in, notification("exit", "null"));
            assertTrue(server.waitFor(30, TimeUnit.SECONDS), "the server did not exit");
            assertEquals(0, server.exitValue());
            List<JsonObject> rest = new ArrayList<>();
            for (JsonObject frame = readFrame(out); frame != null; frame = readFrame(out)) {
                rest.add(frame);
            }
            assertEquals(List.of(), rest, "nothing may follow the answer to shutdown");
        } finally {
            server.destroyForcibly();
        }
    }

    private static Process start() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "netc.cli.Main", "lsp", "--stdio")
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    }

    private static String request(int id, String method, String params) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}";
    }

    private static String notification(String method, String params) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\",\"params\":" + params + "}";
    }

    private static void send(OutputStream in, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        in.write(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        in.write(body);
        in.flush();
    }

    /** Reads frames up to the first whose {@code member} is {@code value}; every frame must be well formed. */
    private static JsonObject until(InputStream out, String member, String value) throws IOException {
        for (JsonObject frame = readFrame(out); frame != null; frame = readFrame(out)) {
            JsonElement found = frame.get(member);
            if (found != null && found.getAsString().equals(value)) {
                return frame;
            }
        }
        throw new AssertionError("the server's output ended before a frame with " + member + " " + value);
    }

    /**
     * One frame: a Content-Length header, a blank line, then that many bytes of a JSON-RPC message.
     * Anything else on the stream, such as a stray line of text, fails the test. Null at the end.
     */
    private static JsonObject readFrame(InputStream out) throws IOException {
        String header = readLine(out);
        if (header == null) {
            return null;
        }
        assertTrue(header.startsWith("Content-Length: "), "not a protocol frame: " + header);
        String blank = readLine(out);
        assertEquals("", blank, "a frame's header ends with a blank line");
        int length = Integer.parseInt(header.substring("Content-Length: ".length()));
        String body = new String(out.readNBytes(length), StandardCharsets.UTF_8);
        JsonObject message = JsonParser.parseString(body).getAsJsonObject();
        assertEquals("2.0", message.get("jsonrpc").getAsString());
        return message;
    }

    /** A header line without its CRLF; null at the end of the stream. */
    private static String readLine(InputStream out) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        for (int c = out.read(); c != -1; c = out.read()) {
            if (previous == '\r' && c == '\n') {
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.US_ASCII);
            }
            line.write(c);
            previous = c;
        }
        assertEquals(0, line.size(), "the output ends inside a header: " + line);
        return null;
    }

    private static List<String> codes(JsonArray diagnostics) {
        List<String> codes = new ArrayList<>();
        diagnostics.forEach(d -> codes.add(d.getAsJsonObject().get("code").getAsString()));
        return codes;
    }
}
