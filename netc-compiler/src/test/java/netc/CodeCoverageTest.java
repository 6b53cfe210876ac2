package netc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import netc.diagnostics.Code;
import org.junit.jupiter.api.Test;

/**
 * Every code docs/errors.md documents is produced by a case of the error corpus (an expectation)
 * or of the hostile corpus (the first line it expects), so no code is documented and never seen.
 */
class CodeCoverageTest {
    /** Codes no corpus case can produce, and why. */
    private static final Map<String, String> UNPRODUCIBLE = Map.of(
        "E601", "every catalogue layer has Java code: LayerEmittersTest keeps it so",
        "E005", "it needs a JVM with a small heap: RobustnessTest produces it in a subprocess with -Xmx32m");

    @Test
    void everyCodeHasACase() throws IOException {
        Set<String> produced = new TreeSet<>();
        produced.addAll(codes(Path.of("netc-compiler/src/test/resources/errors"), ".net", Pattern.compile("// expect ([EW]\\d{3}) ")));
        produced.addAll(codes(Path.of("netc-compiler/src/test/resources/hostile"), ".expect",
            Pattern.compile("^std(?:err|out): .*?(?:error|warning)\\[([EW]\\d{3})\\]", Pattern.MULTILINE)));
        List<String> missing = Arrays.stream(Code.values()).map(Code::id)
            .filter(id -> !produced.contains(id) && !UNPRODUCIBLE.containsKey(id))
            .collect(Collectors.toList());
        assertEquals(List.of(), missing, "codes without a case in netc-compiler/src/test/resources/errors or hostile");
    }

    private static Set<String> codes(Path corpus, String suffix, Pattern code) throws IOException {
        Set<String> found = new TreeSet<>();
        try (Stream<Path> files = Files.list(corpus)) {
            for (Path file : files.filter(p -> p.toString().endsWith(suffix)).collect(Collectors.toList())) {
                Matcher matcher = code.matcher(Files.readString(file));
                while (matcher.find()) {
                    found.add(matcher.group(1));
                }
            }
        }
        return found;
    }
}
