package netc.bench;

import java.util.concurrent.TimeUnit;
import netc.backend.TorchSummaryTable;
import netc.diagnostics.Diagnostics;
import netc.diagnostics.SourceText;
import netc.semantic.Analyzer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Parse + check + torchsummary table of generated models, in-process, after warm-up. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 10, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xss512m", "-Xms4g", "-Xmx4g", "-XX:+UseParallelGC"})
public class FrontEndBenchmark {
    @Param({"1000", "10000", "100000"})
    public int layers;

    private String text;

    @Setup
    public void generate() {
        text = ModelText.chain(layers);
    }

    @Benchmark
    public String parseCheckSummary() {
        return summarise(text);
    }

    static String summarise(String text) {
        Diagnostics diagnostics = new Diagnostics();
        Analyzer.Result result = Analyzer.analyze(new SourceText("bench.net", text), Analyzer.Options.all(), diagnostics);
        if (diagnostics.hasErrors()) {
            throw new IllegalStateException(diagnostics.all().toString());
        }
        return TorchSummaryTable.render(result.models().get(0), false);
    }
}
