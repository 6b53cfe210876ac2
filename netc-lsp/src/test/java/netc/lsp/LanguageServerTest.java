package netc.lsp;

import static netc.lsp.LspSession.range;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import netc.TestFiles;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionItemKind;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticRelatedInformation;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.SemanticTokensParams;
import org.eclipse.lsp4j.SymbolKind;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.services.TextDocumentService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The server as an editor sees it: a real client over lsp4j's JSON-RPC. */
@Timeout(60)
class LanguageServerTest {
    private static final String URI = "file:///work/models/pair.net";
    private static final String PAIR = """
        // Two shape errors: conv2d's in_channels, and linear's in_features.
        block Pair(c) {
            input x
            conv2d(c, c, k=3, p=1) -> relu
        }

        model M {
            input x: [3, 32, 32]
            y = conv2d(4, 8, k=3, p=1) -> Pair(8)
            y -> flatten
            fc: linear(100, 10)
        }
        """;

    private LspSession session;
    private TextDocumentService documents;
    /** The diagnostics of the opened text: once they are published, requests are answered from its analysis. */
    private PublishDiagnosticsParams opened;

    @BeforeEach
    void start() throws Exception {
        session = LspSession.start();
        documents = session.server().getTextDocumentService();
        session.open(URI, PAIR);
        opened = session.nextDiagnostics();
    }

    @AfterEach
    void stop() throws Exception {
        session.close();
    }

    @Test
    void publishesTheDiagnosticsOfCheckWithRangesCodesHelpAndNotes() throws Exception {
        PublishDiagnosticsParams published = opened;
        assertEquals(URI, published.getUri());
        assertEquals(1, published.getVersion());
        List<Diagnostic> diagnostics = published.getDiagnostics();
        assertEquals(2, diagnostics.size());

        Diagnostic channels = diagnostics.get(0);
        assertEquals(range(8, 8, 8, 30), channels.getRange());
        assertEquals("E202", channels.getCode().getLeft());
        assertEquals(DiagnosticSeverity.Error, channels.getSeverity());
        assertEquals("netc", channels.getSource());
        assertEquals("conv2d expects 4 input channels, but the incoming tensor [-1, 3, 32, 32] has 3",
            channels.getMessage());
        assertEquals(List.of(related(range(7, 10, 7, 24), "[-1, 3, 32, 32] comes from input x at 8:11"),
                related(range(8, 8, 8, 30), "help: write conv2d(3, 8, k=3, p=1), or in_channels as _ to infer it")),
            channels.getRelatedInformation());

        Diagnostic features = diagnostics.get(1);
        assertEquals(range(10, 8, 10, 23), features.getRange());
        assertEquals("E201", features.getCode().getLeft());
        assertEquals("linear expects 100 input features, but the incoming tensor is [-1, 8192]", features.getMessage());
        assertEquals(related(range(10, 8, 10, 23), "help: write linear(8192, 10), or linear(_, 10) to infer it"),
            features.getRelatedInformation().get(features.getRelatedInformation().size() - 1));
    }

    /** The client's locale chooses the language of the messages, notes and hints published. */
    @Test
    void publishesInTheClientsLanguage() throws Exception {
        try (LspSession chinese = LspSession.startIn("zh-cn")) {
            chinese.open(URI, PAIR);
            Diagnostic channels = chinese.nextDiagnostics().getDiagnostics().get(0);
            assertEquals("conv2d 期望 4 个输入通道，但输入张量 [-1, 3, 32, 32] 有 3 个", channels.getMessage());
            assertEquals(List.of(related(range(7, 10, 7, 24), "[-1, 3, 32, 32] 来自 8:11 处的 输入 x"),
                    related(range(8, 8, 8, 30), "help: 改写为 conv2d(3, 8, k=3, p=1)，或将 in_channels 写作 _ 以自动推断")),
                channels.getRelatedInformation());
        }
    }

    @Test
    void republishesOnChange() throws Exception {
        session.change(URI, 2, PAIR.replace("conv2d(4, 8", "conv2d(3, 8"));
        PublishDiagnosticsParams published = session.nextDiagnostics();
        assertEquals(2, published.getVersion());
        assertEquals(List.of("E201"), codes(published));

        session.change(URI, 3, PAIR.replace("conv2d(4, 8", "conv2d(3, 8").replace("linear(100", "linear(8192"));
        assertEquals(List.of(), codes(session.nextDiagnostics()));
    }

    @Test
    void brokenTextGivesDiagnosticsAndTheServerCarriesOn() throws Exception {
        session.change(URI, 2, "model M { input x: [3, \u0000 ((((( -> } } /* ");
        List<String> codes = codes(session.nextDiagnostics());
        assertTrue(codes.contains("E104"), codes.toString());
        for (int character = 0; character < 40; character++) {
            hover(0, character);
            complete(0, character);
            definition(0, character);
        }
        assertEquals(List.of(), documents.documentSymbol(new DocumentSymbolParams(document())).get(10, TimeUnit.SECONDS));
        assertTrue(documents.semanticTokensFull(new SemanticTokensParams(document())).get(10, TimeUnit.SECONDS)
            .getData().size() > 0);
        session.change(URI, 3, PAIR);
        assertEquals(List.of("E202", "E201"), codes(session.nextDiagnostics()));
    }

    @Test
    void hoverOnALayerShowsItsClassShapesAndParameters() throws Exception {
        assertEquals("**conv2d** · `nn.Conv2d`\n\n`[-1, 3, 32, 32]` → `[-1, 8, 32, 32]` · 296 parameters"
            + "\n\n```text\nC_out = out_channels = 8\n"
            + "H_out = ⌊(H_in + 2·padding − kernel_size)/stride⌋ + 1 = ⌊(32 + 2·1 − 3)/1⌋ + 1 = 32\n"
            + "W_out = ⌊(W_in + 2·padding − kernel_size)/stride⌋ + 1 = ⌊(32 + 2·1 − 3)/1⌋ + 1 = 32\n```",
            hoverText(8, 10));
        assertEquals(range(8, 8, 8, 30), hover(8, 10).getRange());
        assertEquals("**conv2d** · `nn.Conv2d`\n\n`[-1, 8, 32, 32]` → `[-1, 8, 32, 32]` · 584 parameters"
            + "\n\n```text\nC_out = out_channels = 8\n"
            + "H_out = ⌊(H_in + 2·padding − kernel_size)/stride⌋ + 1 = ⌊(32 + 2·1 − 3)/1⌋ + 1 = 32\n"
            + "W_out = ⌊(W_in + 2·padding − kernel_size)/stride⌋ + 1 = ⌊(32 + 2·1 − 3)/1⌋ + 1 = 32\n```",
            hoverText(3, 6));
        assertEquals("**relu** · `nn.ReLU`\n\n`[-1, 8, 32, 32]` → `[-1, 8, 32, 32]` · 0 parameters",
            hoverText(3, 32));
        assertEquals("**Pair** · block `Pair`\n\n`[-1, 8, 32, 32]` → `[-1, 8, 32, 32]` · 584 parameters",
            hoverText(8, 36));
    }

    @Test
    void hoverOnANamedValueShowsItsShape() throws Exception {
        assertEquals("**y**: `[-1, 8, 32, 32]`", hoverText(9, 4));
        assertEquals("**y**: `[-1, 8, 32, 32]`", hoverText(8, 4));
        assertEquals("**x**: `[-1, 3, 32, 32]`", hoverText(7, 10));
        assertEquals(range(9, 4, 9, 5), hover(9, 4).getRange());
    }

    @Test
    void noHoverOnKeywordsOrBlanks() throws Exception {
        assertNull(hover(6, 2));
        assertNull(hover(5, 0));
    }

    @Test
    void completesLayersAndBlocksAfterAnArrow() throws Exception {
        String typing = PAIR.replace("    y -> flatten\n", "    y -> \n");
        session.change(URI, 2, typing);
        session.nextDiagnostics();
        List<CompletionItem> items = complete(9, 9);
        List<String> labels = labels(items);
        assertTrue(labels.containsAll(List.of("conv2d", "relu", "maxpool", "flatten", "linear", "Pair", "if", "repeat")),
            labels.toString());
        assertTrue(!labels.contains("input") && !labels.contains("k"), labels.toString());
        assertEquals("nn.Linear(in_features=_, out_features, bias=true)", item(items, "linear").getDetail());
        assertEquals("nn.MaxPool1d | nn.MaxPool2d | nn.MaxPool3d(kernel_size, stride=None, padding=0, dilation=1, "
            + "return_indices=false, ceil_mode=false)", item(items, "maxpool").getDetail());
        assertEquals("block Pair(c)", item(items, "Pair").getDetail());
    }

    @Test
    void completesTheKeywordArgumentsOfTheLayerCalled() throws Exception {
        List<CompletionItem> items = complete(8, 26);
        assertEquals(List.of("stride", "s", "padding", "p", "dilation", "d", "groups", "g", "bias", "padding_mode"),
            labels(items));
        CompletionItem stride = item(items, "stride");
        assertEquals("stride=", stride.getInsertText());
        assertEquals("an integer or a tuple of 2 integers, default 1", stride.getDetail());
    }

    @Test
    void completesNothingInsideAComment() throws Exception {
        assertEquals(List.of(), complete(0, 10));
    }

    @Test
    void goesFromABlockCallToTheBlock() throws Exception {
        assertEquals(List.of(new Location(URI, range(1, 0, 4, 1))), definition(8, 34));
    }

    @Test
    void goesFromANameToItsBinding() throws Exception {
        assertEquals(List.of(new Location(URI, range(8, 4, 8, 5))), definition(9, 4));
        assertEquals(List.of(), definition(9, 10));
    }

    @Test
    void outlinesModelsBlocksAndLabelledLayers() throws Exception {
        List<DocumentSymbol> symbols = new ArrayList<>();
        documents.documentSymbol(new DocumentSymbolParams(document())).get(10, TimeUnit.SECONDS)
            .forEach(symbol -> symbols.add(symbol.getRight()));
        assertEquals(List.of("Pair", "M"), symbols.stream().map(DocumentSymbol::getName).collect(Collectors.toList()));
        assertEquals(SymbolKind.Module, symbols.get(0).getKind());
        assertEquals(range(1, 0, 4, 1), symbols.get(0).getRange());
        assertEquals(range(1, 6, 1, 10), symbols.get(0).getSelectionRange());
        DocumentSymbol fc = symbols.get(1).getChildren().get(0);
        assertEquals(List.of("fc", "linear", range(10, 4, 10, 23)), List.of(fc.getName(), fc.getDetail(), fc.getRange()));
    }

    @Test
    void highlightsTokensByTheirRoleInTheTree() throws Exception {
        List<Integer> data = documents.semanticTokensFull(new SemanticTokensParams(document()))
            .get(10, TimeUnit.SECONDS).getData();
        List<String> line8 = decode(data).stream().filter(t -> t.startsWith("8:")).collect(Collectors.toList());
        assertEquals(List.of("8:4 y variable+declaration", "8:6 = operator", "8:8 conv2d function+defaultLibrary",
            "8:15 4 number", "8:18 8 number", "8:21 k parameter", "8:22 = operator", "8:23 3 number",
            "8:26 p parameter", "8:27 = operator", "8:28 1 number", "8:31 -> operator", "8:34 Pair class",
            "8:39 8 number"), line8);
        List<String> all = decode(data);
        assertTrue(all.contains("0:0 // Two shape errors: conv2d's in_channels, and linear's in_features. comment"),
            all.toString());
        assertTrue(all.contains("1:0 block keyword") && all.contains("1:6 Pair class+declaration")
            && all.contains("10:4 fc property+declaration"), all.toString());
    }

    @Test
    void blockCommentsAreCommentsAndNoError() throws Exception {
        String text = "model C { input x: [3] /* a */ relu /* two\n lines */ -> linear(3 /* in */, 2) }\n";
        List<String> comments = tokensOfACleanDocument(text).stream().filter(t -> t.endsWith(" comment"))
            .collect(Collectors.toList());
        assertEquals(List.of("0:23 /* a */ comment", "0:36 /* two comment", "1:0  lines */ comment",
            "1:22 /* in */ comment"), comments);
    }

    @Test
    void aLoneCarriageReturnEndsALine() throws Exception {
        String text = "model M {\r    input x: [3] /* two\r lines */\r\n    linear(4, 2)\r}\r";
        session.change(URI, 2, text);
        List<Diagnostic> diagnostics = session.nextDiagnostics().getDiagnostics();
        assertEquals(List.of("E201 " + range(3, 4, 3, 16)),
            diagnostics.stream().map(d -> d.getCode().getLeft() + " " + d.getRange()).collect(Collectors.toList()));
        List<String> tokens = semanticTokens(text);
        assertTrue(tokens.containsAll(List.of("1:17 /* two comment", "2:0  lines */ comment",
            "3:4 linear function+defaultLibrary")), tokens.toString());
    }

    @Test
    void pytorchSpellingsAreLayersInHoverAndTokens() throws Exception {
        String text = "model T {\n    input x: [3, 8, 8]\n    c: torch.nn.Conv2d(3, 4, 3) -> F.max_pool2d(2) -> nn.ReLU()\n}\n";
        List<String> names = tokensOfACleanDocument(text).stream().filter(t -> t.startsWith("2:") && !t.endsWith("number")
            && !t.endsWith("operator")).collect(Collectors.toList());
        assertEquals(List.of("2:4 c property+declaration", "2:7 torch namespace", "2:13 nn namespace",
            "2:16 Conv2d function+defaultLibrary", "2:35 F namespace", "2:37 max_pool2d function+defaultLibrary",
            "2:54 nn namespace", "2:57 ReLU function+defaultLibrary"), names);
        assertEquals("**conv2d** · `nn.Conv2d`\n\n`[-1, 3, 8, 8]` → `[-1, 4, 6, 6]` · 112 parameters"
            + "\n\n```text\n"
            + "C_out = out_channels = 4\n"
            + "H_out = ⌊(H_in + 2·padding − kernel_size)/stride⌋ + 1 = ⌊(8 + 2·0 − 3)/1⌋ + 1 = 6\n"
            + "W_out = ⌊(W_in + 2·padding − kernel_size)/stride⌋ + 1 = ⌊(8 + 2·0 − 3)/1⌋ + 1 = 6\n"
            + "```", hoverText(2, 20));
    }

    @Test
    void parametersAndLayerSubclassesInHoverTokensAndCompletion() throws Exception {
        String text = "block LN2d(c) : LayerNorm(c) {\n    input x\n    x -> permute(0, 2, 3, 1) -> super"
            + " -> permute(0, 3, 1, 2)\n}\nmodel P {\n    input x: [4, 6, 8]\n    param pos: [1, 6, 8]\n"
            + "    buffer param: [8] = 1\n    y = x + pos\n    y * param -> LN2d(4)\n}\n";
        List<String> tokens = tokensOfACleanDocument(text);
        assertTrue(tokens.containsAll(List.of("0:16 LayerNorm class+defaultLibrary", "2:32 super keyword",
            "6:4 param keyword", "6:10 pos variable+declaration", "7:4 buffer keyword",
            "7:11 param variable+declaration", "8:12 pos variable", "9:8 param variable")), tokens.toString());
        assertEquals("**pos**: `[1, 6, 8]`", hoverText(6, 11));
        assertEquals("**y**: `[-1, 4, 6, 8]`", hoverText(8, 4));
        List<String> labels = labels(complete(9, 4));
        assertTrue(labels.containsAll(List.of("param", "buffer", "super", "input")), labels.toString());
    }

    @Test
    void containersAndQuotedLabelsInTokensAndHover() throws Exception {
        String text = "model T {\n    input x: [3, 8]\n    repeat i, k in enumerate((1, 3)) {\n"
            + "        convs[i]: conv1d(3, 3, k, padding=k // 2)\n    }\n    convs[1]\n"
            + "    \"block{1}-0\": relu\n}\n";
        List<String> tokens = tokensOfACleanDocument(text).stream().filter(t -> !t.endsWith("number")
            && !t.endsWith("operator") && !t.endsWith("keyword") && !t.startsWith("0:") && !t.startsWith("1:"))
            .collect(Collectors.toList());
        assertEquals(List.of("2:11 i variable+declaration", "2:14 k variable+declaration",
            "2:19 enumerate variable", "3:8 convs property+declaration", "3:14 i variable",
            "3:18 conv1d function+defaultLibrary", "3:31 k variable", "3:34 padding parameter", "3:42 k variable",
            "5:4 convs variable", "6:4 \"block{1}-0\" property+declaration", "6:18 relu function+defaultLibrary"),
            tokens);
        assertEquals("**conv1d** · `nn.Conv1d`\n\n`[-1, 3, 8]` → `[-1, 3, 8]` · 30 parameters"
            + "\n\n```text\n"
            + "C_out = out_channels = 3\n"
            + "L_out = ⌊(L_in + 2·padding − kernel_size)/stride⌋ + 1 = ⌊(8 + 2·1 − 3)/1⌋ + 1 = 8\n"
            + "```", hoverText(5, 6));
    }

    /** Below the shapes, how the layer computed its sizes: its shape rule's, then its state rule's. */
    @Test
    void hoverShowsTheWorkingOfTheLayersSizes() throws Exception {
        String text = "model T {\n    input x: [4, 3]\n    conv1d(4, 8, k=3, g=2) -> maxpool1d(2, s=2, p=1, ceil_mode=true)\n}\n";
        tokensOfACleanDocument(text);
        assertEquals("**conv1d** · `nn.Conv1d`\n\n`[-1, 4, 3]` → `[-1, 8, 1]` · 56 parameters"
            + "\n\n```text\n"
            + "C_out = out_channels = 8\n"
            + "L_out = ⌊(L_in + 2·padding − kernel_size)/stride⌋ + 1 = ⌊(3 + 2·0 − 3)/1⌋ + 1 = 1\n"
            + "weight.shape[1] = in_channels/groups = 4/2 = 2\n"
            + "```", hoverText(2, 6));
        assertEquals("**maxpool1d** · `nn.MaxPool1d`\n\n`[-1, 8, 1]` → `[-1, 8, 1]` · 0 parameters"
            + "\n\n```text\n"
            + "L_out = ⌈(L_in + 2·padding − kernel_size)/stride⌉ + 1 = ⌈(1 + 2·1 − 2)/2⌉ + 1 = 2\n"
            + "L_out = L_out − 1 = 2 − 1 = 1\n"
            + "  as the last window would start past the input: (L_out − 1)·stride = (2 − 1)·2 = 2 ≥ L_in + padding"
            + " = 1 + 1 = 2\n"
            + "```", hoverText(2, 35));
    }

    @Test
    void listComprehensionsInTokensHoverAndCompletion() throws Exception {
        String text = "model T(sizes = (1, 3)) {\n    input x: [3, 8]\n"
            + "    hs = [x -> convs[i]: conv1d(3, 2, k) for i, k in enumerate(sizes) if k > 0]\n"
            + "    torch.cat(hs, 2)\n}\n";
        List<String> tokens = tokensOfACleanDocument(text).stream().filter(t -> t.startsWith("2:"))
            .filter(t -> !t.endsWith("number") && !t.endsWith("operator")).collect(Collectors.toList());
        assertEquals(List.of("2:4 hs variable+declaration", "2:10 x variable", "2:15 convs property+declaration",
            "2:21 i variable", "2:25 conv1d function+defaultLibrary", "2:38 k variable", "2:41 for keyword",
            "2:45 i variable+declaration", "2:48 k variable+declaration", "2:50 in keyword",
            "2:53 enumerate variable", "2:63 sizes variable", "2:70 if keyword", "2:73 k variable"), tokens);
        assertEquals("**conv1d** · `nn.Conv1d`\n\n`[-1, 3, 8]` → `[-1, 2, 8]` · 8 parameters"
            + "\n\n```text\n"
            + "C_out = out_channels = 2\n"
            + "L_out = ⌊(L_in + 2·padding − kernel_size)/stride⌋ + 1 = ⌊(8 + 2·0 − 1)/1⌋ + 1 = 8\n"
            + "```"
            + "\n\n`[-1, 3, 8]` → `[-1, 2, 6]` · 20 parameters"
            + "\n\n```text\n"
            + "C_out = out_channels = 2\n"
            + "L_out = ⌊(L_in + 2·padding − kernel_size)/stride⌋ + 1 = ⌊(8 + 2·0 − 3)/1⌋ + 1 = 6\n"
            + "```", hoverText(2, 27));
        assertEquals(List.of(new Location(URI, range(2, 48, 2, 49))), definition(2, 38));

        session.change(URI, 3, text.replace("    torch.cat(hs, 2)\n", "    ys = [x -> , x]\n    zs = [x \n    ws = [x for i \n"));
        session.nextDiagnostics();
        assertTrue(labels(complete(3, 14)).containsAll(List.of("conv1d", "relu")), labels(complete(3, 14)).toString());
        assertEquals(List.of("for"), labels(complete(4, 12)));
        assertEquals(List.of(), labels(complete(5, 20)));
        assertTrue(labels(complete(3, 10)).contains("linear"), labels(complete(3, 10)).toString());
    }

    @Test
    void destructuredNamesHaveTheirShapesTokensAndDefinitions() throws Exception {
        String text = "model S {\n    input x: [10, 8]\n    out, (h, c) = x -> lstm(8, 16, batch_first=true)\n"
            + "    y, _ = out -> lstm((h, c), 16, 16, batch_first=true)\n    y\n}\n";
        List<String> names = tokensOfACleanDocument(text).stream().filter(t -> t.startsWith("2:4 ")
            || t.startsWith("2:10 ") || t.startsWith("2:13 ") || t.startsWith("3:24 ")).collect(Collectors.toList());
        assertEquals(List.of("2:4 out variable+declaration", "2:10 h variable+declaration",
            "2:13 c variable+declaration", "3:24 h variable"), names);
        assertEquals("**out**: `[-1, 10, 16]`", hoverText(2, 5));
        assertEquals("**h**: `[1, -1, 16]`", hoverText(3, 24));
        assertEquals("**c**: `[1, -1, 16]`", hoverText(2, 13));
        assertEquals(List.of(new Location(URI, range(2, 13, 2, 14))), definition(3, 27));
    }

    @Test
    void methodsHaveHoverTokensAndCompletion() throws Exception {
        String text = "model T {\n    input x: [8, 4, 6]\n    b = x.size(0)\n"
            + "    y = x.view(b, 2, -1).transpose(1, 2)\n    y.flatten(1) -> F.relu\n}\n";
        List<String> tokens = tokensOfACleanDocument(text).stream().filter(t -> t.startsWith("2:") || t.startsWith("3:"))
            .filter(t -> !t.endsWith("number") && !t.endsWith("operator")).collect(Collectors.toList());
        assertEquals(List.of("2:4 b variable+declaration", "2:8 x variable", "2:10 size method+defaultLibrary",
            "3:4 y variable+declaration", "3:8 x variable", "3:10 view method+defaultLibrary", "3:15 b variable",
            "3:25 transpose method+defaultLibrary"), tokens);
        assertEquals("**view** · `view`, functional: no module, no parameters\n\n`[-1, 8, 4, 6]` → `[-1, 2, 96]`"
            + "\n\n```text\n"
            + "shape[2] = C_in·H_in·W_in/2 = 8·4·6/2 = 96\n"
            + "```",
            hoverText(3, 11));
        assertEquals("**transpose** · `transpose`, functional: no module, no parameters\n\n`[-1, 2, 96]` → `[-1, 96, 2]`",
            hoverText(3, 28));

        session.change(URI, 3, text.replace("    y.flatten(1) -> F.relu\n", "    y.\n"));
        session.nextDiagnostics();
        List<CompletionItem> methods = complete(4, 6);
        assertTrue(labels(methods).containsAll(List.of("view", "reshape", "expand", "flatten", "size", "dim", "shape",
            "contiguous", "transpose", "permute", "mean", "softmax", "relu")), labels(methods).toString());
        assertTrue(!labels(methods).contains("conv2d") && !labels(methods).contains("linear"), labels(methods).toString());
        assertEquals("Tensor.view", item(methods, "view").getDetail());
        assertEquals(CompletionItemKind.Property, item(methods, "shape").getKind());
        assertEquals("mean(dim, keepdim=false)", item(methods, "mean").getDetail());
    }

    @Test
    void piecesHaveHoverWithTheirTupleAndCompletion() throws Exception {
        String text = "model P {\n    input x: [4, 6]\n    q, k, v = x.chunk(3, dim=-1)\n"
            + "    rows = x.unbind(1)\n    torch.stack(rows, dim=1).sum(dim=2, keepdim=true) + q * k * v\n}\n";
        List<String> tokens = tokensOfACleanDocument(text).stream().filter(t -> t.startsWith("2:") || t.startsWith("3:"))
            .filter(t -> !t.endsWith("number") && !t.endsWith("operator") && !t.endsWith("parameter"))
            .collect(Collectors.toList());
        assertEquals(List.of("2:4 q variable+declaration", "2:7 k variable+declaration", "2:10 v variable+declaration",
            "2:14 x variable", "2:16 chunk method+defaultLibrary", "3:4 rows variable+declaration", "3:11 x variable",
            "3:13 unbind method+defaultLibrary"), tokens);
        assertEquals("**chunk** · `chunk`, functional: no module, no parameters\n\n`[-1, 4, 6]` → "
            + "`([-1, 4, 2], [-1, 4, 2], [-1, 4, 2])`\n\n```text\nshape[2] = ⌈L_in/chunks⌉ = ⌈6/3⌉ = 2\n```", hoverText(2, 18));
        assertEquals("**q**: `[-1, 4, 2]`", hoverText(2, 4));
        assertEquals("**rows**: `([-1, 6], [-1, 6], [-1, 6], [-1, 6])`", hoverText(3, 5));
        assertEquals("**stack** · `stack`, functional: no module, no parameters\n\n`[-1, 6]` → `[-1, 4, 6]`"
            + "\n\n```text\n"
            + "shape[1] = len(tensors) = 4\n"
            + "```",
            hoverText(4, 8));

        session.change(URI, 3, text.replace("    torch.stack(rows, dim=1).sum(dim=2, keepdim=true) + q * k * v\n",
            "    x.\n"));
        session.nextDiagnostics();
        List<CompletionItem> methods = complete(4, 6);
        assertEquals("chunk(chunks, dim=0)", item(methods, "chunk").getDetail());
        assertEquals("split(split_size_or_sections, dim=0)", item(methods, "split").getDetail());
        assertEquals("unbind(dim=0)", item(methods, "unbind").getDetail());
    }

    /** Replaces the document by {@code text}, checks that it has no diagnostics, and returns its tokens. */
    private List<String> tokensOfACleanDocument(String text) throws Exception {
        session.change(URI, 2, text);
        assertEquals(List.of(), codes(session.nextDiagnostics()));
        return semanticTokens(text);
    }

    /** The semantic tokens of the open document, whose text is {@code text}, decoded. */
    private List<String> semanticTokens(String text) throws Exception {
        return decode(documents.semanticTokensFull(new SemanticTokensParams(document())).get(10, TimeUnit.SECONDS)
            .getData(), text);
    }

    private List<String> decode(List<Integer> data) {
        return decode(data, PAIR);
    }

    private List<String> decode(List<Integer> data, String document) {
        String[] lines = document.split("\r\n|\r|\n", -1);
        List<String> tokens = new ArrayList<>();
        int line = 0;
        int start = 0;
        for (int i = 0; i < data.size(); i += 5) {
            line += data.get(i);
            start = data.get(i) == 0 ? start + data.get(i + 1) : data.get(i + 1);
            String text = lines[line].substring(start, start + data.get(i + 2));
            tokens.add(line + ":" + start + " " + text + " " + SemanticHighlighter.LEGEND.getTokenTypes().get(data.get(i + 3))
                + modifiers(data.get(i + 4)));
        }
        return tokens;
    }

    private static String modifiers(int bits) {
        StringBuilder names = new StringBuilder();
        List<String> all = SemanticHighlighter.LEGEND.getTokenModifiers();
        for (int i = 0; i < all.size(); i++) {
            if ((bits & (1 << i)) != 0) {
                names.append('+').append(all.get(i));
            }
        }
        return names.toString();
    }

    /** ConvNeXt in the editor: its parameter, a layer subclass and a block show their shapes in each stage. */
    @Test
    void hoverOnTheStepsOfConvNeXt() throws Exception {
        session.change(URI, 2, TestFiles.read(Path.of("samples/convnext_tiny.net")));
        assertEquals(List.of(), session.nextDiagnostics().getDiagnostics());
        assertEquals("**layer_scale**: `[96, 1, 1]` or `[192, 1, 1]` or `[384, 1, 1]` or `[768, 1, 1]`",
            hoverText(39, 15));
        assertEquals("**LayerNorm2d** · block `LayerNorm2d`\n\n`[-1, 96, 56, 56]` → `[-1, 96, 56, 56]` · 192 parameters"
            + "\n\n`[-1, 192, 28, 28]` → `[-1, 192, 28, 28]` · 384 parameters"
            + "\n\n`[-1, 384, 14, 14]` → `[-1, 384, 14, 14]` · 768 parameters", hoverText(66, 18));
        assertEquals("**Permute** · block `Permute`\n\n`[-1, 96, 56, 56]` → `[-1, 56, 56, 96]` · 0 parameters"
            + "\n\n`[-1, 192, 28, 28]` → `[-1, 28, 28, 192]` · 0 parameters"
            + "\n\n`[-1, 384, 14, 14]` → `[-1, 14, 14, 384]` · 0 parameters"
            + "\n\n`[-1, 768, 7, 7]` → `[-1, 7, 7, 768]` · 0 parameters", hoverText(32, 10));
    }

    /** ViT in the editor: the class token, a parameter, and the batched tensor its expand to the batch size gives. */
    @Test
    void hoverOnTheClassTokenOfViT() throws Exception {
        session.change(URI, 2, TestFiles.read(Path.of("samples/vit_b_16.net")));
        assertEquals(List.of(), session.nextDiagnostics().getDiagnostics());
        assertEquals("**class_token**: `[1, 1, 768]`", hoverText(42, 12));
        assertEquals("**batch_class_token**: `[-1, 1, 768]`", hoverText(54, 8));
    }

    private static TextDocumentIdentifier document() {
        return new TextDocumentIdentifier(URI);
    }

    private Hover hover(int line, int character) throws Exception {
        return documents.hover(new HoverParams(document(), new Position(line, character))).get(10, TimeUnit.SECONDS);
    }

    private String hoverText(int line, int character) throws Exception {
        return hover(line, character).getContents().getRight().getValue();
    }

    private List<CompletionItem> complete(int line, int character) throws Exception {
        return documents.completion(new CompletionParams(document(), new Position(line, character)))
            .get(10, TimeUnit.SECONDS).getLeft();
    }

    private List<? extends Location> definition(int line, int character) throws Exception {
        return documents.definition(new DefinitionParams(document(), new Position(line, character)))
            .get(10, TimeUnit.SECONDS).getLeft();
    }

    private static List<String> labels(List<CompletionItem> items) {
        return items.stream().map(CompletionItem::getLabel).collect(Collectors.toList());
    }

    private static CompletionItem item(List<CompletionItem> items, String label) {
        return items.stream().filter(i -> i.getLabel().equals(label)).findFirst()
            .orElseThrow(() -> new AssertionError("no completion " + label + " in " + labels(items)));
    }

    private static List<String> codes(PublishDiagnosticsParams published) {
        return published.getDiagnostics().stream().map(d -> d.getCode().getLeft()).collect(Collectors.toList());
    }

    private static DiagnosticRelatedInformation related(Range range, String message) {
        return new DiagnosticRelatedInformation(new Location(URI, range), message);
    }
}
