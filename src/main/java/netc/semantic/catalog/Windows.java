package netc.semantic.catalog;

import netc.diagnostics.Code;
import netc.semantic.model.Shape;

/** Output sizes of sliding windows (convolutions and pools), as ATen computes them. */
final class Windows {
    private Windows() {
    }

    /**
     * The output size of each spatial dimension for a window of {@code kernel} sizes, or null after
     * reporting a window larger than its padded input.
     */
    static long[] output(LayerCall call, long[] kernel, long[] stride, long[] padding, long[] dilation,
                         boolean ceilMode) {
        Shape input = call.input();
        int first = input.size() - kernel.length;
        long[] out = new long[kernel.length];
        for (int i = 0; i < kernel.length; i++) {
            long size = input.dim(first + i);
            long pad = padding[i];
            long padded = call.exact("padded input size", () -> Math.addExact(size, Math.multiplyExact(2, pad)),
                "padding");
            long extent = extent(call, kernel[i], dilation[i]);
            long step = stride[i];
            out[i] = call.exact("output size", () -> ceilMode ? ceilOutput(size, padded, extent, step, pad)
                : Math.floorDiv(padded - extent, step) + 1, "stride", "padding", "kernel_size", "dilation");
            if (padded < extent || out[i] < 1) {
                call.error(Code.KERNEL_TOO_LARGE, tooLarge(call, kernel, dilation, padding, i, size, padded),
                    "use a smaller kernel or pad the input");
                return null;
            }
        }
        return out;
    }

    /** The span a dilated kernel covers: dilation·(kernel - 1) + 1. */
    static long extent(LayerCall call, long kernel, long dilation) {
        return call.exact("dilated kernel size", () -> Math.addExact(Math.multiplyExact(dilation, kernel - 1), 1),
            "dilation", "kernel_size");
    }

    /** ATen's ceil_mode rule: round up, but the last window must start inside the input or left padding. */
    private static long ceilOutput(long size, long padded, long extent, long stride, long padding) {
        long out = Math.floorDiv(Math.addExact(padded - extent, stride - 1), stride) + 1;
        if (Math.multiplyExact(out - 1, stride) >= size + padding) {
            out--;
        }
        return out;
    }

    private static String tooLarge(LayerCall call, long[] kernel, long[] dilation, long[] padding, int i,
                                   long size, long padded) {
        String window = "kernel size " + kernel[i];
        if (dilation[i] != 1) {
            window += " (" + extent(call, kernel[i], dilation[i]) + " with dilation " + dilation[i] + ")";
        }
        String input = padding[i] == 0 ? "input size " + size
            : "padded input size " + padded + " (" + size + " + 2*" + padding[i] + ")";
        String where = kernel.length == 1 ? "" : " in spatial dimension " + (i + 1);
        return call.name() + "'s " + window + " is larger than its " + input + where + "; the incoming tensor is "
            + call.input();
    }

    /** Replaces the leading spatial sizes of {@code input} by {@code out}. */
    static Shape withSpatial(Shape input, long channels, long[] out) {
        long[] dims = input.dims();
        int first = dims.length - out.length;
        dims[first - 1] = channels;
        System.arraycopy(out, 0, dims, first, out.length);
        return Shape.of(dims);
    }
}
