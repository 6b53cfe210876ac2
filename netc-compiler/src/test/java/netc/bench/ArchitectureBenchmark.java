package netc.bench;

import java.util.concurrent.TimeUnit;
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

/** Parse + check + torchsummary table of resnet152 and densenet201 written from blocks. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xss512m", "-Xms4g", "-Xmx4g", "-XX:+UseParallelGC"})
public class ArchitectureBenchmark {
    @Param({"resnet152", "densenet201"})
    public String model;

    private String text;

    @Setup
    public void generate() {
        text = model.equals("resnet152") ? ModelText.resnet152() : ModelText.densenet201();
    }

    @Benchmark
    public String parseCheckSummary() {
        return FrontEndBenchmark.summarise(text);
    }
}
