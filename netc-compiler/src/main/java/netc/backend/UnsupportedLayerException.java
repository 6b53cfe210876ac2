package netc.backend;

import netc.diagnostics.Code;
import netc.diagnostics.SourceSpan;
import netc.diagnostics.Text;

/**
 * A layer, or a use of one, that a backend cannot generate code for: E601 or E602 (a size) for Java,
 * E603 for PyTorch.
 */
public final class UnsupportedLayerException extends Exception {
    private static final long serialVersionUID = 1L;

    private final Code code;
    private final transient Text text;
    private final transient SourceSpan span;

    public UnsupportedLayerException(Text text, SourceSpan span) {
        this(Code.NO_JAVA_CODE, text, span);
    }

    /** The exception's message is the text in English, for logs; diagnostics render the text in the user's language. */
    UnsupportedLayerException(Code code, Text text, SourceSpan span) {
        super(text.english());
        this.code = code;
        this.text = text;
        this.span = span;
    }

    /** What cannot be generated, for the diagnostic. */
    public Text text() {
        return text;
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
