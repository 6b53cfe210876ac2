package netc.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "java", mixinStandardHelpOptions = true,
    description = "Generates a Java class that runs the model (eval mode) on the netc runtime.")
final class JavaCommand implements Callable<Integer> {
    private final InputStream stdin;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    private JavaGeneration generation;

    @Option(names = "--package", paramLabel = "PKG", description = "The package of the generated class (default: none).")
    private String packageName = "";

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR",
        description = "The source directory to write into (as PKG/Name.java).")
    private Path directory;

    JavaCommand(InputStream stdin) {
        this.stdin = stdin;
    }

    @Override
    public Integer call() throws IOException {
        CommandLine cli = spec.commandLine();
        if (!packageName.matches("([\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*)?")) {
            throw new CommandLine.ParameterException(cli, "--package: not a Java package name: " + packageName);
        }
        JavaGeneration.Result result = generation.generate(cli, stdin, packageName);
        if (result.java() == null) {
            return result.exitCode();
        }
        Path file = directory.resolve(packageName.replace('.', '/')).resolve(result.java().className() + ".java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, result.java().source(), StandardCharsets.UTF_8);
        cli.getOut().println("wrote " + file);
        return 0;
    }
}
