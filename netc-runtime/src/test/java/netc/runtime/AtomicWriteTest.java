package netc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicWriteTest {
    @TempDir
    Path tmp;

    @Test
    void aWriteThatFailsHalfWayLeavesTheOldFileAndNoTemporaryOne() throws IOException {
        Path file = Files.writeString(tmp.resolve("out.txt"), "old");
        IOException thrown = assertThrows(IOException.class, () -> AtomicWrite.write(file, channel -> {
            channel.write(ByteBuffer.wrap("half of the new".getBytes(StandardCharsets.UTF_8)));
            throw new IOException("No space left on device");
        }));
        assertEquals("cannot write " + file + ": No space left on device", thrown.getMessage());
        assertEquals("old", Files.readString(file));
        assertEquals(List.of("out.txt"), names());
    }

    @Test
    void aWriteReplacesTheFileALinkPointsTo() throws IOException {
        Path file = Files.writeString(tmp.resolve("out.txt"), "old");
        Path link = Files.createSymbolicLink(tmp.resolve("link.txt"), file);
        AtomicWrite.writeString(link, "new");
        assertEquals("new", Files.readString(file));
        assertTrue(Files.isSymbolicLink(link));
        assertEquals(List.of("link.txt", "out.txt"), names());
    }

    @Test
    void failuresGiveTheSystemsReason() throws IOException {
        Path missing = tmp.resolve("missing/out.txt");
        assertEquals("cannot write " + missing + ": No such file or directory",
            assertThrows(IOException.class, () -> AtomicWrite.writeString(missing, "x")).getMessage());
        Path file = Files.writeString(tmp.resolve("file"), "");
        assertEquals("cannot write " + file.resolve("x") + ": Not a directory",
            assertThrows(IOException.class, () -> AtomicWrite.probe(file.resolve("x"))).getMessage());
        assertEquals("cannot write " + tmp + ": Is a directory",
            assertThrows(IOException.class, () -> AtomicWrite.probe(tmp)).getMessage());
        assertEquals("cannot write " + file + ": IOException",
            assertThrows(IOException.class, () -> AtomicWrite.write(file, channel -> {
                throw new IOException();
            })).getMessage());
        assertEquals(List.of("file"), names());
    }

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(tmp)) {
            return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }
}
