package netc.importer;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import netc.diagnostics.Diagnostic;
import netc.diagnostics.Diagnostics;
import netc.diagnostics.SourceText;
import netc.runtime.SafeTensors;
import netc.semantic.Analyzer;
import netc.semantic.model.AnalyzedModel;

/**
 * netc import's front end: an ONNX model (the bytes of a .onnx file) to the .net text a person would
 * write for it and its weights by state_dict key. The text is compiled again with the normal pipeline
 * before it is handed back, and its state_dict must be exactly the weights: a model that differs is
 * never handed back (an IllegalStateException, a bug of netc's).
 */
public final class OnnxImporter {
    private OnnxImporter() {
    }

    /** The model's text, and its weights in the model's state_dict order. */
    public record Imported(String text, Map<String, SafeTensors.Stored> weights) {
    }

    /**
     * Imports the model of a file's bytes, named {@code modelName}; {@code source} is the file's name for
     * the header. The weights handed back are views of {@code file}'s bytes where the file holds them as
     * PyTorch does (float32 raw data): a mapped file is read as they are written, never held whole.
     */
    public static Imported importModel(ByteBuffer file, String modelName, String source) throws ImportException {
        OnnxGraph graph = OnnxGraph.read(file);
        OnnxOps.Steps steps = OnnxOps.of(graph);
        String producer = graph.model.getProducerName().isEmpty() ? ""
            : ", exported by " + (graph.model.getProducerName() + " " + graph.model.getProducerVersion()).strip();
        String opset = ", opset " + graph.opset();
        String header = "// Imported by netc import from " + source.replaceAll("[\\r\\n]", "?") + producer.replaceAll("[\\r\\n]", "?")
            + opset + ".\n";
        NetWriter.Written written = NetWriter.write(steps, graph, modelName, header);
        return new Imported(written.text(), checked(written, modelName));
    }

    /**
     * The weights in the order of the state_dict of the written model, after compiling it: it must
     * check without errors and have exactly these keys with these shapes.
     */
    private static Map<String, SafeTensors.Stored> checked(NetWriter.Written written, String modelName) {
        Diagnostics diagnostics = new Diagnostics();
        Analyzer.Result result = Analyzer.analyze(new SourceText(modelName + ".net", written.text()),
            new Analyzer.Options(modelName, Map.of()), diagnostics);
        AnalyzedModel model = result.model(modelName);
        if (diagnostics.hasErrors() || model == null) {
            List<String> errors = diagnostics.all().stream().filter(Diagnostic::isError).limit(3)
                .map(d -> d.span().position() + " " + d.code().id() + " " + d.message()).toList();
            throw new IllegalStateException("netc import wrote a model that does not check: " + errors
                + "\n" + written.text());
        }
        Map<String, long[]> stateDict = model.stateDict();
        Map<String, SafeTensors.Stored> ordered = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> entry : stateDict.entrySet()) {
            SafeTensors.Stored tensor = written.weights().get(entry.getKey());
            if (tensor == null || !Arrays.equals(Arrays.stream(tensor.shape()).asLongStream().toArray(), entry.getValue())) {
                throw new IllegalStateException("netc import wrote a model whose state_dict entry " + entry.getKey() + " "
                    + Arrays.toString(entry.getValue()) + " is not the weight it wrote"
                    + (tensor == null ? " (none)" : " " + Arrays.toString(tensor.shape())));
            }
            ordered.put(entry.getKey(), tensor);
        }
        if (ordered.size() != written.weights().size()) {
            throw new IllegalStateException("netc import wrote weights the model does not have: " + written.weights().keySet()
                .stream().filter(k -> !stateDict.containsKey(k)).collect(Collectors.joining(", ")));
        }
        return ordered;
    }
}
