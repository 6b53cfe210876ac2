package netc.diagnostics;

import java.util.ArrayList;
import java.util.List;

/**
 * One finding about a source file: its code (which implies the severity), where it is, what it
 * says, the other places that explain it, a hint in words for the reader ({@code help}, or null),
 * and the concrete fixes an editor can apply. A hint and a fix often say the same thing: the
 * command line prints the hint, an editor offers the fixes. Every text is a {@link Text}, put into
 * a language only when rendered.
 */
public record Diagnostic(
    Code code, SourceSpan span, Text message, List<Related> related, Text help, List<Fix> fixes) {

    public Diagnostic {
        related = List.copyOf(related);
        fixes = List.copyOf(fixes);
    }

    public Diagnostic(Code code, SourceSpan span, Text message, List<Related> related, Text help) {
        this(code, span, message, related, help, List.of());
    }

    public static Diagnostic error(Code code, SourceSpan span, Text message) {
        return new Diagnostic(code, span, message, List.of(), null);
    }

    public Diagnostic withHelp(Text newHelp) {
        return new Diagnostic(code, span, message, related, newHelp, fixes);
    }

    /** This diagnostic offering one more fix. */
    public Diagnostic withFix(Fix fix) {
        List<Fix> all = new ArrayList<>(fixes);
        all.add(fix);
        return new Diagnostic(code, span, message, related, help, all);
    }

    public Diagnostic withRelated(List<Related> more) {
        List<Related> all = new ArrayList<>(related);
        all.addAll(more);
        return new Diagnostic(code, span, message, all, help, fixes);
    }

    public Severity severity() {
        return code.severity();
    }

    public boolean isError() {
        return severity() == Severity.ERROR;
    }
}
