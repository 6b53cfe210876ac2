package netc.backend;

import java.util.Set;

/** Python identifiers for names from a .net file. */
final class PythonNames {
    private static final Set<String> KEYWORDS = Set.of("False", "None", "True", "and", "as", "assert", "async",
        "await", "break", "class", "continue", "def", "del", "elif", "else", "except", "finally", "for", "from",
        "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try",
        "while", "with", "yield");
    /** Names the generated module imports or its methods use. */
    private static final Set<String> TAKEN = Set.of("self", "torch", "nn", "F", "Tensor", "OrderedDict");

    private PythonNames() {
    }

    /** {@code name}, or a variant of it that is a Python identifier and no keyword or name the module uses. */
    static String identifier(String name) {
        StringBuilder out = new StringBuilder();
        for (char c : name.toCharArray()) {
            out.append(Character.isLetterOrDigit(c) || c == '_' ? c : '_');
        }
        if (out.length() == 0 || Character.isDigit(out.charAt(0))) {
            out.insert(0, '_');
        }
        String identifier = out.toString();
        return KEYWORDS.contains(identifier) || TAKEN.contains(identifier) ? identifier + "_" : identifier;
    }

    /** {@code name} as a Python string literal: {@code "block1-0"}. */
    static String string(String name) {
        return "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Whether {@code self.name} reaches a sub-module named {@code name}. */
    static boolean isAttribute(String name) {
        return name.matches("[A-Za-z_][A-Za-z0-9_]*") && !KEYWORDS.contains(name);
    }
}
