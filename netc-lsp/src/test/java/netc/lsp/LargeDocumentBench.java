package netc.lsp;

import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.TextDocumentIdentifier;

/**
 * What an editor sees while a large document is analysed: a generated document of MB megabytes
 * (argument, default 5) of {@code linear(8, 8) -> relu} lines is opened, and while it is analysed
 * a small document is opened and hovered, and the large one is hovered and edited twice. Prints
 * when each answer came. docs/benchmarks.md ("Language server") gives the figures measured.
 */
public final class LargeDocumentBench {
    private static final String LARGE = "file:///bench/large.net";
    private static final String SMALL = "file:///bench/small.net";
    private static final String SMALL_TEXT = "model M {\n    input x: [3, 8, 8]\n    conv1: conv2d(3, 4, k=3)\n}\n";

    private LargeDocumentBench() {
    }

    public static void main(String[] args) throws Exception {
        int megabytes = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        String line = "    linear(8, 8) -> relu\n";
        String large = "model Large {\n    input x: [8]\n" + line.repeat(megabytes * 1_000_000 / line.length()) + "}\n";
        System.out.printf("large document: %,d characters%n", large.length());
        try (LspSession session = LspSession.start()) {
            long start = System.nanoTime();
            session.open(LARGE, large);
            TimeUnit.SECONDS.sleep(1);
            session.open(SMALL, SMALL_TEXT);
            report(start, "small document's diagnostics", awaitDiagnostics(session, SMALL).getUri());
            report(start, "hover on the small document", hover(session, SMALL, new Position(2, 12)));
            report(start, "hover on the large document", hover(session, LARGE, new Position(3, 6)));
            session.change(LARGE, 2, large.replace("linear(8, 8)", "linear(8, 9)"));
            session.change(LARGE, 3, large);
            PublishDiagnosticsParams published = awaitDiagnostics(session, LARGE);
            report(start, "large document's diagnostics", "version " + published.getVersion());
            report(start, "hover on the large document", hover(session, LARGE, new Position(3, 6)));
        }
    }

    private static void report(long start, String what, Object answer) {
        String shown = String.valueOf(answer).replace("\n", " ");
        System.out.printf("%8.2f s  %s: %s%n", (System.nanoTime() - start) / 1e9, what,
            shown.substring(0, Math.min(90, shown.length())));
    }

    /** The next diagnostics of {@code uri}; those of other documents are shown as they pass. */
    private static PublishDiagnosticsParams awaitDiagnostics(LspSession session, String uri) throws InterruptedException {
        for (PublishDiagnosticsParams published = session.diagnosticsWithin(600_000); published != null;
             published = session.diagnosticsWithin(600_000)) {
            if (published.getUri().equals(uri)) {
                return published;
            }
            System.out.println("          (diagnostics of " + published.getUri() + " version " + published.getVersion() + ")");
        }
        throw new IllegalStateException("no diagnostics of " + uri + " within 10 minutes");
    }

    private static String hover(LspSession session, String uri, Position position) throws Exception {
        Hover hover = session.server().getTextDocumentService()
            .hover(new HoverParams(new TextDocumentIdentifier(uri), position)).get(10, TimeUnit.MINUTES);
        return hover == null ? "none" : hover.getContents().getRight().getValue();
    }
}
