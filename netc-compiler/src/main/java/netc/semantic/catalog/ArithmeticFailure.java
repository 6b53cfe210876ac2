package netc.semantic.catalog;

import netc.diagnostics.Text;

/** An arithmetic error whose reason is a text for the user: a domain error, a division by zero. */
public final class ArithmeticFailure extends ArithmeticException {
    private final transient Text reason;

    public ArithmeticFailure(Text reason) {
        super(reason.key());
        this.reason = reason;
    }

    /** The reason of any arithmetic error: this one's text, or the JDK's words for an overflow. */
    public static Text reason(ArithmeticException e) {
        return e instanceof ArithmeticFailure ? ((ArithmeticFailure) e).reason : Text.of("arithmetic.jdk", e.getMessage());
    }
}
