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
     * subclasses nn.Sequential (as torchvision's Conv2dNormActivation does), a layer for one that
     * subclasses a layer ({@code : Conv3d(i, o, kernel_size=3)}, whose {@code baseArguments} are
     * super().__init__'s), else null. {@code baseArguments} is null when the base has no
     * parentheses; {@code hasBody} is false for {@code block Name(...) : Conv3d(...)} alone.
     */
    record Block(SourceSpan span, Identifier name, List<Parameter> parameters, Identifier base,
                 List<Expr.Argument> baseArguments, boolean hasBody, List<Statement> body) implements Definition {
        /** The containers a block may subclass besides a layer: nn.Sequential, nn.ModuleList, nn.ModuleDict. */
        public static final List<String> CONTAINERS = List.of("Sequential", "ModuleList", "ModuleDict");

        public Block {
            parameters = List.copyOf(parameters);
            baseArguments = baseArguments == null ? null : List.copyOf(baseArguments);
            body = List.copyOf(body);
        }

        /** Whether it subclasses a layer rather than nn.Module or a container. */
        public boolean subclassesLayer() {
            return base != null && (baseArguments != null || !CONTAINERS.contains(base.text()));
        }
    }

    /** A compile-time parameter; {@code defaultValue} is null when it has none. */
    record Parameter(SourceSpan span, Identifier name, Expr defaultValue) {
    }
}
