package netc.semantic.model;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import netc.diagnostics.SourceSpan;
import netc.diagnostics.Sources;
import netc.semantic.catalog.Derivation;

/**
 * Where a tensor came from: the step that made it, and the tensor that step received. Notes use it
 * to say "[-1, 64, 8, 8] comes from maxpool(2) at 6:36, flattened by flatten at 7:5", and, from a
 * reshape's {@code working}, "flatten gives 64·8·8 = 4096".
 */
public record Provenance(SourceSpan span, Supplier<String> text, Value.Tensor input, String reshapeVerb,
                         List<Derivation> working) {

    /**
     * The step's text is read from the source only when a message needs it. The input is kept only
     * where {@link #explain} reads it, a reshape, and then without its own input: a tensor would
     * otherwise hold every tensor before it, a million of them after a million layers.
     */
    public static Provenance of(SourceSpan span, Sources source, Value.Tensor input, String reshapeVerb,
                                List<Derivation> working) {
        return reshapeVerb == null ? new Provenance(span, () -> source.slice(span), null, null, List.of())
            : new Provenance(span, () -> source.slice(span), withoutHistory(input), reshapeVerb, working);
    }

    public static Provenance of(SourceSpan span, Sources source, Value.Tensor input, String reshapeVerb) {
        return of(span, source, input, reshapeVerb, List.of());
    }

    private static Value.Tensor withoutHistory(Value.Tensor tensor) {
        Provenance origin = tensor.origin();
        if (origin == null || origin.input() == null) {
            return tensor;
        }
        return new Value.Tensor(tensor.shape(), tensor.dtype(),
            new Provenance(origin.span(), origin.text(), null, origin.reshapeVerb(), List.of()));
    }

    public static Provenance named(SourceSpan span, String description) {
        return new Provenance(span, () -> description, null, null, List.of());
    }

    /** The sentence a note shows for a tensor of shape {@code shape} that this step produced. */
    public String explain(Shape shape) {
        if (reshapeVerb != null && input != null && input.known() && input.origin() != null) {
            return input.shape() + " comes from " + input.origin().place() + ", " + reshapeVerb + " by " + place();
        }
        return shape + " comes from " + place();
    }

    /** What the step computed, for a note: {@code flatten gives 32·8·8 = 2048}; none but a reshape's. */
    public List<String> gives() {
        List<String> notes = new ArrayList<>();
        for (Derivation derivation : working) {
            String numbers = derivation.formula().print(true);
            String value = Long.toString(derivation.value());
            notes.add(text.get() + " gives " + (numbers.equals(value) ? value : numbers + " = " + value));
        }
        return notes;
    }

    public String place() {
        return text.get() + " at " + span.position();
    }
}
