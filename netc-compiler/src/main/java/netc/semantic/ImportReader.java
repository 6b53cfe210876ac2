package netc.semantic;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import netc.diagnostics.Diagnostics;
import netc.diagnostics.SourceReader;
import netc.diagnostics.SourceText;
import netc.diagnostics.Text;

/** Where imported files come from: the file system, or an editor's open documents before it. */
@FunctionalInterface
public interface ImportReader {
    /**
     * The text of the file at {@code path}; null when the file was found but is not usable text (too
     * large, not UTF-8), which {@code diagnostics} then says; an IOException when it cannot be read.
     */
    SourceText read(String path, Diagnostics diagnostics) throws IOException;

    /** Files on disk, read as netc reads the files it is given. */
    ImportReader FILES = (path, diagnostics) -> {
        Path file = Path.of(path);
        if (!Files.exists(file)) {
            throw new NoSuchFileException(path);
        }
        if (!Files.isRegularFile(file)) {
            throw new IOException("it is not a file");
        }
        return SourceReader.read(file, path, diagnostics);
    };
}
