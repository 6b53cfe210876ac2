package netc.syntax;

import java.util.List;

/** A parsed file: its models and blocks in source order. */
public record SourceFile(String path, List<Definition> definitions) {
    public SourceFile {
        definitions = List.copyOf(definitions);
    }
}
