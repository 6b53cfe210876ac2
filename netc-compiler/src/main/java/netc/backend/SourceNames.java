package netc.backend;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import netc.diagnostics.SourceSpan;
import netc.syntax.Definition;
import netc.syntax.Expr;
import netc.syntax.Identifier;
import netc.syntax.Label;
import netc.syntax.Statement;
import netc.syntax.SyntaxWalker;

/**
 * The names a block or model gives its tensors in the .net file, for the variables of forward: its
 * inputs, and the values it binds, so that the steps of {@code out = conv1 -> bn1} write to {@code out},
 * and the names it takes tuples apart into ({@code out, h = gru(x)}).
 */
final class SourceNames {
    static final SourceNames NONE = new SourceNames(List.of(), List.of(), List.of(), List.of(), List.of(), Map.of(), Set.of(), List.of());

    /** {@code name = [element for ...]}: a list comprehension that is the whole value of a binding. */
    record BoundComprehension(String name, Expr.Comprehension comprehension) {
    }

    /**
     * {@code name = value}, from the start of the name to the end of the value; or, without a name, an
     * element of a list, whose steps are no value of the name the list is bound to.
     */
    private record Binding(String name, SourceSpan span) {
    }

    private final List<String> inputs;
    private final List<Binding> bindings;
    private final List<Statement.Destructuring> destructurings;

    private final List<BoundComprehension> comprehensions;
    private final List<Expr.Repeat> repeats;
    /** The names an if binds in one of its branches ({@code identity = x -> downsample}), with where the last such if ends. */
    private final Map<String, SourceSpan> boundInBranch;
    private final Set<SourceSpan> renamings;
    /** The quoted labels ({@code "denselayer{i + 1}": ...}), each with the expression it labels. */
    private final List<Expr.Labelled> quoted;

    private SourceNames(List<String> inputs, List<Binding> bindings, List<Statement.Destructuring> destructurings,
                        List<BoundComprehension> comprehensions, List<Expr.Repeat> repeats,
                        Map<String, SourceSpan> boundInBranch, Set<SourceSpan> renamings,
                        List<Expr.Labelled> quoted) {
        this.inputs = inputs;
        this.bindings = bindings;
        this.destructurings = destructurings;
        this.comprehensions = comprehensions;
        this.repeats = repeats;
        this.boundInBranch = boundInBranch;
        this.renamings = renamings;
        this.quoted = quoted;
    }

    static SourceNames of(Definition definition) {
        List<String> inputs = new ArrayList<>();
        for (Statement statement : definition.body()) {
            if (statement instanceof Statement.Input input) {
                input.inputs().forEach(declaration -> inputs.add(declaration.name().text()));
            }
        }
        List<Binding> bindings = new ArrayList<>();
        List<Statement.Destructuring> destructurings = new ArrayList<>();
        List<BoundComprehension> comprehensions = new ArrayList<>();
        List<Expr.Repeat> repeats = new ArrayList<>();
        Map<String, SourceSpan> boundInBranch = new HashMap<>();
        List<Identifier> bound = new ArrayList<>();
        List<Expr.Labelled> quoted = new ArrayList<>();
        new SyntaxWalker() {
            @Override
            protected void enterLabelled(Expr.Labelled labelled) {
                if (labelled.label() instanceof Label.Quoted) {
                    quoted.add(labelled);
                }
            }

            /** The ifs around the walk, innermost last. */
            private final List<Expr.If> ifs = new ArrayList<>();

            @Override
            public Void visitIf(Expr.If e) {
                ifs.add(e);
                try {
                    return super.visitIf(e);
                } finally {
                    ifs.remove(ifs.size() - 1);
                }
            }

            @Override
            public Void visitRepeat(Expr.Repeat e) {
                repeats.add(e);
                return super.visitRepeat(e);
            }

            @Override
            protected void binding(Statement.Binding binding) {
                bound.add(binding.name());
                if (!ifs.isEmpty()) {
                    boundInBranch.put(binding.name().text(), ifs.get(0).span());
                }
                if (binding.value() instanceof Expr.Comprehension comprehension) {
                    comprehensions.add(new BoundComprehension(binding.name().text(), comprehension));
                }
            }

            @Override
            protected void destructuring(Statement.Destructuring destructuring) {
                destructurings.add(destructuring);
            }

            @Override
            protected void declared(Identifier name, SourceSpan visibleFrom) {
                // a binding's name is visible after its value; a loop's names from where they stand, a
                // comprehension's from its start; the names a tuple is taken into are not the name of one
                // value of the statement
                boolean destructured = destructurings.stream().anyMatch(d -> holds(d.target().span(), name.span()));
                boolean afterValue = !visibleFrom.equals(name.span())
                    && name.span().to(visibleFrom).contains(name.span());
                if (afterValue && !destructured) {
                    bindings.add(new Binding(name.text(), name.span().to(visibleFrom)));
                }
            }

            @Override
            public Void visitList(Expr.ListLiteral e) {
                e.elements().forEach(element -> bindings.add(new Binding(null, element.span())));
                return super.visitList(e);
            }

            @Override
            public Void visitComprehension(Expr.Comprehension e) {
                bindings.add(new Binding(null, e.element().span()));
                return super.visitComprehension(e);
            }
        }.walk(definition);
        Set<SourceSpan> renamings = new HashSet<>();
        bound.stream().filter(name -> boundInBranch.containsKey(name.text())).forEach(name -> renamings.add(name.span()));
        return new SourceNames(List.copyOf(inputs), List.copyOf(bindings), List.copyOf(destructurings),
            List.copyOf(comprehensions), List.copyOf(repeats), Map.copyOf(boundInBranch), Set.copyOf(renamings),
            List.copyOf(quoted));
    }

    /** The quoted label of the module built at {@code span} ({@code "denselayer{i + 1}"}), or null. */
    Label.Quoted quotedLabel(SourceSpan span) {
        Expr.Labelled innermost = null;
        for (Expr.Labelled labelled : quoted) {
            if (holds(labelled.span(), span) && (innermost == null || holds(innermost.span(), labelled.span()))) {
                innermost = labelled;
            }
        }
        return innermost == null ? null : (Label.Quoted) innermost.label();
    }

    /** The names of the bindings of names an if binds in a branch, which forward writes even where they only rename. */
    Set<SourceSpan> renamings() {
        return renamings;
    }

    /**
     * Whether an if binds {@code name} in a branch: forward then writes every binding of the name,
     * even one that only renames a value ({@code identity = x}), so that the name holds its value
     * whichever way the if goes.
     */
    boolean boundInBranch(String name) {
        return boundInBranch.containsKey(name);
    }

    /** The outermost if that binds {@code name} in a branch, the last of them in the file; null for none. */
    SourceSpan ifBinding(String name) {
        return boundInBranch.get(name);
    }

    /** The innermost repeat that holds {@code span}, or null. */
    Expr.Repeat repeatAt(SourceSpan span) {
        Expr.Repeat innermost = null;
        for (Expr.Repeat repeat : repeats) {
            if (holds(repeat.span(), span) && (innermost == null || holds(innermost.span(), repeat.span()))) {
                innermost = repeat;
            }
        }
        return innermost;
    }

    /** The bound list comprehension whose element holds {@code span}, or null. */
    BoundComprehension comprehensionAt(SourceSpan span) {
        for (BoundComprehension bound : comprehensions) {
            if (holds(bound.comprehension().element().span(), span)) {
                return bound;
            }
        }
        return null;
    }

    /** The names of the destructuring at {@code span} ({@code out, (h, c)}), or null. */
    Statement.Target.Tuple targetOf(SourceSpan span) {
        for (Statement.Destructuring destructuring : destructurings) {
            if (destructuring.span().equals(span)) {
                return destructuring.target();
            }
        }
        return null;
    }

    /** The declared inputs, in order. */
    List<String> inputs() {
        return inputs;
    }

    /** The name of the innermost binding whose value holds {@code span}, or null (none, or a list's element). */
    String boundName(SourceSpan span) {
        Binding innermost = null;
        for (Binding binding : bindings) {
            if (holds(binding.span(), span) && (innermost == null || holds(innermost.span(), binding.span()))) {
                innermost = binding;
            }
        }
        return innermost == null ? null : innermost.name();
    }

    /** Whether {@code outer} holds {@code inner}, in the same file. */
    static boolean holds(SourceSpan outer, SourceSpan inner) {
        return outer.file().equals(inner.file()) && compare(outer.startLine(), outer.startColumn(), inner.startLine(), inner.startColumn()) <= 0
            && compare(inner.endLine(), inner.endColumn(), outer.endLine(), outer.endColumn()) <= 0;
    }

    private static int compare(int line, int column, int otherLine, int otherColumn) {
        return line != otherLine ? Integer.compare(line, otherLine) : Integer.compare(column, otherColumn);
    }
}
