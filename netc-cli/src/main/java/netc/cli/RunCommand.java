package netc.cli;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import netc.backend.InMemoryCompiler;
import netc.backend.JavaGenerator;
import netc.runtime.AtomicWrite;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true)
final class RunCommand implements Callable<Integer> {
    private final InputStream stdin;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    private ModelGeneration generation;

    @Option(names = "--weights", required = true, paramLabel = "W")
    private Path weights;

    @Option(names = "--input", required = true, paramLabel = "IN")
    private Path input;

    @Option(names = "--output", required = true, paramLabel = "OUT")
    private Path output;

    RunCommand(InputStream stdin) {
        this.stdin = stdin;
    }

    @Override
    public Integer call() {
        CommandLine cli = spec.commandLine();
        Inputs.requireExisting(cli, List.of(weights.toString(), input.toString()));
        checkOutput(cli);
        ModelGeneration.Result<JavaGenerator.GeneratedJava> result =
            generation.generate(cli, stdin, (model, source) -> JavaGenerator.generate(model, ""));
        if (result.generated() == null) {
            return result.exitCode();
        }
        String[] args = {"--weights", weights.toString(), "--input", input.toString(), "--output", output.toString()};
        try {
            Class<?> program = CompiledClassCache.fromEnvironment(System.getenv()).load(result.generated());
            program.getMethod("main", String[].class).invoke(null, (Object) args);
            return 0;
        } catch (InMemoryCompiler.CompilationException e) {
            cli.getErr().println("error: " + e.getMessage());
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Error) {
                throw (Error) e.getCause(); // out of memory or stack: an internal failure, not the input's
            }
            cli.getErr().println("error: " + e.getCause().getMessage());
        } catch (ReflectiveOperationException e) {
            cli.getErr().println(LanguageOption.text(cli, "run.cannot_run", e));
        }
        return 1;
    }

    /**
     * Before anything is read: the output must not be one of the inputs (through a link or not),
     * since writing it would destroy that input, and it must be writable.
     */
    private void checkOutput(CommandLine cli) {
        Map<String, Path> inputs = new LinkedHashMap<>();
        inputs.put("--weights", weights);
        inputs.put("--input", input);
        Inputs.requireNotAnInput(cli, "--output", output, inputs, generation.options.file, "usage.the_output");
        try {
            AtomicWrite.probe(output);
        } catch (IOException e) {
            throw new UsageError(cli, "usage.option_failed", "--output", e.getMessage());
        }
    }
}
