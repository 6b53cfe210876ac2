package netc.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.ReferenceContext;
import org.eclipse.lsp4j.ReferenceParams;
import org.eclipse.lsp4j.RenameParams;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.WorkspaceEdit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** An open document that imports a file on disk: its blocks are called, completed and followed there. */
@Timeout(60)
class ImportsInEditorTest {
    @TempDir
    Path folder;

    @Test
    void followsAnImportedBlockToItsFileAndShowsItsErrorsAtTheCallInTheDocument() throws Exception {
        Path blocks = folder.resolve("blocks.net");
        Files.writeString(blocks, "// shared\nblock Pair(c) {\n    input x\n    conv2d(c, c, k=3, p=1) -> relu\n}\n");
        String uri = folder.resolve("net.net").toUri().toString();
        try (LspSession session = LspSession.start()) {
            session.open(uri, "import \"blocks.net\"\nmodel M {\n    input x: [3, 8, 8]\n    Pair(4)\n}\n");
            PublishDiagnosticsParams published = session.nextDiagnostics();
            List<Diagnostic> diagnostics = published.getDiagnostics();
            assertEquals(1, diagnostics.size());
            assertEquals(new Range(new Position(3, 4), new Position(3, 11)), diagnostics.get(0).getRange());
            assertEquals(blocks + ":4:5: conv2d expects 4 input channels, but the incoming tensor [-1, 3, 8, 8] has 3",
                diagnostics.get(0).getMessage().lines().findFirst().orElseThrow());

            TextDocumentIdentifier document = new TextDocumentIdentifier(uri);
            List<? extends Location> definition = session.server().getTextDocumentService()
                .definition(new DefinitionParams(document, new Position(3, 5))).get(10, TimeUnit.SECONDS).getLeft();
            assertEquals(List.of(new Location(blocks.toUri().toString(),
                new Range(new Position(1, 0), new Position(4, 1)))), definition);

            List<String> completions = session.server().getTextDocumentService()
                .completion(new CompletionParams(document, new Position(3, 4))).get(10, TimeUnit.SECONDS).getLeft()
                .stream().map(CompletionItem::getLabel).collect(Collectors.toList());
            assertEquals(true, completions.contains("Pair"), completions.toString());
        }
    }

    @Test
    void hoverOnAnImportedBlockShowsItsCall() throws Exception {
        Files.writeString(folder.resolve("blocks.net"), "block Pair(c) {\n    input x\n    conv2d(c, c, k=3, p=1) -> relu\n}\n");
        String uri = folder.resolve("net.net").toUri().toString();
        try (LspSession session = LspSession.start()) {
            session.open(uri, "import \"blocks.net\"\nmodel M {\n    input x: [3, 8, 8]\n    Pair(3)\n}\n");
            assertEquals(List.of(), session.nextDiagnostics().getDiagnostics());
            Hover hover = session.server().getTextDocumentService()
                .hover(new HoverParams(new TextDocumentIdentifier(uri), new Position(3, 5))).get(10, TimeUnit.SECONDS);
            assertEquals("**Pair** · block `Pair`\n\n`[-1, 3, 8, 8]` → `[-1, 3, 8, 8]` · 84 parameters",
                hover.getContents().getRight().getValue());
        }
    }

    @Test
    void referencesAndRenameOfAnImportedBlockReachItsFile() throws Exception {
        Path blocks = folder.resolve("blocks.net");
        Files.writeString(blocks, "block Pair(c) {\n    input x\n    conv2d(c, c, k=3, p=1) -> relu\n}\n");
        String uri = folder.resolve("net.net").toUri().toString();
        try (LspSession session = LspSession.start()) {
            session.open(uri, "import \"blocks.net\"\nmodel M {\n    input x: [3, 8, 8]\n    Pair(3) -> Pair(3)\n}\n");
            assertEquals(List.of(), session.nextDiagnostics().getDiagnostics());
            TextDocumentIdentifier document = new TextDocumentIdentifier(uri);
            Location declaration = new Location(blocks.toUri().toString(), new Range(new Position(0, 6), new Position(0, 10)));
            Location first = new Location(uri, new Range(new Position(3, 4), new Position(3, 8)));
            Location second = new Location(uri, new Range(new Position(3, 15), new Position(3, 19)));
            assertEquals(List.of(declaration, first, second), session.server().getTextDocumentService()
                .references(new ReferenceParams(document, new Position(3, 16), new ReferenceContext(true)))
                .get(10, TimeUnit.SECONDS));
            WorkspaceEdit rename = session.server().getTextDocumentService()
                .rename(new RenameParams(document, new Position(3, 5), "Twice")).get(10, TimeUnit.SECONDS);
            assertEquals(Map.of(blocks.toUri().toString(), List.of(new TextEdit(declaration.getRange(), "Twice")),
                uri, List.of(new TextEdit(first.getRange(), "Twice"), new TextEdit(second.getRange(), "Twice"))),
                rename.getChanges());
        }
    }

    @Test
    void aMissingImportIsAnErrorAtItsPath() throws Exception {
        String uri = folder.resolve("net.net").toUri().toString();
        try (LspSession session = LspSession.start()) {
            session.open(uri, "import \"gone.net\"\nmodel M {\n    input x: [3]\n    relu\n}\n");
            List<Diagnostic> diagnostics = session.nextDiagnostics().getDiagnostics();
            assertEquals(1, diagnostics.size());
            assertEquals(new Range(new Position(0, 7), new Position(0, 17)), diagnostics.get(0).getRange());
            assertEquals("E430", diagnostics.get(0).getCode().getLeft());
        }
    }
}
