package netc.semantic.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import netc.diagnostics.Code;
import netc.diagnostics.Text;
import netc.semantic.model.Shape;
import netc.semantic.model.StateEntry;
import netc.semantic.model.Value;

/** Conv1d/2d/3d and ConvTranspose1d/2d/3d. */
final class ConvolutionLayers {
    private static final Set<String> PADDING_MODES = Set.of("zeros", "reflect", "replicate", "circular");

    private ConvolutionLayers() {
    }

    static void register(Catalog.Builder catalog) {
        catalog.addRanked("conv", ConvolutionLayers::convolution);
        catalog.addRanked("convtranspose", ConvolutionLayers::transposed);
    }

    private static final ArgSpec IN_CHANNELS = ArgSpec.inferable("in_channels");
    private static final ArgSpec OUT_CHANNELS = ArgSpec.required("out_channels", ArgType.INT).positive();
    private static final ArgSpec KERNEL_SIZE = ArgSpec.required("kernel_size", ArgType.SIZE).alias("k").positive();
    private static final ArgSpec STRIDE = ArgSpec.optional("stride", ArgType.SIZE, new Value.Int(1)).alias("s")
        .positive();
    private static final ArgSpec DILATION = ArgSpec.optional("dilation", ArgType.SIZE, new Value.Int(1)).alias("d")
        .positive();
    private static final ArgSpec GROUPS = ArgSpec.optional("groups", ArgType.INT, new Value.Int(1)).alias("g")
        .positive();
    private static final ArgSpec BIAS = ArgSpec.optional("bias", ArgType.BOOL, new Value.Bool(true));
    /** Weights applied at every output position; kernel_size stored as a tuple. */
    private static final LayerSpec.TorchInfoTraits TORCHINFO = new LayerSpec.TorchInfoTraits(true, true);
    private static final ArgSpec PADDING_MODE = ArgSpec.optional("padding_mode", ArgType.STRING,
        new Value.Str("zeros"));

    /** Conv{d}d(in_channels, out_channels, kernel_size, stride, padding, dilation, groups, bias, padding_mode). */
    private static LayerSpec convolution(int d) {
        ArgSpec padding = ArgSpec.optional("padding", ArgType.PADDING, new Value.Int(0)).alias("p").atLeast(0);
        List<ArgSpec> signature = List.of(IN_CHANNELS, OUT_CHANNELS, KERNEL_SIZE, STRIDE, padding, DILATION, GROUPS,
            BIAS, PADDING_MODE);
        return new LayerSpec("conv" + d + "d", "Conv" + d + "d", d, signature, d + 2, d + 2,
            ConvolutionLayers::convolutionShape, call -> weights(call, false), true).torchInfo(TORCHINFO);
    }

    /** ConvTranspose{d}d: output_padding after padding, and dilation after bias, as in PyTorch. */
    private static LayerSpec transposed(int d) {
        ArgSpec padding = ArgSpec.optional("padding", ArgType.SIZE, new Value.Int(0)).alias("p").atLeast(0);
        ArgSpec outputPadding = ArgSpec.optional("output_padding", ArgType.SIZE, new Value.Int(0)).atLeast(0);
        List<ArgSpec> signature = List.of(IN_CHANNELS, OUT_CHANNELS, KERNEL_SIZE, STRIDE, padding, outputPadding,
            GROUPS, BIAS, DILATION, PADDING_MODE);
        return new LayerSpec("convtranspose" + d + "d", "ConvTranspose" + d + "d", d, signature, d + 2, d + 2,
            ConvolutionLayers::transposedShape, call -> weights(call, true), true).torchInfo(TORCHINFO);
    }

    private static Shape convolutionShape(LayerCall call) {
        long channels = inChannels(call);
        if (channels < 0 || !validPaddingMode(call, PADDING_MODES)) {
            return null;
        }
        long outChannels = outChannels(call);
        long[] kernel = call.sizeArg("kernel_size");
        long[] stride = call.sizeArg("stride");
        long[] dilation = call.sizeArg("dilation");
        String word = call.stringArg("padding");
        if ("same".equals(word)) {
            return samePaddingFitsMode(call, kernel, dilation) ? sameShape(call, outChannels, stride) : null;
        }
        long[] padding = "valid".equals(word) ? new long[kernel.length] : call.sizeArg("padding");
        if (!paddingFitsMode(call, padding, padding)) {
            return null;
        }
        long[] out = Windows.output(call, kernel, stride, padding, dilation, false);
        return out == null ? null : Windows.withSpatial(call.input(), outChannels, out);
    }

    /**
     * padding="same": PyTorch pads dilation·(kernel - 1) in all, the smaller half before. Other padding
     * modes than zeros pad the input first, and PyTorch's reflection needs each side smaller than the
     * dimension it pads, its wrap-around (circular) no larger.
     */
    private static boolean samePaddingFitsMode(LayerCall call, long[] kernel, long[] dilation) {
        long[] before = new long[kernel.length];
        long[] after = new long[kernel.length];
        for (int i = 0; i < kernel.length; i++) {
            long total = Windows.extent(call, kernel[i], dilation[i]) - 1;
            before[i] = total / 2;
            after[i] = total - before[i];
        }
        return paddingFitsMode(call, before, after);
    }

    private static boolean paddingFitsMode(LayerCall call, long[] before, long[] after) {
        String mode = call.stringArg("padding_mode");
        boolean reflect = mode.equals("reflect");
        if (!reflect && !mode.equals("circular")) {
            return true;
        }
        long[] dims = call.input().dims();
        int first = dims.length - before.length;
        for (int i = 0; i < before.length; i++) {
            long size = dims[first + i];
            long most = Math.max(before[i], after[i]);
            if (reflect ? most >= size : most > size) {
                call.argError("padding", Code.ARGUMENT_OUT_OF_RANGE, Text.of("conv.pads_side_dimension_size",
                    call.name(), most, size, call.input(), mode,
                    (reflect ? Text.of("conv.less_than") : Text.of("conv.most"))));
                return false;
            }
        }
        return true;
    }

    /** padding="same" keeps each spatial size: H_out = H_in. */
    private static Shape sameShape(LayerCall call, long outChannels, long[] stride) {
        for (long s : stride) {
            if (s != 1) {
                return call.argError("padding", Code.ARGUMENT_OUT_OF_RANGE,
                    Text.of("conv.padding_same_needs_stride", call.name(), call.arg("stride").show()));
            }
        }
        Shape input = call.input();
        int first = input.size() - stride.length;
        for (int i = 0; i < stride.length; i++) {
            call.derive(Windows.size(stride.length, i, true), Formula.symbol(Windows.size(stride.length, i, false),
                input.dim(first + i)));
        }
        return input.withDim(0, outChannels);
    }

    private static Shape transposedShape(LayerCall call) {
        long channels = inChannels(call);
        if (channels < 0 || !validPaddingMode(call, Set.of("zeros"))) {
            return null;
        }
        long outChannels = outChannels(call);
        long[] kernel = call.sizeArg("kernel_size");
        long[] stride = call.sizeArg("stride");
        long[] padding = call.sizeArg("padding");
        long[] outputPadding = call.sizeArg("output_padding");
        long[] dilation = call.sizeArg("dilation");
        Shape input = call.input();
        int first = input.size() - kernel.length;
        long[] out = new long[kernel.length];
        for (int i = 0; i < kernel.length; i++) {
            if (outputPadding[i] >= stride[i] && outputPadding[i] >= dilation[i]) {
                return call.argError("output_padding", Code.ARGUMENT_OUT_OF_RANGE,
                    Text.of("conv.output_padding_must_smaller", call.name(), call.arg("output_padding").show()));
            }
            out[i] = transposedOutput(call, input.dim(first + i), stride, padding, kernel, dilation, outputPadding, i);
            if (out[i] < 1) {
                return call.error(Code.NON_POSITIVE_SIZE, Text.of("conv.would_produce_empty_output", call.name(),
                    out[i], input), Text.of("conv.use_less_padding"));
            }
        }
        return Windows.withSpatial(input, outChannels, out);
    }

    /** (H_in − 1)·stride − 2·padding + dilation·(kernel_size − 1) + 1 + output_padding, as PyTorch computes it. */
    private static long transposedOutput(LayerCall call, long size, long[] stride, long[] padding, long[] kernel,
                                         long[] dilation, long[] outputPadding, int i) {
        Windows.extent(call, kernel[i], dilation[i]); // reports a dilated kernel beyond 64 bits as such
        Formula formula = Formula.symbol(Windows.size(kernel.length, i, false), size).minus(Formula.number(1))
            .times(Windows.argument("stride", stride, i))
            .minus(Formula.number(2).times(Windows.argument("padding", padding, i)))
            .plus(Windows.extent(kernel, dilation, i))
            .plus(Windows.argument("output_padding", outputPadding, i));
        return call.exact(Text.of("window.output_size"), () -> call.derive(Windows.size(kernel.length, i, true), formula), "stride",
            "padding",
            "kernel_size", "dilation", "output_padding");
    }

    /** C_out = out_channels. */
    private static long outChannels(LayerCall call) {
        return call.derive("C_out", Formula.symbol("out_channels", call.intArg("out_channels")));
    }

    /**
     * The input channel count, checked against the incoming tensor; -1 when the arguments are
     * unusable. A mismatch is reported, and the output still computed, so later errors show too.
     */
    private static long inChannels(LayerCall call) {
        long actual = call.input().dim(0);
        long declared = call.inferred("in_channels") ? actual : call.intArg("in_channels");
        long groups = call.intArg("groups");
        if (declared % groups != 0 || call.intArg("out_channels") % groups != 0) {
            call.argError("groups", Code.ARGUMENT_OUT_OF_RANGE, Text.of("conv.channels_out_channels_must",
                call.name(), declared, call.intArg("out_channels"), groups));
            return -1;
        }
        if (declared != actual) {
            String fix = call.rewritten("in_channels", Long.toString(actual));
            call.error(Code.CHANNELS_MISMATCH, Text.of("conv.expects_input_channels_incoming", call.name(), declared,
                call.input(), actual),
                Text.of("conv.channels_infer", (fix != null ? Text.of("fix.write_or", fix) : Text.of("fix.write_bare"))),
                call.sizeFixes("in_channels", actual));
        }
        return actual;
    }

    /** Convolutions take four padding modes; transposed convolutions take the argument but only "zeros". */
    private static boolean validPaddingMode(LayerCall call, Set<String> modes) {
        if (modes.contains(call.stringArg("padding_mode"))) {
            return true;
        }
        Text allowed = modes.size() == 1 ? Text.of("conv.zeros_pytorch_has_no")
            : Text.of("conv.zeros_reflect_replicate_circular");
        call.argError("padding_mode", Code.ARGUMENT_OUT_OF_RANGE, Text.of("conv.padding_mode_must", call.name(),
            allowed, call.arg("padding_mode").show()));
        return false;
    }

    /** Conv weight [out, in/groups, *kernel]; transposed [in, out/groups, *kernel]; bias [out]. */
    private static List<StateEntry> weights(LayerCall call, boolean transposed) {
        long in = call.inferred("in_channels") ? call.input().dim(0) : call.intArg("in_channels");
        long out = call.intArg("out_channels");
        long groups = call.intArg("groups");
        long[] kernel = call.sizeArg("kernel_size");
        long[] shape = new long[kernel.length + 2];
        shape[0] = transposed ? in : out;
        shape[1] = groups == 1 ? (transposed ? out : in) : call.derive("weight.shape[1]",
            Formula.symbol(transposed ? "out_channels" : "in_channels", transposed ? out : in)
                .dividedBy(Formula.symbol("groups", groups)));
        System.arraycopy(kernel, 0, shape, 2, kernel.length);
        List<StateEntry> entries = new ArrayList<>();
        entries.add(StateEntry.parameter("weight", shape));
        if (call.boolArg("bias")) {
            entries.add(StateEntry.parameter("bias", out));
        }
        return entries;
    }
}
