package netc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import netc.diagnostics.Messages;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/** Every command's help from the Help bundle, in English and Simplified Chinese. */
class HelpTest {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{[^}]+\\}|%n");
    /** The sections picocli reads from the bundle for a command (usage.description.0, ... included). */
    private static final List<String> SECTIONS = List.of("usage.description", "usage.header", "usage.synopsisHeading",
        "usage.commandListHeading", "usage.exitCodeListHeading", "usage.exitCodeList");

    @Test
    void checksHelpInChineseIsAsWritten() {
        CliRunner.Run run = CliRunner.run("check", "--help", "--lang", "zh-CN");
        assertEquals(0, run.exitCode());
        assertEquals("""
            用法：netc check [-hV] [--color=WHEN] [--format=FORMAT] [--lang=LANG]
                          [--max-layers=N] FILE...
            报告这些文件（及其中所有模型）的每一个语法错误和形状错误。
                  FILE...           模型文件；- 表示从标准输入读取。
                  --color=WHEN      诊断信息的颜色：auto, always, never（默认：auto）。
                  --format=FORMAT   text（输出到标准错误，供人阅读），或 json、sarif（所有文
                                      件合成一个文档，输出到标准输出）：text, json, sarif
                                      （默认：text）。
              -h, --help            显示此帮助信息并退出。
                  --lang=LANG       消息的语言：en 或 zh-CN（默认：系统区域设置的语言，否则
                                      为 en）。
                  --max-layers=N    一个模型最多可展开成多少次层调用（默认：1000000）。
              -V, --version         显示版本信息并退出。
            """, run.out());
        assertTrue(CliRunner.run("--lang", "zh-CN", "--help").out().startsWith("用法：netc [-hV] [COMMAND]\n"
            + "检查神经网络模型文件（.net），打印其摘要表格并生成 Java 代码。\n"));
    }

    @Test
    void englishHelpIsAsBefore() {
        CliRunner.Run run = CliRunner.run("explain", "--help", "--lang", "en");
        assertEquals("""
            Usage: netc explain [-hV] [--at=LABEL|LINE[:COL]] [--color=WHEN] [--lang=LANG]
                                [--max-layers=N] [--model=NAME] [--set=NAME=VALUE]... FILE
            Shows how each layer's output shape and parameter count are worked out, with
            the model's numbers.
                  FILE               The model file; - reads standard input.
                  --at=LABEL|LINE[:COL]
                                     Only the layer calls of this label (conv1, features.
                                       0), or on this line (at this column).
                  --color=WHEN       Colour diagnostics: auto, always, never (default:
                                       auto).
              -h, --help             Show this help message and exit.
                  --lang=LANG        The language of messages: en or zh-CN (default: the
                                       locale's, else en).
                  --max-layers=N     The most layer calls a model may expand to (default:
                                       1000000).
                  --model=NAME       The model to work on, when the file has several.
                  --set=NAME=VALUE   Sets a model parameter (repeatable).
              -V, --version          Print version information and exit.
            """, run.out());
    }

    /**
     * Each command, option and parameter has a text in both languages, with the same variables; the
     * bundle has no key picocli never reads.
     */
    @Test
    void everyCommandAndOptionHasItsTextAndEveryKeyIsRead() {
        ResourceBundle english = Messages.bundle(LanguageOption.HELP_BUNDLE, Locale.ROOT);
        Set<String> read = new TreeSet<>(List.of("mixinStandardHelpOptions.help", "mixinStandardHelpOptions.version"));
        for (Locale language : List.of(Locale.ROOT, Locale.SIMPLIFIED_CHINESE)) {
            for (CommandSpec command : commands(language)) {
                String name = command.qualifiedName(".");
                for (String section : SECTIONS) {
                    read.add(name + "." + section);
                    read.add(section);
                }
                assertFalse(String.join("", command.usageMessage().description()).isEmpty()
                    && command.usageMessage().header().length == 0, name);
                List<ArgSpec> args = new ArrayList<>(command.options());
                args.addAll(command.positionalParameters());
                for (ArgSpec arg : args) {
                    if (arg.hidden()) {
                        continue;
                    }
                    String text = String.join(" ", arg.description());
                    assertFalse(text.isEmpty(), name + " " + arg);
                    List<String> keys = new ArrayList<>(List.of(arg.descriptionKey()));
                    if (arg.isOption()) {
                        for (String option : ((CommandLine.Model.OptionSpec) arg).names()) {
                            keys.add(option.replaceFirst("^-+", ""));
                        }
                    }
                    for (String key : keys) {
                        read.add(name + "." + key);
                        read.add(key);
                    }
                }
            }
        }
        ResourceBundle chinese = Messages.bundle(LanguageOption.HELP_BUNDLE, Locale.SIMPLIFIED_CHINESE);
        for (String key : english.keySet()) {
            assertTrue(read.contains(key.replaceFirst("\\.\\d+$", "")), "a key picocli never reads: " + key);
            assertEquals(variables(english.getString(key)), variables(chinese.getString(key)), key);
        }
    }

    /**
     * Only the command named is read (picocli's reflection over all of them was most of a short run's
     * start-up), and only where reading it alone cannot change what picocli makes of the arguments.
     */
    @Test
    void theCommandNamedIsTheOneRead() {
        assertEquals(CheckCommand.class, Main.named(new String[] {"check", "m.net"}));
        assertEquals(SummaryCommand.class, Main.named(new String[] {"--lang", "zh-CN", "summary", "m.net"}));
        assertEquals(null, Main.named(new String[] {"--lang", "check", "summary"}));
        assertEquals(null, Main.named(new String[] {"--", "check", "m.net"}));
        assertEquals(null, Main.named(new String[] {"-h", "check"}));
        assertEquals(TorchCommand.class, Main.named(new String[] {"--lang=zh-CN", "torch"}));
        assertEquals(null, Main.named(new String[] {"help", "check"}));
        assertEquals(null, Main.named(new String[] {"chek", "m.net"}));
        assertEquals(null, Main.named(new String[] {"--version"}));
        assertEquals(null, Main.named(new String[0]));
    }

    private static List<String> variables(String text) {
        List<String> found = new ArrayList<>();
        Matcher matcher = VARIABLE.matcher(text);
        while (matcher.find()) {
            found.add(matcher.group());
        }
        return found;
    }

    private static List<CommandSpec> commands(Locale language) {
        CommandLine root = Main.commandLine(new ByteArrayInputStream(new byte[0]), new PrintStream(OutputStream.nullOutputStream()),
            language);
        List<CommandSpec> all = new ArrayList<>(List.of(root.getCommandSpec()));
        root.getSubcommands().values().forEach(sub -> all.add(sub.getCommandSpec()));
        return all;
    }
}
