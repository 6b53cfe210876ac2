package netc.lsp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import netc.diagnostics.SourceSpan;
import netc.semantic.model.Observations;
import org.eclipse.lsp4j.InlayHint;
import org.eclipse.lsp4j.InlayHintKind;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.jsonrpc.messages.Either;

/**
 * The output shape at the end of each line of a chain, as editors show inferred types:
 * {@code conv2d(3, 16, k=3, p=1) -> relu  ⟶ [-1, 16, 32, 32]}. On each line, the layer or block
 * call that ends last gives the shape; where it has several (a block's instances, a repeat's
 * iterations), the line shows none rather than one of them.
 */
final class InlayShapes {
    static final String ARROW = "⟶ ";

    private InlayShapes() {
    }

    static List<InlayHint> hints(DocumentAnalysis analysis, Range range) {
        Map<SourceSpan, Set<String>> outputs = new LinkedHashMap<>();
        for (Observations.Step step : analysis.steps()) {
            if (step.span().file().equals(analysis.source().path())) {
                outputs.computeIfAbsent(step.span(), span -> new LinkedHashSet<>()).add(step.output());
            }
        }
        Map<Integer, SourceSpan> lastOnLine = new LinkedHashMap<>();
        for (SourceSpan span : outputs.keySet()) {
            lastOnLine.merge(span.endLine(), span, (a, b) -> b.endColumn() > a.endColumn() ? b : a);
        }
        List<InlayHint> hints = new ArrayList<>();
        for (SourceSpan span : lastOnLine.values()) {
            Set<String> shapes = outputs.get(span);
            int line = span.endLine() - 1;
            if (shapes.size() != 1 || shapes.contains(null) || line < range.getStart().getLine()
                || line > range.getEnd().getLine()) {
                continue;
            }
            SourceSpan end = SourceSpan.at(span.file(), span.endLine(), span.endColumn());
            InlayHint hint = new InlayHint(analysis.positions().range(end).getStart(),
                Either.forLeft(ARROW + shapes.iterator().next()));
            hint.setKind(InlayHintKind.Type);
            hint.setPaddingLeft(true);
            hints.add(hint);
        }
        hints.sort((a, b) -> Integer.compare(a.getPosition().getLine(), b.getPosition().getLine()));
        return hints;
    }
}
