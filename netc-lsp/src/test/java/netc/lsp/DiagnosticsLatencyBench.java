package netc.lsp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * How long an editor waits for diagnostics: the time from a didChange of a generated file (2,000
 * lines, or the first argument) to the publishDiagnostics that answers it, through the real
 * JSON-RPC framing, after warm-up. Each change toggles linear's in_features (or, see main, edits
 * the middle of the file), so every version differs and is analysed. bench/lsp.sh runs it; docs/benchmarks.md ("Language server") has
 * the figures measured.
 */
public final class DiagnosticsLatencyBench {
    private static final String URI = "file:///bench/generated.net";
    private static final int WARM_UP = 300;
    private static final int MEASURED = 100;

    private DiagnosticsLatencyBench() {
    }

    /**
     * Arguments: the number of lines (2,000), and where the edit is: {@code end} (the final linear's
     * in_features, the default), {@code middle} (a dropout's probability halfway down) or
     * {@code line} (a line break added halfway down and removed: the statements after it move).
     */
    public static void main(String[] args) throws Exception {
        int lines = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        String where = args.length > 1 ? args[1] : "end";
        String correct = generated(lines, true);
        int middle = correct.indexOf("dropout(0.1)", correct.length() / 2);
        String wrong = switch (where) {
            case "end" -> generated(lines, false);
            case "middle" -> correct.substring(0, middle) + "dropout(0.2)" + correct.substring(middle + "dropout(0.1)".length());
            case "line" -> correct.substring(0, middle) + "\n" + correct.substring(middle);
            default -> throw new IllegalArgumentException("where: end, middle or line, not " + where);
        };
        System.out.println("file: " + correct.chars().filter(c -> c == '\n').count() + " lines, " + correct.length()
            + " characters, edited at the " + where);
        try (LspSession session = LspSession.start()) {
            session.open(URI, correct);
            // the first analyses run before the JIT has compiled the analyser: seconds for 20,000 lines on a loaded machine
            System.out.println("diagnostics of the consistent file: " + session.nextDiagnostics(120).getDiagnostics().size());
            int version = 1;
            for (int i = 0; i < WARM_UP; i++) {
                version++;
                latency(session, version, version % 2 == 0 ? wrong : correct);
            }
            List<Double> millis = new ArrayList<>();
            for (int i = 0; i < MEASURED; i++) {
                version++;
                millis.add(latency(session, version, version % 2 == 0 ? wrong : correct));
            }
            Collections.sort(millis);
            System.out.printf("didChange -> publishDiagnostics over %d changes: median %.1f ms, p90 %.1f ms, max %.1f ms%n",
                MEASURED, percentile(millis, 50), percentile(millis, 90), millis.get(millis.size() - 1));
        }
    }

    private static double latency(LspSession session, int version, String text) throws InterruptedException {
        long start = System.nanoTime();
        session.change(URI, version, text);
        if (session.nextDiagnostics(60).getVersion() != version) {
            throw new IllegalStateException("diagnostics for another version than " + version);
        }
        return (System.nanoTime() - start) / 1e6;
    }

    private static double percentile(List<Double> sorted, int percent) {
        return sorted.get(Math.min(sorted.size() - 1, sorted.size() * percent / 100));
    }

    /**
     * A residual block, then a model of groups of four lines (a labelled convolution, a block call,
     * a binding and a sum that reads it); {@code consistent} false makes the final linear's
     * in_features wrong (one E201).
     */
    static String generated(int lines, boolean consistent) {
        StringBuilder text = new StringBuilder();
        text.append("// generated for the language server benchmark\n")
            .append("block Residual(c) {\n")
            .append("    input x\n")
            .append("    y = conv2d(c, c, k=3, p=1, bias=false) -> batchnorm2d(c) -> relu\n")
            .append("    y + x -> relu\n")
            .append("}\n\n")
            .append("model Generated {\n")
            .append("    input x: [16, 32, 32]\n");
        int header = 9;
        int footer = 3;
        for (int group = 0; group < (lines - header - footer) / 4; group++) {
            text.append("    conv").append(group).append(": conv2d(16, 16, k=3, p=1) -> relu\n")
                .append("    Residual(16)   // a block instance\n")
                .append("    s").append(group).append(" = batchnorm2d(16) -> F.relu\n")
                .append("    s").append(group).append(" + s").append(group).append(" -> dropout(0.1)\n");
        }
        text.append("    adaptiveavgpool(1) -> flatten\n")
            .append("    fc: linear(").append(consistent ? 16 : 15).append(", 10)\n")
            .append("}\n");
        return text.toString();
    }
}
