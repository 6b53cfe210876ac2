package netc.syntax;

import java.util.List;
import netc.diagnostics.SourceSpan;

/**
 * What a {@code label:} names a module by: the attribute name PyTorch registers it under, which
 * becomes its state_dict key part.
 */
public sealed interface Label {
    SourceSpan span();

    /** {@code conv1:}, any word. */
    record Word(Identifier name) implements Label {
        public SourceSpan span() {
            return name.span();
        }
    }

    /**
     * {@code "block1-0":} or {@code "denselayer{i + 1}":}: the text, with each {@code {expr}} part
     * replaced by its value. Literal pieces are {@link Expr.StringLiteral}s, in order with the others.
     */
    record Quoted(SourceSpan span, List<Expr> parts) implements Label {
        public Quoted {
            parts = List.copyOf(parts);
        }
    }

    /** {@code convs[i]:}: element {@code index} of the nn.ModuleList {@code list}. */
    record Element(SourceSpan span, Identifier list, Expr index) implements Label {
    }
}
