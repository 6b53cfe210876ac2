package netc.semantic;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import netc.diagnostics.SourceSpan;
import netc.syntax.Expr;

/**
 * The forward pass as straight-line steps over numbered tensors, with blocks inlined and if/repeat
 * resolved: what a code generator needs. Only meaningful for a model analysed without errors.
 * A trace that is not kept (netc check reads only diagnostics) numbers tensors but holds neither
 * steps nor tensors: a file of a million layers would otherwise hold each of them twice more.
 */
public final class Trace {
    /** One step; each produces the tensor numbered {@code id}. */
    public sealed interface Step {
        int id();
    }

    /** A model input. */
    public record Input(int id, String name, Shape shape, Value.DType dtype) implements Step {
    }

    /**
     * A catalogue layer or tensor operation; {@code module} is null for functional calls and module-less ops.
     * {@code dtype} is the element type of its output.
     */
    public record Apply(int id, List<Integer> inputs, LayerSpec spec, BoundArguments arguments, Module module,
                        Shape output, Value.DType dtype, SourceSpan span) implements Step {
    }

    /**
     * Tensor arithmetic; {@code right} is -1 when the other operand is the number {@code scalar} (a
     * {@link Value.Int} or {@link Value.Float}, else {@link Value#NONE}), which stands on the left when
     * {@code scalarFirst}. {@code dtype} is the element type of its output.
     */
    public record Arithmetic(int id, Expr.BinaryOperator operator, int left, int right, Value scalar,
                             boolean scalarFirst, Value.DType dtype, Shape output, SourceSpan span) implements Step {
    }

    /** {@code x[:, -1]}: one part per dimension after the batch that the subscripts touch. */
    public record Index(int id, int input, List<IndexPart> parts, Shape output, SourceSpan span) implements Step {
    }

    /** An integer index ({@code single}, which drops the dimension) or a start:stop:step slice. */
    public record IndexPart(int dim, boolean single, long start, long stop, long step) {
    }

    /** The start and end of a block instance, for structure and comments; {@code id} is its result. */
    public record Block(int id, Module module, List<Integer> inputs, boolean end, Shape output, SourceSpan span)
        implements Step {
    }

    /**
     * Several tensors taken apart ({@code out, h = gru(...)}) or returned together (a block or model
     * ending in a tuple), at {@code span}; {@code id} is -1. The backends do not generate these yet
     * and refuse such a model there (E601, E603).
     */
    public record Tuple(int id, SourceSpan span) implements Step {
    }

    private final List<Step> steps = new ArrayList<>();
    private final Map<Value.Tensor, Integer> ids = new IdentityHashMap<>();
    private final boolean kept;
    private int next;

    Trace(boolean kept) {
        this.kept = kept;
    }

    public List<Step> steps() {
        return Collections.unmodifiableList(steps);
    }

    /** The number of a tensor the trace produced, or -1. */
    public int idOf(Value.Tensor tensor) {
        Integer id = ids.get(tensor);
        return id == null ? -1 : id;
    }

    int newId(Value.Tensor tensor) {
        int id = next++;
        if (kept) {
            ids.put(tensor, id);
        }
        return id;
    }

    /** Numbers a result that reuses an existing tensor object (a block passing its input through). */
    void alias(Value.Tensor tensor, int id) {
        if (kept) {
            ids.put(tensor, id);
        }
    }

    void add(Step step) {
        if (kept) {
            steps.add(step);
        }
    }

    List<Integer> idsOf(List<Value.Tensor> tensors) {
        List<Integer> out = new ArrayList<>(tensors.size());
        for (Value.Tensor tensor : tensors) {
            out.add(idOf(tensor));
        }
        return out;
    }
}
