package netc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import netc.backend.JavaGenerator;
import netc.backend.JsonSummary;
import netc.backend.OnnxExporter;
import netc.backend.TorchGenerator;
import netc.backend.TorchSummaryTable;
import netc.backend.UnsupportedLayerException;
import netc.diagnostics.DiagnosticRenderer;
import netc.diagnostics.Diagnostics;
import netc.diagnostics.Messages;
import netc.diagnostics.SourceText;
import netc.onnx.OnnxProto;
import netc.semantic.Analyzer;
import netc.semantic.model.AnalyzedModel;

/**
 * Random and mutated files through the whole pipeline: parse, analyse, render diagnostics and
 * summaries, and generate Java and PyTorch code and the ONNX graph from what checks. Whatever the
 * input, no exception may escape but a backend's located refusal (E601-E604).
 */
class PipelineFuzzTest {
    /** Every sample: blocks, if, repeat, bindings, int64 inputs and attention give mutations more to break. */
    private static final List<String> SAMPLES = List.of("simple.net", "seed_sequential.net", "lenet5.net", "vgg11.net",
        "resnet18.net", "mobilenet_v2.net", "unet_small.net", "lstm_classifier.net", "tiny_transformer.net",
        "convnext_tiny.net", "vit_b_16.net", "textcnn.net", "wavenet.net", "vae.net", "gru_seq2seq.net",
        "shufflenet_v2_x0_5.net", "densenet121.net");
    private static final List<String> TOKENS = List.of("model", "block", "input", "if", "else", "repeat", "in",
        "true", "false", "->", "=", "==", "(", ")", "[", "]", "{", "}", ",", ":", ".", "F", "_", "x", "y", "conv2d",
        "linear", "relu", "maxpool", "flatten", "view", "batchnorm", "softmax", "dropout", "Block", "k", "s", "p",
        "3", "0", "-1", "2.5", "\"same\"", "//", "/*", "*/", "*", "+", "-", "/", "%", "!", "&&", "||", "\n", " ",
        "99999999999999999999", "[3, 32, 32]", "x:", "cat", "mean", "None", "int64", "x[:, -1]", "if x { }",
        "repeat 0 { }", "for", "chunk", "split", "stack", "param", "buffer", "super", "@", "**", "len(", "range(",
        "enumerate(", "a, b =", "(x, x)", "_, h =", "gru(", "[x for i in range(3)]", "x.shape[0]", ".expand(");

    @Property(tries = 1000)
    void randomTokenSoupNeverThrows(@ForAll("tokenSoup") String text) {
        runPipeline(text);
    }

    @Property(tries = 1000)
    void mutatedSamplesNeverThrow(@ForAll("mutatedSample") String text) {
        runPipeline(text);
    }

    @Property(tries = 1000)
    void arbitraryCharactersNeverThrow(@ForAll("anyText") String text) {
        runPipeline(text);
    }

    @Provide
    Arbitrary<String> tokenSoup() {
        return Arbitraries.of(TOKENS).list().ofMaxSize(120).map(tokens -> String.join(" ", tokens));
    }

    @Provide
    Arbitrary<String> anyText() {
        return Arbitraries.strings().all().ofMaxLength(400);
    }

    @Provide
    Arbitrary<String> mutatedSample() {
        Arbitrary<String> sample = Arbitraries.of(SAMPLES).map(name -> TestFiles.read(Path.of("samples", name)));
        Arbitrary<List<Mutation>> mutations = mutation().list().ofMinSize(1).ofMaxSize(6);
        return Combinators.combine(sample, mutations).as((text, list) -> {
            String mutated = text;
            for (Mutation m : list) {
                mutated = m.apply(mutated);
            }
            return mutated;
        });
    }

    private Arbitrary<Mutation> mutation() {
        Arbitrary<Double> where = Arbitraries.doubles().between(0, 1);
        Arbitrary<Integer> length = Arbitraries.integers().between(1, 12);
        Arbitrary<String> insert = Arbitraries.oneOf(Arbitraries.of(TOKENS), Arbitraries.strings().ofMaxLength(3));
        return Combinators.combine(Arbitraries.of(MutationKind.values()), where, length, insert).as(Mutation::new);
    }

    enum MutationKind { DELETE, INSERT, REPLACE, DUPLICATE }

    record Mutation(MutationKind kind, double where, int length, String text) {
        String apply(String source) {
            int at = (int) (where * source.length());
            int end = Math.min(source.length(), at + length);
            switch (kind) {
                case DELETE:
                    return source.substring(0, at) + source.substring(end);
                case INSERT:
                    return source.substring(0, at) + text + source.substring(at);
                case REPLACE:
                    return source.substring(0, at) + text + source.substring(end);
                default:
                    return source.substring(0, end) + source.substring(at);
            }
        }
    }

    private static void generate(AnalyzedModel model, SourceText source) {
        try {
            JavaGenerator.generate(model, "");
        } catch (UnsupportedLayerException refused) {
            // a located refusal: what the command prints, with exit 1
        }
        try {
            TorchGenerator.generate(model, source, Map.of());
        } catch (UnsupportedLayerException refused) {
            // the same
        }
        try {
            // the graph only: empty initializers, which no sample's millions of weights then fill
            OnnxExporter.export(model, (key, entry) -> OnnxProto.TensorProto.getDefaultInstance(),
                OnnxExporter.DEFAULT_OPSET, "fuzz");
        } catch (UnsupportedLayerException refused) {
            // the same
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the weights above read nothing
        }
    }

    private static void runPipeline(String text) {
        SourceText source = new SourceText("fuzz.net", text);
        Diagnostics diagnostics = new Diagnostics();
        Analyzer.Result result = Analyzer.analyze(source, Analyzer.Options.all(), diagnostics);
        DiagnosticRenderer renderer = new DiagnosticRenderer(true, Messages.diagnostics(Locale.ROOT));
        diagnostics.all().forEach(d -> renderer.render(d, source));
        if (!diagnostics.hasErrors()) {
            for (AnalyzedModel model : result.models()) {
                TorchSummaryTable.render(model, false);
                JsonSummary.render(model, true);
                generate(model, source);
            }
        }
    }
}
