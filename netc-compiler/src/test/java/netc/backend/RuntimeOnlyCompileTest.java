package netc.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import netc.TestFiles;
import netc.runtime.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generated code needs netc-runtime and nothing else: the module holds the package netc.runtime
 * alone, and the class of every sample compiles with that module as the whole class path.
 */
class RuntimeOnlyCompileTest {
    @TempDir
    Path tmp;

    @Test
    void theRuntimeModuleHoldsOnlyThePackageNetcRuntime() throws Exception {
        List<String> classes = classesOf(runtimeModule());
        assertTrue(classes.contains("netc/runtime/Tensor.class"), classes::toString);
        assertEquals(List.of(), classes.stream().filter(c -> !c.startsWith("netc/runtime/")).toList());
    }

    @Test
    void everySampleCompilesWithTheRuntimeAloneOnTheClassPath() throws Exception {
        List<Path> sources = new ArrayList<>();
        try (Stream<Path> samples = Files.list(TestFiles.SAMPLES)) {
            for (Path sample : samples.filter(p -> p.toString().endsWith(".net")).sorted().toList()) {
                JavaGenerator.GeneratedJava java = JavaGenerator.generate(GeneratedModels.analyze(sample), "samples");
                sources.add(Files.writeString(tmp.resolve(java.className() + ".java"), java.source()));
            }
        }
        assertEquals(19, sources.size());
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Path classes = Files.createDirectories(tmp.resolve("classes"));
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            List<String> options = List.of("--release", "17", "-proc:none", "-classpath",
                runtimeModule().toString(), "-d", classes.toString());
            boolean compiled = javac.getTask(new StringWriter(), files, diagnostics, options, null,
                files.getJavaFileObjectsFromPaths(sources)).call();
            assertTrue(compiled, () -> diagnostics.getDiagnostics().toString());
        }
        try (Stream<Path> written = Files.list(classes.resolve("samples"))) {
            assertEquals(19, written.filter(p -> !p.getFileName().toString().contains("$")).count());
        }
    }

    /** Where the runtime's classes are: netc-runtime's target/classes, or its jar. */
    private static Path runtimeModule() throws URISyntaxException {
        return Path.of(Tensor.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static List<String> classesOf(Path location) throws IOException {
        if (Files.isDirectory(location)) {
            try (Stream<Path> files = Files.walk(location)) {
                return files.filter(p -> p.toString().endsWith(".class"))
                    .map(p -> location.relativize(p).toString().replace('\\', '/')).sorted().toList();
            }
        }
        try (JarFile jar = new JarFile(location.toFile())) {
            return jar.stream().map(e -> e.getName()).filter(n -> n.endsWith(".class")).sorted()
                .collect(Collectors.toList());
        }
    }
}
