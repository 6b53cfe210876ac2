package netc.semantic.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import netc.diagnostics.SourceSpan;
import netc.diagnostics.Sources;
import netc.semantic.catalog.Derivation;
import netc.semantic.catalog.Working;
import netc.syntax.Identifier;

/**
 * What an editor asks about a model's source, derived from its trace: the shapes at each layer
 * application (functional ones and view included) and block call, and at each named value, by
 * source position.
 */
public final class Observations {
    /**
     * One application of a layer or block: the construct's span and the shapes around it; its output as
     * printed, a shape or the tuple of an operation's pieces ({@code ([-1, 4], [-1, 4])}), null when unknown;
     * {@code call}, the trace's step of a layer (null for a block), whose working {@link #working} gives.
     */
    public record Step(SourceSpan span, String name, String torchClass, Shape input, String output, Module module,
                       Trace.Apply call) {
    }

    /**
     * One binding {@code name = ...} (or input declaration, or a name of a destructuring) and the
     * value's shape as printed, if it is a tensor ({@code [-1, 16]}), a recurrent state
     * ({@code [1, -1, 16]}) or a tuple of them; else null.
     */
    public record Binding(Identifier name, String shape) {
    }

    private final Trace trace;
    private final List<Step> steps;
    private final List<Binding> bindings;

    private Observations(Trace trace, List<Step> steps, List<Binding> bindings) {
        this.trace = trace;
        this.steps = Collections.unmodifiableList(steps);
        this.bindings = Collections.unmodifiableList(bindings);
    }

    /** A layer as it is applied, a block as it returns; empty for a trace that was not kept. */
    public static Observations of(Trace trace) {
        List<Step> steps = new ArrayList<>();
        List<Binding> bindings = new ArrayList<>();
        for (Trace.Step step : trace.steps()) {
            if (step instanceof Trace.Apply apply) {
                String output = apply.spec().pieces() != null && apply.returned() != null ? apply.returned().brief()
                    : printed(apply.output());
                steps.add(new Step(apply.span(), apply.name(), apply.spec().torchClass(),
                    trace.shape(apply.inputs().get(0)), output, apply.module(), apply));
            } else if (step instanceof Trace.Block block) {
                if (block.end()) {
                    String name = block.module().torchClass();
                    Shape input = block.inputs().isEmpty() ? null : trace.shape(block.inputs().get(0));
                    steps.add(new Step(block.span(), name, name, input, printed(block.output()), block.module(), null));
                }
            } else if (step instanceof Trace.Binding binding) {
                bindings.add(new Binding(binding.name(), binding.shape()));
            } else if (!(step instanceof Trace.Input || step instanceof Trace.Arithmetic
                || step instanceof Trace.Index || step instanceof Trace.Group || step instanceof Trace.State
                || step instanceof Trace.Tuple)) {
                throw new AssertionError(step); // the others apply no layer or block of the source
            }
        }
        return new Observations(trace, steps, bindings);
    }

    private static String printed(Shape shape) {
        return shape == null ? null : shape.toString();
    }

    public List<Step> steps() {
        return steps;
    }

    /** How a step's layer computed its sizes, shape then state, as explain shows it; none for a block. */
    public List<Derivation> working(Step step, Sources sources) {
        if (step.call() == null) {
            return List.of();
        }
        Working working = Working.of(step.call(), trace, sources);
        List<Derivation> all = new ArrayList<>(working.shape());
        all.addAll(working.state());
        return all;
    }

    public List<Binding> bindings() {
        return bindings;
    }
}
