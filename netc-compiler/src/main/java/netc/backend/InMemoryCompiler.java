package netc.backend;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

    /** Compiles {@code generated} and loads its class. */
    public static Class<?> compile(JavaGenerator.GeneratedJava generated) throws CompilationException {
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
        try {
            return classFiles.loader().loadClass(generated.qualifiedName());
        } catch (ClassNotFoundException e) {
            throw new CompilationException("the compiled class " + generated.qualifiedName() + " is missing");
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

        ClassLoader loader() {
            return new ClassLoader(Tensor.class.getClassLoader()) {
                @Override
                protected Class<?> findClass(String name) throws ClassNotFoundException {
                    ClassFile file = classes.get(name);
                    if (file == null) {
                        throw new ClassNotFoundException(name);
                    }
                    byte[] code = file.bytes.toByteArray();
                    return defineClass(name, code, 0, code.length);
                }
            };
        }
    }
}
