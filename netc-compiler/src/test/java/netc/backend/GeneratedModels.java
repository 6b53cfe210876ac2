package netc.backend;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import netc.diagnostics.Diagnostics;
import netc.diagnostics.SourceReader;
import netc.diagnostics.SourceText;
import netc.semantic.Analyzer;
import netc.semantic.model.AnalyzedModel;

/** Test helpers: a .net file's model, its generated Java, and that Java compiled. */
final class GeneratedModels {
    private GeneratedModels() {
    }

    static AnalyzedModel analyze(Path file) {
        Diagnostics diagnostics = new Diagnostics();
        SourceText source = SourceReader.read(file, file.toString(), diagnostics);
        return analyze(source, diagnostics);
    }

    static AnalyzedModel analyze(String name, String text) {
        return analyze(new SourceText(name, text), new Diagnostics());
    }

    private static AnalyzedModel analyze(SourceText source, Diagnostics diagnostics) {
        Analyzer.Result result = Analyzer.analyze(source, Analyzer.Options.all(), diagnostics);
        assertFalse(diagnostics.hasErrors(), () -> "errors in " + source.path() + ": " + diagnostics.all());
        return result.models().get(0);
    }

    static JavaGenerator.GeneratedJava generate(AnalyzedModel model) throws UnsupportedLayerException {
        return JavaGenerator.generate(model, "");
    }

    static Class<?> compile(AnalyzedModel model) throws Exception {
        return InMemoryCompiler.compile(generate(model));
    }
}
