package netc.semantic.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import netc.diagnostics.Diagnostics;
import netc.diagnostics.SourceText;
import netc.semantic.Analyzer;
import netc.semantic.model.StateEntry;
import netc.semantic.model.Trace;
import netc.semantic.model.Value;
import org.junit.jupiter.api.Test;

/** The working the catalogue's rules record: the formula each size was computed by, printed both ways. */
class DerivationTest {

    /** Every derivation of every layer call of a one-model file, as explain prints them. */
    private static List<String> working(String text) {
        Diagnostics diagnostics = new Diagnostics();
        Analyzer.Result result = Analyzer.analyze(new SourceText("m.net", text), new Analyzer.Options(null, Map.of()),
            diagnostics);
        assertEquals(List.of(), diagnostics.all());
        Trace trace = result.models().get(0).trace();
        List<String> lines = new ArrayList<>();
        for (Trace.Step step : trace.steps()) {
            if (step instanceof Trace.Apply apply) {
                Working working = Working.of(apply, trace, result.sources());
                working.shape().forEach(d -> lines.add(d.text() + (d.unless() == null ? "" : " unless " + d.unless().text())));
                working.state().forEach(d -> lines.add(d.text()));
            }
        }
        return lines;
    }

    /**
     * The drift test: in every layer fixture (which hold every catalogue layer, LayerFixtureTest sees
     * to it), a size of a call's output or state that its inputs and arguments do not hold as such was
     * computed, so its rules must have derived it. A rule that computes a size without {@link
     * LayerCall#derive} leaves it unexplained, and fails here.
     */
    @Test
    void everyComputedSizeHasItsDerivation() throws IOException {
        List<String> unexplained = new ArrayList<>();
        try (Stream<Path> cases = Files.list(Path.of("netc-compiler/src/test/resources/layers"))) {
            for (Path directory : cases.sorted().toList()) {
                Diagnostics diagnostics = new Diagnostics();
                Path file = directory.resolve("model.net");
                Analyzer.Result result = Analyzer.analyze(new SourceText(file.toString(), Files.readString(file)),
                    new Analyzer.Options(null, Map.of()), diagnostics);
                Trace trace = result.models().get(0).trace();
                for (Trace.Step step : trace.steps()) {
                    if (step instanceof Trace.Apply apply && apply.output() != null) {
                        unexplained.addAll(unexplained(apply, trace, result));
                    }
                }
            }
        }
        assertEquals(List.of(), unexplained);
    }

    /**
     * The layers whose calls change a shape without computing a size: they move, insert, drop or copy
     * sizes (the output's sizes are its inputs' or its arguments'), and explain shows their input and
     * output. A new layer that changes a shape must derive its sizes or be added here, with its kind.
     */
    private static final Set<String> ONLY_MOVE_SIZES = Set.of(
        "permute", "transpose", "unsqueeze", "squeeze", "select", "expand", // moved, inserted, dropped, copied
        "mean", "sum", "amax", // a reduced dimension dropped, or kept as 1
        "matmul", "bmm", "einsum", // sizes of the operands
        "add", "mul", "where", "maskedfill", // broadcast: each size one operand's
        "view", "reshape", "unflatten", // every size given (a -1 is derived)
        "split", "unbind"); // a section's size given, or the dimension dropped

    @Test
    void everyLayerThatChangesAShapeDerivesItOrOnlyMovesSizes() throws IOException {
        Set<String> moving = new TreeSet<>();
        try (Stream<Path> cases = Files.list(Path.of("netc-compiler/src/test/resources/layers"))) {
            for (Path directory : cases.sorted().toList()) {
                Path file = directory.resolve("model.net");
                Analyzer.Result result = Analyzer.analyze(new SourceText(file.toString(), Files.readString(file)),
                    new Analyzer.Options(null, Map.of()), new Diagnostics());
                Trace trace = result.models().get(0).trace();
                for (Trace.Step step : trace.steps()) {
                    if (step instanceof Trace.Apply apply && apply.output() != null
                        && !apply.output().equals(trace.shape(apply.inputs().get(0)))
                        && Working.of(apply, trace, result.sources()).shape().isEmpty()) {
                        moving.add(apply.spec().name());
                    }
                }
            }
        }
        moving.removeAll(ONLY_MOVE_SIZES);
        assertEquals(Set.of(), moving, "layers that change a shape, with no derivation");
    }

    /** The sizes of a call's output and own state that are neither given nor derived. */
    private static List<String> unexplained(Trace.Apply apply, Trace trace, Analyzer.Result result) {
        Set<Long> given = new HashSet<>(List.of(-1L, 1L));
        apply.inputs().forEach(id -> Arrays.stream(trace.shape(id).dims()).forEach(given::add));
        apply.arguments().values().values().forEach(bound -> integers(bound.value(), given));
        Working working = Working.of(apply, trace, result.sources());
        Set<Long> derived = new HashSet<>();
        working.shape().forEach(d -> derived.add(d.value()));
        List<String> missing = new ArrayList<>();
        for (long size : apply.output().dims()) {
            if (!given.contains(size) && !derived.contains(size)) {
                missing.add(apply.spec().name() + " at " + apply.span().position() + ": output " + apply.output());
            }
        }
        working.state().forEach(d -> derived.add(d.value()));
        for (StateEntry entry : apply.module() == null ? List.<StateEntry>of() : apply.module().state()) {
            for (long size : entry.shape()) {
                if (!given.contains(size) && !derived.contains(size)) {
                    missing.add(apply.spec().name() + " at " + apply.span().position() + ": " + entry);
                }
            }
        }
        return missing;
    }

    private static void integers(Value value, Set<Long> into) {
        if (value instanceof Value.Int integer) {
            into.add(integer.value());
        } else if (value instanceof Value.Tuple tuple) {
            tuple.elements().forEach(element -> integers(element, into));
        }
    }

    @Test
    void formulasPrintWithTheParenthesesTheirValuesNeed() {
        Formula a = Formula.symbol("a", 7);
        Formula b = Formula.symbol("b", 2);
        Formula c = Formula.symbol("c", 3);
        assertEquals("a − (b − c) = 7 − (2 − 3) = 8", Derivation.working(a.minus(b.minus(c))));
        assertEquals("a − b − c = 7 − 2 − 3 = 2", Derivation.working(a.minus(b).minus(c)));
        assertEquals("(a + b)·c = (7 + 2)·3 = 27", Derivation.working(a.plus(b).times(c)));
        assertEquals("a·b/(b·c) = 7·2/(2·3) = 2", Derivation.working(a.times(b).dividedBy(b.times(c))));
        assertEquals("⌊(b − a)/c⌋ = ⌊(2 − 7)/3⌋ = -2", Derivation.working(b.minus(a).floorDividedBy(c)));
        assertEquals("⌈a/c⌉ + 1 = ⌈7/3⌉ + 1 = 4", Derivation.working(a.ceilDividedBy(c).plus(Formula.number(1))));
        assertEquals("32·8·8 = 2048", Derivation.working(Formula.product(List.of(Formula.number(32),
            Formula.number(8), Formula.number(8)))));
        assertEquals("1", Derivation.working(Formula.product(List.of())));
    }

    @Test
    void convolutionShowsDilationOnlyWhereThereIsSome() {
        assertEquals(List.of(
                "C_out = out_channels = 4",
                "H_out = ⌊(H_in + 2·padding − kernel_size)/stride[0]⌋ + 1 = ⌊(9 + 2·1 − 3)/1⌋ + 1 = 9",
                "W_out = ⌊(W_in + 2·padding − (dilation[1]·(kernel_size − 1) + 1))/stride[1]⌋ + 1"
                    + " = ⌊(9 + 2·1 − (2·(3 − 1) + 1))/2⌋ + 1 = 4",
                "weight.shape[1] = in_channels/groups = 2/2 = 1"),
            working("model M {\n input x: [2, 9, 9]\n conv2d(2, 4, k=3, s=(1, 2), p=1, d=(1, 2), g=2)\n}\n"));
    }

    @Test
    void ceilModeTakesOneWindowLessWhereTheLastWouldStartPastTheInput() {
        // nn.MaxPool1d(2, 2, 1, ceil_mode=True) on length 3 gives 2: a third window would start at 4, past 3 + 1
        assertEquals(List.of("L_out = L_out − 1 = 3 − 1 = 2 unless (L_out − 1)·stride = (3 − 1)·2 = 4 ≥ L_in + padding"
                + " = 3 + 1 = 4"),
            working("model M {\n input x: [1, 3]\n maxpool1d(2, s=2, p=1, ceil_mode=true)\n}\n").subList(1, 2));
    }

    @Test
    void transposedConvolutionAddsOutputPadding() {
        assertEquals(List.of("C_out = out_channels = 2",
                "L_out = (L_in − 1)·stride − 2·padding + kernel_size + output_padding = (5 − 1)·2 − 2·1 + 3 + 1 = 10"),
            working("model M {\n input x: [3, 5]\n convtranspose1d(3, 2, k=3, s=2, p=1, output_padding=1)\n}\n"));
    }

    @Test
    void reshapesMultiplyTheDimensionsTheyMerge() {
        assertEquals(List.of("shape[1] = C_in·H_in·W_in = 32·8·8 = 2048", "shape[1] = shape[1]/4 = 2048/4 = 512"),
            working("model M {\n input x: [32, 8, 8]\n flatten\n view(-1, 4)\n}\n"));
    }

    @Test
    void recurrentLayersCountTheirGatesPerLayerAndDirection() {
        assertEquals(List.of("shape[-1] = D·hidden_size = 1·20 = 20",
                "weight_ih_l0.shape[0] = 4·hidden_size = 4·20 = 80",
                "weight_ih_l0 + weight_hh_l0 + bias_ih_l0 + bias_hh_l0 = 4·(hidden_size·(input_size + hidden_size)"
                    + " + 2·hidden_size) = 4·(20·(10 + 20) + 2·20) = 2560"),
            working("model M {\n input x: [5, 10]\n lstm(10, 20, batch_first=true)\n}\n"));
    }

    @Test
    void attentionSplitsItsEmbeddingAmongTheHeadsAndProjectsItThreeTimes() {
        assertEquals(List.of("head_dim = embed_dim/num_heads = 16/4 = 4", "in_proj_weight.shape[0] = 3·embed_dim = 3·16 = 48"),
            working("model M {\n input x: [5, 16]\n multiheadattention(16, 4, batch_first=true)\n}\n"));
    }
}
