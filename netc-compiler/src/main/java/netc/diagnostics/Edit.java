package netc.diagnostics;

/** One change of source text: the span's text becomes {@code replacement} (an empty span inserts it). */
public record Edit(SourceSpan span, String replacement) {
}
