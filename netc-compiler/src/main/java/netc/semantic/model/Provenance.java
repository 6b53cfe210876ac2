package netc.semantic.model;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import netc.diagnostics.SourceSpan;
import netc.diagnostics.Sources;
import netc.diagnostics.Text;
import netc.semantic.catalog.Derivation;

/**
 * Where a tensor came from: the step that made it, and the tensor that step received. Notes use it
 * to say "[-1, 64, 8, 8] comes from maxpool(2) at 6:36, flattened by flatten at 7:5", and, from a
 * reshape's {@code working}, "flatten gives 64·8·8 = 4096".
 */
public record Provenance(SourceSpan span, Supplier<Object> text, Value.Tensor input, Text reshapeVerb,
                         List<Derivation> working) {

    /**
     * The step's text is read from the source only when a message needs it. The input is kept only
     * where {@link #explain} reads it, a reshape, and then without its own input: a tensor would
     * otherwise hold every tensor before it, a million of them after a million layers.
     */
    public static Provenance of(SourceSpan span, Sources source, Value.Tensor input, Text reshapeVerb,
                                List<Derivation> working) {
        return reshapeVerb == null ? new Provenance(span, () -> source.slice(span), null, null, List.of())
            : new Provenance(span, () -> source.slice(span), withoutHistory(input), reshapeVerb, working);
    }

    public static Provenance of(SourceSpan span, Sources source, Value.Tensor input, Text reshapeVerb) {
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

    public static Provenance named(SourceSpan span, Text description) {
        return new Provenance(span, () -> description, null, null, List.of());
    }

    /** The sentence a note shows for a tensor of shape {@code shape} that this step produced. */
    public Text explain(Shape shape) {
        if (reshapeVerb != null && input != null && input.known() && input.origin() != null) {
            return Text.of("provenance.comes_from", input.shape(), input.origin().place(), reshapeVerb, place());
        }
        return Text.of("provenance.comes_from_step", shape, place());
    }

    /** What the step computed, for a note: {@code flatten gives 32·8·8 = 2048}; none but a reshape's. */
    public List<Text> gives() {
        List<Text> notes = new ArrayList<>();
        for (Derivation derivation : working) {
            String numbers = derivation.formula().print(true);
            String value = Long.toString(derivation.value());
            notes.add(Text.of("provenance.gives", text.get(),
                (numbers.equals(value) ? value : numbers + " = " + value)));
        }
        return notes;
    }

    public Text place() {
        return Text.of("provenance.text", text.get(), span.position());
    }
}
