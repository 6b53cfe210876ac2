package netc.diagnostics;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads source files as strict UTF-8, reporting an unreadable, oversized or mis-encoded file as a
 * located diagnostic instead of failing.
 */
public final class SourceReader {
    /** Far above any model file; keeps a stray multi-gigabyte file from exhausting memory. */
    public static final long MAX_BYTES = 64L * 1024 * 1024;

    private SourceReader() {
    }

    /** The file's text, or null after reporting why it cannot be had. */
    public static SourceText read(Path path, String displayName, Diagnostics diagnostics) {
        SourceSpan start = SourceSpan.at(displayName, 1, 1);
        try {
            long size = Files.size(path);
            if (size > MAX_BYTES) {
                diagnostics.report(Diagnostic.error(Code.FILE_TOO_LARGE, start, "this file has " + size
                    + " bytes; netc reads files of up to " + MAX_BYTES + " bytes"));
                return null;
            }
            // Read up to the limit even so: a device or a pipe (/dev/zero, <(...)) has no size and may never end.
            try (InputStream in = Files.newInputStream(path)) {
                return readUpToLimit(in, start, "this file", diagnostics);
            }
        } catch (IOException e) {
            diagnostics.report(Diagnostic.error(Code.CANNOT_READ, start, "cannot read this file: " + reason(e)));
            return null;
        }
    }

    /** Standard input, read whole (up to the same limit). */
    public static SourceText read(InputStream in, String displayName, Diagnostics diagnostics) {
        SourceSpan start = SourceSpan.at(displayName, 1, 1);
        try {
            return readUpToLimit(in, start, "the input", diagnostics);
        } catch (IOException e) {
            diagnostics.report(Diagnostic.error(Code.CANNOT_READ, start, "cannot read the input: " + reason(e)));
            return null;
        }
    }

    private static SourceText readUpToLimit(InputStream in, SourceSpan start, String what, Diagnostics diagnostics)
            throws IOException {
        byte[] bytes = in.readNBytes((int) MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            diagnostics.report(Diagnostic.error(Code.FILE_TOO_LARGE, start, what + " is larger than " + MAX_BYTES
                + " bytes, the most netc reads"));
            return null;
        }
        return decode(bytes, start.file(), diagnostics);
    }

    static SourceText decode(byte[] bytes, String displayName, Diagnostics diagnostics) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            out.flip();
            diagnostics.report(Diagnostic.error(Code.NOT_UTF8, positionAfter(out, displayName),
                String.format("this file is not UTF-8 text: byte 0x%02X at offset %d cannot be decoded",
                    bytes[in.position()] & 0xFF, in.position())).withHelp("save it as UTF-8"));
            return null;
        }
        decoder.flush(out);
        out.flip();
        String text = out.toString();
        return new SourceText(displayName, text.startsWith("\uFEFF") ? text.substring(1) : text);
    }

    private static SourceSpan positionAfter(CharBuffer decoded, String displayName) {
        SourceText before = new SourceText(displayName, decoded.toString());
        int line = before.lineCount();
        int column = before.line(line).length() + 1;
        return new SourceSpan(displayName, line, column, line, column + 1);
    }

    private static String reason(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }
}
