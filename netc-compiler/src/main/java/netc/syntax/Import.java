package netc.syntax;

import netc.diagnostics.SourceSpan;

/**
 * {@code import "blocks.net"}: the blocks of another file, named by its path relative to this
 * file's folder. {@code pathSpan} is the quoted path's, where errors about the file point.
 */
public record Import(SourceSpan span, String path, SourceSpan pathSpan) {
}
