package netc.cli;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import netc.runtime.AtomicWrite;
import picocli.CommandLine;

/**
 * Writes a generated source file below the directory of {@code -o}: whole or not at all, never over
 * the model file it was generated from, and with the system's reason when it cannot.
 */
final class GeneratedSource {
    private GeneratedSource() {
    }

    /** Refuses, before anything is generated, an {@code -o} that names a file rather than a directory. */
    static void checkDirectory(CommandLine cli, Path directory) {
        if (Files.exists(directory) && !Files.isDirectory(directory)) {
            throw new UsageError(cli, "output.not_a_directory", directory);
        }
    }

    /** Prints {@code text} when {@code output} (-o) is "-", else writes it to {@code file}, as {@link #write} does. */
    static void deliver(CommandLine cli, String output, Path file, String text, String modelFile) {
        if (output.equals("-")) {
            cli.getOut().print(text);
            cli.getOut().flush();
        } else {
            write(cli, file, text, modelFile);
        }
    }

    /** Writes {@code text} to {@code file} (below the directory of -o, or -o itself); {@code modelFile} is "-" for standard input. */
    static void write(CommandLine cli, Path file, String text, String modelFile) {
        if (!modelFile.equals("-") && Inputs.sameFile(file, Path.of(modelFile))) {
            throw new UsageError(cli, "output.is_the_model", file, modelFile);
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            AtomicWrite.writeString(file, text);
        } catch (FileSystemException e) { // from createDirectories, which leaves the reason out of its message
            throw new UsageError(cli, "output.cannot_create", e.getFile(), AtomicWrite.reason(e));
        } catch (IOException e) { // from AtomicWrite, whose message says what and why
            throw new UsageError(cli, "usage.option_failed", "-o", e.getMessage());
        }
        cli.getOut().println(LanguageOption.text(cli, "wrote", file));
    }
}
