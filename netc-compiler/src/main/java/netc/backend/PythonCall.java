package netc.backend;

import java.util.ArrayList;
import java.util.List;

/**
 * A Python call, {@code nn.Conv2d(3, 16, kernel_size=3)}, written on one line or one argument a
 * line; an argument may be a call itself, wrapped the same way.
 */
record PythonCall(String callee, List<String> arguments, PythonCall first) {
    PythonCall {
        arguments = List.copyOf(arguments);
    }

    PythonCall(String callee, List<String> arguments) {
        this(callee, arguments, null);
    }

    /** A call whose first argument is the call {@code first}: {@code nn.TransformerEncoder(nn.TransformerEncoderLayer(...), 2)}. */
    static PythonCall around(String callee, PythonCall first, List<String> rest) {
        return new PythonCall(callee, rest, first);
    }

    @Override
    public String toString() {
        List<String> all = new ArrayList<>();
        if (first != null) {
            all.add(first.toString());
        }
        all.addAll(arguments);
        return callee + "(" + String.join(", ", all) + ")";
    }

    /** {@code head + call + tail} on one line if it fits in {@code width} after the indentation, else wrapped. */
    void write(SourceWriter out, String head, String tail, int width) {
        String line = head + this + tail;
        if (out.column() + line.length() <= width || (arguments.isEmpty() && first == null)) {
            out.line(line);
            return;
        }
        out.line(head + callee + "(");
        out.indent();
        if (first != null) {
            first.write(out, "", ",", width);
        }
        for (String argument : arguments) {
            out.line(argument + ",");
        }
        out.unindent();
        out.line(")" + tail);
    }
}
