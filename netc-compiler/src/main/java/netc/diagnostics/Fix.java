package netc.diagnostics;

import java.util.List;

/**
 * A concrete correction of a diagnostic, which an editor can apply as a quick fix: its title says
 * what it does ("write linear(4096, 128)"), its edits do it.
 */
public record Fix(Text title, List<Edit> edits) {

    public Fix {
        edits = List.copyOf(edits);
    }

    /** A fix made of one edit. */
    public static Fix replace(Text title, SourceSpan span, String replacement) {
        return new Fix(title, List.of(new Edit(span, replacement)));
    }
}
