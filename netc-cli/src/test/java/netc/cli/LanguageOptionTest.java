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

    /** netc's own --lang, before the command, is the command's language when it has none of its own. */
    @Test
    void netcsLangBeforeTheCommandCounts() {
        assertTrue(CliRunner.run("--lang", "zh-CN", "check", "docs/examples/bad.net").err().endsWith("1 个错误\n"));
        assertTrue(CliRunner.run("--lang", "zh-CN", "check", "docs/examples/bad.net", "--lang", "en").err()
            .endsWith("1 error\n"));
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

    /** netc's own usage errors and the line after them, in the language of --lang. */
    @Test
    void netcsUsageErrorsAreInTheLanguageChosen() {
        CliRunner.Run run = CliRunner.run("summary", "samples/simple.net", "--style", "torchinfo", "--depth", "-1",
            "--lang", "zh-CN");
        assertEquals(2, run.exitCode());
        assertEquals("--depth 必须不小于 0，但给出的是 -1\n运行 'netc summary --help' 查看它的选项\n", run.err());
        assertEquals("--set x=99999999999999999999：整数 99999999999999999999 超出了 64 位的范围\n"
            + "运行 'netc explain --help' 查看它的选项\n",
            CliRunner.run("explain", "samples/simple.net", "--set", "x=99999999999999999999", "--lang", "zh-CN").err());
        assertEquals("-o samples/simple.net 与 模型文件 samples/simple.net 是同一个文件：写入ONNX 模型会覆盖它\n"
            + "运行 'netc onnx --help' 查看它的选项\n", CliRunner.run("onnx", "samples/simple.net", "-o",
            "samples/simple.net", "--random-weights", "--lang", "zh-CN").err());
    }

    /**
     * picocli's own usage errors (its English read back by their patterns) and its suggestions, in
     * the language of --lang, wherever it stands: picocli stops at the first bad argument, before
     * reading a --lang after it.
     */
    @Test
    void picocliUsageErrorsAreInTheLanguageChosen() {
        assertEquals("未知选项：'--colour'\n可能的选项：--color\n运行 'netc check --help' 查看它的选项\n",
            CliRunner.run("check", "--colour", "x", "--lang", "zh-CN").err());
        assertEquals("无法识别从位置 0 开始的参数：'chek', 'x'\n"
            + "你是不是想用：netc check 或 netc help 或 netc torch？\n运行 'netc --help' 查看它的选项\n",
            CliRunner.run("chek", "x", "--lang", "zh-CN").err());
        assertEquals("选项 '--depth' 的值无效：'x' 不是 int\n运行 'netc summary --help' 查看它的选项\n",
            CliRunner.run("summary", "samples/simple.net", "--depth", "x", "--lang=zh-CN").err());
        assertEquals("选项 '--style' 的值无效：应为 [torchsummary, torchinfo] 之一（区分大小写），但得到的是 'foo'\n"
            + "运行 'netc summary --help' 查看它的选项\n",
            CliRunner.run("summary", "samples/simple.net", "--style", "foo", "--lang", "zh").err());
        assertEquals("选项 '--model'（NAME） 只能指定一次\n运行 'netc summary --help' 查看它的选项\n",
            CliRunner.run("summary", "samples/simple.net", "--model", "a", "--model", "b", "--lang", "zh-CN").err());
        assertEquals("缺少必需的选项：'--output=DIR'\n运行 'netc java --help' 查看它的选项\n",
            CliRunner.run("java", "samples/simple.net", "--lang", "zh-CN").err());
        assertEquals("缺少必需的参数：'FILE'\n运行 'netc check --help' 查看它的选项\n",
            CliRunner.run("check", "--lang", "zh-CN").err());
    }

    /** The same errors in English are picocli's words, byte for byte; without --lang the locale decides. */
    @Test
    void usageErrorsAreEnglishAsPicocliWritesThemAndFollowTheLocale() {
        assertEquals("Invalid value for option '--depth': 'x' is not an int\nrun 'netc summary --help' for its options\n",
            CliRunner.run("summary", "samples/simple.net", "--depth", "x", "--lang", "en").err());
        assertEquals("Unmatched arguments from index 0: 'chek', 'x'\nDid you mean: netc check or netc help or netc torch?\n"
            + "run 'netc --help' for its options\n", CliRunner.run("chek", "x").err());
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.SIMPLIFIED_CHINESE);
            assertEquals("选项 '--depth'（N） 缺少值\n运行 'netc summary --help' 查看它的选项\n",
                CliRunner.run("summary", "samples/simple.net", "--depth").err());
            assertEquals("Missing required parameter for option '--depth' (N)\nrun 'netc summary --help' for its options\n",
                CliRunner.run("summary", "samples/simple.net", "--lang", "en", "--depth").err());
        } finally {
            Locale.setDefault(before);
        }
    }

    /** netc import's reasons have keys of their own: in Chinese, the protobuf's own words stay as they are. */
    @Test
    void importsReasonsAreInTheLanguageChosen(@TempDir Path out) {
        CliRunner.Run run = CliRunner.run("import", "samples/simple.net", "-o", out.resolve("x.net").toString(), "--lang", "zh-CN");
        assertEquals(1, run.exitCode());
        assertEquals("samples/simple.net:1:1: error[E701]: 这个文件不是 ONNX 模型：无法读取它的 protobuf（Protocol message tag had "
            + "invalid wire type.）\n1 个错误\n", run.err());
    }
}
