package netc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import netc.TestFiles;
import netc.backend.InMemoryCompiler;
import netc.backend.JavaGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** netc run compiles a model's source once, then loads its classes from the cache. */
class CompiledClassCacheTest {
    private static JavaGenerator.GeneratedJava lenet5;

    @TempDir
    Path temp;

    private int compilations;

    @BeforeAll
    static void generate() throws Exception {
        lenet5 = JavaGenerator.generate(TestFiles.analyzeClean(TestFiles.SAMPLES.resolve("lenet5.net")).models().get(0), "");
    }

    private CompiledClassCache cache(Path folder, String runtime) {
        return new CompiledClassCache(folder, runtime, generated -> {
            compilations++;
            return InMemoryCompiler.compileClasses(generated);
        });
    }

    private List<Path> cachedFiles(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.collect(Collectors.toList());
        }
    }

    @Test
    void theSecondRunLoadsWhatTheFirstCompiled() throws Exception {
        Path folder = temp.resolve("cache/classes");
        Class<?> first = cache(folder, "runtime 1").load(lenet5);
        Class<?> second = cache(folder, "runtime 1").load(lenet5);
        assertEquals(1, compilations);
        assertEquals(lenet5.qualifiedName(), first.getName());
        assertEquals(lenet5.qualifiedName(), second.getName());
        second.getMethod("main", String[].class); // the class loaded whole, with its entry point
        List<Path> files = cachedFiles(folder);
        assertEquals(1, files.size());
        assertTrue(files.get(0).getFileName().toString().matches("[0-9a-f]{64}\\.classes"), files.toString());
    }

    @Test
    void anotherRuntimeCompilesAgain() throws Exception {
        Path folder = temp.resolve("classes");
        cache(folder, "runtime 1").load(lenet5);
        cache(folder, "runtime 2").load(lenet5);
        assertEquals(2, compilations);
        assertEquals(2, cachedFiles(folder).size());
    }

    @Test
    void aDamagedFileIsCompiledAgainAndReplaced() throws Exception {
        Path folder = temp.resolve("classes");
        cache(folder, "runtime").load(lenet5);
        Path file = cachedFiles(folder).get(0);
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(whole, whole.length / 2));
        assertEquals(lenet5.qualifiedName(), cache(folder, "runtime").load(lenet5).getName());
        assertEquals(2, compilations);
        assertEquals(whole.length, Files.size(file));
    }

    @Test
    void aFolderThatCannotBeWrittenIsPassedBy() throws Exception {
        Path notAFolder = Files.writeString(temp.resolve("file"), "x");
        cache(notAFolder.resolve("classes"), "runtime").load(lenet5);
        cache(notAFolder.resolve("classes"), "runtime").load(lenet5);
        assertEquals(2, compilations);
        assertEquals("x", Files.readString(notAFolder));
    }

    @Test
    void withoutAFolderNothingIsCached() throws Exception {
        cache(null, "").load(lenet5);
        cache(null, "").load(lenet5);
        assertEquals(2, compilations);
        assertFalse(Files.exists(temp.resolve("classes")));
    }
}
