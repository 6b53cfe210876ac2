package netc.semantic.catalog;

import netc.diagnostics.Code;
import netc.diagnostics.Text;
import netc.semantic.model.Shape;

/** Output sizes of sliding windows (convolutions and pools), as ATen computes them. */
final class Windows {
    private Windows() {
    }

    /**
     * The output size of each spatial dimension for a window of {@code kernel} sizes, or null after
     * reporting a window larger than its padded input. {@code stride} is the kernel where a pool's
     * stride is left at None, as PyTorch makes it.
     */
    static long[] output(LayerCall call, long[] kernel, long[] stride, long[] padding, long[] dilation,
                         boolean ceilMode) {
        Shape input = call.input();
        int first = input.size() - kernel.length;
        long[] out = new long[kernel.length];
        for (int i = 0; i < kernel.length; i++) {
            long size = input.dim(first + i);
            long pad = padding[i];
            long padded = call.exact(Text.of("window.padded_input_size"), () -> Math.addExact(size,
                Math.multiplyExact(2, pad)),
                "padding");
            long extent = extent(call, kernel[i], dilation[i]);
            Formula in = Formula.symbol(size(kernel.length, i, false), size);
            Formula paddingSize = argument("padding", padding, i);
            Formula covered = in.plus(Formula.number(2).times(paddingSize)).minus(extent(kernel, dilation, i));
            Formula step = argument("stride", stride, i);
            Formula formula = (ceilMode ? covered.ceilDividedBy(step) : covered.floorDividedBy(step))
                .plus(Formula.number(1));
            String quantity = size(kernel.length, i, true);
            if (ceilMode) {
                // ATen rounds up as (a + stride − 1)/stride, which overflows where a + stride − 1 does
                call.exact(Text.of("window.output_size"), () -> Math.addExact(covered.value(), step.value() - 1),
                    "stride", "padding",
                    "kernel_size", "dilation");
            }
            out[i] = call.exact(Text.of("window.output_size"), () -> call.derive(quantity, formula), "stride", "padding",
                "kernel_size", "dilation");
            if (padded < extent || out[i] < 1) {
                call.error(Code.KERNEL_TOO_LARGE, tooLarge(call, kernel, dilation, padding, i, size, padded),
                    Text.of("window.use_smaller_kernel_pad"));
                return null;
            }
            if (ceilMode) {
                out[i] = lastWindowInside(call, quantity, out[i], step, in.plus(paddingSize));
            }
        }
        return out;
    }

    /** The span a dilated kernel covers: dilation·(kernel - 1) + 1. */
    static long extent(LayerCall call, long kernel, long dilation) {
        return call.exact(Text.of("window.dilated_kernel_size"), () -> Math.addExact(Math.multiplyExact(dilation,
            kernel - 1), 1),
            "dilation", "kernel_size");
    }

    /** The same as a formula: kernel_size itself without dilation. */
    static Formula extent(long[] kernel, long[] dilation, int i) {
        Formula size = argument("kernel_size", kernel, i);
        return dilation[i] == 1 ? size
            : argument("dilation", dilation, i).times(size.minus(Formula.number(1))).plus(Formula.number(1));
    }

    /**
     * ATen's ceil_mode rule: rounded up, but the last window must start inside the input or its left
     * padding, else there is one window less.
     */
    private static long lastWindowInside(LayerCall call, String quantity, long out, Formula stride, Formula limit) {
        Formula rounded = Formula.symbol(quantity, out);
        Formula lastStart = rounded.minus(Formula.number(1)).times(stride);
        if (call.exact(Text.of("window.output_size"), lastStart::value, "stride") < limit.value()) {
            return out;
        }
        return call.derive(quantity, rounded.minus(Formula.number(1)), new Derivation.Comparison(lastStart, limit));
    }

    private static final String[][] SIZES_IN = {{"L_in"}, {"H_in", "W_in"}, {"D_in", "H_in", "W_in"}};
    private static final String[][] SIZES_OUT = {{"L_out"}, {"H_out", "W_out"}, {"D_out", "H_out", "W_out"}};

    /**
     * The input or output size of spatial dimension {@code i} of {@code d}, named as PyTorch's documentation
     * names the dimensions (L; H, W; D, H, W): H_in, L_out. Named once, since every layer asks.
     */
    static String size(int d, int i, boolean output) {
        return (output ? SIZES_OUT : SIZES_IN)[d - 1][i];
    }

    /** A size argument at dimension {@code i}: kernel_size, or kernel_size[1] where its sizes differ. */
    static Formula argument(String name, long[] sizes, int i) {
        for (long size : sizes) {
            if (size != sizes[0]) {
                return Formula.symbol(name + "[" + i + "]", sizes[i]);
            }
        }
        return Formula.symbol(name, sizes[i]);
    }

    private static Text tooLarge(LayerCall call, long[] kernel, long[] dilation, long[] padding, int i,
                                   long size, long padded) {
        Text window = Text.of("window.kernel_size", kernel[i]);
        if (dilation[i] != 1) {
            window = Text.of("window.dilation", window, extent(call, kernel[i], dilation[i]), dilation[i]);
        }
        Text input = padding[i] == 0 ? Text.of("window.input_size", size)
            : Text.of("window.padded_input_size_2", padded, size, padding[i]);
        Object where = kernel.length == 1 ? "" : Text.of("window.spatial_dimension", (i + 1));
        return Text.of("window.larger_than_incoming_tensor", call.name(), window, input, where, call.input());
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
