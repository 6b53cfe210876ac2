package netc.cli;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import javax.lang.model.SourceVersion;
import netc.backend.JavaGenerator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "java", mixinStandardHelpOptions = true)
final class JavaCommand implements Callable<Integer> {
    private final InputStream stdin;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    private ModelGeneration generation;

    @Option(names = "--package", paramLabel = "PKG")
    private String packageName = "";

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR")
    private Path directory;

    JavaCommand(InputStream stdin) {
        this.stdin = stdin;
    }

    @Override
    public Integer call() {
        CommandLine cli = spec.commandLine();
        checkPackage(cli);
        GeneratedSource.checkDirectory(cli, directory);
        ModelGeneration.Result<JavaGenerator.GeneratedJava> result =
            generation.generate(cli, stdin, (model, source) -> JavaGenerator.generate(model, packageName));
        if (result.generated() == null) {
            return result.exitCode();
        }
        JavaGenerator.GeneratedJava java = result.generated();
        Path file = directory.resolve(packageName.replace('.', '/')).resolve(java.className() + ".java");
        GeneratedSource.write(cli, file, java.source(), generation.options.file);
        return 0;
    }

    /** A name javac accepts in a package declaration: Java identifiers, no keyword or _, and not the JDK's java. */
    private void checkPackage(CommandLine cli) {
        if (!packageName.isEmpty() && !SourceVersion.isName(packageName)) {
            throw new UsageError(cli, "usage.package_not_a_name", packageName);
        }
        if (packageName.equals("java") || packageName.startsWith("java.")) {
            throw new UsageError(cli, "usage.package_in_java", packageName);
        }
    }
}
