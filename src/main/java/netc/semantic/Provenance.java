package netc.semantic;

import netc.diagnostics.SourceSpan;

/**
 * Where a tensor came from: the step that made it, and the tensor that step received. Notes use it
 * to say "[-1, 64, 8, 8] comes from maxpool(2) at 6:36, flattened by flatten at 7:5".
 */
public record Provenance(SourceSpan span, String text, Value.Tensor input, String reshapeVerb) {

    /** The sentence a note shows for a tensor of shape {@code shape} that this step produced. */
    public String explain(Shape shape) {
        if (reshapeVerb != null && input != null && input.known() && input.origin() != null) {
            return input.shape() + " comes from " + input.origin().place() + ", " + reshapeVerb + " by " + place();
        }
        return shape + " comes from " + place();
    }

    public String place() {
        return text + " at " + span.position();
    }
}
