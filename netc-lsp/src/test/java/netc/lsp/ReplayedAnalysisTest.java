package netc.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.InlayHint;
import org.eclipse.lsp4j.InlayHintParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.junit.jupiter.api.Test;

/**
 * The server publishes diagnostics from netc check's analysis (identical block instances replayed)
 * and makes the full analysis only when hovers or hints need its traces: what a client sees must be
 * what the full analysis of the same text gives. One document goes through a sequence of edits; each
 * version's diagnostics and a few hovers and hints are compared with those of a fresh server that
 * analyses the same text in full at once.
 */
class ReplayedAnalysisTest {
    private static final String URI = "file:///work/models/replayed.net";

    /** Instances of Bad are replayed; FromInput's note the input's origin, so each is expanded. */
    private static final String BLOCKS = "block Bad(c) {\n"
        + "    input x\n"
        + "    linear(c, 4) -> linear(5, 4)\n"
        + "    unused = x -> relu\n"
        + "}\n"
        + "block FromInput(c) {\n"
        + "    input x\n"
        + "    linear(c + 1, 4)\n"
        + "}\n"
        + "block Twice(c) {\n"
        + "    input x\n"
        + "    Bad(c)\n"
        + "    Bad(c)\n"
        + "}\n";
    private static final String MODEL = "model M {\n"
        + "    input x: [4]\n"
        + "    Twice(4)\n"
        + "    Twice(4)\n"
        + "    x -> FromInput(4)\n"
        + "    x -> relu -> FromInput(4)\n"
        + "}\n";

    @Test
    void everyVersionsDiagnosticsHoversAndHintsAreThoseOfAFullAnalysis() throws Exception {
        List<String> versions = List.of(
            BLOCKS + MODEL,
            BLOCKS.replace("linear(5, 4)", "linear(4, 4)") + MODEL,
            BLOCKS + MODEL.replace("    Twice(4)\n    Twice(4)\n", "    Twice(4)\n    Twice(4) ->\n"),
            // 3 * 2^19 - 1 layer calls: beyond the limit once expanded, so only the full analysis reports it
            doublingChain(19) + BLOCKS + MODEL,
            doublingChain(8) + BLOCKS.replace("linear(5, 4)", "linear(4, 4)") + MODEL,
            DiagnosticsLatencyBench.generated(60, true),
            DiagnosticsLatencyBench.generated(60, false));
        List<Position> hovered = List.of(new Position(2, 8), new Position(11, 5), new Position(16, 5),
            new Position(18, 11), new Position(20, 10), new Position(36, 5));
        List<String> published = new ArrayList<>();
        try (LspSession edited = LspSession.start()) {
            for (int version = 1; version <= versions.size(); version++) {
                String text = versions.get(version - 1);
                if (version == 1) {
                    edited.open(URI, text);
                } else {
                    edited.change(URI, version, text);
                }
                List<Diagnostic> diagnostics = edited.nextDiagnostics().getDiagnostics();
                try (LspSession full = LspSession.start((uri, v, t, previous, cancelled) ->
                    DocumentAnalysis.of(uri, v, t, null, cancelled, false))) {
                    full.open(URI, text);
                    PublishDiagnosticsParams reference = full.nextDiagnostics();
                    assertEquals(reference.getDiagnostics(), diagnostics, "version " + version);
                    int hovers = 0;
                    for (Position at : hovered) {
                        Hover expected = hover(full, at);
                        assertEquals(expected, hover(edited, at), "version " + version + " at " + at);
                        hovers += expected == null ? 0 : 1;
                    }
                    List<InlayHint> hints = hints(full);
                    assertEquals(hints, hints(edited), "version " + version);
                    published.add(diagnostics.size() + " " + diagnostics.stream().map(d -> d.getCode().getLeft())
                        .sorted().distinct().toList() + ", " + hovers + " hovers, " + hints.size() + " hints");
                }
            }
        }
        assertEquals(List.of("10 [E201, W501], 4 hovers, 9 hints", "6 [E201, W501], 4 hovers, 9 hints",
            "10 [E201, E310, W501], 4 hovers, 7 hints", "11 [E201, E411, W501], 0 hovers, 9 hints",
            "6 [E201, W501], 2 hovers, 27 hints", "0 [], 5 hovers, 52 hints", "1 [E201], 5 hovers, 52 hints"), published);
    }

    /** Blocks B0..Bn, each calling the one before twice: 3 * 2^n - 1 layer calls, expanded. */
    private static String doublingChain(int levels) {
        StringBuilder text = new StringBuilder("block B0 { input x\n    relu\n}\n");
        for (int i = 1; i <= levels; i++) {
            text.append("block B").append(i).append(" { input x\n    B").append(i - 1).append("\n    B").append(i - 1)
                .append("\n}\n");
        }
        return text.append("model Doubling {\n    input x: [4]\n    B").append(levels).append("\n}\n").toString();
    }

    private static Hover hover(LspSession session, Position at) throws Exception {
        return session.server().getTextDocumentService().hover(new HoverParams(new TextDocumentIdentifier(URI), at))
            .get(10, TimeUnit.SECONDS);
    }

    private static List<InlayHint> hints(LspSession session) throws Exception {
        return session.server().getTextDocumentService().inlayHint(new InlayHintParams(new TextDocumentIdentifier(URI),
            new Range(new Position(0, 0), new Position(1000, 0)))).get(10, TimeUnit.SECONDS);
    }
}
