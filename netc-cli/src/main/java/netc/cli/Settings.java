package netc.cli;

import netc.semantic.model.Value;

/** The value of {@code --set NAME=VALUE}, read as the language would read a literal. */
final class Settings {
    private Settings() {
    }

    /** The value; an integer beyond 64 bits is an IllegalArgumentException, as it is E106 in a file. */
    static Value parse(String text) {
        if (text.equals("true") || text.equals("false")) {
            return new Value.Bool(Boolean.parseBoolean(text));
        }
        if (text.matches("-?[0-9]+")) {
            try {
                return new Value.Int(Long.parseLong(text));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(text, e); // the caller says why, in the user's language
            }
        }
        if (text.matches("-?([0-9]+\\.[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?|-?[0-9]+[eE][-+]?[0-9]+")) {
            return new Value.Float(Double.parseDouble(text));
        }
        boolean quoted = text.length() >= 2 && (text.startsWith("\"") && text.endsWith("\"")
            || text.startsWith("'") && text.endsWith("'"));
        return new Value.Str(quoted ? text.substring(1, text.length() - 1) : text);
    }
}
