package netc.cli;

import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import netc.backend.InMemoryCompiler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Generates the model's Java class, compiles it in memory and runs it on an input file.")
final class RunCommand implements Callable<Integer> {
    private final InputStream stdin;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    private JavaGeneration generation;

    @Option(names = "--weights", required = true, paramLabel = "W", description = "The weights (safetensors).")
    private Path weights;

    @Option(names = "--input", required = true, paramLabel = "IN",
        description = "The inputs (safetensors), named as the model's inputs.")
    private Path input;

    @Option(names = "--output", required = true, paramLabel = "OUT",
        description = "Where to write the output (safetensors, tensor \"output\").")
    private Path output;

    RunCommand(InputStream stdin) {
        this.stdin = stdin;
    }

    @Override
    public Integer call() {
        CommandLine cli = spec.commandLine();
        Inputs.requireExisting(cli, List.of(weights.toString(), input.toString()));
        JavaGeneration.Result result = generation.generate(cli, stdin, "");
        if (result.java() == null) {
            return result.exitCode();
        }
        String[] args = {"--weights", weights.toString(), "--input", input.toString(), "--output", output.toString()};
        try {
            Class<?> program = InMemoryCompiler.compile(result.java());
            program.getMethod("main", String[].class).invoke(null, (Object) args);
            return 0;
        } catch (InMemoryCompiler.CompilationException e) {
            cli.getErr().println("error: " + e.getMessage());
        } catch (InvocationTargetException e) {
            cli.getErr().println("error: " + e.getCause().getMessage());
        } catch (ReflectiveOperationException e) {
            cli.getErr().println("error: the generated class cannot be run: " + e);
        }
        return 1;
    }
}
