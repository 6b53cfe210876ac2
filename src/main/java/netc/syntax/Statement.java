package netc.syntax;

import java.util.List;
import netc.diagnostics.SourceSpan;

/** One statement of a model, block, if or repeat body. */
public sealed interface Statement {
    SourceSpan span();

    /** {@code input x: [3, 32, 32]} or {@code input a, b}. */
    record Input(SourceSpan span, List<InputDeclaration> inputs) implements Statement {
        public Input {
            inputs = List.copyOf(inputs);
        }
    }

    /** {@code name = chain}. */
    record Binding(SourceSpan span, Identifier name, Expr value) implements Statement {
    }

    /**
     * {@code param class_token: [1, 1, hidden]} or {@code buffer mask: [1, 1, 8, 8] = 1}: a tensor the
     * module owns (nn.Parameter, register_buffer), of its full PyTorch shape (no implicit batch),
     * filled with {@code fill} (null: zeros).
     */
    record State(SourceSpan span, boolean parameter, Identifier name, TensorType shape, Expr fill)
        implements Statement {
        /** The word that declares it, as written. */
        public String word() {
            return parameter ? "param" : "buffer";
        }
    }

    /** A chain, continuing from the previous statement's value when it starts with a layer. */
    record Chain(SourceSpan span, Expr chain) implements Statement {
    }

    /** One declared input; {@code type} is null when the shape is not written (inside blocks). */
    record InputDeclaration(SourceSpan span, Identifier name, TensorType type) {
    }

    /** {@code [3, 32, 32]} or {@code int64[20]}; {@code dtype} is null for the float32 default. */
    record TensorType(SourceSpan span, Identifier dtype, List<Expr> dims) {
        public TensorType {
            dims = List.copyOf(dims);
        }
    }
}
