package netc.syntax;

import java.util.ArrayList;
import java.util.List;
import netc.diagnostics.SourceSpan;

/** The names a value is bound to: one name, or several that destructure a tuple ({@code i, k}). */
public sealed interface Pattern {
    SourceSpan span();

    /** Every name the pattern binds, in order. */
    List<Identifier> names();

    record Name(Identifier id) implements Pattern {
        public SourceSpan span() {
            return id.span();
        }

        public List<Identifier> names() {
            return List.of(id);
        }
    }

    /** {@code a, b}: a tuple of exactly as many elements. */
    record Tuple(SourceSpan span, List<Pattern> elements) implements Pattern {
        public Tuple {
            elements = List.copyOf(elements);
        }

        public List<Identifier> names() {
            List<Identifier> names = new ArrayList<>();
            for (Pattern element : elements) {
                names.addAll(element.names());
            }
            return names;
        }
    }
}
