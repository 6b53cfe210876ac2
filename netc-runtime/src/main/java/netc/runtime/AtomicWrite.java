package netc.runtime;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file whole or not at all: into a temporary file beside it, then moved over it, so that
 * a write that fails (a full disk, an exception while the content is produced) leaves whatever
 * was there before, never a half-written file. Every file netc writes goes through here.
 */
public final class AtomicWrite {
    /** Produces a file's content. */
    @FunctionalInterface
    public interface Content {
        void writeTo(FileChannel channel) throws IOException;
    }

    private AtomicWrite() {
    }

    /**
     * Writes {@code path}; a link is followed, so the file it points to is replaced, not the link.
     * Fails with an IOException whose message names the path and the system's reason.
     */
    public static void write(Path path, Content content) throws IOException {
        Path target = target(path);
        Path temporary = temporaryFor(target);
        boolean moved = false;
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                content.writeTo(channel);
            }
            move(temporary, target);
            moved = true;
        } catch (IOException e) {
            throw new IOException("cannot write " + path + ": " + reason(e), e);
        } finally {
            if (!moved) {
                Files.deleteIfExists(temporary);
            }
        }
    }

    /**
     * Fails as {@link #write} would if {@code path} cannot be written (its directory is missing or
     * not writable, or it is a directory), without touching it: for checks before any work is done.
     */
    public static void probe(Path path) throws IOException {
        Path target = target(path);
        try {
            if (Files.isDirectory(target)) {
                throw new FileSystemException(path.toString(), null, "Is a directory");
            }
            Files.delete(Files.createFile(temporaryFor(target)));
        } catch (IOException e) {
            throw new IOException("cannot write " + path + ": " + reason(e), e);
        }
    }

    /** The file a write replaces: the one a link points to, if it exists. */
    private static Path target(Path path) throws IOException {
        return Files.exists(path) ? path.toRealPath() : path.toAbsolutePath();
    }

    /** A name no other file has, hidden, in the target's directory: a move there is a rename. */
    private static Path temporaryFor(Path target) {
        return target.resolveSibling("." + target.getFileName() + "."
            + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
    }

    /** Writes {@code path} as UTF-8 text. */
    public static void writeString(Path path, String text) throws IOException {
        writeBytes(path, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes {@code path} with {@code bytes}. */
    public static void writeBytes(Path path, byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        write(path, channel -> writeFully(channel, buffer));
    }

    static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * The system's reason for a failed file operation, in its usual words: Java drops it from the
     * message of the commonest failures and names only the file.
     */
    public static String reason(IOException e) {
        if (!(e instanceof FileSystemException)) {
            return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        }
        if (((FileSystemException) e).getReason() != null) {
            return ((FileSystemException) e).getReason();
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof NotDirectoryException) {
            return "Not a directory";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "File exists";
        }
        return e.getClass().getSimpleName();
    }
}
