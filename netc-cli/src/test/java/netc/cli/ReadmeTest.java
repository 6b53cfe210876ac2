package netc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import netc.TestFiles;
import org.junit.jupiter.api.Test;

/** The README shows what netc really prints. */
class ReadmeTest {
    @Test
    void errorExampleIsRealOutput() {
        String readme = TestFiles.read(Path.of("README.md"));
        String command = "$ ./netc check docs/examples/bad.net\n";
        int start = readme.indexOf(command) + command.length();
        String shown = readme.substring(start, readme.indexOf("```", start));
        CliRunner.Run run = CliRunner.run("check", "docs/examples/bad.net", "--color", "never");
        assertEquals(1, run.exitCode());
        assertEquals(shown, run.err());
    }
}
