package netc.lsp;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import netc.diagnostics.SourceSpan;
import netc.semantic.catalog.Derivation;
import netc.semantic.model.AnalyzedModel;
import netc.semantic.model.Module;
import netc.semantic.model.Observations;
import netc.syntax.Definition;
import netc.syntax.Identifier;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.MarkupContent;
import org.eclipse.lsp4j.MarkupKind;

/**
 * Hover text: for a named value, its shape; for a layer or block application, the PyTorch class,
 * the shapes in and out and the parameter count, and below them how the layer computed its sizes. A block body is analysed once per instance, so
 * a layer inside one shows a line per distinct instance.
 */
final class Hovers {
    private Hovers() {
    }

    /** A model's name, a value, a layer or block application, else a label (one not applied here: a group, a declaration). */
    static Hover hover(DocumentAnalysis analysis, SourceSpan at) {
        Occurrences.Symbol symbol = Occurrences.at(analysis, at);
        if (symbol != null && symbol.kind() == Occurrences.Kind.MODEL) {
            return modelHover(analysis, symbol, at);
        }
        Identifier declaration = NameResolution.declarationAt(analysis, at);
        Hover value = declaration == null ? null : valueHover(analysis, declaration, at);
        if (value != null) {
            return value;
        }
        Hover step = stepHover(analysis, at);
        if (step != null || symbol == null || symbol.kind() != Occurrences.Kind.LABEL) {
            return step;
        }
        return labelHover(analysis, symbol, at);
    }

    /** {@code **model M** · [-1, 3, 32, 32] → [-1, 10] · 62006 parameters}, from its analysis. */
    private static Hover modelHover(DocumentAnalysis analysis, Occurrences.Symbol symbol, SourceSpan at) {
        for (AnalyzedModel model : analysis.models()) {
            if (model.name().equals(symbol.name())) {
                String inputs = model.inputs().stream().map(input -> shape(input.shape().toString()))
                    .collect(Collectors.joining(", "));
                String output = shape(model.output() == null ? null : model.output().shape().toString());
                return markdown("**model " + symbol.name() + "** · " + inputs + " → " + output + " · "
                    + parameters(model.totalParameters()), nameRange(analysis, at));
            }
        }
        return null;
    }

    /**
     * The modules a label registers, one line per distinct one (a block's instances): its class,
     * its path in the state_dict and its parameters.
     */
    private static Hover labelHover(DocumentAnalysis analysis, Occurrences.Symbol symbol, SourceSpan at) {
        Definition definition = analysis.definitionAt(at);
        Set<String> lines = new LinkedHashSet<>();
        for (AnalyzedModel model : analysis.models()) {
            collectLabelled(model.root(), symbol.name(), definition.span(), lines);
        }
        if (lines.isEmpty()) {
            return null;
        }
        return markdown("**" + symbol.name() + "** · label\n\n" + String.join("\n\n", lines), nameRange(analysis, at));
    }

    private static void collectLabelled(Module module, String label, SourceSpan within, Set<String> lines) {
        for (Module child : module.children()) {
            if (child.name().equals(label) && child.span() != null && within.contains(child.span())) {
                String kind = child.kind() == Module.Kind.LAYER ? "`nn." + child.torchClass() + "`"
                    : "`" + child.torchClass() + "`";
                lines.add(kind + " `" + child.path() + "` · " + parameters(child.totalParameters()));
            }
            collectLabelled(child, label, within, lines);
        }
    }

    private static org.eclipse.lsp4j.Range nameRange(DocumentAnalysis analysis, SourceSpan at) {
        return analysis.positions().range(TokenSpans.of(at.file(), analysis.identifierAt(at)));
    }

    private static String parameters(long count) {
        return count + (count == 1 ? " parameter" : " parameters");
    }

    private static Hover valueHover(DocumentAnalysis analysis, Identifier declaration, SourceSpan at) {
        Set<String> shapes = new LinkedHashSet<>();
        for (Observations.Binding binding : analysis.bindings()) {
            if (binding.name().span().equals(declaration.span()) && binding.shape() != null) {
                shapes.add("`" + binding.shape() + "`");
            }
        }
        if (shapes.isEmpty()) {
            return null;
        }
        String text = "**" + declaration.text() + "**: " + String.join(" or ", shapes);
        return markdown(text, nameRange(analysis, at));
    }

    private static Hover stepHover(DocumentAnalysis analysis, SourceSpan at) {
        List<Observations.Step> innermost = innermostSteps(analysis.steps(), at);
        if (innermost.isEmpty()) {
            return null;
        }
        Observations.Step first = innermost.get(0);
        Set<String> instances = new LinkedHashSet<>();
        for (Observations.Step step : innermost) {
            instances.add(instanceLine(step) + working(analysis.working(step)));
        }
        String text = "**" + first.name() + "** · " + className(first) + "\n\n" + String.join("\n\n", instances);
        return markdown(text, analysis.positions().range(first.span()));
    }

    /** The steps of the smallest span holding the position: the layer itself, not its group. */
    private static List<Observations.Step> innermostSteps(List<Observations.Step> steps, SourceSpan at) {
        List<Observations.Step> innermost = new ArrayList<>();
        for (Observations.Step step : steps) {
            if (!step.span().contains(at)) {
                continue;
            }
            if (!innermost.isEmpty() && !step.span().equals(innermost.get(0).span())) {
                if (!innermost.get(0).span().contains(step.span())) {
                    continue;
                }
                innermost.clear();
            }
            innermost.add(step);
        }
        return innermost;
    }

    private static String className(Observations.Step step) {
        Module module = step.module();
        if (module == null) {
            return "`" + step.torchClass() + "`, functional: no module, no parameters";
        }
        return module.kind() == Module.Kind.LAYER ? "`nn." + step.torchClass() + "`" : "block `" + step.torchClass() + "`";
    }

    private static String instanceLine(Observations.Step step) {
        String shapes = shape(step.input() == null ? null : step.input().toString()) + " → " + shape(step.output());
        if (step.module() == null) {
            return shapes;
        }
        return shapes + " · " + parameters(step.module().totalParameters());
    }

    /** The derivations below the shapes, as netc explain prints them; nothing when the layer computed no size. */
    private static String working(List<Derivation> derivations) {
        if (derivations.isEmpty()) {
            return "";
        }
        StringBuilder block = new StringBuilder("\n\n```text\n");
        for (Derivation derivation : derivations) {
            block.append(derivation.text()).append('\n');
            if (derivation.unless() != null) {
                block.append("  as the last window would start past the input: ").append(derivation.unless().text())
                    .append('\n');
            }
        }
        return block.append("```").toString();
    }

    private static String shape(String shape) {
        return shape == null ? "unknown" : "`" + shape + "`";
    }

    private static Hover markdown(String text, org.eclipse.lsp4j.Range range) {
        return new Hover(new MarkupContent(MarkupKind.MARKDOWN, text), range);
    }
}
