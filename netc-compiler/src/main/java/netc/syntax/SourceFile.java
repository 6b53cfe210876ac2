package netc.syntax;

import java.util.List;

/** A parsed file: the files it imports, and its models and blocks, in source order. */
public record SourceFile(String path, List<Import> imports, List<Definition> definitions) {
    public SourceFile {
        imports = List.copyOf(imports);
        definitions = List.copyOf(definitions);
    }

    /** A file that imports nothing. */
    public SourceFile(String path, List<Definition> definitions) {
        this(path, List.of(), definitions);
    }
}
