package netc.diagnostics;

/** A second place that explains a diagnostic: where a shape came from, a block's call site. */
public record Related(SourceSpan span, Text message) {
}
