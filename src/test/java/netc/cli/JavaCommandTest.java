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
    void aLayerWithoutJavaCodeIsAnError() throws Exception {
        Path model = temp.resolve("nostats.net");
        Files.writeString(model, "model NoStats {\n    input x: [3, 8, 8]\n    batchnorm2d(3, track_running_stats=false)\n}\n");
        CliRunner.Run run = CliRunner.run("java", model.toString(), "-o", temp.toString());
        assertEquals(1, run.exitCode());
        assertEquals(model + ":3:5: error[E601]: the Java backend cannot generate batchnorm2d without running "
            + "statistics (track_running_stats=false): eval mode then normalises with batch statistics",
            run.err().lines().findFirst().orElse(""));
        assertEquals("", run.out());
    }

    @Test
    void aBadPackageNameIsAUsageError() {
        CliRunner.Run run = CliRunner.run("java", "samples/simple.net", "--package", "demo..x", "-o", temp.toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith("--package: not a Java package name: demo..x"), run.err());
    }
}
