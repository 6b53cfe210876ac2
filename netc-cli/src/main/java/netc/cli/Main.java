package netc.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import netc.diagnostics.Messages;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The netc command line: the only place that prints or exits. */
@Command(name = "netc", mixinStandardHelpOptions = true, versionProvider = Version.class)
public final class Main implements Runnable {
    /** The commands, in the order netc --help lists them. */
    private static final List<Class<?>> COMMANDS = List.of(CheckCommand.class, SummaryCommand.class,
        ExplainCommand.class, LayersCommand.class, JavaCommand.class, RunCommand.class, TorchCommand.class,
        GraphCommand.class, OnnxCommand.class, ImportCommand.class, LspCommand.class, CommandLine.HelpCommand.class);

    /** Deep enough for the deepest nesting the parser accepts, on any JVM default. */
    private static final long STACK_BYTES = 512L * 1024 * 1024;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /**
     * Read before parsing ({@link LanguageOption#requested}), for the help and usage errors of
     * {@code netc} itself (netc --help --lang zh-CN), and by a command given none of its own
     * (netc --lang zh-CN check m.net); hidden, as the root's usage line was without it.
     */
    @CommandLine.Option(names = LanguageOption.OPTION, hidden = true, paramLabel = "LANG")
    private String lang;

    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err));
    }

    /** Runs netc as the command line would, on a thread with a large stack; returns the exit code. */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        // Stays 1 if the worker dies of an error no command caught: never exit 0 after a failure.
        AtomicInteger code = new AtomicInteger(1);
        Thread worker = new Thread(null, () -> code.set(execute(args, in, out, err)), "netc", STACK_BYTES);
        worker.start();
        try {
            worker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        return code.get();
    }

    private static int execute(String[] args, InputStream in, PrintStream out, PrintStream err) {
        PrintWriter errors = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        boolean debug = InternalFailure.debugRequested();
        Locale language = LanguageOption.requested(args);
        try {
            CommandLine cli = commandLine(in, out, language, named(args));
            cli.setOut(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true));
            cli.setErr(errors);
            cli.setExecutionExceptionHandler((failure, command, parsed) ->
                InternalFailure.report(failure, errors, debug, language));
            cli.setParameterExceptionHandler(UsageErrors::print);
            return cli.execute(args);
        } catch (Throwable failure) { // an Error: picocli hands only Exceptions to the handler above
            return InternalFailure.report(failure, errors, debug, language);
        }
    }

    /** Every command, their help in {@code language}. */
    static CommandLine commandLine(InputStream in, PrintStream out, Locale language) {
        return commandLine(in, out, language, null);
    }

    /**
     * The commands, their help in {@code language}: only {@code command} when it is one (null: all).
     * picocli reads a command's annotations by reflection, which took most of the start-up time of a
     * short run when every command was read; netc --help, help, a misspelt command and none at all
     * still read them all, to list them or suggest one.
     */
    private static CommandLine commandLine(InputStream in, PrintStream out, Locale language, Class<?> command) {
        CommandLine cli = new CommandLine(new Main(), new Factory(in, out));
        for (Class<?> each : COMMANDS) {
            if (command == null || each == command) {
                cli.addSubcommand(each);
            }
        }
        cli.setResourceBundle(Messages.bundle(LanguageOption.HELP_BUNDLE, language));
        return cli;
    }

    /**
     * The command the arguments name, when reading it alone parses them as reading all would: only
     * {@code --lang X} or {@code --lang=X} may come before it, and X no command's name (picocli takes
     * that for the command, not the value). Null otherwise (help, --version, "--", a misspelt command,
     * none), which reads them all.
     */
    static Class<?> named(String[] args) {
        int i = 0;
        while ((i < args.length && args[i].startsWith(LanguageOption.OPTION + "="))
            || (i + 1 < args.length && args[i].equals(LanguageOption.OPTION) && command(args[i + 1]) == null)) {
            i += args[i].equals(LanguageOption.OPTION) ? 2 : 1;
        }
        return i < args.length ? command(args[i]) : null;
    }

    /** The command called {@code name}; null when none is (help is read with all the others). */
    private static Class<?> command(String name) {
        for (Class<?> each : COMMANDS) {
            if (each != CommandLine.HelpCommand.class && each.getAnnotation(Command.class).name().equals(name)) {
                return each;
            }
        }
        return null;
    }

    @Override
    public void run() {
        throw new UsageError(spec.commandLine(), "usage.needs_command");
    }

    /** Hands standard input to the commands that read "-", and both streams to the language server. */
    private static final class Factory implements CommandLine.IFactory {
        private final InputStream in;
        private final PrintStream out;

        Factory(InputStream in, PrintStream out) {
            this.in = in;
            this.out = out;
        }

        @Override
        public <K> K create(Class<K> type) throws Exception {
            if (type == CheckCommand.class) {
                return type.cast(new CheckCommand(in));
            }
            if (type == SummaryCommand.class) {
                return type.cast(new SummaryCommand(in));
            }
            if (type == ExplainCommand.class) {
                return type.cast(new ExplainCommand(in));
            }
            if (type == LspCommand.class) {
                return type.cast(new LspCommand(in, out));
            }
            if (type == JavaCommand.class) {
                return type.cast(new JavaCommand(in));
            }
            if (type == TorchCommand.class) {
                return type.cast(new TorchCommand(in));
            }
            if (type == GraphCommand.class) {
                return type.cast(new GraphCommand(in));
            }
            if (type == RunCommand.class) {
                return type.cast(new RunCommand(in));
            }
            if (type == OnnxCommand.class) {
                return type.cast(new OnnxCommand(in));
            }
            return CommandLine.defaultFactory().create(type);
        }
    }
}
