package netc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Locale;
import netc.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --lang on the commands that report, the default locale without it, and docs/errors.md's example. */
class LanguageOptionTest {
    private static final String EXAMPLE = "$ ./netc check docs/examples/bad.net --lang zh-CN\n";

    /** docs/errors.md shows the Chinese diagnostics exactly as netc prints them. */
    @Test
    void checkPrintsTheDocumentedChineseDiagnostics() {
        String doc = TestFiles.read(Path.of("docs/errors.md"));
        int start = doc.indexOf(EXAMPLE) + EXAMPLE.length();
        String shown = doc.substring(start, doc.indexOf("```", start));
        CliRunner.Run run = CliRunner.run("check", "docs/examples/bad.net", "--lang", "zh-CN");
        assertEquals(1, run.exitCode());
        assertEquals(shown, run.err());
        assertTrue(shown.contains("linear 期望 2048 个输入特征") && shown.endsWith("1 个错误\n"), shown);
    }

    @Test
    void englishIsTheSameWithAndWithoutTheOption() {
        CliRunner.Run english = CliRunner.run("check", "docs/examples/bad.net", "--lang", "en");
        assertEquals(CliRunner.run("check", "docs/examples/bad.net").err(), english.err());
        assertTrue(english.err().contains("error[E201]: linear expects 2048 input features, but the incoming tensor is "
            + "[-1, 4096]\n") && english.err().endsWith("1 error\n"), english.err());
    }

    /** JSON (as SARIF) carries the messages, notes, hints and fix titles in the language chosen. */
    @Test
    void jsonDiagnosticsAreInTheLanguageChosen() {
        CliRunner.Run run = CliRunner.run("check", "docs/examples/bad.net", "--format", "json", "--lang", "zh-CN");
        assertEquals(1, run.exitCode());
        assertTrue(run.out().contains("\"message\": \"linear 期望 2048 个输入特征，但输入张量是 [-1, 4096]\""), run.out());
        assertTrue(run.out().contains("\"help\": \"改写为 linear(4096, 128)，或写成 linear(_, 128) 自动推断\""), run.out());
        assertTrue(run.out().contains("\"title\": \"用 _ 自动推断\""), run.out());
        CliRunner.Run sarif = CliRunner.run("check", "docs/examples/bad.net", "--format", "sarif", "--lang", "zh");
        assertTrue(sarif.out().contains("\"text\": \"flatten 得到 64·8·8 = 4096\""), sarif.out());
    }

    /** What a generator cannot write (E602 here) reads in the language chosen too. */
    @Test
    void theGeneratorsRefusalsAreInTheLanguageChosen(@TempDir Path out) {
        CliRunner.Run run = CliRunner.runWithInput("model M {\n    input x: [3]\n    linear(3, 3000000000)\n}\n",
            "java", "-", "-o", out.toString(), "--lang", "zh-CN");
        assertEquals(1, run.exitCode());
        assertTrue(run.err().startsWith("<stdin>:3:15: error[E602]: Java 后端用 Java 的 int 保存大小，最大为 2^31-1"
            + "（2147483647），但 out_features 为 3000000000\n"), run.err());
    }

    @Test
    void aLanguageWithoutTextsIsAUsageError() {
        for (String command : new String[] {"check", "summary", "explain"}) {
            CliRunner.Run run = CliRunner.run(command, "docs/examples/bad.net", "--lang", "fr");
            assertEquals(2, run.exitCode(), command);
            assertTrue(run.err().startsWith("--lang must be en or zh-CN, but got fr\n"), run.err());
        }
    }

    /** Without --lang, the JVM's default locale (which Java reads from LANG / LC_ALL) decides. */
    @Test
    void theDefaultLocaleChoosesWithoutTheOption() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.SIMPLIFIED_CHINESE);
            CliRunner.Run chinese = CliRunner.run("summary", "docs/examples/bad.net");
            assertTrue(chinese.err().contains("linear 期望 2048 个输入特征") && chinese.err().endsWith("1 个错误\n"),
                chinese.err());
            assertEquals("文件不存在：missing.net\n", CliRunner.run("check", "missing.net").err().lines().findFirst()
                .orElseThrow() + "\n");
            Locale.setDefault(Locale.GERMANY);
            assertTrue(CliRunner.run("check", "docs/examples/bad.net").err().endsWith("1 error\n"));
        } finally {
            Locale.setDefault(before);
        }
    }
}
