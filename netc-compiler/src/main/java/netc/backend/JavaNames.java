package netc.backend;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * Java identifiers for a generated class: labels and paths made valid (keywords get a trailing
 * underscore, other characters become underscores), each name handed out once so that fields,
 * parameters and locals never shadow one another; a clash gets a numeric suffix.
 */
final class JavaNames {
    private static final Set<String> KEYWORDS = Set.of(
        "abstract", "assert", "boolean", "break", "byte", "case", "catch", "char", "class", "const", "continue",
        "default", "do", "double", "else", "enum", "extends", "final", "finally", "float", "for", "goto", "if",
        "implements", "import", "instanceof", "int", "interface", "long", "native", "new", "package", "private",
        "protected", "public", "return", "short", "static", "strictfp", "super", "switch", "synchronized", "this",
        "throw", "throws", "transient", "try", "void", "volatile", "while", "true", "false", "null", "_",
        "var", "yield", "record", "sealed", "permits", "non-sealed");

    private final Set<String> taken = new HashSet<>();

    /** A namespace in which the {@code reserved} names (types and locals of the generated code) are taken. */
    JavaNames(Collection<String> reserved) {
        taken.addAll(reserved);
    }

    /** A fresh identifier as close to {@code wanted} as possible. */
    String claim(String wanted) {
        String base = identifier(wanted);
        String name = base;
        for (int n = 2; !taken.add(name); n++) {
            name = base + "_" + n;
        }
        return name;
    }

    /** {@code wanted} as a valid identifier that is not a keyword; a leading digit gets an underscore before it. */
    static String identifier(String wanted) {
        StringBuilder out = new StringBuilder();
        for (char c : wanted.toCharArray()) {
            out.append(Character.isJavaIdentifierPart(c) ? c : '_');
        }
        if (out.length() == 0 || !Character.isJavaIdentifierStart(out.charAt(0))) {
            out.insert(0, '_');
        }
        String name = out.toString();
        return KEYWORDS.contains(name) ? name + "_" : name;
    }
}
