package netc.semantic.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Collectors;
import netc.diagnostics.Diagnostics;
import netc.diagnostics.SourceText;
import netc.semantic.Analyzer;
import org.junit.jupiter.api.Test;

/** The call tree and the editor's observations, both derived from the trace. */
class TraceViewsTest {
    private static final String NESTED = String.join("\n",
        "block Residual(c) {",
        "    input x",
        "    y = conv2d(c, c, k=3, p=1) -> F.relu",
        "    y + x",
        "}",
        "model M {",
        "    input x: [8, 8, 8]",
        "    stem: conv(8, 8, k=1)",
        "    body: (",
        "        Residual(8)",
        "        relu",
        "    )",
        "    stem",
        "    F.flatten",
        "    out = linear(512, 10)",
        "    out",
        "}",
        "");

    @Test
    void theCallTreeNestsBlocksAndGroupsBetweenTheirBoundsAndCallsAgainByLabel() {
        assertEquals(String.join("\n",
            " M [] -> [-1, 10] @6:1",
            "  stem Conv2d [[-1, 8, 8, 8]] -> [-1, 8, 8, 8] @8:11",
            "  body Sequential [[-1, 8, 8, 8]] -> [-1, 8, 8, 8] @9:11",
            "    body.0 Residual [[-1, 8, 8, 8]] -> [-1, 8, 8, 8] @10:9",
            "      body.0.0 Conv2d [[-1, 8, 8, 8]] -> [-1, 8, 8, 8] @3:9",
            "    body.1 ReLU [[-1, 8, 8, 8]] -> [-1, 8, 8, 8] @11:9",
            "  stem Conv2d [[-1, 8, 8, 8]] -> [-1, 8, 8, 8] @13:5",
            "  2 Linear [[-1, 512]] -> [-1, 10] @15:11",
            ""), tree(analyze(NESTED).forward(), ""));
    }

    @Test
    void aCompositeLayersCallsAreTheCallsItsForwardMakesInsideIt() {
        String text = "model T {\n    input x: [5, 16]\n"
            + "    transformerencoderlayer(16, 2, dim_feedforward=32, batch_first=true)\n}\n";
        assertEquals(String.join("\n",
            " T [] -> [-1, 5, 16] @1:1",
            "  0 TransformerEncoderLayer [[-1, 5, 16]] -> [-1, 5, 16] @3:5",
            "    0.self_attn MultiheadAttention [[-1, 5, 16]] -> [-1, 5, 16] @3:5",
            "    0.dropout1 Dropout [[-1, 5, 16]] -> [-1, 5, 16] @3:5",
            "    0.norm1 LayerNorm [[-1, 5, 16]] -> [-1, 5, 16] @3:5",
            "    0.linear1 Linear [[-1, 5, 16]] -> [-1, 5, 32] @3:5",
            "    0.dropout Dropout [[-1, 5, 32]] -> [-1, 5, 32] @3:5",
            "    0.linear2 Linear [[-1, 5, 32]] -> [-1, 5, 16] @3:5",
            "    0.dropout2 Dropout [[-1, 5, 16]] -> [-1, 5, 16] @3:5",
            "    0.norm2 LayerNorm [[-1, 5, 16]] -> [-1, 5, 16] @3:5",
            ""), tree(analyze(text).forward(), ""));
    }

    /** A block's end closes its call even when an error left it without a tensor: the next layer is not inside it. */
    @Test
    void aBlockThatGivesNoTensorStillEndsItsCall() {
        String text = "block B {\n    input x\n    n = 3\n    n\n}\nmodel M {\n    input x: [4]\n    B\n    relu\n}\n";
        Diagnostics diagnostics = new Diagnostics();
        AnalyzedModel model = Analyzer.analyze(new SourceText("m.net", text), Analyzer.Options.all(), diagnostics)
            .models().get(0);
        assertEquals(List.of("E311"), diagnostics.all().stream().map(d -> d.code().id()).collect(Collectors.toList()));
        assertEquals(String.join("\n",
            " M [] -> null @6:1",
            "  0 B [[-1, 4]] -> null @8:5",
            "  1 ReLU [null] -> null @9:5",
            ""), tree(model.forward(), ""));
    }

    @Test
    void observationsAreEachLayerAsAppliedEachBlockAsItReturnsAndEachBinding() {
        Observations observations = analyze(NESTED).observations();
        assertEquals(List.of(
            "8:11 conv Conv2d [-1, 8, 8, 8] [-1, 8, 8, 8] stem",
            "3:9 conv2d Conv2d [-1, 8, 8, 8] [-1, 8, 8, 8] body.0.0",
            "3:35 relu ReLU [-1, 8, 8, 8] [-1, 8, 8, 8] -",
            "10:9 Residual Residual [-1, 8, 8, 8] [-1, 8, 8, 8] body.0",
            "11:9 relu ReLU [-1, 8, 8, 8] [-1, 8, 8, 8] body.1",
            "13:5 conv2d Conv2d [-1, 8, 8, 8] [-1, 8, 8, 8] stem",
            "14:5 flatten Flatten [-1, 8, 8, 8] [-1, 512] -",
            "15:11 linear Linear [-1, 512] [-1, 10] 2"),
            observations.steps().stream().map(s -> s.span().position() + " " + s.name() + " " + s.torchClass() + " "
                + s.input() + " " + s.output() + " " + (s.module() == null ? "-" : s.module().path()))
                .collect(Collectors.toList()));
        assertEquals(List.of("7:11 x [-1, 8, 8, 8]", "3:5 y [-1, 8, 8, 8]", "15:5 out [-1, 10]"),
            observations.bindings().stream().map(b -> b.name().span().position() + " " + b.name().text() + " "
                + b.shape()).collect(Collectors.toList()));
    }

    @Test
    void theInputsAreTheTracesInputSteps() {
        AnalyzedModel model = analyze("model M {\n    input ids: int64[7], x: [7, 16]\n    embedding(10, 16) -> add(x)\n}\n");
        assertEquals(List.of("0 ids [-1, 7] int64", "1 x [-1, 7, 16] float32"), model.inputs().stream()
            .map(i -> i.id() + " " + i.name() + " " + i.shape() + " " + i.dtype().label()).collect(Collectors.toList()));
    }

    private static String tree(Invocation call, String indent) {
        StringBuilder out = new StringBuilder(indent + call.module().path() + " " + call.module().torchClass() + " "
            + call.inputs() + " -> " + call.output() + " @" + call.span().position() + "\n");
        for (Invocation child : call.children()) {
            out.append(tree(child, indent + "  "));
        }
        return out.toString();
    }

    /** The first model of a text netc analyses without a diagnostic (PiecesTest's too). */
    static AnalyzedModel analyze(String text) {
        Diagnostics diagnostics = new Diagnostics();
        AnalyzedModel model = Analyzer.analyze(new SourceText("m.net", text), Analyzer.Options.all(), diagnostics)
            .models().get(0);
        assertEquals(List.of(), diagnostics.all());
        return model;
    }
}
