package netc.semantic.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import netc.diagnostics.Diagnostic;
import netc.diagnostics.Diagnostics;
import netc.diagnostics.Related;
import netc.diagnostics.SourceText;
import netc.semantic.Analyzer;
import netc.semantic.catalog.BoundArguments;
import org.junit.jupiter.api.Test;

/**
 * What a check keeps per layer: netc check of a file of a million layers held each layer in a trace
 * step, an observation and a chain of every tensor before it (docs/benchmarks.md).
 */
class LeanRecordsTest {
    private static final String RESHAPED = "model M {\n    input x: [3, 8, 8]\n"
        + "    relu -> flatten -> view(-1, 3, 64) -> batchnorm2d(3)\n}\n";

    @Test
    void aCheckKeepsNoTraceNorObservationsAndReportsTheSame() {
        Diagnostics full = new Diagnostics();
        AnalyzedModel kept = analyze(RESHAPED, Analyzer.Options.all(), full);
        Diagnostics lean = new Diagnostics();
        AnalyzedModel dropped = analyze(RESHAPED, Analyzer.Options.check(Analyzer.Options.DEFAULT_MAX_LAYERS), lean);

        assertEquals(6, kept.trace().steps().size());
        assertEquals(4, kept.observations().steps().size());
        assertEquals(List.of(), dropped.trace().steps());
        assertEquals(List.of(), dropped.observations().steps());
        assertEquals(List.of(), dropped.observations().bindings());
        assertEquals(3, kept.forward().children().size());
        assertEquals(List.of(), dropped.forward().children());
        assertEquals(full.all(), lean.all());
        Diagnostic only = lean.all().get(0);
        assertEquals("E202", only.code().id());
        assertEquals(List.of("[-1, 192] comes from flatten at 3:13, reshaped by view(-1, 3, 64) at 3:24",
                "view(-1, 3, 64) gives 192/(3·64) = 1"),
            only.related().stream().map(r -> r.message().english()).toList());
    }

    @Test
    void aTensorKeepsItsInputOnlyAfterAReshapeAndNotThatInputsHistory() {
        String chain = "model M {\n    input x: [3, 8, 8]\n    relu -> flatten -> view(-1, 3, 64)";
        Value.Tensor viewed = analyze(chain + "\n}\n", Analyzer.Options.all(), new Diagnostics()).output();
        assertEquals("reshaped", viewed.origin().reshapeVerb().english());
        Value.Tensor flattened = viewed.origin().input();
        assertEquals("[-1, 192]", flattened.shape().toString());
        assertEquals("flattened", flattened.origin().reshapeVerb().english());
        assertNull(flattened.origin().input());

        Value.Tensor activated = analyze(chain + " -> relu\n}\n", Analyzer.Options.all(), new Diagnostics()).output();
        assertEquals("[-1, 1, 3, 64]", activated.shape().toString());
        assertNull(activated.origin().input());
    }

    @Test
    void layersCalledWithoutArgumentsShareTheirDefaults() {
        Module root = analyze("model M {\n    input x: [3, 8, 8]\n    relu\n    relu\n    relu(inplace=true)\n}\n",
            Analyzer.Options.all(), new Diagnostics()).root();
        BoundArguments first = root.child("0").arguments();
        assertSame(first, root.child("1").arguments());
        assertEquals(false, first.boolValue("inplace"));
        assertEquals(true, root.child("2").arguments().boolValue("inplace"));
    }

    @Test
    void layersOfTheSameSizesShareTheirStateEntries() {
        Module root = analyze("model M {\n    input x: [4, 8, 8]\n    conv2d(4, 4, 3, p=1)\n    conv2d(4, 4, k=3, p=1)\n"
            + "    conv2d(4, 4, 1)\n}\n", Analyzer.Options.check(Analyzer.Options.DEFAULT_MAX_LAYERS), new Diagnostics()).root();
        List<StateEntry> first = root.child("0").state();
        assertEquals("[weight[4, 4, 3, 3], bias[4]]", first.toString());
        assertSame(first, root.child("1").state());
        assertEquals("[weight[4, 4, 1, 1], bias[4]]", root.child("2").state().toString());
    }

    @Test
    void childrenAreFoundByIndexAndByLabel() {
        Module root = new Module(Module.Kind.MODEL, "M", null, null);
        Module first = root.add(Module.Kind.LAYER, null, "ReLU", null, null);
        Module labelled = root.add(Module.Kind.SEQUENTIAL, "act", "Sequential", null, null);
        Module third = root.add(Module.Kind.LAYER, "2", "ReLU", null, null);
        Module misplaced = root.add(Module.Kind.LAYER, "7", "ReLU", null, null);
        Module inner = labelled.add(Module.Kind.LAYER, null, "ReLU", null, null);

        assertEquals(List.of("0", "act", "2", "7"), root.children().stream().map(Module::name).toList());
        assertEquals(List.of("0", "act", "2", "7", "act.0"),
            List.of(first.path(), labelled.path(), third.path(), misplaced.path(), inner.path()));
        assertEquals("", root.path());
        assertSame(first, root.child("0"));
        assertSame(labelled, root.child("act"));
        assertSame(third, root.child("2"));
        assertSame(misplaced, root.child("7"));
        assertNull(root.child("1"));
        assertNull(root.child("02"));
        assertNull(root.child("3"));
        assertNull(root.child("9999999999"));
        assertNull(root.child(""));
        assertEquals(List.of(), first.children());
        assertNull(first.child("0"));
        assertEquals(0, first.nextIndex());
        assertEquals(List.of(inner), labelled.children());
    }

    @Test
    void aCheckLetsGoOfWhatAnUnlabelledGroupHoldsButCountsItsParameters() {
        String text = "model M {\n    input x: [4]\n    (linear(4, 4) -> (linear(4, 2)))\n    g: (linear(2, 2))\n}\n";
        Module lean = analyze(text, Analyzer.Options.check(Analyzer.Options.DEFAULT_MAX_LAYERS), new Diagnostics()).root();
        Module full = analyze(text, Analyzer.Options.all(), new Diagnostics()).root();

        assertEquals(List.of(), lean.child("0").children());
        assertEquals(List.of("0.0", "0.1"), full.child("0").children().stream().map(Module::path).toList());
        assertEquals(List.of("g.0"), lean.child("g").children().stream().map(Module::path).toList());
        assertEquals(20 + 10 + 6, lean.totalParameters());
        assertEquals(20 + 10 + 6, full.totalParameters());
    }

    @Test
    void aGroupWhoseParametersOverflowKeepsItsLayersForTheModelsTotalToReport() {
        // each layer has 3037000499^2 + 3037000499 parameters, just below 2^63; the two overflow a long
        String text = "model M {\n    input x: [3037000499]\n"
            + "    (linear(3037000499, 3037000499) -> linear(3037000499, 3037000499))\n}\n";
        Diagnostics lean = new Diagnostics();
        Module root = analyze(text, Analyzer.Options.check(Analyzer.Options.DEFAULT_MAX_LAYERS), lean).root();
        Diagnostics full = new Diagnostics();
        analyze(text, Analyzer.Options.all(), full);

        assertEquals(2, root.child("0").children().size());
        assertEquals(List.of("E207 1:7 model M has more than 2^63 parameters in all"),
            lean.all().stream().map(d -> d.code().id() + " " + d.span().position() + " " + d.message().english()).toList());
        assertEquals(full.all(), lean.all());
    }

    private static AnalyzedModel analyze(String text, Analyzer.Options options, Diagnostics diagnostics) {
        return Analyzer.analyze(new SourceText("m.net", text), options, diagnostics).models().get(0);
    }
}
