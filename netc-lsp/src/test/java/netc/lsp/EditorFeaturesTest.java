package netc.lsp;

import static netc.lsp.LspSession.range;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionContext;
import org.eclipse.lsp4j.CodeActionKind;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.DidChangeConfigurationParams;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.InlayHint;
import org.eclipse.lsp4j.InlayHintParams;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PrepareRenameDefaultBehavior;
import org.eclipse.lsp4j.PrepareRenameParams;
import org.eclipse.lsp4j.PrepareRenameResult;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.ReferenceContext;
import org.eclipse.lsp4j.ReferenceParams;
import org.eclipse.lsp4j.RenameParams;
import org.eclipse.lsp4j.SymbolKind;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.WorkspaceEdit;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.jsonrpc.messages.Either3;
import org.eclipse.lsp4j.services.TextDocumentService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Quick fixes, inlay shapes, references and rename, asked as an editor asks them. */
@Timeout(60)
class EditorFeaturesTest {
    private static final String URI = "file:///work/models/features.net";
    private static final String TEXT = """
        block Res(c) {
            input x
            y = conv2d(c, c, k=3, p=1) -> relu
            y + x
        }

        model M(width = 16) {
            input x: [3, 32, 32]
            stem: conv2d(3, width, k=3, p=1) -> relu
            h = x -> stem -> Res(width)
            h -> stem2: conv2d(16, 8, k=3) -> relu
            flatten
            fc: linear(100, 10)
        }
        """;

    private LspSession session;
    private TextDocumentService documents;
    private PublishDiagnosticsParams opened;

    @BeforeEach
    void start() throws Exception {
        session = LspSession.start();
        documents = session.server().getTextDocumentService();
        session.open(URI, TEXT);
        opened = session.nextDiagnostics();
    }

    @AfterEach
    void stop() throws Exception {
        session.close();
    }

    @Test
    void quickFixesComeFromTheDiagnosticsFixesWithTheDiagnosticAttached() throws Exception {
        assertEquals(List.of("E201"), opened.getDiagnostics().stream().map(d -> d.getCode().getLeft()).toList());
        List<Either<Command, CodeAction>> actions = codeActions(range(12, 12, 12, 12), null);
        assertEquals(2, actions.size());
        CodeAction write = actions.get(0).getRight();
        assertEquals("write linear(7200, 10)", write.getTitle());
        assertEquals(CodeActionKind.QuickFix, write.getKind());
        assertEquals(opened.getDiagnostics(), write.getDiagnostics());
        assertEquals(new WorkspaceEdit(Map.of(URI, List.of(new TextEdit(range(12, 15, 12, 18), "7200")))), write.getEdit());
        CodeAction infer = actions.get(1).getRight();
        assertEquals("infer it with _", infer.getTitle());
        assertEquals(new WorkspaceEdit(Map.of(URI, List.of(new TextEdit(range(12, 15, 12, 18), "_")))), infer.getEdit());

        assertEquals(List.of(), codeActions(range(2, 0, 2, 5), null), "no diagnostic there");
        assertEquals(List.of(), codeActions(range(12, 12, 12, 12), List.of(CodeActionKind.Refactor)));
    }

    @Test
    void appliedQuickFixClearsTheError() throws Exception {
        session.change(URI, 2, TEXT.replace("linear(100, 10)", "linear(_, 10)"));
        assertEquals(List.of(), session.nextDiagnostics().getDiagnostics());
    }

    @Test
    void inlayHintsShowTheShapeAtTheEndOfEachChainLine() throws Exception {
        List<InlayHint> hints = inlayHints(range(0, 0, 14, 0));
        List<String> shown = new ArrayList<>();
        for (InlayHint hint : hints) {
            shown.add(hint.getPosition().getLine() + ":" + hint.getPosition().getCharacter() + " " + hint.getLabel().getLeft());
            assertTrue(hint.getPaddingLeft());
        }
        // the block's line has one shape for its one instance; y + x applies no layer
        assertEquals(List.of(
            "2:38 ⟶ [-1, 16, 32, 32]",
            "8:44 ⟶ [-1, 16, 32, 32]",
            "9:31 ⟶ [-1, 16, 32, 32]",
            "10:42 ⟶ [-1, 8, 30, 30]",
            "11:11 ⟶ [-1, 7200]",
            "12:23 ⟶ [-1, 10]"), shown);
        assertEquals(2, inlayHints(range(9, 0, 10, 0)).size(), "only the lines asked for");
    }

    @Test
    void inlayShapesAreOffWithTheSetting() throws Exception {
        JsonObject netc = new JsonObject();
        netc.addProperty("inlayShapes", false);
        JsonObject settings = new JsonObject();
        settings.add("netc", netc);
        session.server().getWorkspaceService().didChangeConfiguration(new DidChangeConfigurationParams(settings));
        assertTrue(session.inlayHintsRefreshed(), "the editor is asked to redraw them");
        assertEquals(List.of(), inlayHints(range(0, 0, 14, 0)));
        netc.addProperty("inlayShapes", true);
        session.server().getWorkspaceService().didChangeConfiguration(new DidChangeConfigurationParams(settings));
        assertEquals(6, inlayHints(range(0, 0, 14, 0)).size());
    }

    @Test
    void inlayShapesAreOffFromTheStartWithTheInitializationOption() throws Exception {
        JsonObject options = new JsonObject();
        options.addProperty("inlayShapes", false);
        try (LspSession off = LspSession.start(options)) {
            off.open(URI, TEXT);
            off.nextDiagnostics();
            assertEquals(List.of(), off.server().getTextDocumentService().inlayHint(
                new InlayHintParams(new TextDocumentIdentifier(URI), range(0, 0, 14, 0))).get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void definitionAndReferencesOfALabel() throws Exception {
        Location stem = location(8, 4, 8, 8);
        assertEquals(List.of(stem), definition(9, 14));
        assertEquals(List.of(stem, location(9, 13, 9, 17)), references(9, 14, true));
        assertEquals(List.of(location(9, 13, 9, 17)), references(8, 5, false));
    }

    @Test
    void definitionAndReferencesOfAValueAModelParameterAndABlock() throws Exception {
        assertEquals(List.of(location(9, 4, 9, 5)), definition(10, 4));
        assertEquals(List.of(location(9, 4, 9, 5), location(10, 4, 10, 5)), references(9, 4, true));
        Location width = location(6, 8, 6, 13);
        assertEquals(List.of(width), definition(8, 22));
        assertEquals(List.of(width, location(8, 20, 8, 25), location(9, 25, 9, 30)), references(6, 9, true));
        assertEquals(List.of(location(0, 0, 4, 1)), definition(9, 22), "the whole block");
        assertEquals(List.of(location(0, 6, 0, 9), location(9, 21, 9, 24)), references(0, 7, true));
        assertEquals(List.of(location(2, 4, 2, 5), location(3, 4, 3, 5)), references(3, 4, true), "the block's own y");
    }

    @Test
    void renameEditsEveryOccurrence() throws Exception {
        WorkspaceEdit edit = rename(9, 14, "entry");
        assertEquals(Map.of(URI, List.of(new TextEdit(range(8, 4, 8, 8), "entry"), new TextEdit(range(9, 13, 9, 17), "entry"))),
            edit.getChanges());
        WorkspaceEdit block = rename(0, 7, "Residual");
        assertEquals(Map.of(URI, List.of(new TextEdit(range(0, 6, 0, 9), "Residual"),
            new TextEdit(range(9, 21, 9, 24), "Residual"))), block.getChanges());
    }

    @Test
    void prepareRenameOffersANameAndNothingElse() throws Exception {
        assertEquals(range(9, 13, 9, 17), prepareRename(9, 15), "a label");
        assertEquals(range(6, 6, 6, 7), prepareRename(6, 6), "a model's name");
        assertEquals(range(6, 8, 6, 13), prepareRename(6, 10), "a model parameter");
        assertEquals(null, prepareRename(8, 10), "conv2d, a layer of the catalogue");
        assertEquals(null, prepareRename(8, 18), "a number");
    }

    @Test
    void renameRefusesWhatIsNoName() {
        for (String wrong : List.of("2x", "a b", "model", "", "x-y")) {
            ExecutionException refused = assertThrows(ExecutionException.class, () -> rename(9, 14, wrong), wrong);
            ResponseErrorException error = (ResponseErrorException) refused.getCause();
            assertEquals(-32602, error.getResponseError().getCode());
            assertTrue(error.getMessage().endsWith(" is not a name: a name is a letter or _ followed by letters, digits or _,"
                + " and no keyword"), error.getMessage());
        }
    }

    @Test
    void hoverOnALabelShowsWhatItRegistersAndOnAModelItsShapesAndParameters() throws Exception {
        assertEquals("**stem** · label\n\n`nn.Conv2d` `stem` · 448 parameters", hover(8, 6));
        assertTrue(hover(9, 15).startsWith("**conv2d** · `nn.Conv2d`\n\n`[-1, 3, 32, 32]` → `[-1, 16, 32, 32]` · 448 "
            + "parameters\n\n```text\nC_out = out_channels = 16\n"), "a label applied again: the application");
        assertEquals("**model M** · `[-1, 3, 32, 32]` → `[-1, 10]` · 4938 parameters", hover(6, 6));
    }

    @Test
    void completionKeepsTheItemsThatBeginWithTheWordTyped() throws Exception {
        session.change(URI, 2, TEXT.replace("    flatten\n", "    flatten\n    con\n"));
        session.nextDiagnostics();
        List<String> labels = completion(12, 7);
        assertEquals(List.of("constantpad", "constantpad1d", "constantpad2d", "constantpad3d", "contiguous", "conv",
            "conv1d", "conv2d", "conv3d", "convtranspose", "convtranspose1d", "convtranspose2d", "convtranspose3d"),
            labels.stream().sorted().toList());
        assertTrue(completion(12, 4).size() > 100, "before the word: everything");
    }

    @Test
    void theOutlineNestsGroupsLabelledOrNotAndTheirLabels() throws Exception {
        String uri = "file:///work/models/groups.net";
        session.open(uri, """
            block B {
                input x
                inner: conv2d(2, 2, k=1)
            }
            model G {
                input x: [3, 8, 8]
                features: (
                    conv1: conv2d(3, 4, k=3)
                    relu
                )
                (
                    conv2d(4, 4, k=1)
                    head: conv2d(4, 2, k=1) -> B
                )
            }
            """);
        assertEquals(List.of(), session.nextDiagnostics().getDiagnostics());
        List<DocumentSymbol> symbols = documents.documentSymbol(new DocumentSymbolParams(new TextDocumentIdentifier(uri)))
            .get(10, TimeUnit.SECONDS).stream().map(Either::getRight).toList();
        assertEquals("B{inner} G{features{conv1} (...){head}}", outline(symbols));
        DocumentSymbol group = symbols.get(1).getChildren().get(1);
        assertEquals(SymbolKind.Namespace, group.getKind());
        assertEquals("group", group.getDetail());
        assertEquals(range(10, 4, 13, 5), group.getRange());
        assertEquals("**features** · label\n\n`Sequential` `features` · 112 parameters", documents.hover(
            new HoverParams(new TextDocumentIdentifier(uri), new Position(6, 6))).get(10, TimeUnit.SECONDS)
            .getContents().getRight().getValue());
        assertEquals("**inner** · label\n\n`nn.Conv2d` `1.2.inner` · 6 parameters", documents.hover(
            new HoverParams(new TextDocumentIdentifier(uri), new Position(2, 6))).get(10, TimeUnit.SECONDS)
            .getContents().getRight().getValue());
    }

    private static String outline(List<DocumentSymbol> symbols) {
        List<String> parts = new ArrayList<>();
        for (DocumentSymbol symbol : symbols) {
            parts.add(symbol.getName() + (symbol.getChildren().isEmpty() ? "" : "{" + outline(symbol.getChildren()) + "}"));
        }
        return String.join(" ", parts);
    }

    private String hover(int line, int character) throws Exception {
        return documents.hover(new HoverParams(new TextDocumentIdentifier(URI), new Position(line, character)))
            .get(10, TimeUnit.SECONDS).getContents().getRight().getValue();
    }

    private List<String> completion(int line, int character) throws Exception {
        return documents.completion(new CompletionParams(new TextDocumentIdentifier(URI), new Position(line, character)))
            .get(10, TimeUnit.SECONDS).getLeft().stream().map(CompletionItem::getLabel).toList();
    }

    private List<Either<Command, CodeAction>> codeActions(Range range, List<String> only) throws Exception {
        CodeActionContext context = new CodeActionContext(opened.getDiagnostics());
        context.setOnly(only);
        return documents.codeAction(new CodeActionParams(new TextDocumentIdentifier(URI), range, context))
            .get(10, TimeUnit.SECONDS);
    }

    private List<InlayHint> inlayHints(Range range) throws Exception {
        return documents.inlayHint(new InlayHintParams(new TextDocumentIdentifier(URI), range)).get(10, TimeUnit.SECONDS);
    }

    private List<? extends Location> definition(int line, int character) throws Exception {
        return documents.definition(new DefinitionParams(new TextDocumentIdentifier(URI), new Position(line, character)))
            .get(10, TimeUnit.SECONDS).getLeft();
    }

    private List<? extends Location> references(int line, int character, boolean withDeclaration) throws Exception {
        return documents.references(new ReferenceParams(new TextDocumentIdentifier(URI), new Position(line, character),
            new ReferenceContext(withDeclaration))).get(10, TimeUnit.SECONDS);
    }

    private Range prepareRename(int line, int character) throws Exception {
        Either3<Range, PrepareRenameResult, PrepareRenameDefaultBehavior> result = documents.prepareRename(
            new PrepareRenameParams(new TextDocumentIdentifier(URI), new Position(line, character))).get(10, TimeUnit.SECONDS);
        return result == null ? null : result.getFirst();
    }

    private WorkspaceEdit rename(int line, int character, String newName) throws Exception {
        return documents.rename(new RenameParams(new TextDocumentIdentifier(URI), new Position(line, character), newName))
            .get(10, TimeUnit.SECONDS);
    }

    private static Location location(int line, int character, int endLine, int endCharacter) {
        return new Location(URI, range(line, character, endLine, endCharacter));
    }
}
