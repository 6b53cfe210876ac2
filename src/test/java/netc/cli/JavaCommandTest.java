package netc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
        CliRunner.Run run = CliRunner.run("java", "samples/simple.net", "--package", "demo..x", "-o", temp.toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith("--package: not a Java package name: demo..x"), run.err());
    }
}
