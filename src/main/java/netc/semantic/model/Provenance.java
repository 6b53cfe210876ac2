package netc.semantic.model;

import java.util.function.Supplier;
import netc.diagnostics.SourceSpan;
import netc.diagnostics.Sources;

/**
 * Where a tensor came from: the step that made it, and the tensor that step received. Notes use it
 * to say "[-1, 64, 8, 8] comes from maxpool(2) at 6:36, flattened by flatten at 7:5".
 */
public record Provenance(SourceSpan span, Supplier<String> text, Value.Tensor input, String reshapeVerb) {

    /**
     * The step's text is read from the source only when a message needs it. The input is kept only
     * where {@link #explain} reads it, a reshape, and then without its own input: a tensor would
     * otherwise hold every tensor before it, a million of them after a million layers.
     */
    public static Provenance of(SourceSpan span, Sources source, Value.Tensor input, String reshapeVerb) {
        return new Provenance(span, () -> source.slice(span), reshapeVerb == null ? null : withoutHistory(input),
            reshapeVerb);
    }

    private static Value.Tensor withoutHistory(Value.Tensor tensor) {
        Provenance origin = tensor.origin();
        if (origin == null || origin.input() == null) {
            return tensor;
        }
        return new Value.Tensor(tensor.shape(), tensor.dtype(),
            new Provenance(origin.span(), origin.text(), null, origin.reshapeVerb()));
    }

    public static Provenance named(SourceSpan span, String description) {
        return new Provenance(span, () -> description, null, null);
    }

    /** The sentence a note shows for a tensor of shape {@code shape} that this step produced. */
    public String explain(Shape shape) {
        if (reshapeVerb != null && input != null && input.known() && input.origin() != null) {
            return input.shape() + " comes from " + input.origin().place() + ", " + reshapeVerb + " by " + place();
        }
        return shape + " comes from " + place();
    }

    public String place() {
        return text.get() + " at " + span.position();
    }
}
