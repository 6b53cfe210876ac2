package netc.semantic.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Collectors;
import netc.diagnostics.Diagnostics;
import netc.diagnostics.SourceText;
import netc.semantic.Analyzer;
import org.junit.jupiter.api.Test;

/** Every frame the evaluator enters is left however its body ends, a StackOverflowError included. */
class EvaluatorFramesTest {
    private static final int LEVELS = 20_000;

    @Test
    void aModelThatOverflowsTheStackLeavesNothingToTheNextModel() {
        StringBuilder text = new StringBuilder("block B0 { input x\n relu }\n");
        for (int i = 1; i < LEVELS; i++) {
            text.append("block B").append(i).append(" { input x\n B").append(i - 1).append(" }\n");
        }
        text.append("model Deep {\n input x: [4]\n B").append(LEVELS - 1).append("\n}\n");
        text.append("model Next {\n input x: [3]\n linear(4, 2)\n}\n");
        Diagnostics diagnostics = new Diagnostics();
        Analyzer.analyze(new SourceText("deep.net", text.toString()), Analyzer.Options.all(), diagnostics);
        List<String> found = diagnostics.all().stream()
            .map(d -> d.span().position() + " " + d.code().id() + " " + d.message().english() + " notes=" + d.related().size())
            .collect(Collectors.toList());
        assertEquals(List.of(
            (LEVELS * 2 + 1) + ":7 E105 model Deep nests too deeply to be analysed notes=0",
            (LEVELS * 2 + 7) + ":2 E201 linear expects 4 input features, but the incoming tensor is [-1, 3] notes=1"),
            found);
    }
}
