package netc.backend;

import netc.diagnostics.SourceSpan;

/** A layer, or a use of one, that the Java backend cannot generate code for (yet). */
public final class UnsupportedLayerException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient SourceSpan span;

    public UnsupportedLayerException(String message, SourceSpan span) {
        super(message);
        this.span = span;
    }

    /** Where the layer is written in the .net file. */
    public SourceSpan span() {
        return span;
    }
}
