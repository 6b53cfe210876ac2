package netc.lsp;

import java.util.ArrayList;
import java.util.List;
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

    static PublishDiagnosticsParams of(DocumentAnalysis analysis) {
        List<Diagnostic> converted = new ArrayList<>();
        for (netc.diagnostics.Diagnostic diagnostic : analysis.diagnostics()) {
            converted.add(convert(diagnostic, analysis));
        }
        return new PublishDiagnosticsParams(analysis.uri(), converted, analysis.version());
    }

    /** Help has no field of its own in the protocol, so it follows the message, as the CLI prints it. */
    static Diagnostic convert(netc.diagnostics.Diagnostic diagnostic, DocumentAnalysis analysis) {
        Positions positions = analysis.positions();
        String message = diagnostic.help() == null ? diagnostic.message()
            : diagnostic.message() + "\nhelp: " + diagnostic.help();
        Diagnostic converted = new Diagnostic(positions.range(diagnostic.span()), message,
            severity(diagnostic.severity()), SOURCE, diagnostic.code().id());
        List<DiagnosticRelatedInformation> related = new ArrayList<>();
        for (Related note : diagnostic.related()) {
            related.add(new DiagnosticRelatedInformation(
                new Location(analysis.uri(), positions.range(note.span())), note.message()));
        }
        converted.setRelatedInformation(related);
        return converted;
    }

    private static DiagnosticSeverity severity(Severity severity) {
        return severity == Severity.ERROR ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning;
    }
}
