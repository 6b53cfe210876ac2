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

    /** {@code out, (h, c) = chain}: binds each name to its part of a tuple; {@code _} discards. */
    record Destructuring(SourceSpan span, Target.Tuple target, Expr value) implements Statement {
    }

    /** The left side of a destructuring: a name, or a parenthesised tuple of targets. */
    sealed interface Target {
        SourceSpan span();

        record Name(Identifier name) implements Target {
            public SourceSpan span() {
                return name.span();
            }

            /** {@code _}: a part that is not bound. */
            public boolean discarded() {
                return name.text().equals("_");
            }
        }

        record Tuple(SourceSpan span, List<Target> elements) implements Target {
            public Tuple {
                elements = List.copyOf(elements);
            }

            /** Every name bound, in source order, {@code _} left out. */
            public List<Identifier> names() {
                List<Identifier> names = new java.util.ArrayList<>();
                for (Target element : elements) {
                    if (element instanceof Name name) {
                        if (!name.discarded()) {
                            names.add(name.name());
                        }
                    } else if (element instanceof Tuple tuple) {
                        names.addAll(tuple.names());
                    } else {
                        throw new AssertionError(element);
                    }
                }
                return names;
            }
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
