package netc.backend;

import netc.diagnostics.Code;
import netc.diagnostics.SourceSpan;

/**
 * A layer, or a use of one, that a backend cannot generate code for: E601 or E602 (a size) for Java,
 * E603 for PyTorch.
 */
public final class UnsupportedLayerException extends Exception {
    private static final long serialVersionUID = 1L;

    private final Code code;
    private final transient SourceSpan span;

    public UnsupportedLayerException(String message, SourceSpan span) {
        this(Code.NO_JAVA_CODE, message, span);
    }

    UnsupportedLayerException(Code code, String message, SourceSpan span) {
        super(message);
        this.code = code;
        this.span = span;
    }

    /** Which of the backend's codes this is. */
    public Code code() {
        return code;
    }

    /** Where the layer is written in the .net file. */
    public SourceSpan span() {
        return span;
    }
}
