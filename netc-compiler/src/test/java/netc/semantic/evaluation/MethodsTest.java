package netc.semantic.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import netc.diagnostics.Diagnostics;
import netc.diagnostics.SourceText;
import netc.semantic.Analyzer;
import netc.semantic.model.AnalyzedModel;
import netc.semantic.model.Module;
import netc.semantic.model.Trace;
import netc.syntax.Definition;
import netc.syntax.Expr;
import netc.syntax.Statement;
import org.junit.jupiter.api.Test;

/** Tensor methods: PyTorch's dimension numbering, the batch size as a symbol, and the old function forms unchanged. */
class MethodsTest {

    @Test
    void methodsNumberDimensionsFromTheBatchAndSizesReadOffTheTensor() {
        Map<String, String> bound = bindings("""
            model M {
                input x: [8, 4, 6]
                b = x.size(0)
                c = x.shape[1]
                w = x.size(-1)
                r = x.dim()
                all = x.size()
                s = x.view(b, 2, c // 2, all[2], w)
                e = x.view(b, r, -1)
                t = s.transpose(1, 2).contiguous().view(b, -1, 4, 6)
                u = x.flatten(1)
                v = x.flatten(2)
                m = x.mean(dim=-1, keepdim=true).expand(b, -1, -1, 6)
                p = x.permute(0, 2, 3, 1)
                q = (x + x).softmax(-1).reshape(-1, 192)
                k = x.view(x.size()[0], -1)
                k + q + u + e.flatten(1) + t.flatten(1) + m.flatten(1) + p.flatten(1) + v.flatten(1)
            }
            """);
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("x", "[-1, 8, 4, 6]");
        for (String value : List.of("b", "c", "w", "r", "all")) {
            expected.put(value, "null");
        }
        expected.put("s", "[-1, 2, 4, 4, 6]");
        expected.put("e", "[-1, 4, 48]");
        expected.put("t", "[-1, 8, 4, 6]");
        expected.put("u", "[-1, 192]");
        expected.put("v", "[-1, 8, 24]");
        expected.put("m", "[-1, 8, 4, 6]");
        expected.put("p", "[-1, 4, 6, 8]");
        expected.put("q", "[-1, 192]");
        expected.put("k", "[-1, 192]");
        assertEquals(expected, bound);
    }

    @Test
    void theFunctionFormsKeepTheirOldMeaning() {
        Map<String, String> bound = bindings("""
            model M {
                input x: [8, 4, 6]
                a = x -> view(-1)
                b = x.view(x.size(0), -1)
                c = x -> flatten
                d = x -> expand(-1, 4, 6)
                a + b + c + d.flatten(1)
            }
            """);
        assertEquals(Map.of("x", "[-1, 8, 4, 6]", "a", "[-1, 192]", "b", "[-1, 192]", "c", "[-1, 192]",
            "d", "[-1, 8, 4, 6]"), bound);
    }

    @Test
    void aMethodIsAFunctionalCallWithoutAModule() {
        AnalyzedModel model = analyze("model M {\n    input x: [8, 4, 6]\n    x.flatten(1).relu() -> linear(_, 3)\n}\n",
            new Diagnostics());
        assertEquals(List.of("Linear"), model.root().children().stream().map(Module::torchClass).toList());
        assertEquals(List.of("flatten", "relu", "linear"), model.trace().steps().stream()
            .filter(Trace.Apply.class::isInstance).map(s -> ((Trace.Apply) s).spec().name()).toList());
    }

    @Test
    void aDottedNameIsAQualifierOnlyAfterFNnOrTorchAndElseMethodsWithTheirSpans() {
        SourceText source = new SourceText("m.net", "model M {\n    input x: [4]\n    y = x.size(0)\n"
            + "    F.relu -> nn.ReLU -> torch.flatten\n}\n");
        Analyzer.Result result = Analyzer.analyze(source, Analyzer.Options.all(), new Diagnostics());
        Definition.Model model = (Definition.Model) result.parsed().file().definitions().get(0);
        Expr.Method size = (Expr.Method) ((Statement.Binding) model.body().get(1)).value();
        assertEquals("size 3:11 3:9-18 3:9 true 1", size.name().text() + " " + size.name().span().position() + " "
            + size.span().position() + "-" + size.span().endColumn() + " " + size.receiver().span().position() + " "
            + size.called() + " " + size.arguments().size());
        Expr.Chain chain = (Expr.Chain) ((Statement.Chain) model.body().get(2)).chain();
        assertEquals(List.of("FUNCTIONAL relu", "TORCH_MODULE ReLU", "FUNCTIONAL flatten"), chain.steps().stream()
            .map(s -> ((Expr.Name) s).qualifier() + " " + ((Expr.Name) s).text()).collect(Collectors.toList()));
    }

    /** A parameter has no batch: its sizes are all numbers, dimension 0 its first ([1, 3, 4]: 1, 3, 4). */
    @Test
    void theSizesOfAParameterAreItsOwn() {
        Map<String, String> bound = bindings("""
            model M {
                input x: [3, 4]
                param p: [1, 3, 5]
                a = x -> linear(4, p.size(2))
                b = x -> linear(4, p.shape[0] + p.size(-2) + p.dim())
                c = x -> linear(4, len(p.shape) + p.size()[1])
                cat(a, b, c, dim=2)
            }
            """);
        assertEquals(List.of("[-1, 3, 4]", "[-1, 3, 5]", "[-1, 3, 7]", "[-1, 3, 6]"), List.of(bound.get("x"),
            bound.get("a"), bound.get("b"), bound.get("c")));
    }

    /**
     * A parameter expanded to the batch size is batched, by PyTorch's rule for expand: a new dimension in
     * front, or one of size 1, takes a size. The step reads the parameter and the tensor the batch size
     * came from (y), where generated code reads it again.
     */
    @Test
    void aParameterExpandedToTheBatchSizeIsBatched() {
        String text = """
            model M {
                input x: [4, 8]
                param token: [1, 1, 8]
                param row: [8]
                param rows: [2, 8]
                y = x * 2
                n = y.shape[0]
                a = token.expand(n, -1, -1)
                b = row.expand(n, 2, -1)
                c = rows.expand(n, -1, -1)
                d = token.expand(n, 3, 8)
                cat((a, b, c, d, y), dim=1)
            }
            """;
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("x", "[-1, 4, 8]");
        expected.put("token", "[1, 1, 8]");
        expected.put("row", "[8]");
        expected.put("rows", "[2, 8]");
        expected.put("y", "[-1, 4, 8]");
        expected.put("n", "null");
        expected.put("a", "[-1, 1, 8]");
        expected.put("b", "[-1, 2, 8]");
        expected.put("c", "[-1, 2, 8]");
        expected.put("d", "[-1, 3, 8]");
        assertEquals(expected, bindings(text));
        Trace trace = analyze(text, new Diagnostics()).trace();
        Map<String, Integer> ids = new LinkedHashMap<>();
        trace.steps().stream().filter(Trace.State.class::isInstance)
            .forEach(s -> ids.put(((Trace.State) s).key(), s.id()));
        int y = trace.steps().stream().filter(Trace.Arithmetic.class::isInstance).findFirst().orElseThrow().id();
        assertEquals(List.of(List.of(ids.get("token"), y), List.of(ids.get("row"), y), List.of(ids.get("rows"), y),
            List.of(ids.get("token"), y)), trace.steps().stream()
            .filter(s -> s instanceof Trace.Apply a && a.name().equals("expand"))
            .map(s -> ((Trace.Apply) s).inputs()).toList());
    }

    /** Each named tensor's shape, in order of binding (a value that is no tensor has none). */
    @Test
    void catTakesItsTensorsAsOneTupleAsTorchCatDoes() {
        AnalyzedModel model = analyze("""
            model M {
                input x: [8, 4]
                token = x[:, :1]
                parts = (x, token)
                a = torch.cat((token, x), dim=1)
                b = torch.cat(parts, 1)
                c = x -> cat((token, token), dim=1)
                a + b + c
            }
            """, new Diagnostics());
        assertEquals(List.of("token [-1, 1, 4]", "parts ([-1, 8, 4], [-1, 1, 4])", "a [-1, 9, 4]", "b [-1, 9, 4]",
            "c [-1, 10, 4]"), model.observations().bindings().stream().skip(1)
            .map(b -> b.name().text() + " " + b.shape()).toList());
        assertEquals(List.of(List.of(1, 0), List.of(0, 1), List.of(0, 1, 1)), model.trace().steps().stream()
            .filter(s -> s instanceof Trace.Apply a && a.name().equals("cat"))
            .map(s -> ((Trace.Apply) s).inputs()).toList());
    }

    @Test
    void tuplesConcatenateAndRepeatAsInPython() {
        AnalyzedModel model = analyze("""
            model M {
                input x: [3, 8, 8]
                x -> conv2d(3, 4, kernel_size=(3,) * 2, padding=[1] + [1])
                    -> conv2d(4, 4, kernel_size=1 * (1,) + (3,), padding=(1,) * 0 + (0, 1))
            }
            """, new Diagnostics());
        assertEquals(List.of("0.weight [4, 3, 3, 3]", "0.bias [4]", "1.weight [4, 4, 1, 3]", "1.bias [4]"),
            model.stateDict().entrySet().stream().map(e -> e.getKey() + " " + java.util.Arrays.toString(e.getValue()))
                .toList());
        assertEquals("[-1, 4, 8, 8]", model.output().shape().toString());
    }

    private static Map<String, String> bindings(String text) {
        Diagnostics diagnostics = new Diagnostics();
        AnalyzedModel model = analyze(text, diagnostics);
        assertEquals(List.of(), diagnostics.all());
        Map<String, String> shapes = new LinkedHashMap<>();
        model.observations().bindings().forEach(b -> shapes.put(b.name().text(), String.valueOf(b.shape())));
        return shapes;
    }

    private static AnalyzedModel analyze(String text, Diagnostics diagnostics) {
        return Analyzer.analyze(new SourceText("m.net", text), Analyzer.Options.all(), diagnostics).models().get(0);
    }
}
