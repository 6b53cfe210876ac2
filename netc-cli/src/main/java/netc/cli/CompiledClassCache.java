package netc.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import netc.backend.InMemoryCompiler;
import netc.backend.JavaGenerator;
import netc.runtime.AtomicWrite;

/**
 * The class files of generated models, kept between runs of {@code netc run} under the SHA-256 of
 * their source and of the runtime they were compiled against: javac is most of a small model's
 * run. A cache that cannot be read or written is passed by, never an error: the source is compiled
 * again. {@code NETC_CACHE} names the folder ({@code off}: no cache); by default
 * {@code $XDG_CACHE_HOME/netc}, else {@code ~/.cache/netc}.
 */
final class CompiledClassCache {
    private static final String MAGIC = "netc compiled classes 1";

    /** How generated source becomes class files: javac, in memory. */
    @FunctionalInterface
    interface Compiler {
        InMemoryCompiler.CompiledClasses compile(JavaGenerator.GeneratedJava generated)
            throws InMemoryCompiler.CompilationException;
    }

    /** Null where nothing is cached. */
    private final Path folder;
    private final String runtime;
    private final Compiler compiler;

    CompiledClassCache(Path folder, String runtime, Compiler compiler) {
        this.folder = folder;
        this.runtime = runtime;
        this.compiler = compiler;
    }

    /** The cache the environment asks for; none where the runtime is not one jar (a development build). */
    static CompiledClassCache fromEnvironment(Map<String, String> environment) {
        String configured = environment.getOrDefault("NETC_CACHE", "");
        Optional<String> runtime = InMemoryCompiler.runtimeFingerprint();
        Path folder = null;
        if (!configured.equals("off") && runtime.isPresent()) {
            try {
                folder = (!configured.isEmpty() ? Path.of(configured) : Path.of(environment.getOrDefault(
                    "XDG_CACHE_HOME", System.getProperty("user.home") + "/.cache"), "netc")).resolve("classes");
            } catch (InvalidPathException e) {
                folder = null; // a name no file can have: nothing cached
            }
        }
        return new CompiledClassCache(folder, runtime.orElse(""), InMemoryCompiler::compileClasses);
    }

    /** The generated class, from the cache where it holds it, else compiled (and cached). */
    Class<?> load(JavaGenerator.GeneratedJava generated) throws InMemoryCompiler.CompilationException {
        if (folder == null) {
            return compiler.compile(generated).load();
        }
        Path file = folder.resolve(key(generated) + ".classes");
        InMemoryCompiler.CompiledClasses cached = read(file, generated.qualifiedName());
        if (cached != null) {
            try {
                return cached.load();
            } catch (LinkageError e) {
                // well-formed file, broken class: compiled again below, and the file replaced
            }
        }
        InMemoryCompiler.CompiledClasses compiled = compiler.compile(generated);
        write(file, compiled);
        return compiled.load();
    }

    private String key(JavaGenerator.GeneratedJava generated) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(runtime.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
            sha256.update(generated.source().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every Java platform has SHA-256", e);
        }
    }

    /** The cached classes of {@code mainClass}, or null where the file is missing, unreadable or not one of ours. */
    private static InMemoryCompiler.CompiledClasses read(Path file, String mainClass) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(Files.readAllBytes(file)))) {
            if (!in.readUTF().equals(MAGIC) || !in.readUTF().equals(mainClass)) {
                return null;
            }
            int count = in.readInt();
            Map<String, byte[]> classes = new HashMap<>();
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                int length = in.readInt();
                if (length < 0 || length > in.available()) {
                    return null;
                }
                byte[] code = new byte[length];
                in.readFully(code);
                classes.put(name, code);
            }
            return in.available() == 0 && classes.containsKey(mainClass)
                ? new InMemoryCompiler.CompiledClasses(mainClass, classes) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Whole or not at all; a cache that cannot be written is left as it is. */
    private static void write(Path file, InMemoryCompiler.CompiledClasses compiled) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(MAGIC);
            out.writeUTF(compiled.mainClass());
            out.writeInt(compiled.classes().size());
            for (Map.Entry<String, byte[]> entry : compiled.classes().entrySet()) {
                out.writeUTF(entry.getKey());
                out.writeInt(entry.getValue().length);
                out.write(entry.getValue());
            }
            Files.createDirectories(file.getParent());
            AtomicWrite.writeBytes(file, bytes.toByteArray());
        } catch (IOException e) {
            // a read-only or full disk: the next run compiles again
        }
    }
}
