package netc.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import netc.diagnostics.Diagnostics;
import netc.diagnostics.SourceReader;
import netc.diagnostics.SourceText;
import netc.diagnostics.Text;
import picocli.CommandLine;

/** Opens the files named on the command line; "-" is standard input. */
final class Inputs {
    private Inputs() {
    }

    /** A missing file is a usage error (exit 2); an unreadable one a diagnostic (exit 1). */
    static void requireExisting(CommandLine cli, Iterable<String> files) {
        for (String file : files) {
            if (!file.equals("-") && !Files.exists(Path.of(file))) {
                throw new UsageError(cli, "input.no_such_file", file);
            }
        }
    }

    /**
     * Refuses an {@code output} (given as {@code option}) that is one of {@code inputs} (by their
     * options) or the model file ("-": standard input), through a link or not: writing it would
     * destroy that input. {@code written} is the key of what would be written there.
     */
    static void requireNotAnInput(CommandLine cli, String option, Path output, Map<String, Path> inputs, String modelFile,
                                  String written) {
        Map<Text, Path> named = new LinkedHashMap<>();
        inputs.forEach((name, file) -> named.put(Text.of("usage.input_option", name, file), file));
        if (!modelFile.equals("-")) {
            named.put(Text.of("usage.input_model", modelFile), Path.of(modelFile));
        }
        named.forEach((input, file) -> {
            if (sameFile(output, file)) {
                throw new UsageError(cli, "usage.output_is_input", option, output, input, Text.of(written));
            }
        });
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
