package netc.diagnostics;

import java.util.List;

/**
 * One finding about a source file. {@code help} is a suggested fix, or null when there is none.
 */
public record Diagnostic(
    Severity severity, Code code, SourceSpan span, String message, List<Related> related, String help) {

    public Diagnostic {
        related = List.copyOf(related);
    }

    public static Diagnostic error(Code code, SourceSpan span, String message) {
        return new Diagnostic(code.severity(), code, span, message, List.of(), null);
    }

    public Diagnostic withHelp(String newHelp) {
        return new Diagnostic(severity, code, span, message, related, newHelp);
    }

    public Diagnostic withRelated(List<Related> more) {
        List<Related> all = new java.util.ArrayList<>(related);
        all.addAll(more);
        return new Diagnostic(severity, code, span, message, all, help);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }
}
