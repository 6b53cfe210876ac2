package netc.lsp;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.eclipse.lsp4j.jsonrpc.JsonRpcException;
import org.eclipse.lsp4j.jsonrpc.MessageConsumer;
import org.eclipse.lsp4j.jsonrpc.MessageIssueException;
import org.eclipse.lsp4j.jsonrpc.MessageIssueHandler;
import org.eclipse.lsp4j.jsonrpc.MessageProducer;
import org.eclipse.lsp4j.jsonrpc.json.MessageJsonHandler;
import org.eclipse.lsp4j.jsonrpc.messages.Message;

/**
 * Reads the client's messages: header lines ({@code Content-Length: N}, a blank line), then N
 * bytes of JSON. Unlike lsp4j's reader, which never found its footing again, it recovers from a
 * wrong Content-Length:
 * <ul>
 * <li>too short: the cut message is answered as any unreadable JSON is (-32700, with its id if
 * it got that far), and the rest of it is skipped up to the next Content-Length header;
 * <li>too long: the message ends where its JSON object ends, and the next header is read from
 * there, so the message and the next are both served.
 * </ul>
 * The header is a safe mark: {@code Content-Length: N} followed by a line break cannot occur in
 * JSON text, since its words cannot stand outside a string and a raw line break cannot stand
 * inside one.
 */
final class MessageReader implements MessageProducer {
    private static final String CONTENT_LENGTH = "content-length:";
    /** A header is short; of a longer line (the rest of a cut message) only the end can hold one. */
    private static final int LONGEST_HEADER = 256;

    private final InputStream input;
    private final MessageJsonHandler json;
    private final MessageIssueHandler issues;
    private final byte[] buffer = new byte[1 << 16];
    private int position;
    private int limit;

    MessageReader(InputStream input, MessageJsonHandler json, MessageIssueHandler issues) {
        this.input = input;
        this.json = json;
        this.issues = issues;
    }

    /** Hands every message to {@code consumer} until the input ends or is closed. */
    @Override
    public void listen(MessageConsumer consumer) {
        try {
            for (int length = nextHeader(); length >= 0; length = nextHeader()) {
                Body body = new Body(length);
                Message message = parse(body);
                body.skipRest();
                if (body.cut) {
                    return; // the input ended inside a message
                }
                if (message != null) {
                    deliver(message, consumer);
                }
            }
        } catch (IOException e) {
            if (!JsonRpcException.indicatesStreamClosed(e)) {
                throw new JsonRpcException(e);
            }
        }
    }

    /** The Content-Length of the next message, once the blank line ending its header is read; -1 at the end. */
    private int nextHeader() throws IOException {
        int length = -1;
        for (String line = readLine(); line != null; line = readLine()) {
            int at = line.toLowerCase(Locale.ROOT).lastIndexOf(CONTENT_LENGTH);
            if (line.isEmpty() && length >= 0) {
                return length;
            } else if (at >= 0) {
                if (!line.substring(0, at).isBlank()) {
                    ServerLog.notice("skipped input that was not a message, up to the next Content-Length header");
                }
                length = contentLength(line.substring(at + CONTENT_LENGTH.length()).trim());
            }
        }
        return -1;
    }

    private static int contentLength(String digits) {
        try {
            int length = Integer.parseInt(digits);
            if (length >= 0) {
                return length;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        ServerLog.notice("ignored a Content-Length that is not a length: " + digits);
        return -1;
    }

    /** A line without its line break; of a long one, its end. Null at the end of the input. */
    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        while (position < limit || fill()) {
            byte next = buffer[position++];
            if (next == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            line.append((char) (next & 0xFF));
            if (line.length() > 2 * LONGEST_HEADER) {
                line.delete(0, LONGEST_HEADER);
            }
        }
        return null;
    }

    private boolean fill() throws IOException {
        int read = input.read(buffer);
        position = 0;
        limit = Math.max(read, 0);
        return read > 0;
    }

    /** The message in a body; null for one that cannot be read, which is answered or logged. */
    private Message parse(Body body) {
        try {
            return json.parseMessage(new InputStreamReader(body, StandardCharsets.UTF_8));
        } catch (MessageIssueException e) {
            answerIssues(e);
        } catch (RuntimeException e) {
            ServerLog.notice("skipped a message that is not JSON-RPC: " + e.getMessage());
        }
        return null;
    }

    /** Hands on one message; no message, however broken, stops the reading. */
    private void deliver(Message message, MessageConsumer consumer) {
        try {
            consumer.consume(message);
        } catch (MessageIssueException e) {
            answerIssues(e);
        }
    }

    /** A request with issues is answered with an error; one too broken to have an id can only be logged. */
    private void answerIssues(MessageIssueException e) {
        if (e.getRpcMessage() == null) {
            ServerLog.notice("skipped a message that is not JSON-RPC: " + e.getMessage());
        } else {
            issues.handle(e.getRpcMessage(), e.getIssues());
        }
    }

    /**
     * A message's body as the JSON parser reads it: {@code length} bytes, or fewer when the JSON
     * object they start with ends sooner (the length was too long, and the next message follows).
     */
    private final class Body extends InputStream {
        private final int length;
        private final JsonExtent extent = new JsonExtent();
        private int read;
        /** Whether the input ended first. */
        private boolean cut;

        Body(int length) {
            this.length = length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] into, int offset, int count) throws IOException {
            if (read == length || extent.ended() || cut) {
                return -1;
            }
            if (position == limit && !fill()) {
                cut = true;
                return -1;
            }
            int stop = extent.scan(buffer, position, Math.min(limit, position + Math.min(count, length - read)));
            int copied = stop - position;
            System.arraycopy(buffer, position, into, offset, copied);
            position = stop;
            read += copied;
            return copied;
        }

        /** Reads what the parser left (it stops at a syntax error), and says so if the length was too long. */
        void skipRest() throws IOException {
            byte[] rest = new byte[buffer.length];
            while (read(rest, 0, rest.length) >= 0) {
                // skipped
            }
            if (read < length && !cut) {
                ServerLog.notice("a message was " + read + " bytes long, not " + length + " as its Content-Length said");
            }
        }
    }

    /**
     * Where the JSON object (or array) at the start of a body ends, found across chunks of bytes
     * (UTF-8 needs no decoding for it: no byte of a multi-byte character is ASCII).
     */
    private static final class JsonExtent {
        private int depth;
        private boolean inString;
        private boolean escaped;
        private boolean ended;

        boolean ended() {
            return ended;
        }

        /** The index after the value's last byte if it ends in {@code [from, to)}, else {@code to}. */
        int scan(byte[] bytes, int from, int to) {
            int i = from;
            while (i < to && !ended) {
                i = inString ? skipString(bytes, i, to) : step(bytes[i], i);
            }
            return i;
        }

        /** Past the string's closing quote, or to {@code to} if it goes on. */
        private int skipString(byte[] bytes, int from, int to) {
            for (int i = from; i < to; i++) {
                if (escaped) {
                    escaped = false;
                } else if (bytes[i] == '\\') {
                    escaped = true;
                } else if (bytes[i] == '"') {
                    inString = false;
                    return i + 1;
                }
            }
            return to;
        }

        /** Takes in one byte outside a string; returns the index after it. */
        private int step(byte b, int at) {
            if (b == '"') {
                inString = true;
            } else if (b == '{' || b == '[') {
                depth++;
            } else if ((b == '}' || b == ']') && --depth == 0) {
                ended = true;
            }
            return at + 1;
        }
    }
}
