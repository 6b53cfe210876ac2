package netc.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import netc.diagnostics.Code;
import netc.diagnostics.Diagnostic;
import netc.diagnostics.Diagnostics;
import netc.diagnostics.SourceSpan;
import netc.diagnostics.SourceText;
import org.junit.jupiter.api.Test;

/**
 * The parser builds a chain's steps while the chain is still being parsed (a statement may be a chain of
 * millions of steps), in the fast parse and in the full parse after an error alike; both give the same
 * AST.
 */
class ChainParseTest {
    private static final String MODEL = """
        model M {
            input x: [3, 8, 8]
            y = x -> conv2d(3, 4, 1) -> (relu -> dropout(0.1)) -> repeat 2 { relu -> relu } -> flatten
            z: (a = y -> relu
                a -> relu -> linear(256, 8)) -> relu
            z -> if true { relu -> relu } else { relu } -> linear(8, 2) -> F.softmax(dim=1)
        }
        """;

    private static ParsedFile parse(String text, Diagnostics diagnostics) {
        return SourceParser.parse(new SourceText("m.net", text), diagnostics);
    }

    @Test
    void chainsBuiltWhileParsedEqualChainsBuiltFromTheWholeTree() {
        Diagnostics fastDiagnostics = new Diagnostics();
        ParsedFile fast = parse(MODEL, fastDiagnostics);
        assertEquals(List.of(), fastDiagnostics.all());
        assertTrue(fast.reportedNothing());

        // a syntax error after the model sends the whole file through the full parse
        Diagnostics fullDiagnostics = new Diagnostics();
        ParsedFile full = parse(MODEL + "model Broken {\n    relu(\n}\n", fullDiagnostics);
        assertFalse(full.reportedNothing());
        assertEquals(List.of(Code.UNEXPECTED_TOKEN), fullDiagnostics.all().stream().map(Diagnostic::code).distinct().toList());

        assertEquals(fast.file().definitions(), full.file().definitions());
        Statement.Binding y = (Statement.Binding) fast.file().definitions().get(0).body().get(1);
        Expr.Chain chain = (Expr.Chain) y.value();
        assertEquals(5, chain.steps().size());
        assertEquals(SourceSpan.of("m.net", 3, 9, 3, 95), chain.span());
        Expr.Group group = (Expr.Group) chain.steps().get(2);
        assertEquals(SourceSpan.of("m.net", 3, 33, 3, 55), group.span());
    }

    @Test
    void aLongChainIsOneChainOfAllItsSteps() {
        int arrows = 100_000;
        String text = "model M {\n    input x: [3]\n    relu" + " -> relu".repeat(arrows) + " -> linear(3, 2)\n}\n";
        Diagnostics diagnostics = new Diagnostics();
        ParsedFile parsed = parse(text, diagnostics);
        assertEquals(List.of(), diagnostics.all());

        Statement.Chain statement = (Statement.Chain) parsed.file().definitions().get(0).body().get(1);
        Expr.Chain chain = (Expr.Chain) statement.chain();
        assertEquals(arrows + 2, chain.steps().size());
        int end = 9 + 8 * arrows;
        assertEquals(SourceSpan.of("m.net", 3, 5, 3, end + 16), chain.span());
        assertEquals(SourceSpan.of("m.net", 3, 5, 3, 9), chain.steps().get(0).span());
        assertEquals(SourceSpan.of("m.net", 3, end - 4, 3, end), chain.steps().get(arrows).span());
        assertEquals(SourceSpan.of("m.net", 3, end + 4, 3, end + 16), chain.steps().get(arrows + 1).span());
    }

    /** The full parse after an error reads a long chain step by step too. */
    @Test
    void aLongChainBeforeASyntaxErrorIsReadByTheFullParse() {
        int arrows = 100_000;
        String text = "model M {\n    input x: [3]\n    relu" + " -> relu".repeat(arrows) + " -> )\n}\n";
        Diagnostics diagnostics = new Diagnostics();
        parse(text, diagnostics);

        assertEquals(List.of("3:" + (13 + 8 * arrows) + " E101"), diagnostics.all().stream()
            .map(d -> d.span().position() + " " + d.code().id()).toList());
    }
}
