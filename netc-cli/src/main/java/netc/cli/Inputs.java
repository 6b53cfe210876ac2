package netc.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import netc.diagnostics.Diagnostics;
import netc.diagnostics.SourceReader;
import netc.diagnostics.SourceText;
import picocli.CommandLine;

/** Opens the files named on the command line; "-" is standard input. */
final class Inputs {
    private Inputs() {
    }

    /** A missing file is a usage error (exit 2); an unreadable one a diagnostic (exit 1). */
    static void requireExisting(CommandLine cli, Iterable<String> files) {
        for (String file : files) {
            if (!file.equals("-") && !Files.exists(Path.of(file))) {
                throw new CommandLine.ParameterException(cli, LanguageOption.text(cli, "no_such_file", file));
            }
        }
    }

    static SourceText read(String file, InputStream stdin, Diagnostics diagnostics) {
        if (file.equals("-")) {
            return SourceReader.read(stdin, "<stdin>", diagnostics);
        }
        return SourceReader.read(Path.of(file), file, diagnostics);
    }

    /**
     * Whether both name one file: the same path (two outputs neither of which exists yet), or one
     * existing file reached by two names (a link, a relative path).
     */
    static boolean sameFile(Path a, Path b) {
        if (a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize())) {
            return true;
        }
        try {
            return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false; // one of them cannot be examined: reading or writing it will say why
        }
    }
}
