package netc.semantic.evaluation;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import netc.syntax.Definition;
import netc.syntax.Expr;
import netc.syntax.Pattern;
import netc.syntax.Statement;

/**
 * The fewest layer calls a repeat's body or a block certainly makes, read from its text before it
 * runs: each layer or block called outside an {@code if}, a nested repeat counted by a count
 * written as a number (any other count may be 0), an iteration that calls nothing as one call, as
 * {@link Expansion} counts them. The layer limit refuses from this before expanding anything, so a
 * model of nested doublings is refused at once instead of after a million calls. A name bound as a
 * value anywhere around or inside is not a call, so the count never exceeds what evaluation makes.
 */
final class MinimumCalls implements Expr.Visitor<Long> {
    private final Map<String, Definition.Block> blocks;
    private final Predicate<String> callable;
    /** Whether a block call counts its body too (false where identical instances are replayed). */
    private final boolean throughBlocks;
    private final Set<String> values;
    /** Blocks being counted: a cycle adds nothing (it is an error of its own). */
    private final Set<String> open;
    /** Each block's count, once: a chain of blocks that each use the next twice is counted in linear time. */
    private final Map<String, Long> counted;

    private MinimumCalls(Map<String, Definition.Block> blocks, Predicate<String> callable, boolean throughBlocks,
                         Set<String> values, Set<String> open, Map<String, Long> counted) {
        this.blocks = blocks;
        this.callable = callable;
        this.throughBlocks = throughBlocks;
        this.values = values;
        this.open = open;
        this.counted = counted;
    }

    /**
     * Counts for one evaluation: {@code callable} tells a layer or block from an unknown name, and
     * {@code throughBlocks} whether a block call counts its body (not where identical instances are
     * replayed); {@code counted} keeps each block's count.
     */
    MinimumCalls(Map<String, Definition.Block> blocks, Predicate<String> callable, boolean throughBlocks) {
        this(blocks, callable, throughBlocks, Set.of(), new HashSet<>(), new HashMap<>());
    }

    /** A repeat body's fewest calls per iteration, where {@code values} are the names bound around it. */
    long ofBody(Expr.Repeat repeat, Set<String> values) {
        return within(bound(repeat.variable(), values)).statements(repeat.body());
    }

    /** A list comprehension's element's fewest calls, where {@code values} are the names bound around it. */
    long ofElement(Expr.Comprehension comprehension, Set<String> values) {
        return comprehension.element().accept(within(bound(comprehension.variable(), values)));
    }

    /** The names bound around a loop and by its variable (null when it has none). */
    private static Set<String> bound(Pattern variable, Set<String> values) {
        Set<String> bound = new HashSet<>(values);
        if (variable != null) {
            variable.names().forEach(name -> bound.add(name.text()));
        }
        return bound;
    }

    /** A block's fewest calls for one use, the call itself left out. */
    long ofBlock(Definition.Block block) {
        Long known = counted.get(block.name().text());
        if (known != null) {
            return known;
        }
        if (!open.add(block.name().text())) {
            return 0;
        }
        try {
            Set<String> bound = new HashSet<>();
            block.parameters().forEach(p -> bound.add(p.name().text()));
            long count = within(bound).statements(block.body());
            counted.put(block.name().text(), count);
            return count;
        } finally {
            open.remove(block.name().text());
        }
    }

    private MinimumCalls within(Set<String> bound) {
        return new MinimumCalls(blocks, callable, throughBlocks, bound, open, counted);
    }

    private long statements(List<Statement> body) {
        for (Statement statement : body) {
            collectBindings(statement);
        }
        long total = 0;
        for (Statement statement : body) {
            if (statement instanceof Statement.Binding) {
                total = Expansion.saturatedAdd(total, ((Statement.Binding) statement).value().accept(this));
            } else if (statement instanceof Statement.Destructuring) {
                total = Expansion.saturatedAdd(total, ((Statement.Destructuring) statement).value().accept(this));
            } else if (statement instanceof Statement.Chain) {
                total = Expansion.saturatedAdd(total, ((Statement.Chain) statement).chain().accept(this));
            } else if (!(statement instanceof Statement.Input) && !(statement instanceof Statement.State)) {
                throw new AssertionError(statement);
            }
        }
        return total;
    }

    /** Names bound in a body are values wherever they are read in it, before or after. */
    private void collectBindings(Statement statement) {
        if (statement instanceof Statement.Binding) {
            values.add(((Statement.Binding) statement).name().text());
        } else if (statement instanceof Statement.Destructuring) {
            ((Statement.Destructuring) statement).target().names().forEach(name -> values.add(name.text()));
        } else if (statement instanceof Statement.Input) {
            ((Statement.Input) statement).inputs().forEach(input -> values.add(input.name().text()));
        } else if (statement instanceof Statement.State) {
            values.add(((Statement.State) statement).name().text());
        } else if (!(statement instanceof Statement.Chain)) {
            throw new AssertionError(statement); // a chain binds no name
        }
    }

    private long sum(List<Expr> expressions) {
        long total = 0;
        for (Expr expression : expressions) {
            total = Expansion.saturatedAdd(total, expression.accept(this));
        }
        return total;
    }

    /** A layer or block applied: one call, and a block's body where instances are not replayed. */
    private long call(Expr.Name callee) {
        String name = callee.text();
        if (!callee.qualified() && (values.contains(name) || !callable.test(name))) {
            return 0;
        }
        Definition.Block block = callee.qualified() ? null : blocks.get(name);
        long body = block != null && throughBlocks ? ofBlock(block) : 0;
        return Expansion.saturatedAdd(1, body);
    }

    @Override
    public Long visitInt(Expr.IntLiteral e) {
        return 0L;
    }

    @Override
    public Long visitFloat(Expr.FloatLiteral e) {
        return 0L;
    }

    @Override
    public Long visitString(Expr.StringLiteral e) {
        return 0L;
    }

    @Override
    public Long visitBool(Expr.BoolLiteral e) {
        return 0L;
    }

    @Override
    public Long visitName(Expr.Name e) {
        return call(e);
    }

    @Override
    public Long visitCall(Expr.Call e) {
        return call(e.callee());
    }

    @Override
    public Long visitLabelled(Expr.Labelled e) {
        return e.target().accept(this);
    }

    @Override
    public Long visitGroup(Expr.Group e) {
        return statements(e.statements());
    }

    @Override
    public Long visitTuple(Expr.Tuple e) {
        return sum(e.elements());
    }

    @Override
    public Long visitList(Expr.ListLiteral e) {
        return sum(e.elements());
    }

    /** The number of elements is known only when it runs, and may be 0 (which is an error of its own). */
    @Override
    public Long visitComprehension(Expr.Comprehension e) {
        return e.iterable().accept(this);
    }

    @Override
    public Long visitUnary(Expr.Unary e) {
        return e.operand().accept(this);
    }

    @Override
    public Long visitBinary(Expr.Binary e) {
        return Expansion.saturatedAdd(e.left().accept(this), e.right().accept(this));
    }

    @Override
    public Long visitChain(Expr.Chain e) {
        return sum(e.steps());
    }

    /** Which branch runs may depend on the arguments: none is certain. */
    @Override
    public Long visitIf(Expr.If e) {
        return 0L;
    }

    @Override
    public Long visitRepeat(Expr.Repeat e) {
        if (!(e.count() instanceof Expr.IntLiteral)) {
            return 0L;
        }
        long count = ((Expr.IntLiteral) e.count()).value().min(BigInteger.valueOf(Long.MAX_VALUE)).longValueExact();
        return Expansion.saturatedMultiply(count, Math.max(ofBody(e, values), 1));
    }

    @Override
    public Long visitIndex(Expr.Index e) {
        return e.target().accept(this);
    }

    /** A method calls a tensor function, which is no layer call the limit must foresee. */
    @Override
    public Long visitMethod(Expr.Method e) {
        long total = e.receiver().accept(this);
        for (Expr.Argument argument : e.arguments()) {
            total = Expansion.saturatedAdd(total, argument.value().accept(this));
        }
        return total;
    }
}
