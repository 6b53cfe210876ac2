package netc.lsp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code netc lsp --stdio} as editors start it: a process of its own, spoken to in raw protocol
 * frames. A thread reads its standard output, which must hold well-formed frames and nothing
 * else, so a test waits for a message with a deadline instead of blocking on a silent server.
 */
final class StdioServer implements AutoCloseable {
    private static final long WAIT_SECONDS = 30;
    /** Put in the queue when the server's output ends. */
    private static final String END = "(end of output)";

    private final Process process;
    private final OutputStream in;
    private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();

    private StdioServer(Process process) {
        this.process = process;
        this.in = process.getOutputStream();
        Thread reader = new Thread(() -> readFrames(process.getInputStream()), "stdio-server-output");
        reader.setDaemon(true);
        reader.start();
    }

    static StdioServer start() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new StdioServer(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
            "netc.cli.Main", "lsp", "--stdio")
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start());
    }

    static String request(int id, String method, String params) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}";
    }

    static String notification(String method, String params) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\",\"params\":" + params + "}";
    }

    /** Sends a message in a frame with its true Content-Length. */
    void send(String json) throws IOException {
        sendWithLength(json, json.getBytes(StandardCharsets.UTF_8).length);
    }

    /** Sends a message in a frame whose Content-Length may lie. */
    void sendWithLength(String json, int contentLength) throws IOException {
        sendRaw("Content-Length: " + contentLength + "\r\n\r\n" + json);
    }

    void sendRaw(String bytes) throws IOException {
        in.write(bytes.getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /** The body of the next message the server sends, waiting up to 30 seconds. */
    String next() throws InterruptedException {
        String message = messages.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        if (message == null) {
            throw new AssertionError("the server sent nothing within " + WAIT_SECONDS + " s");
        }
        if (message.equals(END)) {
            throw new AssertionError("the server's output ended");
        }
        return message;
    }

    /** The next message whose text contains {@code part}, skipping others (such as diagnostics). */
    String nextContaining(String part) throws InterruptedException {
        for (String message = next(); ; message = next()) {
            if (message.contains(part)) {
                return message;
            }
        }
    }

    /** Whatever the server still sends until its output ends. */
    String rest() throws InterruptedException {
        StringBuilder rest = new StringBuilder();
        for (String message = messages.poll(WAIT_SECONDS, TimeUnit.SECONDS); message != null && !message.equals(END);
             message = messages.poll(WAIT_SECONDS, TimeUnit.SECONDS)) {
            rest.append(message);
        }
        return rest.toString();
    }

    /** The exit code, once the process ends within 30 seconds. */
    int exitCode() throws InterruptedException {
        if (!process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
            throw new AssertionError("the server did not exit");
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    /**
     * Frames: a Content-Length header, a blank line, then that many bytes of JSON-RPC. Anything
     * else on the stream, such as a stray line of text, is queued as a message of its own that no
     * test expects.
     */
    private void readFrames(InputStream out) {
        try {
            for (String header = readLine(out); header != null; header = readLine(out)) {
                String blank = readLine(out);
                if (!header.startsWith("Content-Length: ") || !"".equals(blank)) {
                    messages.add("not a protocol frame: " + header + "\\r\\n" + blank);
                    break;
                }
                int length = Integer.parseInt(header.substring("Content-Length: ".length()));
                messages.add(new String(out.readNBytes(length), StandardCharsets.UTF_8));
            }
        } catch (IOException | RuntimeException e) {
            messages.add("reading the server's output failed: " + e);
        }
        messages.add(END);
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
        return line.size() == 0 ? null : line.toString(StandardCharsets.US_ASCII);
    }
}
