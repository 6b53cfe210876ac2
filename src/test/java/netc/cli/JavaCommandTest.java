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
        Path model = temp.resolve("reflect.net");
        Files.writeString(model, "model Reflect {\n    input x: [3, 8, 8]\n"
            + "    convtranspose2d(3, 3, 2, padding_mode=\"reflect\")\n}\n");
        CliRunner.Run run = CliRunner.run("java", model.toString(), "-o", temp.toString());
        assertEquals(1, run.exitCode());
        assertEquals(model + ":3:5: error[E601]: the Java backend cannot generate convtranspose2d with "
            + "padding_mode=\"reflect\" (PyTorch has none)", run.err().lines().findFirst().orElse(""));
        assertEquals("", run.out());
    }

    @Test
    void aBadPackageNameIsAUsageError() {
        CliRunner.Run run = CliRunner.run("java", "samples/simple.net", "--package", "demo..x", "-o", temp.toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith("--package: not a Java package name: demo..x"), run.err());
    }
}
