package netc.semantic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import netc.backend.TorchSummaryTable;
import netc.diagnostics.Diagnostic;
import netc.diagnostics.Diagnostics;
import netc.diagnostics.SourceText;
import org.junit.jupiter.api.Test;

/** import "file": blocks of other files, read through an {@link ImportReader} of texts held here. */
class ImportsTest {
    private static final String BLOCKS = """
        block ConvBn(i, o, s = 1) {
            input x
            conv: conv2d(i, o, k=3, s=s, p=1, bias=false) -> bn: batchnorm2d(o) -> relu
        }
        """;

    private final Map<String, String> files = new java.util.HashMap<>();
    private final List<String> reads = new ArrayList<>();

    private Analyzer.Result analyze(String path, String text, Diagnostics diagnostics) {
        ImportReader reader = (file, found) -> {
            reads.add(file);
            String imported = files.get(file);
            if (imported == null) {
                throw new NoSuchFileException(file);
            }
            return new SourceText(file, imported);
        };
        return Analyzer.analyze(new SourceText(path, text), Analyzer.Options.all().importingWith(reader), diagnostics);
    }

    private static List<String> describe(Diagnostics diagnostics) {
        return diagnostics.all().stream().map(ImportsTest::describe).collect(Collectors.toList());
    }

    private static String describe(Diagnostic d) {
        return d.span().file() + ":" + d.span().position() + " " + d.code().id() + ": " + d.message().english()
            + d.related().stream().map(r -> "\n  note: " + r.message().english()).collect(Collectors.joining());
    }

    @Test
    void anImportedBlockGivesTheTableOfTheSameBlockWrittenInTheFile() {
        files.put("models/lib/blocks.net", BLOCKS);
        String model = """
            model Net {
                input x: [3, 32, 32]
                ConvBn(3, 16) -> ConvBn(16, 32, s=2)
                adaptiveavgpool2d(1) -> flatten -> linear(32, 10)
            }
            """;
        Diagnostics imported = new Diagnostics();
        Analyzer.Result result = analyze("models/net.net", "import \"lib/blocks.net\"\n" + model, imported);
        Diagnostics inline = new Diagnostics();
        Analyzer.Result written = analyze("models/net.net", BLOCKS + model, inline);
        assertEquals(List.of(), describe(imported));
        assertEquals(List.of(), describe(inline));
        assertEquals(TorchSummaryTable.render(written.models().get(0), false),
            TorchSummaryTable.render(result.models().get(0), false));
        assertEquals(List.of("ConvBn"), result.importedBlocks().stream().map(b -> b.name().text())
            .collect(Collectors.toList()));
        assertEquals(List.of("models/lib/blocks.net"), reads);
    }

    @Test
    void aFileImportedTwiceThroughOthersIsReadOnceAndItsModelsAreNotAnalysed() {
        files.put("a.net", "import \"common.net\"\nblock A { input x\n relu }\n");
        files.put("b.net", "import \"common.net\"\nblock B { input x\n relu }\n");
        files.put("common.net", BLOCKS + "model Wrong {\n input x: [3]\n linear(9, 2)\n}\n");
        Diagnostics diagnostics = new Diagnostics();
        Analyzer.Result result = analyze("main.net", """
            import "a.net"
            import "b.net"
            model M {
                input x: [3, 8, 8]
                ConvBn(3, 4) -> A -> B
            }
            """, diagnostics);
        assertEquals(List.of(), describe(diagnostics));
        assertEquals(List.of("a.net", "common.net", "b.net"), reads);
        assertEquals("[-1, 4, 8, 8]", result.models().get(0).output().shape().toString());
    }

    @Test
    void anErrorInAnImportedBlockIsWhereItIsWithTheCallSiteInTheImportingFile() {
        files.put("blocks.net", BLOCKS);
        Diagnostics diagnostics = new Diagnostics();
        analyze("net.net", "import \"blocks.net\"\nmodel M {\n    input x: [3, 8, 8]\n    ConvBn(4, 8)\n}\n",
            diagnostics);
        assertEquals(List.of("blocks.net:3:11 E202: conv2d expects 4 input channels, but the incoming tensor"
            + " [-1, 3, 8, 8] has 3\n  note: [-1, 3, 8, 8] comes from input x at 3:11"
            + "\n  note: in ConvBn(i=4, o=8, s=1), used at net.net:4:5"), describe(diagnostics));
    }

    @Test
    void syntaxErrorsOfAnImportedFileAreReportedThereAndItsBrokenBlockIsNotReportedAgainAtItsUse() {
        files.put("broken.net", "block Broken(c) {\n    input x\n    conv2d(c c, 3)\n}\n");
        Diagnostics diagnostics = new Diagnostics();
        analyze("net.net", "import \"broken.net\"\nmodel M {\n    input x: [3, 8, 8]\n    Broken(3)\n}\n",
            diagnostics);
        assertEquals(List.of("broken.net:3:14 E101: expected ',' or ')' before the name 'c'"), describe(diagnostics));
    }

    @Test
    void aCycleThroughOtherFilesIsReportedWhereItClosesWithEveryFileOnIt() throws IOException {
        files.put("a.net", "import \"b.net\"\nblock A { input x\n relu }\n");
        files.put("b.net", "import \"main.net\"\nblock B { input x\n relu }\n");
        files.put("main.net", "");
        Diagnostics diagnostics = new Diagnostics();
        analyze("main.net", "import \"a.net\"\nmodel M {\n input x: [3]\n A -> B\n}\n", diagnostics);
        assertEquals(List.of("b.net:1:8 E431: importing main.net here closes a cycle: main.net -> a.net -> b.net"
            + " -> main.net"), describe(diagnostics));
    }

    @Test
    void importIsAWordOnlyBeforeAPathSoOldFilesNamingAValueImportStayValid() {
        Diagnostics diagnostics = new Diagnostics();
        Analyzer.Result result = analyze("net.net", """
            model M {
                input x: [3, 8, 8]
                import: conv2d(3, 4, k=1)
                import = relu
                import -> flatten
            }
            """, diagnostics);
        assertEquals(List.of(), describe(diagnostics));
        assertEquals("import.weight", result.models().get(0).stateDict().keySet().iterator().next());
        assertEquals(List.of(), reads);
    }
}
