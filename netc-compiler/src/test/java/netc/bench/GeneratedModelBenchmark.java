package netc.bench;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import netc.backend.InMemoryCompiler;
import netc.backend.JavaGenerator;
import netc.diagnostics.Diagnostics;
import netc.diagnostics.SourceReader;
import netc.runtime.Tensor;
import netc.semantic.Analyzer;
import netc.semantic.model.AnalyzedModel;

/**
 * Java half of bench/java-vs-pytorch.sh: generates and compiles a model's Java class, loads its
 * weights and prints the median forward time at batch 1 and 8 (MODEL BATCH MILLISECONDS), as
 * bench/java_vs_pytorch.py does for PyTorch. Threads: -Dnetc.threads.
 * Arguments: NAME FILE.net WEIGHTS.safetensors RUNS.
 */
public final class GeneratedModelBenchmark {
    private GeneratedModelBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String name = args[0];
        Path file = Path.of(args[1]);
        Path weights = Path.of(args[2]);
        int runs = Integer.parseInt(args[3]);
        Diagnostics diagnostics = new Diagnostics();
        AnalyzedModel model = Analyzer.analyze(SourceReader.read(file, file.toString(), diagnostics),
            Analyzer.Options.all(), diagnostics).models().get(0);
        Class<?> program = InMemoryCompiler.compile(JavaGenerator.generate(model, ""));
        Object loaded = program.getMethod("load", Path.class).invoke(null, weights);
        Method forward = program.getMethod("forward", Tensor.class);
        for (int batch : new int[] {1, 8}) {
            Tensor x = randomInput(batch, model.inputs().get(0).shape().dims());
            warmUp(forward, loaded, x);
            double[] times = new double[runs];
            for (int i = 0; i < runs; i++) {
                long start = System.nanoTime();
                forward.invoke(loaded, x);
                times[i] = (System.nanoTime() - start) / 1e6;
            }
            Arrays.sort(times);
            System.out.printf("%s %d %.3f%n", name, batch, times[runs / 2]);
        }
    }

    /**
     * Runs the model for at least three seconds and twenty passes first: HotSpot compiles the kernels
     * (and the Vector API's intrinsics, slow until then) in tiers, and a few passes leave some interpreted.
     */
    private static void warmUp(Method forward, Object loaded, Tensor x) throws Exception {
        long end = System.nanoTime() + 3_000_000_000L;
        for (int i = 0; i < 20 || System.nanoTime() < end; i++) {
            forward.invoke(loaded, x);
        }
    }

    private static Tensor randomInput(int batch, long[] dims) {
        int[] shape = new int[dims.length + 1];
        shape[0] = batch;
        for (int i = 0; i < dims.length; i++) {
            shape[i + 1] = (int) dims[i];
        }
        Tensor x = Tensor.zeros(shape);
        Random random = new Random(0);
        for (int i = 0; i < x.data.length; i++) {
            x.data[i] = (float) random.nextGaussian();
        }
        return x;
    }
}
