package netc.semantic.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import netc.diagnostics.Diagnostic;
import netc.diagnostics.Diagnostics;
import netc.diagnostics.Related;
import netc.diagnostics.SourceText;
import netc.semantic.Analyzer;
import org.junit.jupiter.api.Test;

/** The layer limit (E411), and netc check's replay of block instances identical to one already checked. */
class ExpansionTest {
    private static final String REFUSED = " E411 the model expands to %d layer calls here, more than the limit of 1000000";

    @Test
    void aHugeRepeatIsRefusedAfterItsFirstIteration() {
        String text = "model M {\n    input x: [3]\n    repeat 1000000000 { linear(3, 3) -> relu }\n}\n";
        assertEquals(List.of("3:5" + String.format(REFUSED, 2000000000L)), found(text, Analyzer.Options.all()));
    }

    @Test
    void nestedRepeatsAreRefusedAtTheOneThatCrossesTheLimit() {
        StringBuilder text = new StringBuilder("model Nested {\n    input x: [4]\n");
        for (int i = 0; i < 40; i++) {
            text.append("repeat 2 {\n");
        }
        text.append("relu\n").append("}\n".repeat(40)).append("}\n");
        // refused at the outermost repeat, from its text, before anything is expanded
        assertEquals(List.of("3:1 E411 the model expands to 1099511627776 layer calls here, more than the limit of 1000"),
            found(text.toString(), new Analyzer.Options(null, Map.of(), 1000, true)));
    }

    @Test
    void aDoublingChainChecksWithoutExpandingButItsTableIsRefused() {
        String text = doublingChain(40);
        assertEquals(List.of(), found(text, Analyzer.Options.check(Analyzer.Options.DEFAULT_MAX_LAYERS)));
        List<String> refused = found(text, new Analyzer.Options(null, Map.of(), 1000, false));
        assertEquals(1, refused.size());
        // B0 makes 2 calls (itself and relu), each Bn one more than twice B(n-1): 3 * 2^40 - 1, refused at once
        assertEquals("166:5 E411 the model expands to 3298534883327 layer calls here, more than the limit of 1000",
            refused.get(0).split("\n")[0]);
    }

    @Test
    void replayedInstancesReportWhatExpandingThemReports() {
        String text = "block Bad(c) {\n"
            + "    input x\n"
            + "    linear(c, 4) -> linear(5, 4)\n"          // inside the block only: replayed
            + "    unused = x -> relu\n"
            + "}\n"
            + "block FromInput(c) {\n"
            + "    input x\n"
            + "    linear(c + 1, 4)\n"                       // notes the input's origin: expanded each time
            + "}\n"
            + "block Huge {\n"
            + "    input x\n"
            + "    linear(2147483648, 2147483648)\n"
            + "}\n"
            + "block Twice(c) {\n"
            + "    input x\n"
            + "    Bad(c)\n"
            + "    Bad(c)\n"
            + "}\n"
            + "model M {\n"
            + "    input x: [4], y: [2147483648]\n"
            + "    Twice(4)\n"
            + "    Twice(4)\n"
            + "    x -> FromInput(4)\n"
            + "    x -> relu -> FromInput(4)\n"
            + "    y -> Huge\n"
            + "    y -> Huge\n"
            + "}\n";
        List<String> expanded = found(text, Analyzer.Options.all());
        assertEquals(11, expanded.size()); // E201 and W501 in each of the four Bad instances, E201 twice, E207
        assertEquals(expanded, found(text, Analyzer.Options.check(Analyzer.Options.DEFAULT_MAX_LAYERS)));
    }

    /** Replays change only what counts against the limit: a check says when the full expansion would pass it. */
    @Test
    void aCheckSaysWhetherExpandingEveryInstanceWouldReachTheLimit() {
        Analyzer.Options check = Analyzer.Options.check(Analyzer.Options.DEFAULT_MAX_LAYERS);
        // 3 * 2^18 - 1 = 786,431 calls expanded, 20 made
        assertEquals(true, Analyzer.analyze(new SourceText("m.net", doublingChain(18)), check, new Diagnostics())
            .reportsAsExpanded());
        // 3 * 2^19 - 1 = 1,572,863
        assertEquals(false, Analyzer.analyze(new SourceText("m.net", doublingChain(19)), check, new Diagnostics())
            .reportsAsExpanded());
        assertEquals(List.of("82:5 E411 the model expands to 1572863 layer calls here, more than the limit of 1000000"),
            found(doublingChain(19), Analyzer.Options.all()));
        assertEquals(List.of(), found(doublingChain(19), check));
    }

    @Test
    void theLimitIsAnOption() {
        String text = "model M {\n    input x: [3]\n    relu\n    Twice\n}\nblock Twice {\n    input x\n    tanh\n"
            + "    tanh\n}\n";
        assertEquals(List.of("4:5 E411 the model expands to 4 layer calls here, more than the limit of 3"),
            found(text, new Analyzer.Options(null, Map.of(), 3, false)));
        assertEquals(List.of(), found(text, new Analyzer.Options(null, Map.of(), 4, false)));
    }

    /**
     * What a body certainly calls is read from its text, so it must never count more than runs: a
     * branch not taken, a repeat whose count is a parameter (0 here), a value named like a layer.
     * Each model makes exactly 10 calls, and so fits a limit of 10.
     */
    @Test
    void whatIsCertainNeverExceedsWhatRuns() {
        String text = "block Maybe(n) {\n    input x\n    if n > 0 { relu -> relu }\n    repeat n { relu }\n}\n"
            + "model Branches(n = 0) {\n    input x: [3]\n    repeat 5 { if n > 0 { relu -> relu } repeat n { relu } }\n"
            + "    repeat 5 { Maybe(n) }\n}\n"
            + "model Shadow {\n    input x: [3]\n    tanh = x\n    repeat 5 { tanh -> relu -> relu }\n}\n";
        for (String model : List.of("Branches", "Shadow")) {
            assertEquals(List.of(), found(text, new Analyzer.Options(model, Map.of(), 10, false)), model);
            // no W501 either for tanh, which the refused repeat would have read
            assertEquals(List.of("E411"), found(text, new Analyzer.Options(model, Map.of(), 9, false)).stream()
                .map(d -> d.split(" ")[1]).collect(Collectors.toList()), model);
        }
    }

    static String doublingChain(int levels) {
        StringBuilder text = new StringBuilder("block B0 { input x\n    relu\n}\n");
        for (int i = 1; i <= levels; i++) {
            text.append("block B").append(i).append(" { input x\n    B").append(i - 1).append("\n    B").append(i - 1)
                .append("\n}\n");
        }
        return text.append("model Doubling {\n    input x: [4]\n    B").append(levels).append("\n}\n").toString();
    }

    private static List<String> found(String text, Analyzer.Options options) {
        Diagnostics diagnostics = new Diagnostics();
        Analyzer.analyze(new SourceText("m.net", text), options, diagnostics);
        return diagnostics.all().stream().map(ExpansionTest::describe).collect(Collectors.toList());
    }

    private static String describe(Diagnostic d) {
        StringBuilder out = new StringBuilder(d.span().position() + " " + d.code().id() + " " + d.message().english());
        for (Related related : d.related()) {
            out.append("\n  note: ").append(related.message().english());
        }
        return out.toString();
    }
}
