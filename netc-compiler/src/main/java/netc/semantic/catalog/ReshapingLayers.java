package netc.semantic.catalog;

import java.util.ArrayList;
import java.util.List;
import netc.diagnostics.Code;
import netc.diagnostics.Text;
import netc.semantic.model.Shape;
import netc.semantic.model.Value;

/** Flatten, Unflatten, the module-less view and reshape, and the dropouts (shape-preserving). */
final class ReshapingLayers {
    private ReshapingLayers() {
    }

    static void register(Catalog.Builder catalog) {
        catalog.add(new LayerSpec("flatten", "Flatten", 0, List.of(
            ArgSpec.optional("start_dim", ArgType.INT, new Value.Int(1)),
            ArgSpec.optional("end_dim", ArgType.INT, new Value.Int(-1))),
            1, LayerSpec.ANY_RANK, ReshapingLayers::flattenShape, LayerSpec.NO_STATE, true)
            .dtypes(LayerSpec.Dtypes.ANY)
            .torch(new TorchForm("torch.flatten", TorchForm.Style.PLAIN, List.of("start_dim"))));
        catalog.add(new LayerSpec("unflatten", "Unflatten", 0, List.of(
            ArgSpec.required("dim", ArgType.INT),
            ArgSpec.required("unflattened_size", ArgType.INTS)),
            2, LayerSpec.ANY_RANK, ReshapingLayers::unflattenShape, LayerSpec.NO_STATE, true)
            .dtypes(LayerSpec.Dtypes.ANY));
        for (String name : List.of("view", "reshape")) {
            catalog.add(new LayerSpec(name, name, 0, List.of(ArgSpec.required("shape", ArgType.INTS)),
                1, LayerSpec.ANY_RANK, ReshapingLayers::viewShape, LayerSpec.NO_STATE, false)
                .dtypes(LayerSpec.Dtypes.ANY)
                .torch(TorchForm.of(TorchForm.Style.BATCH_SHAPE)));
        }
        catalog.add(dropout("dropout", "Dropout", 1, LayerSpec.ANY_RANK));
        for (int d = 1; d <= 3; d++) {
            catalog.add(dropout("dropout" + d + "d", "Dropout" + d + "d", d + 1, d + 2));
        }
    }

    private static LayerSpec dropout(String name, String torchClass, int minRank, int maxRank) {
        return new LayerSpec(name, torchClass, 0, List.of(
            ArgSpec.optional("p", ArgType.FLOAT, new Value.Float(0.5)),
            ArgSpec.optional("inplace", ArgType.BOOL, new Value.Bool(false))),
            minRank, maxRank, ReshapingLayers::dropoutShape, LayerSpec.NO_STATE, true)
            .torch(new TorchForm("F." + name, TorchForm.Style.TRAINING_FLAG, List.of()));
    }

    private static Shape dropoutShape(LayerCall call) {
        double p = call.floatArg("p");
        if (p < 0 || p > 1) {
            return call.argError("p", Code.ARGUMENT_OUT_OF_RANGE, Text.of("reshape.probability_p_must_between",
                call.name(), call.arg("p").show()));
        }
        return call.input();
    }

    private static Shape flattenShape(LayerCall call) {
        int start = Dims.normalize(call, "start_dim", call.intArg("start_dim"));
        int end = start < 0 ? -1 : Dims.normalize(call, "end_dim", call.intArg("end_dim"));
        if (end < 0) {
            return null;
        }
        if (start == 0) {
            return call.argError("start_dim", Code.BATCH_MOVED,
                Text.of("reshape.flatten_start_dim_would"));
        }
        if (end < start) {
            return call.argError("end_dim", Code.ARGUMENT_OUT_OF_RANGE, Text.of("reshape.flatten_end_dim_comes", end,
                start));
        }
        Shape input = call.input();
        List<Long> out = new ArrayList<>();
        List<Formula> merged = new ArrayList<>();
        for (int dim = 1; dim < input.rank(); dim++) {
            if (dim < start || dim > end) {
                out.add(input.dim(dim - 1));
                continue;
            }
            merged.add(Dims.symbol(input, dim));
            if (dim == end) {
                out.add(call.derive("shape[" + start + "]", Formula.product(merged)));
            }
        }
        return Shape.of(out.stream().mapToLong(Long::longValue).toArray());
    }

    private static Shape unflattenShape(LayerCall call) {
        int dim = Dims.normalize(call, "dim", call.intArg("dim"));
        if (dim < 0) {
            return null;
        }
        if (dim == 0) {
            return call.argError("dim", Code.BATCH_MOVED, Text.of("reshape.unflatten_cannot_split_batch"));
        }
        Shape input = call.input();
        long[] sizes = resolveSizes(call, "unflattened_size", Dims.symbol(input, dim), dim);
        if (sizes == null) {
            return null;
        }
        long[] dims = input.dims();
        long[] out = new long[dims.length - 1 + sizes.length];
        System.arraycopy(dims, 0, out, 0, dim - 1);
        System.arraycopy(sizes, 0, out, dim - 1, sizes.length);
        System.arraycopy(dims, dim, out, dim - 1 + sizes.length, dims.length - dim);
        return Shape.of(out);
    }

    /** view(-1) and reshape(64, 8, 8) keep the batch: their sizes are those after it. */
    private static Shape viewShape(LayerCall call) {
        Shape input = call.input();
        List<Formula> elements = new ArrayList<>();
        for (int dim = 1; dim < input.rank(); dim++) {
            elements.add(Dims.symbol(input, dim));
        }
        long[] sizes = resolveSizes(call, "shape", Formula.product(elements), 1);
        return sizes == null ? null : Shape.of(sizes);
    }

    /**
     * Sizes with at most one -1, resolved so that their product is {@code elements}; null after an error.
     * The sizes are dimensions {@code first}, {@code first} + 1, ... of the result.
     */
    private static long[] resolveSizes(LayerCall call, String argName, Formula elements, int first) {
        long[] sizes = call.sizeArg(argName);
        int unknown = -1;
        List<Formula> known = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            if (sizes[i] == -1 && unknown < 0) {
                unknown = i;
            } else if (sizes[i] < 1) {
                call.argError(argName, Code.NON_POSITIVE_SIZE, Text.of("reshape.sizes_must_positive_most",
                    call.name(), call.arg(argName).show()));
                return null;
            } else {
                known.add(Formula.number(sizes[i]));
            }
        }
        long product = known.isEmpty() ? 1 : Formula.product(known).value();
        long total = elements.value();
        if (unknown >= 0 && total % product == 0) {
            Formula resolved = known.isEmpty() ? elements : elements.dividedBy(Formula.product(known));
            sizes[unknown] = call.derive("shape[" + (first + unknown) + "]", resolved);
            product = total;
        }
        if (product != total) {
            call.error(Code.RESHAPE_MISMATCH, Text.of("reshape.needs_elements_per_batch", call.name(),
                call.arg(argName).show(), product, call.input(), total), null);
            return null;
        }
        return sizes;
    }
}
