package netc.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import netc.diagnostics.Diagnostics;
import netc.diagnostics.SourceText;
import netc.semantic.Analyzer;
import netc.semantic.model.AnalyzedModel;
import org.junit.jupiter.api.Test;

/** The benchmark's large models are the real ones: torchvision's parameter counts and output shapes. */
class ModelTextTest {
    @Test
    void resnet152HasTorchvisionsParameterCount() {
        AnalyzedModel model = analyze(ModelText.resnet152());
        assertEquals(60_192_808L, model.totalParameters());
        assertEquals("[-1, 1000]", model.output().shape().toString());
    }

    @Test
    void densenet201HasTorchvisionsParameterCount() {
        AnalyzedModel model = analyze(ModelText.densenet201());
        assertEquals(20_013_928L, model.totalParameters());
        assertEquals("[-1, 1000]", model.output().shape().toString());
    }

    @Test
    void generatedChainHasItsLayers() {
        AnalyzedModel model = analyze(ModelText.chain(999));
        assertEquals(999, model.forward().callsAsReturned().size());
    }

    private static AnalyzedModel analyze(String text) {
        Diagnostics diagnostics = new Diagnostics();
        Analyzer.Result result = Analyzer.analyze(new SourceText("bench.net", text), Analyzer.Options.all(), diagnostics);
        assertEquals(java.util.List.of(), diagnostics.all());
        return result.models().get(0);
    }
}
