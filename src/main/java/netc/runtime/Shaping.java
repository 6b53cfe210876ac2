package netc.runtime;

import java.util.Arrays;

/**
 * Shape and layout operations: reshape-like views that share data, and copies (permute, slice, cat,
 * expand) built on one strided gather. Dimensions may be negative, counting from the end.
 */
public final class Shaping {
    private Shaping() {
    }

    /** {@code x.view(shape)} / {@code reshape}; one entry may be -1. Shares data. */
    public static Tensor reshape(Tensor x, int... shape) {
        return x.reshape(shape);
    }

    /** {@code torch.flatten(x, startDim, endDim)}. Shares data. */
    public static Tensor flatten(Tensor x, int startDim, int endDim) {
        if (x.rank() == 0) {
            return x.reshape(1);
        }
        int start = Shapes.dim(startDim, x.rank());
        int end = Shapes.dim(endDim, x.rank());
        if (start > end) {
            throw new IllegalArgumentException("flatten: start dimension " + startDim + " after end " + endDim);
        }
        int[] shape = new int[x.rank() - (end - start)];
        System.arraycopy(x.shape, 0, shape, 0, start);
        shape[start] = Shapes.product(x.shape, start, end + 1);
        System.arraycopy(x.shape, end + 1, shape, start + 1, x.rank() - end - 1);
        return x.reshape(shape);
    }

    /** {@code x.unsqueeze(dim)}: a new dimension of size 1 at {@code dim} (in [-rank-1, rank]). Shares data. */
    public static Tensor unsqueeze(Tensor x, int dim) {
        int d = Shapes.dim(dim, x.rank() + 1);
        int[] shape = new int[x.rank() + 1];
        System.arraycopy(x.shape, 0, shape, 0, d);
        shape[d] = 1;
        System.arraycopy(x.shape, d, shape, d + 1, x.rank() - d);
        return x.reshape(shape);
    }

    /** {@code x.squeeze(dim)}: drops dimension {@code dim} if its size is 1 (else returns x). Shares data. */
    public static Tensor squeeze(Tensor x, int dim) {
        int d = Shapes.dim(dim, x.rank());
        if (x.shape[d] != 1) {
            return x;
        }
        int[] shape = new int[x.rank() - 1];
        System.arraycopy(x.shape, 0, shape, 0, d);
        System.arraycopy(x.shape, d + 1, shape, d, x.rank() - d - 1);
        return x.reshape(shape);
    }

    /** {@code x.squeeze()}: drops every dimension of size 1. Shares data. */
    public static Tensor squeeze(Tensor x) {
        return x.reshape(Arrays.stream(x.shape).filter(size -> size != 1).toArray());
    }

    /** {@code x.permute(dims)}: output dimension i is input dimension dims[i]. */
    public static Tensor permute(Tensor x, int... dims) {
        if (dims.length != x.rank()) {
            throw new IllegalArgumentException("permute: " + Arrays.toString(dims) + " for rank " + x.rank());
        }
        int[] strides = strides(x.shape);
        int[] shape = new int[dims.length];
        int[] sourceStrides = new int[dims.length];
        boolean[] used = new boolean[dims.length];
        for (int i = 0; i < dims.length; i++) {
            int d = Shapes.dim(dims[i], x.rank());
            if (used[d]) {
                throw new IllegalArgumentException("permute: repeated dimension in " + Arrays.toString(dims));
            }
            used[d] = true;
            shape[i] = x.shape[d];
            sourceStrides[i] = strides[d];
        }
        return new Tensor(gather(x.data, 0, shape, sourceStrides), shape);
    }

    /** {@code x.transpose(dim0, dim1)}. */
    public static Tensor transpose(Tensor x, int dim0, int dim1) {
        int[] dims = new int[x.rank()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = i;
        }
        dims[Shapes.dim(dim0, x.rank())] = Shapes.dim(dim1, x.rank());
        dims[Shapes.dim(dim1, x.rank())] = Shapes.dim(dim0, x.rank());
        return permute(x, dims);
    }

    /** {@code x.select(dim, index)} / {@code x[:, index]}: removes dimension {@code dim}; index may be negative. */
    public static Tensor select(Tensor x, int dim, int index) {
        int d = Shapes.dim(dim, x.rank());
        int i = index < 0 ? index + x.shape[d] : index;
        if (i < 0 || i >= x.shape[d]) {
            throw new IllegalArgumentException("select: index " + index + " out of range for dimension " + dim
                    + " of size " + x.shape[d]);
        }
        Tensor slice = slice(x, d, i, i + 1, 1);
        return squeeze(slice, d);
    }

    /**
     * {@code x[..., start:end:step, ...]} along {@code dim}, with Python's rules: negative start/end count
     * from the end and both are clamped to the dimension. Use Integer.MAX_VALUE for an open end.
     */
    public static Tensor slice(Tensor x, int dim, int start, int end, int step) {
        int d = Shapes.dim(dim, x.rank());
        if (step <= 0) {
            throw new IllegalArgumentException("slice: step must be positive, got " + step);
        }
        int size = x.shape[d];
        int from = clampIndex(start, size);
        int to = Math.max(from, clampIndex(end, size));
        int[] shape = x.shape.clone();
        shape[d] = (to - from + step - 1) / step;
        int[] strides = strides(x.shape);
        int offset = from * strides[d];
        strides[d] *= step;
        return new Tensor(gather(x.data, offset, shape, strides), shape);
    }

    /** {@code torch.cat(tensors, dim)}: all shapes equal except along {@code dim}. */
    public static Tensor cat(int dim, Tensor... tensors) {
        if (tensors.length == 0) {
            throw new IllegalArgumentException("cat: no tensors");
        }
        int d = Shapes.dim(dim, tensors[0].rank());
        int[] shape = tensors[0].shape.clone();
        shape[d] = 0;
        for (Tensor t : tensors) {
            checkCatShape(tensors[0], t, d);
            shape[d] += t.shape[d];
        }
        int outer = Shapes.outer(shape, d);
        int outRow = Shapes.product(shape, d, shape.length);
        float[] out = new float[Shapes.numel(shape)];
        int column = 0;
        for (Tensor t : tensors) {
            int row = Shapes.product(t.shape, d, t.rank());
            for (int o = 0; o < outer; o++) {
                System.arraycopy(t.data, o * row, out, o * outRow + column, row);
            }
            column += row;
        }
        return new Tensor(out, shape);
    }

    /** {@code x.expand(shape)}: broadcasts size-1 (or missing leading) dimensions to {@code shape}. */
    public static Tensor expand(Tensor x, int... shape) {
        if (Arrays.equals(x.shape, shape)) {
            return x;
        }
        int lead = shape.length - x.rank();
        int[] strides = strides(x.shape);
        int[] sourceStrides = new int[shape.length];
        for (int i = 0; i < shape.length; i++) {
            int size = i < lead ? 1 : x.shape[i - lead];
            if (lead < 0 || (size != shape[i] && size != 1)) {
                throw new IllegalArgumentException("cannot expand " + Shapes.toString(x.shape) + " to "
                        + Shapes.toString(shape));
            }
            sourceStrides[i] = size == 1 ? 0 : strides[i - lead];
        }
        return new Tensor(gather(x.data, 0, shape, sourceStrides), shape);
    }

    /** Row-major strides of a contiguous tensor. */
    static int[] strides(int[] shape) {
        int[] strides = new int[shape.length];
        int stride = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            strides[i] = stride;
            stride *= shape[i];
        }
        return strides;
    }

    /**
     * The contiguous copy of a strided view: output element at index (i0, ..., ik) is
     * src[offset + Σ i·strides]. The last dimension is the tight inner loop.
     */
    static float[] gather(float[] src, int offset, int[] shape, int[] strides) {
        float[] out = new float[Shapes.numel(shape)];
        if (out.length == 0) {
            return out;
        }
        int rank = shape.length;
        int last = rank == 0 ? 1 : shape[rank - 1];
        int lastStride = rank == 0 ? 0 : strides[rank - 1];
        int[] index = new int[Math.max(0, rank - 1)];
        int source = offset;
        for (int at = 0; at < out.length; at += last) {
            for (int j = 0; j < last; j++) {
                out[at + j] = src[source + j * lastStride];
            }
            source = advance(index, shape, strides, source);
        }
        return out;
    }

    /** Steps an index over all but the last dimension (odometer order); returns the moved source offset. */
    private static int advance(int[] index, int[] shape, int[] strides, int source) {
        for (int d = index.length - 1; d >= 0; d--) {
            if (++index[d] < shape[d]) {
                return source + strides[d];
            }
            index[d] = 0;
            source -= (shape[d] - 1) * strides[d];
        }
        return source;
    }

    private static int clampIndex(int index, int size) {
        long resolved = index < 0 ? (long) index + size : index;
        return (int) Math.max(0, Math.min(size, resolved));
    }

    private static void checkCatShape(Tensor first, Tensor t, int d) {
        boolean fits = t.rank() == first.rank();
        for (int i = 0; fits && i < t.rank(); i++) {
            fits = i == d || t.shape[i] == first.shape[i];
        }
        if (!fits) {
            throw new IllegalArgumentException("cat: shapes " + Shapes.toString(first.shape) + " and "
                    + Shapes.toString(t.shape) + " differ outside dimension " + d);
        }
    }
}
