package netc.syntax;

import java.util.List;
import netc.diagnostics.SourceSpan;

/**
 * Visits a definition's statements and expressions depth-first in source order. Subclasses hook
 * the events they need: names declared (with where they become visible), names used, and labelled
 * layers.
 */
public abstract class SyntaxWalker implements Expr.Visitor<Void> {

    public void walk(Definition definition) {
        for (Definition.Parameter parameter : definition.parameters()) {
            declared(parameter.name(), parameter.name().span());
            walkOptional(parameter.defaultValue());
        }
        if (definition instanceof Definition.Block && ((Definition.Block) definition).baseArguments() != null) {
            for (Expr.Argument argument : ((Definition.Block) definition).baseArguments()) {
                argument.value().accept(this);
            }
        }
        statements(definition.body());
    }

    /** A name comes into scope; it is visible from {@code visibleFrom} on. */
    protected void declared(Identifier name, SourceSpan visibleFrom) {
    }

    /** A name is used: a value, a layer, a block or a label. */
    protected void named(Expr.Name name) {
    }

    /** A binding statement, before its value is walked and its name declared. */
    protected void binding(Statement.Binding binding) {
    }

    /** A destructuring statement, before its value is walked and its names declared. */
    protected void destructuring(Statement.Destructuring destructuring) {
    }

    protected void enterLabelled(Expr.Labelled labelled) {
    }

    /** A group {@code ( ... )}, labelled or not (the label is entered first). */
    protected void enterGroup(Expr.Group group) {
    }

    protected void leaveGroup(Expr.Group group) {
    }

    protected void leaveLabelled(Expr.Labelled labelled) {
    }

    private void statements(List<Statement> body) {
        for (Statement statement : body) {
            statement(statement);
        }
    }

    private void statement(Statement statement) {
        if (statement instanceof Statement.Input) {
            for (Statement.InputDeclaration input : ((Statement.Input) statement).inputs()) {
                declared(input.name(), input.name().span());
            }
        } else if (statement instanceof Statement.Binding) {
            Statement.Binding binding = (Statement.Binding) statement;
            binding(binding);
            binding.value().accept(this);
            // A binding's own value still reads the previous meaning of the name (f = f -> relu).
            SourceSpan end = binding.span();
            declared(binding.name(), SourceSpan.at(end.file(), end.endLine(), end.endColumn()));
        } else if (statement instanceof Statement.State) {
            Statement.State state = (Statement.State) statement;
            walkAll(state.shape().dims());
            walkOptional(state.fill());
            declared(state.name(), state.name().span());
        } else if (statement instanceof Statement.Destructuring) {
            Statement.Destructuring destructuring = (Statement.Destructuring) statement;
            destructuring(destructuring);
            destructuring.value().accept(this);
            SourceSpan end = destructuring.span();
            for (Identifier name : destructuring.target().names()) {
                declared(name, SourceSpan.at(end.file(), end.endLine(), end.endColumn()));
            }
        } else if (statement instanceof Statement.Chain) {
            ((Statement.Chain) statement).chain().accept(this);
        } else {
            throw new AssertionError(statement);
        }
    }

    private void walkAll(List<Expr> expressions) {
        for (Expr expression : expressions) {
            expression.accept(this);
        }
    }

    private void walkArguments(List<Expr.Argument> arguments) {
        for (Expr.Argument argument : arguments) {
            argument.value().accept(this);
        }
    }

    private void walkOptional(Expr expression) {
        if (expression != null) {
            expression.accept(this);
        }
    }

    @Override
    public Void visitInt(Expr.IntLiteral e) {
        return null;
    }

    @Override
    public Void visitFloat(Expr.FloatLiteral e) {
        return null;
    }

    @Override
    public Void visitString(Expr.StringLiteral e) {
        return null;
    }

    @Override
    public Void visitBool(Expr.BoolLiteral e) {
        return null;
    }

    @Override
    public Void visitName(Expr.Name e) {
        named(e);
        return null;
    }

    @Override
    public Void visitCall(Expr.Call e) {
        e.callee().accept(this);
        walkArguments(e.arguments());
        return null;
    }

    @Override
    public Void visitLabelled(Expr.Labelled e) {
        enterLabelled(e);
        if (e.label() instanceof Label.Quoted) {
            walkAll(((Label.Quoted) e.label()).parts());
        } else if (e.label() instanceof Label.Element) {
            ((Label.Element) e.label()).index().accept(this);
        }
        e.target().accept(this);
        leaveLabelled(e);
        return null;
    }

    @Override
    public Void visitGroup(Expr.Group e) {
        enterGroup(e);
        statements(e.statements());
        leaveGroup(e);
        return null;
    }

    @Override
    public Void visitTuple(Expr.Tuple e) {
        walkAll(e.elements());
        return null;
    }

    @Override
    public Void visitList(Expr.ListLiteral e) {
        walkAll(e.elements());
        return null;
    }

    /** The loop's names are visible in the whole comprehension, its element written before them included. */
    @Override
    public Void visitComprehension(Expr.Comprehension e) {
        e.iterable().accept(this);
        SourceSpan start = SourceSpan.at(e.span().file(), e.span().startLine(), e.span().startColumn());
        for (Identifier name : e.variable().names()) {
            declared(name, start);
        }
        e.element().accept(this);
        walkOptional(e.condition());
        return null;
    }

    @Override
    public Void visitUnary(Expr.Unary e) {
        e.operand().accept(this);
        return null;
    }

    @Override
    public Void visitBinary(Expr.Binary e) {
        e.left().accept(this);
        e.right().accept(this);
        return null;
    }

    @Override
    public Void visitChain(Expr.Chain e) {
        walkAll(e.steps());
        return null;
    }

    @Override
    public Void visitIf(Expr.If e) {
        e.condition().accept(this);
        statements(e.then());
        if (e.otherwise() != null) {
            statements(e.otherwise());
        }
        return null;
    }

    @Override
    public Void visitRepeat(Expr.Repeat e) {
        e.count().accept(this);
        if (e.variable() != null) {
            for (Identifier name : e.variable().names()) {
                declared(name, name.span());
            }
        }
        statements(e.body());
        return null;
    }

    @Override
    public Void visitIndex(Expr.Index e) {
        e.target().accept(this);
        for (Expr.Slice slice : e.slices()) {
            walkOptional(slice.start());
            walkOptional(slice.stop());
            walkOptional(slice.step());
        }
        return null;
    }

    @Override
    public Void visitMethod(Expr.Method e) {
        e.receiver().accept(this);
        walkArguments(e.arguments());
        return null;
    }
}
