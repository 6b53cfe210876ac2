package netc.cli;

import java.io.PrintWriter;
import netc.diagnostics.Diagnostic;
import netc.diagnostics.DiagnosticRenderer;
import netc.diagnostics.Diagnostics;
import netc.diagnostics.SourceText;

/** Prints a file's diagnostics to standard error, with a closing count when there are errors. */
final class DiagnosticPrinter {
    private DiagnosticPrinter() {
    }

    static void print(PrintWriter err, Diagnostics diagnostics, SourceText source, boolean color) {
        DiagnosticRenderer renderer = new DiagnosticRenderer(color);
        for (Diagnostic d : diagnostics.all()) {
            err.print(renderer.render(d, source));
        }
        if (diagnostics.hasErrors()) {
            int n = diagnostics.errorCount();
            err.println(n + (n == 1 ? " error" : " errors"));
        }
        err.flush();
    }
}
