package netc.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When a model file needs generating again: it, or a file it imports, changed; its package; its classes. */
class GenerationRecordTest {
    private static final Instant BEFORE = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path tmp;

    private Path model;
    private Path imported;
    private Path output;
    private GenerationRecord record;

    @BeforeEach
    void generateOnce() throws IOException {
        model = touch(Files.writeString(tmp.resolve("Net.net"), "model Net {}"), BEFORE);
        imported = touch(Files.writeString(tmp.resolve("blocks.net"), "block B {}"), BEFORE);
        output = Files.createDirectories(tmp.resolve("out"));
        Files.createDirectories(output.resolve("demo"));
        Files.writeString(output.resolve("demo/Net.java"), "class Net {}");
        record = new GenerationRecord(tmp.resolve("state"), Path.of("demo/Net.net"));
        assertFalse(record.isUpToDate("demo", output));
        record.write("demo", List.of(model.toString(), imported.toString()), List.of(Path.of("demo/Net.java")));
    }

    @Test
    void isUpToDateWhileNothingItReadChanged() throws IOException {
        assertTrue(record.isUpToDate("demo", output));
        assertEquals(List.of("read " + model, "read " + imported, "package demo", "wrote demo/Net.java"),
            Files.readAllLines(tmp.resolve("state/demo/Net.net.generated")));
    }

    @Test
    void isStaleWhenTheModelFileChanged() throws IOException {
        touch(model, Instant.now().plusSeconds(60));
        assertFalse(record.isUpToDate("demo", output));
    }

    @Test
    void isStaleWhenAFileItImportsChangedOrIsGone() throws IOException {
        touch(imported, Instant.now().plusSeconds(60));
        assertFalse(record.isUpToDate("demo", output));
        Files.delete(imported);
        assertFalse(record.isUpToDate("demo", output));
    }

    @Test
    void isStaleInAnotherPackage() {
        assertFalse(record.isUpToDate("other", output));
    }

    @Test
    void isStaleWhenAClassItWroteIsGone() throws IOException {
        Files.delete(output.resolve("demo/Net.java"));
        assertFalse(record.isUpToDate("demo", output));
    }

    @Test
    void deletesTheClassesItWrote() throws IOException {
        record.deleteGenerated(output);
        assertFalse(Files.exists(output.resolve("demo/Net.java")));
        assertTrue(Files.isDirectory(output.resolve("demo")));
    }

    private static Path touch(Path file, Instant time) throws IOException {
        Files.setLastModifiedTime(file, FileTime.from(time));
        return file;
    }
}
