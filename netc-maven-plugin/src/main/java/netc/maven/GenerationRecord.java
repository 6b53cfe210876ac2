package netc.maven;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import netc.runtime.AtomicWrite;

/**
 * What the last generation of one model file read (the file and those it imports), the package it
 * used and the classes it wrote, kept as lines of text ({@code read PATH}, {@code package NAME},
 * {@code wrote PATH}) in a file whose time is the generation's. The model file needs no new
 * generation while the record is newer than everything it read, for the same package, and every
 * class it wrote is still there.
 */
final class GenerationRecord {
    private static final String READ = "read ";
    private static final String PACKAGE = "package ";
    private static final String WROTE = "wrote ";

    private final Path file;

    GenerationRecord(Path stateDirectory, Path modelFile) {
        this.file = stateDirectory.resolve(modelFile + ".generated");
    }

    boolean isUpToDate(String pkg, Path outputDirectory) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try {
            FileTime generated = Files.getLastModifiedTime(file);
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                boolean current = line.startsWith(READ) ? isOlder(Path.of(line.substring(READ.length())), generated)
                    : line.startsWith(PACKAGE) ? line.substring(PACKAGE.length()).equals(pkg)
                    : line.startsWith(WROTE) && Files.isRegularFile(outputDirectory.resolve(line.substring(WROTE.length())));
                if (!current) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) { // a record that cannot be read: generate again
            return false;
        }
    }

    private static boolean isOlder(Path read, FileTime generated) throws IOException {
        return Files.isRegularFile(read) && Files.getLastModifiedTime(read).compareTo(generated) < 0;
    }

    /** Deletes the classes the last generation wrote, which the next may not write again (a model renamed). */
    void deleteGenerated(Path outputDirectory) throws IOException {
        if (!Files.isRegularFile(file)) {
            return;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.startsWith(WROTE)) {
                Files.deleteIfExists(outputDirectory.resolve(line.substring(WROTE.length())));
            }
        }
    }

    void write(String pkg, Collection<String> read, List<Path> wrote) throws IOException {
        List<String> lines = new ArrayList<>();
        read.forEach(path -> lines.add(READ + path));
        lines.add(PACKAGE + pkg);
        wrote.forEach(path -> lines.add(WROTE + path));
        Files.createDirectories(file.getParent());
        AtomicWrite.writeString(file, String.join("\n", lines) + "\n");
    }
}
