package netc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile input gets a located diagnostic and exit code 1: never a stack trace, a hang or running out of memory. */
class RobustnessTest {
    @TempDir
    Path tmp;

    @Test
    void emptyFile() throws IOException {
        assertFirstError(write("empty.net", ""), "1:1: error[E407]: this file defines no model");
    }

    @Test
    void binaryGarbage() throws IOException {
        byte[] bytes = new byte[4096];
        new Random(7).nextBytes(bytes);
        bytes[0] = 'm';
        bytes[1] = '\n';
        bytes[2] = (byte) 0xFF;
        Path file = tmp.resolve("garbage.net");
        Files.write(file, bytes);
        assertFirstError(file, "2:1: error[E002]: this file is not UTF-8 text: byte 0xFF at offset 2 cannot be decoded");
    }

    @Test
    void controlCharactersAndNulBytes() throws IOException {
        Path file = write("controls.net", "model A {\n  input x: [3]\n\u0000\u0001 relu\n}\n");
        assertFirstError(file, "3:1: error[E104]: unexpected character U+0000");
    }

    @Test
    void tenMegabytesOfJunkStopAtTheCap() throws IOException {
        StringBuilder junk = new StringBuilder("model A {\n");
        Random random = new Random(1);
        String alphabet = "@#$?`~\\";
        while (junk.length() < 10_000_000) {
            junk.append(alphabet.charAt(random.nextInt(alphabet.length())));
            junk.append(random.nextInt(40) == 0 ? "\n" : " ");
        }
        CliRunner.Run run = assertFirstError(write("junk.net", junk.toString()), "2:1: error[E104]: unexpected character '");
        assertTrue(run.err().contains("error[E004]: "), "capped");
        assertTrue(run.err().length() < 100_000, "output stays small: " + run.err().length());
    }

    @Test
    void tenMegabytesOfLayersWithOneErrorAtTheEnd() throws IOException {
        StringBuilder text = new StringBuilder("model Long {\n    input x: [64]\n");
        int lines = 2;
        while (text.length() < 10_000_000) {
            text.append("    linear(64, 64) -> relu\n");
            lines++;
        }
        text.append("    linear(65, 10)\n}\n");
        assertFirstError(write("long.net", text.toString()), (lines + 1) + ":5: error[E201]: linear expects 65 input "
            + "features, but the incoming tensor is [-1, 64]");
    }

    @Test
    void tenThousandNestedParentheses() throws IOException {
        String text = "model Deep {\n    input x: [3]\n    " + "(".repeat(10_000) + "relu" + ")".repeat(10_000) + "\n}\n";
        assertFirstError(write("deep.net", text), "3:204: error[E105]: brackets nest deeper than 200 levels here");
    }

    /** A million signs took half a minute and a gigabyte of stack: signs nest as brackets do. */
    @Test
    void prefixOperatorsCountAsNesting() throws IOException {
        String signs = "model Signs {\n    input x: [3]\n    view(" + "-".repeat(10_000) + "1)\n}\n";
        assertFirstError(write("signs.net", signs),
            "3:208: error[E105]: brackets and prefix operators nest deeper than 200 levels here");
        String mixed = "model Mixed {\n    input x: [3]\n    view(" + "-(".repeat(100) + "3" + ")".repeat(101) + "\n}\n";
        assertFirstError(write("mixed.net", mixed),
            "3:208: error[E105]: brackets and prefix operators nest deeper than 200 levels here");
    }

    @Test
    void signsWithinTheLimitAreEvaluated() throws IOException {
        String text = "model Signs {\n    input x: [3]\n    linear(3, " + "-".repeat(198) + "2)\n}\n";
        CliRunner.Run run = CliRunner.run("summary", write("signs.net", text).toString(), "--format", "json");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("\"output_shape\": [-1, 2]"), run.out());
    }

    @Test
    void longChainsAndDeepArithmeticNeedNoDeepRecursion() throws IOException {
        String chain = "model Chain {\n    input x: [3]\n    relu" + " -> relu".repeat(100_000) + " -> linear(4, 2)\n}\n";
        assertFirstError(write("chain.net", chain), "3:800013: error[E201]: linear expects 4 input features");
        String sum = "model Sum {\n    input x: [3]\n    linear(_, 1" + " + 1".repeat(50_000) + ") -> foo\n}\n";
        assertFirstError(write("sum.net", sum), "3:");
    }

    /** Running out of memory printed a stack trace and exited 0. */
    @Test
    void aFileNeedingMoreMemoryThanTheHeapIsAnError() throws IOException, InterruptedException {
        Path file = write("layers.net", "model M {\n    input x: [3]\n" + "    relu\n".repeat(200_000) + "}\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xmx32m", "-cp", System.getProperty("java.class.path"),
            "netc.cli.Main", "check", file.toString(), "--color", "never").redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, process.waitFor(), err);
        assertTrue(err.startsWith(file + ":1:1: error[E005]: checking this file needs more memory than netc has ("),
            err);
        assertFalse(err.contains("\tat "), "no stack trace: " + err);
    }

    @Test
    void fortyDigitInteger() throws IOException {
        assertFirstError(write("big.net", "model A {\n    input x: [1234567890123456789012345678901234567890]\n}\n"),
            "2:15: error[E106]: the integer 12345678901234567890... (40 digits) does not fit in 64 bits");
    }

    @Test
    void shapeBeyondTwoToTheSixtyThree() throws IOException {
        assertFirstError(write("huge.net", "model A {\n    input x: [3037000500, 3037000500, 2]\n    relu\n}\n"),
            "2:14: error[E207]: this shape has more than 2^63 elements");
    }

    @Test
    void notUtf8() throws IOException {
        byte[] latin1 = "model A {\n    input x: [3] // caf\u00e9\n}\n".getBytes(StandardCharsets.ISO_8859_1);
        Path file = tmp.resolve("latin1.net");
        Files.write(file, latin1);
        assertFirstError(file, "2:24: error[E002]: this file is not UTF-8 text: byte 0xE9 at offset 33 cannot be decoded");
    }

    private CliRunner.Run assertFirstError(Path file, String expectedStart) {
        CliRunner.Run run = CliRunner.run("check", file.toString(), "--color", "never");
        assertEquals(1, run.exitCode(), run.err());
        assertTrue(run.err().startsWith(file + ":" + expectedStart), run.err().substring(0,
            Math.min(600, run.err().length())));
        assertFalse(run.err().contains("Exception") || run.err().contains("\tat "), "no stack trace");
        return run;
    }

    private Path write(String name, String text) throws IOException {
        Path file = tmp.resolve(name);
        Files.writeString(file, text);
        return file;
    }
}
