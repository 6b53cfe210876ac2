package netc.semantic;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import netc.diagnostics.Code;
import netc.diagnostics.Diagnostic;
import netc.diagnostics.Diagnostics;
import netc.diagnostics.Related;
import netc.diagnostics.SourceText;
import netc.diagnostics.Sources;
import netc.diagnostics.Text;
import netc.syntax.Definition;
import netc.syntax.Import;
import netc.syntax.ParsedFile;
import netc.syntax.SourceParser;

/**
 * The blocks a file may use from the files it imports, directly or through them. Each file is read
 * and parsed once however many files import it; its models are not analysed (check that file for
 * them). A file that imports itself through others is an error where the cycle closes.
 */
final class Imports {
    /**
     * The imported blocks by name, with the names of imported definitions that held syntax errors,
     * the texts of every file read (the importing one first), and, for each imported file, the
     * import statement of the importing file that led to it (where an editor shows its errors).
     */
    record Loaded(Map<String, Definition.Block> blocks, Set<String> broken, Sources sources,
                  Map<String, Import> reachedThrough) {
    }

    private final ImportReader reader;
    private final Diagnostics diagnostics;
    private final Map<String, ParsedFile> parsed = new HashMap<>();
    private final List<SourceText> texts = new ArrayList<>();
    private final Map<String, Definition.Block> blocks = new LinkedHashMap<>();
    private final Set<String> broken = new HashSet<>();
    private final Map<String, Import> reachedThrough = new LinkedHashMap<>();
    /** The files being read, outermost first: a file met again among them closes a cycle. */
    private final List<String> reading = new ArrayList<>();

    private Imports(ImportReader reader, Diagnostics diagnostics) {
        this.reader = reader;
        this.diagnostics = diagnostics;
    }

    static Loaded load(ParsedFile file, SourceText source, ImportReader reader, Diagnostics diagnostics) {
        Imports imports = new Imports(reader, diagnostics);
        imports.reading.add(key(source.path()));
        for (Definition definition : file.file().definitions()) {
            if (definition instanceof Definition.Block) {
                imports.blocks.put(definition.name().text(), (Definition.Block) definition);
            }
        }
        for (Import statement : file.file().imports()) {
            imports.follow(statement, source.path(), statement);
        }
        imports.blocks.values().removeIf(block -> block.span().file().equals(source.path()));
        return new Loaded(imports.blocks, imports.broken, new Sources(source, imports.texts), imports.reachedThrough);
    }

    /** Reads the file {@code statement} of {@code importer} names, and the files it imports. */
    private void follow(Import statement, String importer, Import topLevel) {
        String path = resolve(importer, statement.path());
        if (path == null) {
            unreadable(statement, Text.of("import.not_valid_path"));
            return;
        }
        int cycleStart = reading.indexOf(key(path));
        if (cycleStart >= 0) {
            List<String> cycle = new ArrayList<>();
            for (String file : reading.subList(cycleStart, reading.size())) {
                cycle.add(displayed(file));
            }
            cycle.add(displayed(key(path)));
            diagnostics.report(Diagnostic.error(Code.IMPORT_CYCLE, statement.pathSpan(),
                Text.of("import.importing_here_closes_cycle", statement.path(), String.join(" -> ", cycle)))
                .withHelp(Text.of("import.move_blocks_both_files")));
            return;
        }
        if (parsed.containsKey(key(path))) {
            return; // read already, through another import
        }
        ParsedFile file = read(statement, path);
        if (file == null) {
            return;
        }
        reachedThrough.put(path, topLevel);
        reading.add(key(path));
        try {
            for (Import nested : file.file().imports()) {
                follow(nested, path, topLevel);
            }
        } finally {
            reading.remove(reading.size() - 1);
        }
        addBlocks(file, statement);
    }

    private ParsedFile read(Import statement, String path) {
        SourceText text;
        try {
            text = reader.read(path, diagnostics);
        } catch (NoSuchFileException e) {
            unreadable(statement, Text.of("import.there_no_file", path));
            return null;
        } catch (AccessDeniedException e) {
            unreadable(statement, Text.of("file.permission_denied"));
            return null;
        } catch (IOException e) {
            unreadable(statement, Text.of("verbatim", e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            return null;
        }
        ParsedFile file = text == null ? null : SourceParser.parse(text, diagnostics);
        parsed.put(key(path), file);
        if (text != null) {
            texts.add(text);
        }
        return file;
    }

    private void addBlocks(ParsedFile file, Import statement) {
        broken.addAll(file.brokenDefinitions());
        for (Definition definition : file.file().definitions()) {
            if (!(definition instanceof Definition.Block)) {
                continue;
            }
            String name = definition.name().text();
            Definition.Block first = blocks.putIfAbsent(name, (Definition.Block) definition);
            if (first != null) {
                diagnostics.report(new Diagnostic(Code.IMPORTED_NAME_CLASH,
                    statement.pathSpan(), Text.of("import.defines_block_which_defines", statement.path(), name,
                        first.span().file()),
                    List.of(new Related(first.name().span(), Text.of("import.one_defined", first.name().span().file(),
                        first.name().span().position())),
                        new Related(definition.name().span(), Text.of("import.other", definition.name().span().file(),
                            definition.name().span().position()))),
                    Text.of("analyzer.rename_one_them")));
            }
        }
    }

    private void unreadable(Import statement, Text reason) {
        diagnostics.report(Diagnostic.error(Code.UNREADABLE_IMPORT, statement.pathSpan(),
            Text.of("import.cannot_import", statement.path(), reason))
            .withHelp(Text.of("import.path_taken_relative_folder")));
    }

    /** {@code imported} taken relative to the folder of {@code importer} (standard input: the current folder). */
    private static String resolve(String importer, String imported) {
        try {
            Path base = importer.startsWith("<") ? Path.of(imported) : Path.of(importer).resolveSibling(imported);
            return base.normalize().toString();
        } catch (InvalidPathException e) {
            return null;
        }
    }

    /** The same file however a path reaches it (a/../b.net, ./b.net, an absolute path). */
    private static String key(String path) {
        try {
            return Path.of(path).toAbsolutePath().normalize().toString();
        } catch (InvalidPathException e) {
            return path;
        }
    }

    private static String displayed(String key) {
        Path here = Path.of("").toAbsolutePath();
        Path file = Path.of(key);
        return file.startsWith(here) ? here.relativize(file).toString() : key;
    }
}
