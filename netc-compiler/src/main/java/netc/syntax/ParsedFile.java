package netc.syntax;

import java.util.Set;

/**
 * What the parser made of a file: the definitions it could build, and the names of those it could
 * not (they held a syntax error), so later phases neither analyse them nor report their uses;
 * {@code reportedNothing}, whether the parse reported no diagnostic, says whether {@link EditReparse}
 * may reuse it.
 */
public record ParsedFile(SourceFile file, Set<String> brokenDefinitions, boolean reportedNothing) {
    public ParsedFile {
        brokenDefinitions = Set.copyOf(brokenDefinitions);
    }

    /** A parse that reported something, or is not known to have reported nothing: an edit of its text is parsed in full. */
    public ParsedFile(SourceFile file, Set<String> brokenDefinitions) {
        this(file, brokenDefinitions, false);
    }
}
