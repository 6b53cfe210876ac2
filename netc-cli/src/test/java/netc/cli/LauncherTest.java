package netc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./netc} launcher run through links, as when it is linked onto PATH: it must find its
 * own checkout. The checkout here is a stand-in holding the launcher and an up-to-date jar whose
 * program prints where it runs from, so the launcher starts it without building anything.
 */
class LauncherTest {
    @TempDir
    Path tmp;

    private static final Path BASH = Path.of("/bin/bash");

    @Test
    void runsThroughAChainOfLinks() throws Exception {
        assumeTrue(Files.isExecutable(BASH), "bash is needed to run the launcher: skipped");
        Path checkout = Files.createDirectories(tmp.resolve("checkout"));
        Path launcher = Files.copy(Path.of("netc"), checkout.resolve("netc"));
        Path jar = checkoutWithJar(checkout);

        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path tools = Files.createDirectories(tmp.resolve("tools"));
        Files.createSymbolicLink(tools.resolve("netc-real"), launcher);
        Path onPath = Files.createSymbolicLink(bin.resolve("netc"), Path.of("../tools/netc-real"));

        Process process = new ProcessBuilder(BASH.toString(), onPath.toString(), "check", "x.net")
            .directory(tmp.toFile()).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(60, TimeUnit.SECONDS);
        assertEquals("", err);
        assertEquals("launched from " + jar.toRealPath() + " with [check, x.net]\n", out);
        assertEquals(0, process.exitValue());
    }

    /** The editor's netc.java and netc.jvmOptions: the java run, and options after the launcher's own. */
    @Test
    void runsTheJavaAndOptionsTheEnvironmentNames() throws Exception {
        // the fake answers the launcher's probe for Java 25's AOT cache and compact headers, so it is treated as Java 25 or newer
        assertEquals("fake java -XX:+UseCompactObjectHeaders --sun-misc-unsafe-memory-access=allow -Xlog:disable -XX:+UseParallelGC -Xmx2g -Xmx4g "
            + "-Dnetc.trace=on -jar JAR lsp\n", launched("lsp", "-Xmx4g -Dnetc.trace=on"));
    }

    /**
     * A command that reads a model once runs with C1 alone and a young generation of fixed size; not
     * when NETC_JAVA_OPTIONS sizes the heap, where 32 MB of young generation could leave no room for
     * the AOT cache's objects (-Xmx32m: the JVM refused to start).
     */
    @Test
    void oneShotCommandsGetC1AndAFixedYoungGenerationUnlessTheHeapIsSized() throws Exception {
        assertEquals("fake java -XX:+UseCompactObjectHeaders --sun-misc-unsafe-memory-access=allow -XX:TieredStopAtLevel=1 "
            + "-Xmn32m -XX:MaxTenuringThreshold=0 -Xlog:disable -XX:+UseParallelGC -Xmx2g -jar JAR check\n", launched("check", ""));
        assertEquals("fake java -XX:+UseCompactObjectHeaders --sun-misc-unsafe-memory-access=allow -XX:TieredStopAtLevel=1 "
            + "-Xlog:disable -XX:+UseParallelGC -Xmx2g -Xmx32m -jar JAR check\n", launched("check", "-Xmx32m"));
    }

    /**
     * Given a file of 4 MB or more, a one-shot command keeps C2, which pays back on it; it does not ask for
     * transparent huge pages, which cut the page faults on one machine and doubled the time on another
     * (docs/benchmarks.md).
     */
    @Test
    void aLargeFileKeepsTheOptimisingCompilerWithoutHugePages() throws Exception {
        Path small = Files.write(tmp.resolve("small.net"), new byte[3_999_999]);
        Path large = Files.write(tmp.resolve("large.net"), new byte[4_000_000]);
        assertEquals("fake java -XX:+UseCompactObjectHeaders --sun-misc-unsafe-memory-access=allow -XX:TieredStopAtLevel=1 "
            + "-Xmn32m -XX:MaxTenuringThreshold=0 -Xlog:disable -XX:+UseParallelGC -Xmx2g -jar JAR check " + small + "\n",
            launched("check", "", small.toString()));
        assertEquals("fake java -XX:+UseCompactObjectHeaders --sun-misc-unsafe-memory-access=allow "
            + "-Xmn32m -XX:MaxTenuringThreshold=0 -Xlog:disable -XX:+UseParallelGC -Xmx2g -jar JAR check " + large + "\n",
            launched("check", "", large.toString()));
    }

    /**
     * What the launcher runs for {@code command}, given NETC_JAVA_OPTIONS: the line a fake java prints
     * of its arguments, the stand-in jar's path written JAR.
     */
    private String launched(String command, String javaOptions, String... arguments) throws Exception {
        assumeTrue(Files.isExecutable(BASH), "bash is needed to run the launcher: skipped");
        Path checkout = Files.createTempDirectory(tmp, "checkout");
        Path launcher = Files.copy(Path.of("netc"), checkout.resolve("netc"));
        Path jar = checkoutWithJar(checkout);
        Path java = Files.writeString(tmp.resolve("fake-java"), "#!/bin/bash\necho \"fake java $*\"\n");
        java.toFile().setExecutable(true);

        List<String> line = new ArrayList<>(List.of(BASH.toString(), launcher.toString(), command));
        line.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(line).directory(tmp.toFile());
        builder.environment().put("NETC_JAVA", java.toString());
        builder.environment().put("NETC_JAVA_OPTIONS", javaOptions);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(60, TimeUnit.SECONDS);
        assertEquals(0, process.exitValue());
        return out.replace(jar.toRealPath().toString(), "JAR");
    }

    /** A stand-in checkout whose jar is newer than its sources, so the launcher builds nothing. */
    private Path checkoutWithJar(Path checkout) throws IOException {
        Files.writeString(checkout.resolve("pom.xml"), "<project/>");
        for (String module : List.of("netc-runtime", "netc-compiler", "netc-lsp", "netc-cli")) {
            Files.createDirectories(checkout.resolve(module).resolve("src/main"));
            Files.writeString(checkout.resolve(module).resolve("pom.xml"), "<project/>");
        }
        Path jar = writeJar(Files.createDirectories(checkout.resolve("netc-cli/target")).resolve("netc.jar"));
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));
        return jar;
    }

    /** A jar whose main class prints the jar it was loaded from and its arguments. */
    private Path writeJar(Path jar) throws IOException {
        Path sources = Files.createDirectories(tmp.resolve("sources"));
        Path source = Files.writeString(sources.resolve("Launched.java"), String.join("\n",
            "public class Launched {",
            "    public static void main(String[] args) throws Exception {",
            "        System.out.println(\"launched from \" + java.nio.file.Path.of(Launched.class",
            "            .getProtectionDomain().getCodeSource().getLocation().toURI()) + \" with \"",
            "            + java.util.Arrays.toString(args));",
            "    }",
            "}"));
        int compiled = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", sources.toString(),
            source.toString());
        assertEquals(0, compiled);
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "Launched");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.putNextEntry(new JarEntry("Launched.class"));
            out.write(Files.readAllBytes(sources.resolve("Launched.class")));
            out.closeEntry();
        }
        return jar;
    }
}
