package netc.semantic.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import netc.diagnostics.SourceSpan;
import netc.semantic.catalog.BoundArguments;
import netc.semantic.catalog.LayerSpec;
import netc.semantic.catalog.Structure;
import netc.semantic.evaluation.Arithmetic;
import netc.syntax.Expr;
import netc.syntax.Identifier;

/**
 * The one record of a model's forward pass: straight-line steps over numbered tensors, with if and
 * repeat resolved, blocks inlined between their bounds, groups between theirs, and the bindings an
 * editor shows. Every other view derives from it: the call tree the tables read ({@link CallTree}),
 * the editor's observations ({@link Observations}) and the code of every backend. A trace that is
 * not kept (netc check reads only diagnostics) numbers tensors but holds neither steps nor shapes:
 * a file of a million layers would otherwise hold each of them again.
 */
public final class Trace {
    /** One step; a step that produces a tensor carries its number, the others (bounds, bindings) -1. */
    public sealed interface Step {
        int id();
    }

    /** A model input. */
    public record Input(int id, String name, Shape shape, Value.DType dtype) implements Step {
    }

    /**
     * A catalogue layer or tensor operation, called by {@code name} (the catalogue's entry: conv2d, or
     * the generic conv); {@code module} is null for functional calls and module-less ops, and
     * {@code arguments} after an argument error. {@code dtype} is the element type of its output;
     * {@code structure}, for a composite layer with a module, the calls its forward makes inside it.
     * {@code state} is the initial state a recurrent layer is given (a {@link Value.State}, or an LSTM's
     * tuple of two), else null; {@code returned} the whole tuple the layer returns, its first element the
     * tensor {@code id}, else null (a layer returning one tensor, or one an error left unknown).
     */
    public record Apply(int id, List<Integer> inputs, String name, LayerSpec spec, BoundArguments arguments,
                        Module module, Shape output, Value.DType dtype, Structure structure, Value state,
                        Value.Tuple returned, SourceSpan span)
        implements Step {
    }

    /**
     * Tensor arithmetic; {@code right} is -1 when the other operand is the number {@code scalar} (a
     * {@link Value.Int} or {@link Value.Float}, else {@link Value#NONE}), which stands on the left when
     * {@code scalarFirst}. {@code dtype} is the element type of its output.
     */
    public record Arithmetic(int id, Expr.BinaryOperator operator, int left, int right, Value scalar,
                             boolean scalarFirst, Value.DType dtype, Shape output, SourceSpan span) implements Step {
    }

    /**
     * A parameter or buffer of {@code module} ({@code param class_token: [1, 1, 768]}), read where it is
     * declared: its unbatched shape, and the number it is filled with before weights are loaded.
     */
    public record State(int id, Module module, String key, boolean parameter, Shape output, Value fill,
                        SourceSpan span) implements Step {
    }

    /** {@code x[:, -1]}: one part per dimension after the batch that the subscripts touch. */
    public record Index(int id, int input, List<IndexPart> parts, Shape output, SourceSpan span) implements Step {
    }

    /** An integer index ({@code single}, which drops the dimension) or a start:stop:step slice. */
    public record IndexPart(int dim, boolean single, long start, long stop, long step) {
    }

    /**
     * The start and the end of a block instance, which the steps between them run in. {@code id} is
     * the result at the end (-1 at the start, or when the block gives no tensor); {@code output} its shape.
     */
    public record Block(int id, Module module, List<Integer> inputs, boolean end, Shape output, SourceSpan span)
        implements Step {
    }

    /**
     * The start and the end of a group (an nn.Sequential), which the steps between them run in: its
     * tensor at the start, what it gives at the end. It computes nothing, so code generators follow
     * groups through their modules' paths.
     */
    public record Group(Module module, boolean end, Shape shape, SourceSpan span) implements Step {
        @Override
        public int id() {
            return -1;
        }
    }

    /**
     * {@code name = ...}, a name of a destructuring, or a model input's declaration, and the shape of
     * the value as printed if it is a tensor ({@code [-1, 16]}), a recurrent state ({@code [1, -1, 16]})
     * or a tuple of them; else null. {@code tensor} is the number of the tensor bound, else -1: a
     * name may only rename a tensor ({@code identity = x}), which a code generator then writes.
     */
    public record Binding(Identifier name, String shape, int tensor) implements Step {
        @Override
        public int id() {
            return -1;
        }
    }

    /**
     * Several values at {@code span}: a tuple taken apart ({@code out, h = gru(...)}), or returned
     * ({@code returned}) by the block whose end follows, or by the model as its outputs (then the last step).
     */
    public record Tuple(Value.Tuple value, boolean returned, SourceSpan span) implements Step {
        @Override
        public int id() {
            return -1;
        }
    }

    private final List<Step> steps = new ArrayList<>();
    /** Each tensor by number, without its provenance: its shape and dtype. */
    private final List<Value.Tensor> tensors = new ArrayList<>();
    private final Map<Value.Tensor, Integer> ids;
    private final boolean kept;
    private int next;

    public Trace(boolean kept) {
        this.kept = kept;
        // a check's trace numbers nothing it keeps: no table (264 bytes) for each of many small models
        this.ids = kept ? new IdentityHashMap<>() : Map.of();
    }

    /** Whether the trace keeps its steps (every command but netc check). */
    public boolean kept() {
        return kept;
    }

    public List<Step> steps() {
        return Collections.unmodifiableList(steps);
    }

    /** The number of a tensor the trace produced, or -1. */
    public int idOf(Value.Tensor tensor) {
        Integer id = ids.get(tensor);
        return id == null ? -1 : id;
    }

    /** The shape of the tensor numbered {@code id}; null for -1 or a tensor an error left unknown. */
    public Shape shape(int id) {
        return id < 0 ? null : tensors.get(id).shape();
    }

    /** The tensor numbered {@code id} as a rule saw it (shape and dtype, not where it came from). */
    public Value.Tensor tensor(int id) {
        return tensors.get(id);
    }

    public int newId(Value.Tensor tensor) {
        int id = next++;
        if (kept) {
            ids.put(tensor, id);
            tensors.add(new Value.Tensor(tensor.shape(), tensor.dtype(), null));
        }
        return id;
    }

    /** Numbers a result that reuses an existing tensor object (a block passing its input through). */
    public void alias(Value.Tensor tensor, int id) {
        if (kept) {
            ids.put(tensor, id);
        }
    }

    public void add(Step step) {
        if (kept) {
            steps.add(step);
        }
    }

    /** The numbers of the tensors {@code value} holds: itself, or a tuple's, nested tuples flattened in order. */
    public List<Integer> tensorIdsIn(Value value) {
        List<Integer> out = new ArrayList<>();
        if (value instanceof Value.Tensor) {
            out.add(idOf((Value.Tensor) value));
        } else if (value instanceof Value.Tuple) {
            for (Value element : ((Value.Tuple) value).elements()) {
                out.addAll(tensorIdsIn(element));
            }
        }
        return out;
    }

    public List<Integer> idsOf(List<Value.Tensor> tensors) {
        List<Integer> out = new ArrayList<>(tensors.size());
        for (Value.Tensor tensor : tensors) {
            out.add(idOf(tensor));
        }
        return out;
    }
}
