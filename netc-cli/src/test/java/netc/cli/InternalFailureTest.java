package netc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Anything thrown that no command handles: one line, exit code 3, the trace only with NETC_DEBUG=1. */
class InternalFailureTest {
    private static final String HOW_TO_REPORT = "; please report it with the command line and its input files "
        + "(NETC_DEBUG=1 prints the stack trace)";

    @TempDir
    Path tmp;

    @Test
    void oneLineAndExitCodeThree() {
        StringWriter err = new StringWriter();
        int code = InternalFailure.report(new IllegalStateException("a bug"), new PrintWriter(err), false,
            Locale.ENGLISH);
        assertEquals(3, code);
        assertEquals("netc: internal error: java.lang.IllegalStateException: a bug" + HOW_TO_REPORT + "\n",
            err.toString().replace(System.lineSeparator(), "\n"));
    }

    @Test
    void inTheLanguageAskedFor() {
        StringWriter err = new StringWriter();
        InternalFailure.report(new IllegalStateException("a bug"), new PrintWriter(err), false,
            Locale.forLanguageTag("zh-CN"));
        assertEquals("netc: 内部错误：java.lang.IllegalStateException: a bug；请连同命令行和它的输入文件一起报告"
            + "（NETC_DEBUG=1 会打印堆栈跟踪）\n", err.toString().replace(System.lineSeparator(), "\n"));
    }

    @Test
    void theTraceOnlyWhenAskedFor() {
        StringWriter err = new StringWriter();
        InternalFailure.report(new StackOverflowError(), new PrintWriter(err), true, Locale.ENGLISH);
        List<String> lines = err.toString().lines().toList();
        assertEquals("netc: internal error: java.lang.StackOverflowError" + HOW_TO_REPORT, lines.get(0));
        assertEquals("java.lang.StackOverflowError", lines.get(1));
        assertTrue(lines.get(2).startsWith("\tat netc.cli.InternalFailureTest."), lines.get(2));
    }

    /**
     * A real OutOfMemoryError outside the analysis (which reports its own as E005): a legal model that
     * checks in a 16 MB heap, but whose JSON summary does not fit beside it.
     */
    @Test
    void runningOutOfMemoryExitsWithThree() throws Exception {
        Path model = Files.writeString(tmp.resolve("big.net"),
            "model Big {\n    input x: [3]\n    repeat 12000 { linear(3, 3) }\n}\n");
        Process quiet = netc(model, false);
        String err = new String(quiet.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(quiet.waitFor(120, TimeUnit.SECONDS));
        assertEquals(3, quiet.exitValue(), err);
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.startsWith("netc: internal error: java.lang.OutOfMemoryError: "), err);
        assertTrue(err.endsWith(HOW_TO_REPORT + "\n"), err);

        Process debug = netc(model, true);
        String trace = new String(debug.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(debug.waitFor(120, TimeUnit.SECONDS));
        assertEquals(3, debug.exitValue(), trace);
        assertTrue(trace.startsWith("netc: internal error: java.lang.OutOfMemoryError: "), trace);
        assertTrue(trace.contains("\n\tat "), trace);
    }

    private static Process netc(Path model, boolean debug) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx16m", "-XX:+UseSerialGC", "-cp",
            System.getProperty("java.class.path"), "netc.cli.Main", "summary", "--format", "json", model.toString())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().remove("NETC_DEBUG");
        if (debug) {
            builder.environment().put("NETC_DEBUG", "1");
        }
        return builder.start();
    }
}
