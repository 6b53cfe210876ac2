package netc.syntax;

import java.util.List;
import netc.diagnostics.SourceSpan;

/** A top-level definition: a model, or a block used like a layer. */
public sealed interface Definition {
    SourceSpan span();

    Identifier name();

    List<Parameter> parameters();

    List<Statement> body();

    /** {@code model Name(params) { ... }} */
    record Model(SourceSpan span, Identifier name, List<Parameter> parameters, List<Statement> body)
        implements Definition {
        public Model {
            parameters = List.copyOf(parameters);
            body = List.copyOf(body);
        }
    }

    /**
     * {@code block Name(params) { ... }}; {@code base} is {@code Sequential} for a block that
     * subclasses nn.Sequential (as torchvision's Conv2dNormActivation does), else null.
     */
    record Block(SourceSpan span, Identifier name, List<Parameter> parameters, Identifier base, List<Statement> body)
        implements Definition {
        public Block {
            parameters = List.copyOf(parameters);
            body = List.copyOf(body);
        }
    }

    /** A compile-time parameter; {@code defaultValue} is null when it has none. */
    record Parameter(SourceSpan span, Identifier name, Expr defaultValue) {
    }
}
