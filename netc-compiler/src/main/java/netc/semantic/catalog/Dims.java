package netc.semantic.catalog;

import netc.diagnostics.Code;
import netc.diagnostics.Text;
import netc.semantic.model.Shape;

/** Dimension indices as PyTorch takes them: counting the batch, negative from the end. */
final class Dims {
    private Dims() {
    }

    /** The index in [0, rank), or -1 after reporting an index outside the tensor's rank. */
    static int normalize(LayerCall call, String argName, long dim) {
        return normalize(call, argName, dim, call.input().rank());
    }

    /** The same against a given rank (unsqueeze counts the dimension it adds). */
    static int normalize(LayerCall call, String argName, long dim, int rank) {
        if (dim < -rank || dim >= rank) {
            call.argError(argName, Code.DIM_OUT_OF_RANGE, Text.of("dims.outside_dimensions_valid", call.name(),
                argName, dim, rank, call.input(), (rank > call.input().rank() ? Text.of("dims.one_adds") : ""), -rank,
                (rank - 1)));
            return -1;
        }
        return (int) (dim < 0 ? dim + rank : dim);
    }

    /**
     * Dimension {@code dim} (counting the batch) of {@code input} as a formula's symbol, named as
     * PyTorch's documentation names the dimensions of a 3-d to 5-d tensor (C_in, L_in; C_in, H_in,
     * W_in; C_in, D_in, H_in, W_in), else shape[dim].
     */
    static Formula symbol(Shape input, int dim) {
        int rank = input.rank();
        String name = rank < 3 || rank > 5 ? "shape[" + dim + "]"
            : dim == 1 ? "C_in" : Windows.size(rank - 2, dim - 2, false);
        return Formula.symbol(name, input.dim(dim - 1));
    }
}
