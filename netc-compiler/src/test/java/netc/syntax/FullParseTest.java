package netc.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.Set;
import netc.diagnostics.Diagnostics;
import netc.diagnostics.SourceText;
import org.junit.jupiter.api.Test;

/**
 * After a syntax error the file is parsed again, recovering, and its statements are built as they
 * are parsed: a definition holding an error is not built. What building found in the statements before
 * the error (B's label) was reported by the first parse, which stopped there.
 */
class FullParseTest {
    @Test
    void onlyTheDefinitionsWithoutErrorsAreBuiltAndReportWhatBuildingFound() {
        String text = """
            model A {
                input x: [3]
                "a{": relu
                relu
            }
            model B {
                input x: [3]
                "b{": relu
                relu )
            }
            model C {
                input x: [3]
                relu
            }
            """;
        Diagnostics diagnostics = new Diagnostics();
        ParsedFile parsed = SourceParser.parse(new SourceText("m.net", text), diagnostics);

        assertEquals(List.of("3:7 E425", "8:7 E425", "9:10 E101"), diagnostics.all().stream()
            .map(d -> d.span().position() + " " + d.code().id()).toList());
        assertEquals(List.of("A", "C"), parsed.file().definitions().stream().map(d -> d.name().text()).toList());
        assertEquals(Set.of("B"), parsed.brokenDefinitions());
        assertEquals(3, parsed.file().definitions().get(0).body().size());
        assertEquals(2, parsed.file().definitions().get(1).body().size());
    }

    /** A chain's steps are built and cut as its arrows come in the full parse too; one holding an error breaks its definition. */
    @Test
    void aChainHoldingAnErrorBreaksItsDefinitionAndTheOthersAreBuilt() {
        String text = """
            model A {
                input x: [3]
                relu -> linear(3, 4)) -> relu -> relu -> relu
            }
            model C {
                input x: [3]
                relu -> relu -> relu
            }
            model D {
                input x: [3]
                relu -> relu ->
            }
            """;
        Diagnostics diagnostics = new Diagnostics();
        ParsedFile parsed = SourceParser.parse(new SourceText("m.net", text), diagnostics);

        assertEquals(List.of("3:25 E101", "12:1 E101"), diagnostics.all().stream()
            .map(d -> d.span().position() + " " + d.code().id()).toList());
        assertEquals(Set.of("A", "D"), parsed.brokenDefinitions());
        Definition c = parsed.file().definitions().get(0);
        assertEquals("C", c.name().text());
        Expr.Chain chain = (Expr.Chain) ((Statement.Chain) c.body().get(1)).chain();
        assertEquals(List.of("7:5", "7:13", "7:21"), chain.steps().stream().map(e -> e.span().position()).toList());
    }

    /**
     * The full parse lets go of the tokens of the statements it built, as the fast one does; an error
     * right after an unknown character, far into the file, still follows from it and is not reported.
     */
    @Test
    void anErrorRightAfterALexicalErrorFarIntoAFileIsNotReportedAgain() {
        String text = "model A {\n    input x: [3]\n" + "    relu -> relu\n".repeat(10_000)
            + "    relu -> $ )\n    relu\n    linear(3 4)\n}\n";
        Diagnostics diagnostics = new Diagnostics();
        ParsedFile parsed = SourceParser.parse(new SourceText("m.net", text), diagnostics);

        assertEquals(List.of("10003:13 E104", "10005:14 E101"), diagnostics.all().stream()
            .map(d -> d.span().position() + " " + d.code().id()).toList());
        assertEquals(Set.of("A"), parsed.brokenDefinitions());
    }

    /**
     * After an error, the full parse hands the tokens back to the fast parse once a statement after the
     * error ends; each later error sends them to the full parse again, from the statement before it. Here
     * the fast parse reads a statement or more each time, so the full parse hands over after the first
     * statement each time.
     */
    @Test
    void theFastParseReadsOnBetweenErrors() {
        String text = """
            model A {
                input x: [3]
                relu(
                ((relu))
                ((relu)) )
                relu
                relu
                linear(3 4)
                relu
            }
            model B {
                input x: [3]
                "b{": relu
            }
            model C {
                input x: [3]
                relu ->
            }
            """;
        long handoversBefore = SourceParser.HANDOVERS.get();
        Diagnostics diagnostics = new Diagnostics();
        ParsedFile parsed = SourceParser.parse(new SourceText("m.net", text), diagnostics);

        assertEquals(List.of("5:5 E101", "8:14 E101", "18:1 E101", "13:7 E425"), diagnostics.all().stream()
            .map(d -> d.span().position() + " " + d.code().id()).toList());
        assertEquals(Set.of("A", "C"), parsed.brokenDefinitions());
        assertEquals(List.of("B"), parsed.file().definitions().stream().map(d -> d.name().text()).toList());
        assertEquals(3, SourceParser.HANDOVERS.get() - handoversBefore);
    }

    /**
     * What building reports is kept for the definitions built, not for those holding a syntax error, in a
     * parse of the whole file (an error outside any body) as in a resumed one.
     */
    @Test
    void whatBuildingReportsIsKeptOnlyForTheDefinitionsBuilt() {
        String model = "model %s {\n    input x: [3]\n    \"b{\": relu%s\n}\n";
        String text = ")\n" + model.formatted("A", "") + model.formatted("B", " )") + model.formatted("C", "");
        Diagnostics diagnostics = new Diagnostics();
        ParsedFile parsed = SourceParser.parse(new SourceText("m.net", text), diagnostics);

        assertEquals(List.of("1:1 E101", "8:16 E101", "4:7 E425", "12:7 E425"), diagnostics.all().stream()
            .map(d -> d.span().position() + " " + d.code().id()).toList());
        assertEquals(List.of("A", "C"), parsed.file().definitions().stream().map(d -> d.name().text()).toList());
        assertEquals(Set.of("B"), parsed.brokenDefinitions());
    }

    /** The builders of the full and fast parses after errors share one copy of each word and integer. */
    @Test
    void everyBuilderOfAParseSharesOneCopyOfEachWord() {
        String broken = "model %s {\n    input x: [3]\n    relu )\n}\n";
        String clean = "model %s {\n    input x: [3]\n    relu\n}\n";
        String text = broken.formatted("A") + clean.formatted("B") + broken.formatted("C") + clean.formatted("D");
        long handoversBefore = SourceParser.HANDOVERS.get();
        ParsedFile parsed = SourceParser.parse(new SourceText("m.net", text), new Diagnostics());

        assertEquals(2, SourceParser.HANDOVERS.get() - handoversBefore);
        List<Statement.InputDeclaration> inputs = parsed.file().definitions().stream()
            .map(d -> ((Statement.Input) d.body().get(0)).inputs().get(0)).toList();
        assertEquals(List.of("B", "D"), parsed.file().definitions().stream().map(d -> d.name().text()).toList());
        assertSame(inputs.get(0).name().text(), inputs.get(1).name().text());
        assertSame(((Expr.IntLiteral) inputs.get(0).type().dims().get(0)).value(),
            ((Expr.IntLiteral) inputs.get(1).type().dims().get(0)).value());
    }

    /**
     * Where the fast parse meets the next error before it reads a statement, the full parse would read each
     * statement twice: it reads on longer before it hands over again, here to the end of the file.
     */
    @Test
    void errorsOnEveryLineKeepTheFullParse() {
        String text = "model A {\n    input x: [3]\n" + "    relu )\n".repeat(50) + "}\n";
        long handoversBefore = SourceParser.HANDOVERS.get();
        Diagnostics diagnostics = new Diagnostics();
        SourceParser.parse(new SourceText("m.net", text), diagnostics);

        assertEquals(50, diagnostics.errorCount());
        assertEquals("52:10 E101", diagnostics.all().get(49).span().position() + " " + diagnostics.all().get(49).code().id());
        assertEquals(1, SourceParser.HANDOVERS.get() - handoversBefore);
    }

    /**
     * A text with a character beyond U+FFFF is read into one stream of code points for the whole parse,
     * however often it resumes: each resumed parse made its own, a copy of the text each time (1 MB of small
     * broken models took 142 s). Its errors are the whole file's parse's.
     */
    @Test
    void aTextWithASurrogatePairResumesOnOneStream() {
        String text = "// \uD83D\uDE00 \u20AC\n" + """
            model A {
                input x: [3]
                relu )   // \uD83D\uDE00
                relu
            }
            model B {
                input x: [3]
                relu )
                relu
            }
            """;
        long handoversBefore = SourceParser.HANDOVERS.get();
        Diagnostics resumed = new Diagnostics();
        SourceParser.parse(new SourceText("m.net", text), resumed, true);
        Diagnostics whole = new Diagnostics();
        SourceParser.parse(new SourceText("m.net", text), whole, false);

        assertEquals(List.of("4:10 E101", "9:10 E101"), resumed.all().stream()
            .map(d -> d.span().position() + " " + d.code().id()).toList());
        assertEquals(whole.all(), resumed.all());
        assertEquals(2, SourceParser.HANDOVERS.get() - handoversBefore);
    }
}
