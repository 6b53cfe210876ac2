package netc.diagnostics;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What docs/errors.md says of each code, read from the page itself (the build copies it into the
 * jar), so that what machines are told of a code is what people read.
 */
public final class CodeDocs {
    private static final Pattern SECTION = Pattern.compile("(?m)^### ([EW]\\d{3})\\n((?:(?!#).*\\n?)*)");
    /** A sentence ends at a full stop followed by the next one's capital, quote or bracket. */
    private static final Pattern SENTENCE_END = Pattern.compile("\\.\\s+(?=[A-Z`(\"])");

    /** A code's section: its first sentence, and the whole of it, in Markdown and as plain text. */
    public record Entry(String summary, String markdown, String text) {
    }

    private static final Map<Code, Entry> ENTRIES = read();

    private CodeDocs() {
    }

    public static Entry of(Code code) {
        return ENTRIES.get(code);
    }

    private static Map<Code, Entry> read() {
        Map<String, Code> byId = new java.util.HashMap<>();
        for (Code code : Code.values()) {
            byId.put(code.id(), code);
        }
        Map<Code, Entry> entries = new EnumMap<>(Code.class);
        Matcher section = SECTION.matcher(page());
        while (section.find()) {
            Code code = byId.get(section.group(1));
            if (code != null) {
                entries.put(code, entry(section.group(2).strip()));
            }
        }
        return entries;
    }

    /** Paragraphs as one line each, separated by a blank line, as the page's wrapped lines read. */
    private static Entry entry(String section) {
        String markdown = section.replaceAll("(?<!\\n)\\n(?!\\n)", " ");
        String firstParagraph = markdown.split("\\n\\n", 2)[0];
        Matcher end = SENTENCE_END.matcher(firstParagraph);
        String summary = end.find() ? firstParagraph.substring(0, end.start() + 1) : firstParagraph;
        return new Entry(plain(summary), markdown, plain(markdown));
    }

    private static String plain(String markdown) {
        return markdown.replace("`", "");
    }

    private static String page() {
        try (InputStream in = CodeDocs.class.getResourceAsStream("errors.md")) {
            if (in == null) {
                throw new IllegalStateException("docs/errors.md is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
