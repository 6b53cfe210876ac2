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
                diagnostics.report(Diagnostic.error(Code.FILE_TOO_LARGE, start, Text.of("file.file_has_bytes_netc",
                    size, MAX_BYTES)));
                return null;
            }
            // Read up to the limit even so: a device or a pipe (/dev/zero, <(...)) has no size and may never end.
            try (InputStream in = Files.newInputStream(path)) {
                return readUpToLimit(in, start, Text.of("file.file"), diagnostics);
            }
        } catch (IOException e) {
            diagnostics.report(Diagnostic.error(Code.CANNOT_READ, start, Text.of("file.cannot_read_file", reason(e))));
            return null;
        }
    }

    /** Standard input, read whole (up to the same limit). */
    public static SourceText read(InputStream in, String displayName, Diagnostics diagnostics) {
        SourceSpan start = SourceSpan.at(displayName, 1, 1);
        try {
            return readUpToLimit(in, start, Text.of("file.input"), diagnostics);
        } catch (IOException e) {
            diagnostics.report(Diagnostic.error(Code.CANNOT_READ, start, Text.of("file.cannot_read_input", reason(e))));
            return null;
        }
    }

    private static SourceText readUpToLimit(InputStream in, SourceSpan start, Text what, Diagnostics diagnostics)
            throws IOException {
        byte[] bytes = in.readNBytes((int) MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            diagnostics.report(Diagnostic.error(Code.FILE_TOO_LARGE, start, Text.of("file.larger_than_bytes_most",
                what, MAX_BYTES)));
            return null;
        }
        return decode(bytes, start.file(), diagnostics);
    }

    static SourceText decode(byte[] bytes, String displayName, Diagnostics diagnostics) {
        if (isAscii(bytes)) {
            // most files: one copy, where decoding into a buffer of chars makes three (a 60 MB file held 240 MB)
            return new SourceText(displayName, new String(bytes, StandardCharsets.US_ASCII));
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            out.flip();
            diagnostics.report(Diagnostic.error(Code.NOT_UTF8, positionAfter(out, displayName),
                Text.of("file.file_not_utf_text", String.format("0x%02X", bytes[in.position()] & 0xFF),
                    in.position())).withHelp(Text.of("file.save_utf")));
            return null;
        }
        decoder.flush(out);
        out.flip();
        String text = out.toString();
        return new SourceText(displayName, text.startsWith("\uFEFF") ? text.substring(1) : text);
    }

    private static boolean isAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    private static SourceSpan positionAfter(CharBuffer decoded, String displayName) {
        SourceText before = new SourceText(displayName, decoded.toString());
        int line = before.lineCount();
        int column = before.line(line).length() + 1;
        return SourceSpan.of(displayName, line, column, line, column + 1);
    }

    private static Text reason(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return Text.of("file.no_such_file");
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return Text.of("file.permission_denied");
        }
        String message = e.getMessage();
        return Text.of("verbatim", message == null ? e.getClass().getSimpleName() : message);
    }
}
