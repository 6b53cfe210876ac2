package netc.semantic;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import netc.diagnostics.SourceSpan;
import netc.syntax.Identifier;

/**
 * What an editor asks about a model's source: the shapes at each layer application (functional
 * ones and view included) and at each named value, by source position. Observations that are not
 * kept (netc check reads only diagnostics) stay empty.
 */
public final class Observations {
    /** One application of a layer or block: the construct's span and the shapes around it. */
    public record Step(SourceSpan span, String name, String torchClass, Shape input, Shape output, Module module) {
    }

    /**
     * One binding {@code name = ...} (or input declaration, or a name of a destructuring) and the
     * value's shape as printed, if it is a tensor ({@code [-1, 16]}), a recurrent state
     * ({@code [1, -1, 16]}) or a tuple of them; else null.
     */
    public record Binding(Identifier name, String shape) {
    }

    private final List<Step> steps = new ArrayList<>();
    private final List<Binding> bindings = new ArrayList<>();
    private final boolean kept;

    Observations(boolean kept) {
        this.kept = kept;
    }

    void step(Step step) {
        if (kept) {
            steps.add(step);
        }
    }

    void binding(Binding binding) {
        if (kept) {
            bindings.add(binding);
        }
    }

    public List<Step> steps() {
        return Collections.unmodifiableList(steps);
    }

    public List<Binding> bindings() {
        return Collections.unmodifiableList(bindings);
    }
}
