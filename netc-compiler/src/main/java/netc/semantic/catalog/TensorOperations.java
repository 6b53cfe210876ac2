package netc.semantic.catalog;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import netc.diagnostics.Code;
import netc.diagnostics.Diagnostic;
import netc.diagnostics.Related;
import netc.diagnostics.Text;
import netc.semantic.evaluation.Builtins;
import netc.semantic.evaluation.TensorArithmetic;
import netc.semantic.model.Shape;
import netc.semantic.model.Value;

/**
 * Tensor operations that are not modules in PyTorch (torch.cat, x.mean(...), x.permute(...)):
 * no summary row, no state, no position in their container. The batch dimension (0) always stays.
 */
final class TensorOperations {
    private TensorOperations() {
    }

    static void register(Catalog.Builder catalog) {
        catalog.add(operation("cat", List.of(ArgSpec.optional("dim", ArgType.INT, new Value.Int(0))),
            TensorOperations::catShape).inputs(1, Integer.MAX_VALUE)
            .torch(new TorchForm("torch.cat", TorchForm.Style.TENSOR_LIST, List.of())));
        catalog.add(operation("stack", List.of(ArgSpec.optional("dim", ArgType.INT, new Value.Int(0))),
            TensorOperations::stackShape).inputs(1, Integer.MAX_VALUE)
            .torch(new TorchForm("torch.stack", TorchForm.Style.TENSOR_LIST, List.of())));
        catalog.add(operation("chunk", List.of(ArgSpec.required("chunks", ArgType.INT),
            ArgSpec.optional("dim", ArgType.INT, new Value.Int(0))), null).pieces(TensorOperations::chunkPieces));
        // an integer (pieces of that size, the last smaller) or a tuple of sizes: ANY keeps which it was
        catalog.add(operation("split", List.of(ArgSpec.required("split_size_or_sections", ArgType.ANY),
            ArgSpec.optional("dim", ArgType.INT, new Value.Int(0))), null).pieces(TensorOperations::splitPieces));
        catalog.add(operation("unbind", List.of(ArgSpec.optional("dim", ArgType.INT, new Value.Int(0))), null)
            .pieces(TensorOperations::unbindPieces));
        catalog.add(operation("add", List.of(), TensorOperations::broadcastShape).inputs(2, 2)
            .dtypes(LayerSpec.Dtypes.NUMBERS));
        catalog.add(operation("mul", List.of(), TensorOperations::broadcastShape).inputs(2, 2)
            .dtypes(LayerSpec.Dtypes.NUMBERS));
        for (String reduction : List.of("mean", "sum", "amax")) {
            catalog.add(operation(reduction, List.of(ArgSpec.required("dim", ArgType.INTS),
                ArgSpec.optional("keepdim", ArgType.BOOL, new Value.Bool(false))), TensorOperations::reduceShape)
                .dtypes(reduction.equals("mean") ? LayerSpec.Dtypes.FLOAT : LayerSpec.Dtypes.NUMBERS));
        }
        catalog.add(operation("permute", List.of(ArgSpec.required("dims", ArgType.INTS)), TensorOperations::permuteShape));
        catalog.add(operation("transpose", List.of(ArgSpec.required("dim0", ArgType.INT),
            ArgSpec.required("dim1", ArgType.INT)), TensorOperations::transposeShape));
        catalog.add(operation("unsqueeze", List.of(ArgSpec.required("dim", ArgType.INT)), TensorOperations::unsqueezeShape));
        catalog.add(operation("squeeze", List.of(ArgSpec.optional("dim", ArgType.INT, Value.NONE)),
            TensorOperations::squeezeShape));
        catalog.add(operation("expand", List.of(ArgSpec.required("shape", ArgType.INTS)), TensorOperations::expandShape)
            .torch(TorchForm.of(TorchForm.Style.BATCH_SHAPE)));
        // PyTorch's view needs it after a transpose; netc's tensors keep no strides, so it changes nothing here
        catalog.add(operation("contiguous", List.of(), LayerCall::input).torch(TorchForm.of(TorchForm.Style.METHOD)));
        catalog.add(operation("select", List.of(ArgSpec.required("dim", ArgType.INT), ArgSpec.required("index", ArgType.INT)),
            TensorOperations::selectShape));
    }

    private static LayerSpec operation(String name, List<ArgSpec> signature, LayerSpec.ShapeRule rule) {
        return new LayerSpec(name, name, 0, signature, 1, LayerSpec.ANY_RANK, rule, LayerSpec.NO_STATE, false)
            .dtypes(LayerSpec.Dtypes.ANY);
    }

    /** A dim argument in [1, rank): operations keep the batch dimension. */
    private static int nonBatchDim(LayerCall call, String argName, long dim, int rank) {
        int normal = Dims.normalize(call, argName, dim, rank);
        if (normal == 0) {
            call.argError(argName, Code.BATCH_MOVED, Text.of("tensor.cannot_work_batch_dimension", call.name()));
            return -1;
        }
        return normal;
    }

    private static Shape catShape(LayerCall call) {
        List<Shape> shapes = call.inputShapes();
        Shape first = shapes.get(0);
        int dim = nonBatchDim(call, "dim", call.intArg("dim"), first.rank());
        if (dim < 0) {
            return null;
        }
        List<Formula> sizes = new ArrayList<>();
        for (int i = 0; i < shapes.size(); i++) {
            Shape shape = shapes.get(i);
            if (!sameExcept(first, shape, dim - 1)) {
                return mismatch(call, i, Text.of("tensor.cat_along_dimension_needs", dim, first, shape));
            }
            sizes.add(Formula.symbol("tensors[" + i + "].shape[" + dim + "]", shape.dim(dim - 1)));
        }
        return first.withDim(dim - 1, call.derive("shape[" + dim + "]", Formula.sum(sizes)));
    }

    /** torch.stack: tensors of one shape, joined along a new dimension {@code dim} of the result. */
    private static Shape stackShape(LayerCall call) {
        List<Shape> shapes = call.inputShapes();
        Shape first = shapes.get(0);
        int dim = nonBatchDim(call, "dim", call.intArg("dim"), first.rank() + 1);
        if (dim < 0) {
            return null;
        }
        for (int i = 1; i < shapes.size(); i++) {
            if (!shapes.get(i).equals(first)) {
                return call.report(mismatch(call, i, Code.STACK_SHAPES, Text.of("tensor.stack_needs_tensors_one",
                    first, shapes.get(i))).withHelp(Text.of("tensor.stack_takes_tensors_equal")));
            }
        }
        return first.withInserted(dim - 1, call.derive("shape[" + dim + "]", Formula.symbol("len(tensors)",
            shapes.size())));
    }

    /**
     * torch.chunk: pieces of ceil(size / chunks) along dim, the last smaller; so fewer than chunks pieces
     * when the size does not divide (PyTorch's chunk of 5 in 4 gives 2, 2, 1).
     */
    private static List<Shape> chunkPieces(LayerCall call) {
        long chunks = call.intArg("chunks");
        if (chunks < 1) {
            call.argError("chunks", Code.BAD_PIECES, Text.of("tensor.chunk_needs_least_chunk", chunks));
            return null;
        }
        int dim = nonBatchDim(call, "dim", call.intArg("dim"), call.input().rank());
        if (dim < 0) {
            return null;
        }
        Formula size = Dims.symbol(call.input(), dim);
        return evenPieces(call, dim, call.derive("shape[" + dim + "]", size.ceilDividedBy(Formula.symbol("chunks",
            chunks))));
    }

    /** a / b rounded up, for positive a and b, without overflow (Math.ceilDiv came in Java 18). */
    private static long ceilDiv(long a, long b) {
        return a / b + (a % b == 0 ? 0 : 1);
    }

    /** torch.split: pieces of one size along dim, the last smaller, or of the sizes of a tuple, which sum to it. */
    private static List<Shape> splitPieces(LayerCall call) {
        Value sizes = call.arg("split_size_or_sections");
        if (!(sizes instanceof Value.Int) && !isIntegers(sizes)) {
            call.argError("split_size_or_sections", Code.WRONG_ARGUMENT_TYPE,
                Text.of("tensor.split_takes_integer_tuple", sizes.describe()));
            return null;
        }
        int dim = nonBatchDim(call, "dim", call.intArg("dim"), call.input().rank());
        if (dim < 0) {
            return null;
        }
        long size = call.input().dim(dim - 1);
        if (sizes instanceof Value.Int) {
            long each = ((Value.Int) sizes).value();
            if (each < 1) {
                call.argError("split_size_or_sections", Code.BAD_PIECES, Text.of("tensor.split_size_must_least", each));
                return null;
            }
            return evenPieces(call, dim, each);
        }
        long[] sections = call.sizeArg("split_size_or_sections");
        long total = 0;
        for (long section : sections) {
            if (section < 1) {
                call.argError("split_size_or_sections", Code.BAD_PIECES, Text.of("tensor.split_sizes_must_least",
                    sizes.show(), section));
                return null;
            }
            long before = total;
            total = call.exact(Text.of("tensor.sizes_sum"), () -> Math.addExact(before, section),
                "split_size_or_sections");
        }
        if (total != size) {
            call.report(Diagnostic.error(Code.SPLIT_SECTIONS, call.argSpan("split_size_or_sections"),
                Text.of("tensor.split_sizes_add_up", sizes.show(), total, dim, call.input(), size))
                .withHelp(Text.of("tensor.write_sizes_add_up", size)));
            return null;
        }
        if (!fewEnoughPieces(call, sections.length)) {
            return null;
        }
        List<Shape> pieces = new ArrayList<>(sections.length);
        for (long section : sections) {
            pieces.add(call.input().withDim(dim - 1, section));
        }
        return pieces;
    }

    private static boolean isIntegers(Value value) {
        return value instanceof Value.Tuple && !((Value.Tuple) value).elements().isEmpty()
            && ((Value.Tuple) value).elements().stream().allMatch(e -> e instanceof Value.Int);
    }

    /** Pieces of {@code each} along {@code dim} (1-based after the batch), the last holding what remains. */
    private static List<Shape> evenPieces(LayerCall call, int dim, long each) {
        Shape input = call.input();
        long size = input.dim(dim - 1);
        long count = ceilDiv(size, each);
        if (!fewEnoughPieces(call, count)) {
            return null;
        }
        List<Shape> pieces = new ArrayList<>((int) count);
        for (long i = 0; i < count; i++) {
            pieces.add(input.withDim(dim - 1, Math.min(each, size - i * each))); // i * each < size
        }
        return pieces;
    }

    /** torch.unbind: one piece per index of dim, without that dimension. */
    private static List<Shape> unbindPieces(LayerCall call) {
        Shape input = call.input();
        int dim = nonBatchDim(call, "dim", call.intArg("dim"), input.rank());
        if (dim < 0) {
            return null;
        }
        long count = input.dim(dim - 1);
        if (!fewEnoughPieces(call, count)) {
            return null;
        }
        Shape piece = input.without(dim - 1);
        return java.util.Collections.nCopies((int) count, piece);
    }

    /** A tuple holds at most {@link Builtins#MAX_ELEMENTS} tensors, as a range holds numbers (E338). */
    private static boolean fewEnoughPieces(LayerCall call, long count) {
        if (count <= Builtins.MAX_ELEMENTS) {
            return true;
        }
        call.error(Code.TOO_MANY_PIECES, Text.of("tensor.would_make_tensors_more", call.name(), count,
            Builtins.MAX_ELEMENTS), Text.of("tensor.take_fewer_larger_pieces"));
        return false;
    }

    private static boolean sameExcept(Shape a, Shape b, int except) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (i != except && a.dim(i) != b.dim(i)) {
                return false;
            }
        }
        return true;
    }

    static Shape mismatch(LayerCall call, int culprit, Text message) {
        return call.report(mismatch(call, culprit, Code.SHAPE_MISMATCH, message));
    }

    /** {@code code} at the call, with notes on where its first input and input {@code culprit} came from. */
    private static Diagnostic mismatch(LayerCall call, int culprit, Code code, Text message) {
        List<Related> related = new ArrayList<>();
        Related first = call.origin(0, 1);
        Related other = call.origin(culprit, culprit + 1);
        if (first != null) {
            related.add(first);
        }
        if (other != null && culprit != 0) {
            related.add(other);
        }
        return new Diagnostic(code, call.span(), message, related, null);
    }

    private static Shape broadcastShape(LayerCall call) {
        List<Shape> shapes = call.inputShapes();
        return broadcast(call, shapes.get(0), shapes.get(1), 1);
    }

    /** The broadcast of two of the call's shapes, or E208 naming input {@code culprit}. */
    static Shape broadcast(LayerCall call, Shape a, Shape b, int culprit) {
        Shape shape = TensorArithmetic.broadcast(a, b);
        return shape != null ? shape : mismatch(call, culprit, Text.of("tensor.tensors_shapes", call.name(), a, b,
            TensorArithmetic.whyNotBroadcast(a, b)));
    }

    private static Shape reduceShape(LayerCall call) {
        Shape input = call.input();
        boolean[] reduced = new boolean[input.rank()];
        for (long dim : call.sizeArg("dim")) {
            int normal = nonBatchDim(call, "dim", dim, input.rank());
            if (normal < 0) {
                return null;
            }
            reduced[normal] = true;
        }
        List<Long> out = new ArrayList<>();
        for (int i = 1; i < input.rank(); i++) {
            if (!reduced[i]) {
                out.add(input.dim(i - 1));
            } else if (call.boolArg("keepdim")) {
                out.add(1L);
            }
        }
        return Shape.of(out.stream().mapToLong(Long::longValue).toArray());
    }

    private static Shape permuteShape(LayerCall call) {
        Shape input = call.input();
        long[] dims = call.sizeArg("dims");
        if (dims.length != input.rank()) {
            return call.argError("dims", Code.SHAPE_MISMATCH, Text.of("tensor.permute_needs_dimensions_batch",
                input.rank(), input, dims.length));
        }
        long[] out = new long[dims.length - 1];
        boolean[] seen = new boolean[dims.length];
        for (int i = 0; i < dims.length; i++) {
            int normal = Dims.normalize(call, "dims", dims[i], input.rank());
            if (normal < 0 || seen[normal] || (i == 0) != (normal == 0)) {
                return normal < 0 ? null : call.argError("dims", seen[normal] ? Code.ARGUMENT_OUT_OF_RANGE
                    : Code.BATCH_MOVED, Text.of("tensor.permute_dims_must_name", call.arg("dims").show()));
            }
            seen[normal] = true;
            if (i > 0) {
                out[i - 1] = input.dim(normal - 1);
            }
        }
        return Shape.of(out);
    }

    private static Shape transposeShape(LayerCall call) {
        Shape input = call.input();
        int a = nonBatchDim(call, "dim0", call.intArg("dim0"), input.rank());
        int b = a < 0 ? -1 : nonBatchDim(call, "dim1", call.intArg("dim1"), input.rank());
        if (b < 0) {
            return null;
        }
        return input.withDim(a - 1, input.dim(b - 1)).withDim(b - 1, input.dim(a - 1));
    }

    /**
     * expand's sizes after the batch, one per dimension: -1 keeps a size, and only a size of 1 may
     * grow (more sizes than dimensions would put new ones before the batch). A parameter expanded to
     * the batch size ({@code class_token.expand(n, -1, -1)}) follows PyTorch's whole rule instead.
     */
    private static Shape expandShape(LayerCall call) {
        Shape input = call.input();
        long[] sizes = call.sizeArg("shape");
        if (!input.batched()) {
            return expandToBatch(call, input, sizes);
        }
        if (sizes.length != input.size()) {
            return call.argError("shape", sizes.length > input.size() ? Code.BATCH_MOVED : Code.SHAPE_MISMATCH,
                Text.of("tensor.expand_needs_one_size", input, input.rank(), (sizes.length + 1)));
        }
        return expanded(call, input, input.dims(), 1, sizes);
    }

    /**
     * A parameter or buffer expanded to the batch size, {@code sizes} being those after it: its
     * dimensions align with the last sizes, new ones may stand in front (the batch's among them), and
     * a dimension of its own that meets the batch must be 1, whatever the batch size.
     */
    private static Shape expandToBatch(LayerCall call, Shape input, long[] sizes) {
        int offset = input.size() - sizes.length; // dimension i + offset of input meets size i; new below 0
        if (offset > 1) {
            return call.argError("shape", Code.SHAPE_MISMATCH, Text.of("tensor.expand_needs_size_per", input,
                input.size(), (sizes.length + 1)));
        }
        if (offset == 1 && input.dim(0) != 1) {
            Related origin = call.origin(0, null);
            return call.report(new Diagnostic(Code.UNBATCHED_MISMATCH, call.span(),
                Text.of("tensor.expand_batch_size_dimension", input),
                origin == null ? List.of() : List.of(origin), null));
        }
        long[] dims = new long[sizes.length];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = i + offset < 0 ? 1 : input.dim(i + offset);
        }
        return expanded(call, input, dims, offset, sizes);
    }

    /**
     * {@code sizes} applied to {@code dims}, the dimensions after the batch: dims[i] is dimension
     * i + offset of the input, or a new one of size 1 where that is below 0, whose size must be given.
     */
    private static Shape expanded(LayerCall call, Shape input, long[] dims, int offset, long[] sizes) {
        for (int i = 0; i < sizes.length; i++) {
            if (i + offset < 0 && sizes[i] == -1) {
                return call.argError("shape", Code.SHAPE_MISMATCH, Text.of("tensor.expand_keeps_size_dimension",
                    (i + 1), input));
            }
            if (sizes[i] == -1 || sizes[i] == dims[i]) {
                continue;
            }
            if (dims[i] != 1 || sizes[i] < 1) {
                return call.argError("shape", Code.SHAPE_MISMATCH, Text.of("tensor.expand_cannot_make_dimension",
                    (i + offset), input, sizes[i]));
            }
            dims[i] = sizes[i];
        }
        return Shape.of(dims);
    }

    private static Shape unsqueezeShape(LayerCall call) {
        Shape input = call.input();
        int dim = nonBatchDim(call, "dim", call.intArg("dim"), input.rank() + 1);
        if (dim < 0) {
            return null;
        }
        return input.withInserted(dim - 1, 1);
    }

    private static Shape squeezeShape(LayerCall call) {
        Shape input = call.input();
        long[] dims = input.dims();
        if (call.isNone("dim")) {
            return Shape.of(Arrays.stream(dims).filter(d -> d != 1).toArray());
        }
        int dim = nonBatchDim(call, "dim", call.intArg("dim"), input.rank());
        if (dim < 0) {
            return null;
        }
        return dims[dim - 1] != 1 ? input : input.without(dim - 1);
    }

    private static Shape selectShape(LayerCall call) {
        Shape input = call.input();
        int dim = nonBatchDim(call, "dim", call.intArg("dim"), input.rank());
        if (dim < 0) {
            return null;
        }
        long size = input.dim(dim - 1);
        long index = call.intArg("index");
        if (index < -size || index >= size) {
            return call.argError("index", Code.ARGUMENT_OUT_OF_RANGE, Text.of("tensor.select_index_out_range", index,
                dim, size, input));
        }
        return input.without(dim - 1);
    }
}
