package netc.backend;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import netc.runtime.Tensor;

/**
 * Compiles generated source with the JDK's compiler, in memory, against the netc runtime this
 * program runs with, and loads the result. Needs a JDK, not just a JRE.
 */
public final class InMemoryCompiler {
    private InMemoryCompiler() {
    }

    /** Source that does not compile, or no compiler to compile it with. */
    public static final class CompilationException extends Exception {
        private static final long serialVersionUID = 1L;

        public CompilationException(String message) {
            super(message);
        }
    }

    /** The class files of one compiled source, by class name, and the class to run among them. */
    public record CompiledClasses(String mainClass, Map<String, byte[]> classes) {
        public CompiledClasses {
            classes = Map.copyOf(classes);
        }

        /** Defines the classes in a loader of their own, below the runtime's, and returns the main one. */
        public Class<?> load() throws CompilationException {
            ClassLoader loader = new ClassLoader(Tensor.class.getClassLoader()) {
                @Override
                protected Class<?> findClass(String name) throws ClassNotFoundException {
                    byte[] code = classes.get(name);
                    if (code == null) {
                        throw new ClassNotFoundException(name);
                    }
                    return defineClass(name, code, 0, code.length);
                }
            };
            try {
                return loader.loadClass(mainClass);
            } catch (ClassNotFoundException e) {
                throw new CompilationException("the compiled class " + mainClass + " is missing");
            }
        }
    }

    /** Compiles {@code generated} and loads its class. */
    public static Class<?> compile(JavaGenerator.GeneratedJava generated) throws CompilationException {
        return compileClasses(generated).load();
    }

    /** Compiles {@code generated} into class files, loading nothing. */
    public static CompiledClasses compileClasses(JavaGenerator.GeneratedJava generated) throws CompilationException {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new CompilationException("no Java compiler is available: run netc on a JDK, not a JRE");
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        StandardJavaFileManager standard = compiler.getStandardFileManager(diagnostics, Locale.ROOT, null);
        ClassFiles classFiles = new ClassFiles(standard);
        List<String> options = List.of("-classpath", runtimeClassPath(), "-proc:none", "-g");
        StringWriter output = new StringWriter();
        boolean compiled = compiler.getTask(output, classFiles, diagnostics, options, null,
            List.of(new Source(generated))).call();
        if (!compiled) {
            StringBuilder message = new StringBuilder("the generated code of " + generated.className()
                + " does not compile:");
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                message.append("\n  line ").append(d.getLineNumber()).append(": ").append(d.getMessage(Locale.ROOT));
            }
            throw new CompilationException(message.toString());
        }
        return new CompiledClasses(generated.qualifiedName(), classFiles.bytes());
    }

    /**
     * What generated classes are compiled against, where that is one jar: its location, size and
     * time, and the Java release, so that classes cached for one build of netc are never loaded by
     * another; empty where the runtime is a folder of classes (a development build), which changes
     * without a trace.
     */
    public static Optional<String> runtimeFingerprint() {
        try {
            Path runtime = Path.of(runtimeClassPath());
            if (!Files.isRegularFile(runtime)) {
                return Optional.empty();
            }
            return Optional.of(runtime.toAbsolutePath() + " " + Files.size(runtime) + " "
                + Files.getLastModifiedTime(runtime).toMillis() + " java " + Runtime.version().feature());
        } catch (CompilationException | IOException | InvalidPathException e) {
            return Optional.empty();
        }
    }

    /** Where the runtime's classes come from: the netc jar, or target/classes when run from a build. */
    private static String runtimeClassPath() throws CompilationException {
        CodeSource source = Tensor.class.getProtectionDomain().getCodeSource();
        if (source == null) {
            return System.getProperty("java.class.path");
        }
        try {
            return Path.of(source.getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new CompilationException("cannot locate the netc runtime: " + e.getMessage());
        }
    }

    /** The source of one generated class, held as a string. */
    private static final class Source extends SimpleJavaFileObject {
        private final String code;

        Source(JavaGenerator.GeneratedJava generated) {
            super(URI.create("string:///" + generated.qualifiedName().replace('.', '/') + Kind.SOURCE.extension),
                Kind.SOURCE);
            this.code = generated.source();
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return code;
        }
    }

    /** One compiled class file, kept in memory. */
    private static final class ClassFile extends SimpleJavaFileObject {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        ClassFile(String className) {
            super(URI.create("bytes:///" + className.replace('.', '/') + Kind.CLASS.extension), Kind.CLASS);
        }

        @Override
        public OutputStream openOutputStream() {
            return bytes;
        }
    }

    /** Sends the compiler's class files to memory and loads them from there. */
    private static final class ClassFiles extends ForwardingJavaFileManager<JavaFileManager> {
        private final Map<String, ClassFile> classes = new HashMap<>();

        ClassFiles(JavaFileManager standard) {
            super(standard);
        }

        @Override
        public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                                                   FileObject sibling) {
            ClassFile file = new ClassFile(className);
            classes.put(className, file);
            return file;
        }

        Map<String, byte[]> bytes() {
            Map<String, byte[]> bytes = new HashMap<>();
            classes.forEach((name, file) -> bytes.put(name, file.bytes.toByteArray()));
            return bytes;
        }
    }
}
