package netc.lsp;

import java.util.ArrayList;
import java.util.List;
import netc.diagnostics.Messages;
import netc.diagnostics.Related;
import netc.diagnostics.Severity;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticRelatedInformation;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.PublishDiagnosticsParams;

/** netc's diagnostics as the protocol publishes them. */
final class ProtocolDiagnostics {
    static final String SOURCE = "netc";

    private ProtocolDiagnostics() {
    }

    static PublishDiagnosticsParams of(DocumentAnalysis analysis, Messages messages) {
        List<Diagnostic> converted = new ArrayList<>();
        for (netc.diagnostics.Diagnostic diagnostic : analysis.diagnostics()) {
            converted.add(convert(diagnostic, analysis, messages));
        }
        return new PublishDiagnosticsParams(analysis.uri(), converted, analysis.version());
    }

    /**
     * The notes become related information; the hint, which the protocol has no field for, is related
     * information at the diagnostic's own range (as rust-analyzer shows rustc's help), and the fixes
     * are offered as code actions. Texts are in the language of {@code messages}.
     */
    static Diagnostic convert(netc.diagnostics.Diagnostic diagnostic, DocumentAnalysis analysis, Messages messages) {
        Positions positions = analysis.positions();
        Diagnostic converted = new Diagnostic(positions.range(diagnostic.span()), messages.render(diagnostic.message()),
            severity(diagnostic.severity()), SOURCE, diagnostic.code().id());
        List<DiagnosticRelatedInformation> related = new ArrayList<>();
        for (Related note : diagnostic.related()) {
            related.add(new DiagnosticRelatedInformation(
                new Location(analysis.uri(), positions.range(note.span())), messages.render(note.message())));
        }
        if (diagnostic.help() != null) {
            related.add(new DiagnosticRelatedInformation(
                new Location(analysis.uri(), converted.getRange()), "help: " + messages.render(diagnostic.help())));
        }
        converted.setRelatedInformation(related);
        return converted;
    }

    private static DiagnosticSeverity severity(Severity severity) {
        return severity == Severity.ERROR ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning;
    }
}
