package netc.diagnostics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Diagnostics as JSON for CI: each with its file, range, severity, code, message, notes, hint and
 * fixes, their texts in the language of the Messages given. Ranges are 1-based lines and columns (columns count characters), the end exclusive, as
 * {@link SourceSpan} holds them.
 */
public final class JsonDiagnostics {
    private JsonDiagnostics() {
    }

    /** {@code errors} counts every error found, beyond those shown too (see {@link Code#TOO_MANY_ERRORS}). */
    public static String write(List<Diagnostic> diagnostics, int errors, Messages messages) {
        List<Object> all = new ArrayList<>();
        for (Diagnostic d : diagnostics) {
            all.add(diagnostic(d, messages));
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("diagnostics", all);
        document.put("errors", errors);
        document.put("warnings", diagnostics.stream().filter(d -> !d.isError()).count());
        return JsonText.write(document);
    }

    private static Map<String, Object> diagnostic(Diagnostic d, Messages messages) {
        Map<String, Object> json = located(d.span());
        json.put("severity", d.severity().label());
        json.put("code", d.code().id());
        json.put("message", messages.render(d.message()));
        List<Object> notes = new ArrayList<>();
        for (Related note : d.related()) {
            Map<String, Object> located = located(note.span());
            located.put("message", messages.render(note.message()));
            notes.add(located);
        }
        json.put("notes", notes);
        json.put("help", d.help() == null ? null : messages.render(d.help()));
        List<Object> fixes = new ArrayList<>();
        for (Fix fix : d.fixes()) {
            List<Object> edits = new ArrayList<>();
            for (Edit edit : fix.edits()) {
                Map<String, Object> located = located(edit.span());
                located.put("replacement", edit.replacement());
                edits.add(located);
            }
            Map<String, Object> fixJson = new LinkedHashMap<>();
            fixJson.put("title", messages.render(fix.title()));
            fixJson.put("edits", edits);
            fixes.add(fixJson);
        }
        json.put("fixes", fixes);
        return json;
    }

    /** An object that begins with a file and a range. */
    private static Map<String, Object> located(SourceSpan span) {
        Map<String, Object> range = new LinkedHashMap<>();
        range.put("line", span.startLine());
        range.put("column", span.startColumn());
        range.put("endLine", span.endLine());
        range.put("endColumn", span.endColumn());
        Map<String, Object> located = new LinkedHashMap<>();
        located.put("file", span.file());
        located.put("range", range);
        return located;
    }
}
