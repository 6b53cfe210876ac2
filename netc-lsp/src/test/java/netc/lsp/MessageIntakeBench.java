package netc.lsp;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.eclipse.lsp4j.jsonrpc.json.MessageJsonHandler;
import org.eclipse.lsp4j.jsonrpc.services.ServiceEndpoints;
import org.eclipse.lsp4j.services.LanguageServer;

/**
 * How fast the language server takes in messages: didChange notifications whose full text is a
 * generated model of about {@code MB} megabytes, read from memory by the server's own reader
 * (headers, the JSON-RPC framing, lsp4j's JSON parsing into params) and handed to a consumer that
 * keeps nothing. What an editor's large edit costs before any analysis starts.
 * Usage: {@code MessageIntakeBench [MB] [ROUNDS]}; bench/lsp.sh runs it.
 */
public final class MessageIntakeBench {
    private MessageIntakeBench() {
    }

    public static void main(String[] args) throws Exception {
        int megabytes = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        byte[] messages = didChanges(megabytes);
        MessageJsonHandler json = new MessageJsonHandler(ServiceEndpoints.getSupportedMethods(LanguageServer.class));
        List<Double> rates = new ArrayList<>();
        for (int round = 0; round < rounds + 3; round++) {
            int[] count = {0};
            long start = System.nanoTime();
            new MessageReader(new ByteArrayInputStream(messages), json, (message, issues) -> {
            }).listen(message -> count[0]++);
            double seconds = (System.nanoTime() - start) / 1e9;
            if (count[0] != 4) {
                throw new IllegalStateException("read " + count[0] + " messages, not 4");
            }
            if (round >= 3) { // three rounds warm the JIT up
                rates.add(messages.length / 1e6 / seconds);
            }
        }
        Collections.sort(rates);
        System.out.printf("message intake: %.1f MB of didChange messages, median %.1f MB/s over %d rounds"
            + " (slowest %.1f, fastest %.1f)%n", messages.length / 1e6, rates.get(rates.size() / 2), rounds,
            rates.get(0), rates.get(rates.size() - 1));
    }

    /** Four didChange notifications of a model of about a quarter of {@code megabytes} each, framed. */
    private static byte[] didChanges(int megabytes) {
        StringBuilder model = new StringBuilder("model Generated {\n    input x: [16]\n");
        while (model.length() < megabytes * 250_000) {
            model.append("    linear(16, 16) -> relu   // a \"quoted\" comment\\n\n");
        }
        model.append("}\n");
        String text = model.toString().replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int version = 2; version <= 5; version++) {
            String body = "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didChange\",\"params\":{\"textDocument\":"
                + "{\"uri\":\"file:///bench/generated.net\",\"version\":" + version + "},\"contentChanges\":[{\"text\":\""
                + text + "\"}]}}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            out.writeBytes(("Content-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }
}
