package netc.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import netc.backend.GraphSvg;
import netc.backend.ModelGraph;
import netc.diagnostics.Diagnostics;
import netc.diagnostics.Messages;
import netc.diagnostics.SourceText;
import netc.semantic.Analyzer;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.ExecuteCommandParams;
import org.eclipse.lsp4j.InitializeParams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The workspace command netc.showGraph, through a real client over lsp4j's JSON-RPC. */
@Timeout(60)
class ShowGraphTest {
    private static final String URI = "file:///work/models/two.net";
    private static final String TEXT = "model First {\n    input x: [4]\n    fc: linear(4, 2)\n}\n"
        + "model Second {\n    input x: [4]\n    fc: linear(8, 2)\n}\n";

    @Test
    void theServerOffersTheCommand() throws Exception {
        try (LspSession session = LspSession.start()) {
            InitializeParams params = new InitializeParams();
            params.setCapabilities(new ClientCapabilities());
            assertEquals(List.of("netc.showGraph"), session.server().initialize(params).get(10, TimeUnit.SECONDS)
                .getCapabilities().getExecuteCommandProvider().getCommands());
        }
    }

    @Test
    void returnsTheSvgNetcGraphDrawsOfTheDocumentsFirstModel() throws Exception {
        try (LspSession session = LspSession.start()) {
            session.open(URI, TEXT);
            session.nextDiagnostics(); // analysed: a request waits only half a second for the analysis
            Object svg = execute(session, List.of(URI));
            assertEquals(expected("First"), svg);
        }
    }

    @Test
    void aSecondArgumentNamesTheModelAndItsErrorIsDrawnInRed() throws Exception {
        try (LspSession session = LspSession.start()) {
            session.open(URI, TEXT);
            session.nextDiagnostics();
            String svg = (String) execute(session, List.of(URI, "Second"));
            assertEquals(expected("Second"), svg);
            assertTrue(svg.contains("E201: linear expects 8 input features, but the"), svg);
        }
    }

    @Test
    void theLatestTextIsDrawn() throws Exception {
        try (LspSession session = LspSession.start()) {
            session.open(URI, TEXT);
            session.nextDiagnostics();
            session.change(URI, 2, TEXT.replace("linear(4, 2)", "linear(4, 3)"));
            session.nextDiagnostics();
            assertTrue(((String) execute(session, List.of(URI))).contains(">[-1, 3]</text>"));
        }
    }

    @Test
    void anUnknownDocumentModelOrCommandGivesNothing() throws Exception {
        try (LspSession session = LspSession.start()) {
            session.open(URI, TEXT);
            session.nextDiagnostics();
            assertNull(execute(session, List.of("file:///work/models/closed.net")));
            assertNull(execute(session, List.of(URI, "Third")));
            assertNull(execute(session, List.of()));
            assertNull(session.server().getWorkspaceService()
                .executeCommand(new ExecuteCommandParams("netc.other", List.of(URI))).get(10, TimeUnit.SECONDS));
        }
    }

    private static Object execute(LspSession session, List<Object> arguments) throws Exception {
        return session.server().getWorkspaceService()
            .executeCommand(new ExecuteCommandParams("netc.showGraph", arguments)).get(10, TimeUnit.SECONDS);
    }

    /** What netc graph draws of one model of the text, as the editor names the file. */
    private static String expected(String model) {
        Diagnostics diagnostics = new Diagnostics();
        Analyzer.Result result = Analyzer.analyze(new SourceText("/work/models/two.net", TEXT),
            new Analyzer.Options(model, java.util.Map.of()), diagnostics);
        return GraphSvg.render(ModelGraph.of(result.model(model), ModelGraph.FULL_DEPTH,
            diagnostics.all().stream().filter(d -> d.isError()).toList(), Messages.diagnostics(Locale.ROOT)));
    }
}
