package netc.syntax;

import java.util.Set;

/**
 * What the parser made of a file: the definitions it could build, and the names of those it could
 * not (they held a syntax error), so later phases neither analyse them nor report their uses.
 */
public record ParsedFile(SourceFile file, Set<String> brokenDefinitions) {
    public ParsedFile {
        brokenDefinitions = Set.copyOf(brokenDefinitions);
    }
}
