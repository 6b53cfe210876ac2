package netc.diagnostics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The text of a file and of the files it imports, by path: a span is rendered and sliced in the
 * file it points into, whichever that is.
 */
public final class Sources {
    private final SourceText main;
    private final Map<String, SourceText> texts = new LinkedHashMap<>();

    /** {@code main} and then the files it imports, directly or not. */
    public Sources(SourceText main, List<SourceText> imported) {
        this.main = main;
        texts.put(main.path(), main);
        for (SourceText text : imported) {
            texts.putIfAbsent(text.path(), text);
        }
    }

    public static Sources of(SourceText main) {
        return new Sources(main, List.of());
    }

    public SourceText main() {
        return main;
    }

    /** The text of the file at {@code path}, or null when it is none of these. */
    public SourceText get(String path) {
        return texts.get(path);
    }

    /** The paths of the file and of the files it imports, in the order they were read. */
    public Set<String> paths() {
        return Collections.unmodifiableSet(texts.keySet());
    }

    /** The text a span covers, in its own file. */
    public String slice(SourceSpan span) {
        SourceText text = texts.get(span.file());
        return text == null ? "" : text.slice(span);
    }
}
