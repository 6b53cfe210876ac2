package netc.semantic;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import netc.syntax.Definition;
import netc.syntax.Expr;
import netc.syntax.Statement;

/**
 * The blocks a definition names, read from its text alone: what recursion is checked on for blocks
 * that no model uses, which evaluation never reaches.
 */
final class BlockReferences implements Expr.Visitor<Void> {
    private final Set<String> blocks;
    /** Each block named, with where it is first named. */
    private final Map<String, Expr.Name> found = new LinkedHashMap<>();

    private BlockReferences(Set<String> blocks) {
        this.blocks = blocks;
    }

    static Map<String, Expr.Name> of(Definition definition, Set<String> blocks) {
        BlockReferences references = new BlockReferences(blocks);
        for (Definition.Parameter parameter : definition.parameters()) {
            references.visit(parameter.defaultValue());
        }
        references.statements(definition.body());
        return references.found;
    }

    private void statements(List<Statement> statements) {
        if (statements == null) {
            return;
        }
        for (Statement statement : statements) {
            if (statement instanceof Statement.Binding) {
                visit(((Statement.Binding) statement).value());
            } else if (statement instanceof Statement.Chain) {
                visit(((Statement.Chain) statement).chain());
            } else if (!(statement instanceof Statement.Input)) {
                throw new AssertionError(statement);
            }
        }
    }

    private void visit(Expr expr) {
        if (expr != null) {
            expr.accept(this);
        }
    }

    private void visitAll(List<? extends Expr> exprs) {
        for (Expr expr : exprs) {
            visit(expr);
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
        if (!e.functional() && blocks.contains(e.text())) {
            found.putIfAbsent(e.text(), e);
        }
        return null;
    }

    @Override
    public Void visitCall(Expr.Call e) {
        visit(e.callee());
        for (Expr.Argument argument : e.arguments()) {
            visit(argument.value());
        }
        return null;
    }

    @Override
    public Void visitLabelled(Expr.Labelled e) {
        return e.target().accept(this);
    }

    @Override
    public Void visitGroup(Expr.Group e) {
        visitAll(e.chains());
        return null;
    }

    @Override
    public Void visitTuple(Expr.Tuple e) {
        visitAll(e.elements());
        return null;
    }

    @Override
    public Void visitUnary(Expr.Unary e) {
        return e.operand().accept(this);
    }

    @Override
    public Void visitBinary(Expr.Binary e) {
        visit(e.left());
        return e.right().accept(this);
    }

    @Override
    public Void visitChain(Expr.Chain e) {
        visitAll(e.steps());
        return null;
    }

    @Override
    public Void visitIf(Expr.If e) {
        visit(e.condition());
        statements(e.then());
        statements(e.otherwise());
        return null;
    }

    @Override
    public Void visitRepeat(Expr.Repeat e) {
        visit(e.count());
        statements(e.body());
        return null;
    }

    @Override
    public Void visitIndex(Expr.Index e) {
        visit(e.target());
        for (Expr.Slice slice : e.slices()) {
            visit(slice.start());
            visit(slice.stop());
            visit(slice.step());
        }
        return null;
    }
}
