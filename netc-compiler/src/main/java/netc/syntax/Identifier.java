package netc.syntax;

import netc.diagnostics.SourceSpan;

/** A name as written, with where it was written. */
public record Identifier(SourceSpan span, String text) {
}
