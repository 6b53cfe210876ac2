package netc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TorchCommandTest {
    @TempDir
    Path temp;

    @Test
    void writesTheModuleNamedAfterTheFile() throws Exception {
        CliRunner.Run run = CliRunner.run("torch", "samples/simple.net", "-o", temp.toString());
        Path file = temp.resolve("simple.py");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("wrote " + file + "\n", run.out());
        assertEquals(Files.readString(Path.of("netc-compiler/src/test/resources/torch/simple.py"), StandardCharsets.UTF_8),
            Files.readString(file, StandardCharsets.UTF_8));
    }

    @Test
    void dashWritesToStandardOutput() throws Exception {
        CliRunner.Run run = CliRunner.run("torch", "samples/lenet5.net", "-o", "-");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(Files.readString(Path.of("netc-compiler/src/test/resources/torch/lenet5.py"), StandardCharsets.UTF_8),
            run.out());
        assertEquals("", run.err());
    }

    @Test
    void setChangesTheDefaultsOfTheModelClasssArguments() {
        CliRunner.Run run = CliRunner.run("torch", "samples/mobilenet_v2.net", "--set", "classes=7", "-o", "-");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("\n    def __init__(self, classes: int = 7) -> None:\n"), run.out());
        assertTrue(run.out().contains("\n            nn.Linear(1280, classes),\n"), run.out());
        assertTrue(run.out().contains("\n        x = self.classifier(x)  # [-1, 7]\n"), run.out());
    }

    @Test
    void aGroupItCannotWriteIsErrorE603() {
        CliRunner.Run run = CliRunner.runWithInput("model M {\n    input x: [4]\n"
            + "    body: (linear(4, 4) -> F.relu -> linear(4, 2))\n}\n", "torch", "-", "-o", temp.toString());
        assertEquals(1, run.exitCode());
        assertEquals("<stdin>:3:38: error[E603]: the PyTorch backend writes a group as nn.Sequential, called once; "
            + "this group's steps are interrupted by a step outside it", run.err().lines().findFirst().orElse(""));
        assertEquals("", run.out());
    }

    @Test
    void anOutputThatIsAFileIsAUsageErrorAndTheFileIsKept() throws Exception {
        Path file = Files.writeString(temp.resolve("out"), "kept");
        CliRunner.Run run = CliRunner.run("torch", "samples/simple.net", "-o", file.toString());
        assertEquals(2, run.exitCode());
        assertEquals("-o: " + file + " is a file, not a directory", run.err().lines().findFirst().orElse(""));
        assertEquals("kept", Files.readString(file, StandardCharsets.UTF_8));
    }
}
