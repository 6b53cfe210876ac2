package netc.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import netc.diagnostics.Diagnostic;
import netc.diagnostics.DiagnosticRenderer;
import netc.diagnostics.Diagnostics;
import netc.diagnostics.SourceReader;
import netc.diagnostics.SourceText;

/** Prints a file's diagnostics to standard error, with a closing count when there are errors. */
final class DiagnosticPrinter {
    private DiagnosticPrinter() {
    }

    /**
     * {@code source} is the file given (null when it could not be read); a diagnostic in a file it
     * imports is shown with that file's line, read again from disk.
     */
    static void print(PrintWriter err, Diagnostics diagnostics, SourceText source, boolean color) {
        DiagnosticRenderer renderer = new DiagnosticRenderer(color);
        Map<String, SourceText> texts = new HashMap<>();
        if (source != null) {
            texts.put(source.path(), source);
        }
        for (Diagnostic d : diagnostics.all()) {
            err.print(renderer.render(d, texts.computeIfAbsent(d.span().file(), DiagnosticPrinter::importedText)));
        }
        if (diagnostics.hasErrors()) {
            int n = diagnostics.errorCount();
            err.println(n + (n == 1 ? " error" : " errors"));
        }
        err.flush();
    }

    /** The text of an imported file, for its excerpt; null (no excerpt) when it cannot be had. */
    private static SourceText importedText(String path) {
        try {
            Path file = Path.of(path);
            return Files.isRegularFile(file) ? SourceReader.read(file, path, new Diagnostics()) : null;
        } catch (InvalidPathException e) {
            return null;
        }
    }
}
