package netc.diagnostics;

/**
 * Renders a diagnostic as editors and CI parse it, followed by the source line with the construct
 * underlined, then its notes and help:
 * <pre>
 * samples/bad.net:8:5: error[E201]: linear expects 2048 input features, ...
 *    |
 *  8 |     linear(32*8*8, 128)
 *    |     ^^^^^^^^^^^^^^^^^^^
 *    = note: ...
 *    = help: ...
 * </pre>
 */
public final class DiagnosticRenderer {
    private static final String RESET = "\u001b[0m";
    private static final String BOLD = "\u001b[1m";
    private static final String RED = "\u001b[1;31m";
    private static final String YELLOW = "\u001b[1;33m";
    private static final String BLUE = "\u001b[1;34m";

    private final boolean color;
    private final Messages messages;

    /** Texts in the language of {@code messages} (the diagnostics' bundle); the labels error, note, help stay as they are. */
    public DiagnosticRenderer(boolean color, Messages messages) {
        this.color = color;
        this.messages = messages;
    }

    public String render(Diagnostic d, SourceText source) {
        SourceSpan span = d.span();
        StringBuilder out = new StringBuilder();
        String severityColor = d.isError() ? RED : YELLOW;
        out.append(paint(BOLD, span.file() + ":" + span.position() + ": "))
            .append(paint(severityColor, d.severity().label() + "[" + d.code().id() + "]"))
            .append(paint(BOLD, ": " + messages.render(d.message())))
            .append('\n');
        String gutter = " ".repeat(String.valueOf(span.startLine()).length() + 1);
        if (source != null && span.startLine() <= source.lineCount()) {
            appendSnippet(out, source.line(span.startLine()), span, gutter, severityColor);
        }
        for (Related related : d.related()) {
            out.append(gutter).append(paint(BLUE, " = ")).append("note: ").append(messages.render(related.message())).append('\n');
        }
        if (d.help() != null) {
            out.append(gutter).append(paint(BLUE, " = ")).append("help: ").append(messages.render(d.help())).append('\n');
        }
        return out.toString();
    }

    private void appendSnippet(StringBuilder out, String line, SourceSpan span, String gutter, String severityColor) {
        Excerpts.Line shown = Excerpts.line(line, span.startColumn() - 1, underlineWidth(line, span));
        String bar = paint(BLUE, " |");
        out.append(gutter).append(bar).append('\n');
        out.append(paint(BLUE, " " + span.startLine() + " |")).append(' ').append(shown.text()).append('\n');
        out.append(gutter).append(bar).append(' ')
            .append(indentUnder(shown.text(), shown.column()))
            .append(paint(severityColor, "^".repeat(shown.width())))
            .append('\n');
    }

    /** Blanks as wide as the text before the column, keeping tabs so the caret lines up. */
    private static String indentUnder(String line, int width) {
        StringBuilder indent = new StringBuilder();
        for (int i = 0; i < width; i++) {
            indent.append(i < line.length() && line.charAt(i) == '\t' ? '\t' : ' ');
        }
        return indent.toString();
    }

    private static int underlineWidth(String line, SourceSpan span) {
        int end = span.endLine() == span.startLine() ? span.endColumn() : line.length() + 1;
        return Math.max(1, end - span.startColumn());
    }

    private String paint(String code, String text) {
        return color ? code + text + RESET : text;
    }
}
