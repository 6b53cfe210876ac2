package netc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import netc.semantic.model.AnalyzedModel;
import netc.semantic.model.Value;

/**
 * Which sample reproduces which oracle folder (netc-runtime/src/test/resources/oracle, written by
 * tools/oracles.py), and the oracles still waiting for their sample. The tests compare every oracle
 * that is not waiting; OracleSamplesTest keeps the waiting list true.
 */
public final class OracleSamples {
    /**
     * Oracles whose sample is still being written. When a sample arrives, OracleSamplesTest fails
     * until its oracle leaves this list, and from then on the tests compare it.
     */
    static final List<String> WAITING = List.of();

    /** Samples named otherwise than their oracle: the seed's, and the full models of the small weighted versions. */
    private static final Map<String, String> SAMPLE_NAMES = Map.of("seed_simple", "simple.net",
        "vit_small", "vit_b_16.net", "wavenet_small", "wavenet.net", "gru_seq2seq_small", "gru_seq2seq.net", "textcnn_small", "textcnn.net");

    /** The oracle whose model calls relu, max-pool and view as functions: netc hides those rows. */
    private static final Set<String> FUNCTIONAL = Set.of("seed_simple");

    private OracleSamples() {
    }

    /**
     * A sample, with the settings that make it the oracle's model (a small version's constructor
     * arguments, from its model.json), and whether its table hides stateless layers.
     */
    public record Pairing(String oracle, Path sample, Map<String, Value> settings, boolean hideStateless) {
        public Path oracleDir() {
            return TestFiles.ORACLE.resolve(oracle);
        }

        public boolean has(String file) {
            return Files.exists(oracleDir().resolve(file));
        }

        public AnalyzedModel analyze() {
            return TestFiles.analyzeClean(sample, settings).models().get(0);
        }

        /** The settings as command-line arguments: {@code --set NAME=VALUE} each. */
        public List<String> setArguments() {
            List<String> args = new ArrayList<>();
            settings.forEach((name, value) -> {
                args.add("--set");
                args.add(name + "=" + value.show());
            });
            return args;
        }

        @Override
        public String toString() {
            return String.join(" ", Stream.concat(Stream.of(sample.toString()), setArguments().stream())
                .collect(Collectors.toList())) + " ~ " + oracle;
        }
    }

    /** Every oracle folder's name, sorted. */
    public static List<String> oracles() {
        try (Stream<Path> dirs = Files.list(TestFiles.ORACLE)) {
            return dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).sorted()
                .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path sample(String oracle) {
        return TestFiles.SAMPLES.resolve(SAMPLE_NAMES.getOrDefault(oracle, oracle + ".net"));
    }

    /** Every oracle that has its sample, paired with it. */
    public static List<Pairing> compared() {
        return oracles().stream().filter(oracle -> !WAITING.contains(oracle)).map(OracleSamples::pairing)
            .collect(Collectors.toList());
    }

    /** The compared oracles that have this file. */
    public static Stream<Pairing> compared(String file) {
        return compared().stream().filter(pairing -> pairing.has(file));
    }

    public static Pairing pairing(String oracle) {
        Map<String, Value> settings = new LinkedHashMap<>();
        Object arguments = TestFiles.oracleModel(oracle).get("arguments");
        if (arguments != null) {
            ((Map<?, ?>) arguments).forEach((name, value) -> settings.put((String) name, setting(value)));
        }
        return new Pairing(oracle, sample(oracle), settings, FUNCTIONAL.contains(oracle));
    }

    /** A constructor argument of model.json as the value --set gives. */
    private static Value setting(Object json) {
        if (json instanceof Long l) {
            return new Value.Int(l);
        }
        if (json instanceof Double d) {
            return new Value.Float(d);
        }
        if (json instanceof Boolean b) {
            return new Value.Bool(b);
        }
        if (json instanceof String s) {
            return new Value.Str(s);
        }
        throw new AssertionError("no --set value for the argument " + json);
    }
}
