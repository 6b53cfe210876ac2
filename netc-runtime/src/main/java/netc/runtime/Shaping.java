package netc.runtime;

import java.lang.reflect.Array;
import java.util.Arrays;

/**
 * Shape and layout operations on float32 and int64 tensors alike (each returns the type it is given):
 * reshape-like views that share data, and copies (permute, slice, cat, expand) built on one strided
 * gather; chunk, split and unbind give their pieces as an array. Dimensions may be negative, counting
 * from the end.
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
    public static <T extends AnyTensor> T unsqueeze(T x, int dim) {
        int d = Shapes.dim(dim, x.rank() + 1);
        int[] shape = new int[x.rank() + 1];
        System.arraycopy(x.shape(), 0, shape, 0, d);
        shape[d] = 1;
        System.arraycopy(x.shape(), d, shape, d + 1, x.rank() - d);
        return reshaped(x, shape);
    }

    /** {@code x.squeeze(dim)}: drops dimension {@code dim} if its size is 1 (else returns x). Shares data. */
    public static <T extends AnyTensor> T squeeze(T x, int dim) {
        int d = Shapes.dim(dim, x.rank());
        if (x.shape()[d] != 1) {
            return x;
        }
        int[] shape = new int[x.rank() - 1];
        System.arraycopy(x.shape(), 0, shape, 0, d);
        System.arraycopy(x.shape(), d + 1, shape, d, x.rank() - d - 1);
        return reshaped(x, shape);
    }

    /** {@code x.squeeze()}: drops every dimension of size 1. Shares data. */
    public static <T extends AnyTensor> T squeeze(T x) {
        return reshaped(x, Arrays.stream(x.shape()).filter(size -> size != 1).toArray());
    }

    /** {@code x.permute(dims)}: output dimension i is input dimension dims[i]. */
    public static <T extends AnyTensor> T permute(T x, int... dims) {
        if (dims.length != x.rank()) {
            throw new IllegalArgumentException("permute: " + Arrays.toString(dims) + " for rank " + x.rank());
        }
        int[] strides = strides(x.shape());
        int[] shape = new int[dims.length];
        int[] sourceStrides = new int[dims.length];
        boolean[] used = new boolean[dims.length];
        for (int i = 0; i < dims.length; i++) {
            int d = Shapes.dim(dims[i], x.rank());
            if (used[d]) {
                throw new IllegalArgumentException("permute: repeated dimension in " + Arrays.toString(dims));
            }
            used[d] = true;
            shape[i] = x.shape()[d];
            sourceStrides[i] = strides[d];
        }
        return gathered(x, 0, shape, sourceStrides);
    }

    /** {@code x.transpose(dim0, dim1)}. */
    public static <T extends AnyTensor> T transpose(T x, int dim0, int dim1) {
        int[] dims = new int[x.rank()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = i;
        }
        dims[Shapes.dim(dim0, x.rank())] = Shapes.dim(dim1, x.rank());
        dims[Shapes.dim(dim1, x.rank())] = Shapes.dim(dim0, x.rank());
        return permute(x, dims);
    }

    /** {@code x.select(dim, index)} / {@code x[:, index]}: removes dimension {@code dim}; index may be negative. */
    public static <T extends AnyTensor> T select(T x, int dim, int index) {
        int d = Shapes.dim(dim, x.rank());
        int size = x.shape()[d];
        int i = index < 0 ? index + size : index;
        if (i < 0 || i >= size) {
            throw new IllegalArgumentException("select: index " + index + " out of range for dimension " + dim
                    + " of size " + size);
        }
        return squeeze(slice(x, d, i, i + 1, 1), d);
    }

    /**
     * {@code x[..., start:end:step, ...]} along {@code dim}, with Python's rules: negative start/end count
     * from the end and both are clamped to the dimension. Use Integer.MAX_VALUE for an open end.
     */
    public static <T extends AnyTensor> T slice(T x, int dim, int start, int end, int step) {
        int d = Shapes.dim(dim, x.rank());
        if (step <= 0) {
            throw new IllegalArgumentException("slice: step must be positive, got " + step);
        }
        int size = x.shape()[d];
        int from = clampIndex(start, size);
        int to = Math.max(from, clampIndex(end, size));
        int[] shape = x.shape().clone();
        shape[d] = (to - from + step - 1) / step;
        int[] strides = strides(x.shape());
        int offset = from * strides[d];
        strides[d] *= step;
        return gathered(x, offset, shape, strides);
    }

    /** {@code torch.cat(tensors, dim)}: all of one type, all shapes equal except along {@code dim}. */
    @SafeVarargs
    public static <T extends AnyTensor> T cat(int dim, T... tensors) {
        if (tensors.length == 0) {
            throw new IllegalArgumentException("cat: no tensors");
        }
        int d = Shapes.dim(dim, tensors[0].rank());
        int[] shape = tensors[0].shape().clone();
        shape[d] = 0;
        for (T t : tensors) {
            checkCatShape(tensors[0], t, d);
            shape[d] += t.shape()[d];
        }
        int outer = Shapes.outer(shape, d);
        int outRow = Shapes.product(shape, d, shape.length);
        Object out = tensors[0] instanceof Tensor ? new float[Shapes.numel(shape)] : new long[Shapes.numel(shape)];
        int column = 0;
        for (T t : tensors) {
            int row = Shapes.product(t.shape(), d, t.rank());
            for (int o = 0; o < outer; o++) {
                System.arraycopy(data(t), o * row, out, o * outRow + column, row);
            }
            column += row;
        }
        return wrapped(tensors[0], out, shape);
    }

    /**
     * {@code torch.stack(tensors, dim)}: tensors of one shape joined along a new dimension {@code dim}
     * (in [-rank-1, rank]) of the result.
     */
    @SafeVarargs
    public static <T extends AnyTensor> T stack(int dim, T... tensors) {
        if (tensors.length == 0) {
            throw new IllegalArgumentException("stack: no tensors");
        }
        int d = Shapes.dim(dim, tensors[0].rank() + 1);
        T[] unsqueezed = tensors.clone();
        for (int i = 0; i < tensors.length; i++) {
            if (!Arrays.equals(tensors[i].shape(), tensors[0].shape())) {
                throw new IllegalArgumentException("stack: shapes " + Shapes.toString(tensors[0].shape()) + " and "
                        + Shapes.toString(tensors[i].shape()) + " differ");
            }
            unsqueezed[i] = unsqueeze(tensors[i], d);
        }
        return cat(d, unsqueezed);
    }

    /**
     * {@code torch.chunk(x, chunks, dim)}: pieces of ceil(size / chunks) along {@code dim}, the last
     * smaller; so fewer than {@code chunks} pieces when that size does not divide (5 in 4: 2, 2, 1).
     */
    public static <T extends AnyTensor> T[] chunk(T x, int chunks, int dim) {
        if (chunks < 1) {
            throw new IllegalArgumentException("chunk: chunks must be at least 1, got " + chunks);
        }
        int size = x.shape()[Shapes.dim(dim, x.rank())];
        return split(x, Math.max(1, size / chunks + (size % chunks == 0 ? 0 : 1)), dim);
    }

    /** {@code torch.split(x, splitSize, dim)}: pieces of {@code splitSize} along {@code dim}, the last smaller. */
    public static <T extends AnyTensor> T[] split(T x, int splitSize, int dim) {
        if (splitSize < 1) {
            throw new IllegalArgumentException("split: the size must be at least 1, got " + splitSize);
        }
        int size = x.shape()[Shapes.dim(dim, x.rank())];
        int[] sections = new int[size / splitSize + (size % splitSize == 0 ? 0 : 1)];
        for (int i = 0; i < sections.length; i++) {
            sections[i] = Math.min(splitSize, size - i * splitSize);
        }
        return split(x, sections, dim);
    }

    /** {@code torch.split(x, sections, dim)}: consecutive pieces of these sizes, which add up to the dimension. */
    public static <T extends AnyTensor> T[] split(T x, int[] sections, int dim) {
        int d = Shapes.dim(dim, x.rank());
        if (Arrays.stream(sections).sum() != x.shape()[d]) {
            throw new IllegalArgumentException("split: sizes " + Arrays.toString(sections) + " do not add up to "
                    + x.shape()[d] + ", the size of dimension " + dim);
        }
        T[] pieces = newArray(x, sections.length);
        int start = 0;
        for (int i = 0; i < sections.length; i++) {
            pieces[i] = slice(x, d, start, start + sections[i], 1);
            start += sections[i];
        }
        return pieces;
    }

    /** {@code torch.unbind(x, dim)}: one piece per index of {@code dim}, without that dimension. */
    public static <T extends AnyTensor> T[] unbind(T x, int dim) {
        int d = Shapes.dim(dim, x.rank());
        T[] pieces = newArray(x, x.shape()[d]);
        for (int i = 0; i < pieces.length; i++) {
            pieces[i] = select(x, d, i);
        }
        return pieces;
    }

    @SuppressWarnings("unchecked")
    private static <T extends AnyTensor> T[] newArray(T like, int length) {
        return (T[]) Array.newInstance(like.getClass(), length);
    }

    /** {@code x.expand(shape)}: broadcasts size-1 (or missing leading) dimensions to {@code shape}. */
    public static <T extends AnyTensor> T expand(T x, int... shape) {
        if (Arrays.equals(x.shape(), shape)) {
            return x;
        }
        int lead = shape.length - x.rank();
        int[] strides = strides(x.shape());
        int[] sourceStrides = new int[shape.length];
        for (int i = 0; i < shape.length; i++) {
            int size = i < lead ? 1 : x.shape()[i - lead];
            if (lead < 0 || (size != shape[i] && size != 1)) {
                throw new IllegalArgumentException("cannot expand " + Shapes.toString(x.shape()) + " to "
                        + Shapes.toString(shape));
            }
            sourceStrides[i] = size == 1 ? 0 : strides[i - lead];
        }
        return gathered(x, 0, shape, sourceStrides);
    }

    /** The same data under a new shape, as the type it was. */
    @SuppressWarnings("unchecked")
    private static <T extends AnyTensor> T reshaped(T x, int[] shape) {
        return (T) x.reshape(shape);
    }

    /** The strided view of x as a new contiguous tensor of x's type. */
    private static <T extends AnyTensor> T gathered(T x, int offset, int[] shape, int[] strides) {
        if (x instanceof Tensor floats) {
            return wrapped(x, gather(floats.data, offset, shape, strides), shape);
        }
        return wrapped(x, gather(((LongTensor) x).data, offset, shape, strides), shape);
    }

    /** The data array of either type, for System.arraycopy. */
    private static Object data(AnyTensor x) {
        return x instanceof Tensor floats ? floats.data : ((LongTensor) x).data;
    }

    /** {@code data} (a float[] or long[] matching {@code like}'s type) as a tensor of that type. */
    @SuppressWarnings("unchecked")
    private static <T extends AnyTensor> T wrapped(T like, Object data, int[] shape) {
        return (T) (like instanceof Tensor ? new Tensor((float[]) data, shape) : new LongTensor((long[]) data, shape));
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
    private static float[] gather(float[] src, int offset, int[] shape, int[] strides) {
        float[] out = new float[Shapes.numel(shape)];
        for (Rows rows = new Rows(offset, shape, strides); rows.at < out.length; rows.next()) {
            for (int j = 0; j < rows.length; j++) {
                out[rows.at + j] = src[rows.source + j * rows.stride];
            }
        }
        return out;
    }

    /** {@link #gather(float[], int, int[], int[])} for int64 data. */
    private static long[] gather(long[] src, int offset, int[] shape, int[] strides) {
        long[] out = new long[Shapes.numel(shape)];
        for (Rows rows = new Rows(offset, shape, strides); rows.at < out.length; rows.next()) {
            for (int j = 0; j < rows.length; j++) {
                out[rows.at + j] = src[rows.source + j * rows.stride];
            }
        }
        return out;
    }

    /**
     * The rows (last dimension) of a strided view in output order: row after row, where it starts in the
     * output ({@code at}) and in the source ({@code source}), stepping an odometer over the other dimensions.
     */
    private static final class Rows {
        final int length;
        final int stride;
        final int[] shape;
        final int[] strides;
        final int[] index;
        int at;
        int source;

        Rows(int offset, int[] shape, int[] strides) {
            int rank = shape.length;
            this.length = rank == 0 ? 1 : shape[rank - 1];
            this.stride = rank == 0 ? 0 : strides[rank - 1];
            this.shape = shape;
            this.strides = strides;
            this.index = new int[Math.max(0, rank - 1)];
            this.source = offset;
        }

        void next() {
            at += length;
            for (int d = index.length - 1; d >= 0; d--) {
                if (++index[d] < shape[d]) {
                    source += strides[d];
                    return;
                }
                index[d] = 0;
                source -= (shape[d] - 1) * strides[d];
            }
        }
    }

    private static int clampIndex(int index, int size) {
        long resolved = index < 0 ? (long) index + size : index;
        return (int) Math.max(0, Math.min(size, resolved));
    }

    private static void checkCatShape(AnyTensor first, AnyTensor t, int d) {
        boolean fits = t.rank() == first.rank();
        for (int i = 0; fits && i < t.rank(); i++) {
            fits = i == d || t.shape()[i] == first.shape()[i];
        }
        if (!fits) {
            throw new IllegalArgumentException("cat: shapes " + Shapes.toString(first.shape()) + " and "
                    + Shapes.toString(t.shape()) + " differ outside dimension " + d);
        }
    }
}
