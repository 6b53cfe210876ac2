package netc.semantic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import netc.diagnostics.Diagnostics;
import netc.diagnostics.SourceText;
import netc.syntax.EditReparse;
import netc.syntax.ParsedFile;
import netc.syntax.SourceParser;
import org.junit.jupiter.api.Test;

/** An edited text's analysis takes from the previous one the models the edit left alone, and reports what they did. */
class ModelAnalysisReuseTest {
    private static final String TEXT = """
        block Pair(c) {
            input x
            conv2d(c, c, k=3, p=1) -> relu
        }

        model A {
            input x: [4, 8, 8]
            unused = x -> relu
            Pair(4) -> flatten -> linear(256, 10)
        }

        model B {
            input x: [16]
            linear(16, 10)
        }
        """;

    private record Analysis(Analyzer.Result result, List<String> diagnostics) {
    }

    private static Analysis analyse(ParsedFile parsed, String text, Analyzer.Options options, Analyzer.Result previous) {
        Diagnostics diagnostics = new Diagnostics();
        Analyzer.Result result = Analyzer.analyzeParsed(parsed, new SourceText("m.net", text), options, diagnostics, previous);
        return new Analysis(result, diagnostics.all().stream().map(d -> d.code().id() + " " + d.span().position()).toList());
    }

    private static ParsedFile parse(String text) {
        return SourceParser.parse(new SourceText("m.net", text), new Diagnostics());
    }


    private static final Analyzer.Options CHECK = Analyzer.Options.check(Analyzer.Options.DEFAULT_MAX_LAYERS)
        .keepingModelAnalyses();

    @Test
    void anEditOfOneModelKeepsTheOthersAnalysisAndItsDiagnostics() {
        ParsedFile parsed = parse(TEXT);
        Analysis before = analyse(parsed, TEXT, CHECK, null);
        assertEquals(List.of("W501 8:5"), before.diagnostics());
        String edited = TEXT.replace("linear(16, 10)", "linear(15, 10)");
        ParsedFile reparsed = EditReparse.of(parsed, TEXT, new SourceText("m.net", edited));
        Analysis after = analyse(reparsed, edited, CHECK, before.result());
        assertSame(before.result().models().get(0), after.result().models().get(0));
        assertNotSame(before.result().models().get(1), after.result().models().get(1));
        assertEquals(List.of("W501 8:5", "E201 14:5"), after.diagnostics());
        assertEquals(analyse(parse(edited), edited, CHECK, null).diagnostics(), after.diagnostics());
    }

    @Test
    void anEditOfABlockAnalysesEveryModelAgain() {
        String edited = TEXT.replace("k=3, p=1", "k=3, p=0");
        ParsedFile parsed = parse(TEXT);
        Analysis before = analyse(parsed, TEXT, CHECK, null);
        Analysis after = analyse(EditReparse.of(parsed, TEXT, new SourceText("m.net", edited)), edited, CHECK, before.result());
        assertNotSame(before.result().models().get(0), after.result().models().get(0));
        assertNotSame(before.result().models().get(1), after.result().models().get(1));
        assertEquals(List.of("E201 9:27", "W501 8:5"), after.diagnostics());
        assertEquals(analyse(parse(edited), edited, CHECK, null).diagnostics(), after.diagnostics());
    }

    @Test
    void otherOptionsAnalyseAgain() {
        ParsedFile parsed = parse(TEXT);
        Analysis check = analyse(parsed, TEXT, CHECK, null);
        Analyzer.Options full = Analyzer.Options.all().keepingModelAnalyses();
        Analysis all = analyse(parsed, TEXT, full, check.result());
        assertNotSame(check.result().models().get(0), all.result().models().get(0));
        assertSame(all.result().models().get(0), analyse(parsed, TEXT, full, all.result()).result().models().get(0));
    }

    /** A command's analysis keeps no model's (a copy of every report, for nothing): the next analysis makes them all again. */
    @Test
    void optionsThatDoNotKeepThemAnalyseAgain() {
        ParsedFile parsed = parse(TEXT);
        Analyzer.Options command = Analyzer.Options.check(Analyzer.Options.DEFAULT_MAX_LAYERS);
        Analysis once = analyse(parsed, TEXT, command, null);
        assertEquals(List.of(), once.result().modelAnalyses());
        assertNotSame(once.result().models().get(0), analyse(parsed, TEXT, CHECK, once.result()).result().models().get(0));
        assertEquals(2, analyse(parsed, TEXT, CHECK, null).result().modelAnalyses().size());
    }

    /**
     * What all models are analysed with besides their own definitions (the blocks, the broken definitions) is
     * held once for them all, and taken over from the previous analysis where it is equal: a copy for each
     * model, and a comparison of each with each previous one, made a file of 45,000 small models take minutes.
     */
    @Test
    void theModelsShareWhatTheyAreAnalysedWith() {
        ParsedFile parsed = parse(TEXT);
        List<Analyzer.ModelAnalysis> before = analyse(parsed, TEXT, CHECK, null).result().modelAnalyses();
        assertSame(before.get(0).blocks(), before.get(1).blocks());
        assertSame(before.get(0).broken(), before.get(1).broken());
        String edited = TEXT.replace("linear(16, 10)", "linear(15, 10)");
        ParsedFile reparsed = EditReparse.of(parsed, TEXT, new SourceText("m.net", edited));
        List<Analyzer.ModelAnalysis> after = analyse(reparsed, edited, CHECK, analyse(parsed, TEXT, CHECK, null).result())
            .result().modelAnalyses();
        assertSame(after.get(0).blocks(), after.get(1).blocks());
        assertSame(after.get(0).broken(), after.get(1).broken());
    }
}
