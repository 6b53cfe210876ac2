package netc.backend;

import java.util.List;

/** Source text (Java or Python) line by line at a current indentation; blank lines carry no spaces. */
final class SourceWriter {
    private final StringBuilder text = new StringBuilder();
    private final String unit;
    private String indent = "";

    SourceWriter(String unit) {
        this.unit = unit;
    }

    void indent() {
        indent += unit;
    }

    void unindent() {
        indent = indent.substring(unit.length());
    }

    /** The current indentation's width, for wrapping lines. */
    int column() {
        return indent.length();
    }

    void line(String line) {
        text.append(line.isEmpty() ? "" : indent + line).append('\n');
    }

    /** Lines one level deeper than the current one. */
    void indented(List<String> lines) {
        indent();
        lines.forEach(this::line);
        indent = indent.substring(unit.length());
    }

    /** Text already indented and ending in a newline. */
    void raw(String lines) {
        text.append(lines);
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
