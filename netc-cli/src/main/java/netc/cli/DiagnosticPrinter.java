package netc.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.InvalidPathException;
import java.util.HashMap;
import java.util.Map;
import netc.diagnostics.Diagnostic;
import netc.diagnostics.DiagnosticRenderer;
import netc.diagnostics.Diagnostics;
import netc.diagnostics.Messages;
import netc.diagnostics.SourceText;
import netc.semantic.ImportReader;
import picocli.CommandLine;

/** Prints a file's diagnostics to standard error, with a closing count when there are errors. */
final class DiagnosticPrinter {
    private DiagnosticPrinter() {
    }

    /**
     * In the language of the command's --lang. {@code source} is the file given (null when it could not be read); a diagnostic in a file it
     * imports is shown with that file's line, read again from disk.
     */
    static void print(CommandLine cli, Diagnostics diagnostics, SourceText source, boolean color) {
        PrintWriter err = cli.getErr();
        DiagnosticRenderer renderer = new DiagnosticRenderer(color, Messages.diagnostics(LanguageOption.locale(cli)));
        Map<String, SourceText> texts = new HashMap<>();
        if (source != null) {
            texts.put(source.path(), source);
        }
        for (Diagnostic d : diagnostics.all()) {
            err.print(renderer.render(d, texts.computeIfAbsent(d.span().file(), DiagnosticPrinter::importedText)));
        }
        if (diagnostics.hasErrors()) {
            int n = diagnostics.errorCount();
            err.println(LanguageOption.text(cli, n == 1 ? "errors.one" : "errors.many", n));
        }
        err.flush();
    }

    /** An imported file's text, read as the import read it, for its excerpt; null (none) when it cannot be. */
    private static SourceText importedText(String path) {
        try {
            return ImportReader.FILES.read(path, new Diagnostics());
        } catch (IOException | InvalidPathException e) {
            return null;
        }
    }
}
