package netc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaCommandTest {
    @TempDir
    Path temp;

    @Test
    void writesTheClassUnderItsPackage() throws Exception {
        CliRunner.Run run = CliRunner.run("java", "samples/simple.net", "--package", "demo.models", "-o", temp.toString());
        Path file = temp.resolve("demo/models/SimpleModel.java");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("wrote " + file + "\n", run.out());
        assertTrue(Files.readString(file, StandardCharsets.UTF_8).contains("\npackage demo.models;\n"));
    }

    @Test
    void aBadPackageNameIsAUsageError() {
        String rule = " (each part between dots must be a Java identifier, and not a keyword or _)";
        for (String name : List.of("demo..x", "class", "_", "a.class.b", "a.true", "1a", "a-b")) {
            assertUsageError("--package: not a Java package name: " + name + rule, "--package", name, "-o",
                temp.toString());
        }
        for (String name : List.of("java", "java.lang", "java.util.models")) {
            assertUsageError("--package: " + name + " is inside the package java, which only the JDK may define",
                "--package", name, "-o", temp.toString());
        }
    }

    @Test
    void anOutputThatIsAFileIsAUsageErrorAndTheFileIsKept() throws Exception {
        Path file = Files.writeString(temp.resolve("notes.txt"), "mine");
        assertUsageError("-o: " + file + " is a file, not a directory", "-o", file.toString());
        Path below = file.resolve("generated");
        assertUsageError("-o: cannot create " + below + ": Not a directory", "-o", below.toString());
        assertEquals("mine", Files.readString(file));
    }

    @Test
    void aSecondRunReplacesTheClassAndLeavesNoTemporaryFile() throws Exception {
        Files.createDirectories(temp.resolve("demo"));
        Files.writeString(temp.resolve("demo/SimpleModel.java"), "an older version");
        CliRunner.Run run = CliRunner.run("java", "samples/simple.net", "--package", "demo", "-o", temp.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(Files.readString(temp.resolve("demo/SimpleModel.java")).contains("\npackage demo;\n"));
        try (Stream<Path> files = Files.list(temp.resolve("demo"))) {
            assertEquals(List.of("SimpleModel.java"), files.map(p -> p.getFileName().toString()).collect(Collectors.toList()));
        }
    }

    private void assertUsageError(String firstLine, String... options) {
        List<String> args = new ArrayList<>(List.of("java", "samples/simple.net"));
        args.addAll(List.of(options));
        CliRunner.Run run = CliRunner.run(args.toArray(String[]::new));
        assertEquals(2, run.exitCode(), run.err());
        assertEquals(firstLine, run.err().lines().findFirst().orElse(""));
        assertFalse(run.err().contains("\tat "), run.err());
        assertEquals("", run.out());
    }

    /** A model file named like the class it gives (SimpleModel.java) is never written over. */
    @Test
    void theModelFileIsNeverWrittenOver() throws Exception {
        String model = Files.readString(Path.of("samples/simple.net"), StandardCharsets.UTF_8);
        Path file = Files.writeString(temp.resolve("SimpleModel.java"), model);
        CliRunner.Run run = CliRunner.run("java", file.toString(), "-o", temp.toString());
        assertEquals(2, run.exitCode());
        assertEquals("-o: " + file + " is the model file " + file + ": writing the generated source would destroy it",
            run.err().lines().findFirst().orElse(""));
        assertEquals(model, Files.readString(file, StandardCharsets.UTF_8));
    }
}
