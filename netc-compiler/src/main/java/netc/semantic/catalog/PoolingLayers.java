package netc.semantic.catalog;

import java.util.ArrayList;
import java.util.List;
import netc.diagnostics.Code;
import netc.diagnostics.Text;
import netc.semantic.model.Shape;
import netc.semantic.model.Value;

/** Max, average and adaptive pools in 1, 2 and 3 dimensions. */
final class PoolingLayers {
    private PoolingLayers() {
    }

    static void register(Catalog.Builder catalog) {
        catalog.addRanked("maxpool", PoolingLayers::maxPool);
        catalog.addRanked("avgpool", PoolingLayers::avgPool);
        catalog.addRanked("adaptiveavgpool", d -> adaptive(d, "adaptiveavgpool", "AdaptiveAvgPool", false));
        catalog.addRanked("adaptivemaxpool", d -> adaptive(d, "adaptivemaxpool", "AdaptiveMaxPool", true));
    }

    private static LayerSpec maxPool(int d) {
        List<ArgSpec> signature = List.of(
            ArgSpec.required("kernel_size", ArgType.SIZE).alias("k").positive(),
            ArgSpec.optional("stride", ArgType.SIZE, Value.NONE).alias("s").positive(),
            ArgSpec.optional("padding", ArgType.SIZE, new Value.Int(0)).alias("p").atLeast(0),
            ArgSpec.optional("dilation", ArgType.SIZE, new Value.Int(1)).alias("d").positive(),
            ArgSpec.optional("return_indices", ArgType.BOOL, new Value.Bool(false)),
            ArgSpec.optional("ceil_mode", ArgType.BOOL, new Value.Bool(false)));
        return new LayerSpec("maxpool" + d + "d", "MaxPool" + d + "d", d, signature, d + 2, d + 2,
            call -> windowShape(call, call.sizeArg("dilation")), LayerSpec.NO_STATE, true)
            .torch(TorchForm.functional("F.max_pool" + d + "d"));
    }

    private static LayerSpec avgPool(int d) {
        List<ArgSpec> signature = new ArrayList<>(List.of(
            ArgSpec.required("kernel_size", ArgType.SIZE).alias("k").positive(),
            ArgSpec.optional("stride", ArgType.SIZE, Value.NONE).alias("s").positive(),
            ArgSpec.optional("padding", ArgType.SIZE, new Value.Int(0)).alias("p").atLeast(0),
            ArgSpec.optional("ceil_mode", ArgType.BOOL, new Value.Bool(false)),
            ArgSpec.optional("count_include_pad", ArgType.BOOL, new Value.Bool(true))));
        if (d > 1) {
            signature.add(ArgSpec.optional("divisor_override", ArgType.INT, Value.NONE));
        }
        // AvgPool1d stores kernel_size as a tuple, as no other pool does
        return new LayerSpec("avgpool" + d + "d", "AvgPool" + d + "d", d, signature, d + 2, d + 2,
            call -> zeroDivisor(call) ? null : windowShape(call, ones(d)), LayerSpec.NO_STATE, true)
            .torchInfo(new LayerSpec.TorchInfoTraits(false, d == 1))
            .torch(TorchForm.functional("F.avg_pool" + d + "d"));
    }

    /** divisor_override=0, which PyTorch refuses when the pool is called: reported. */
    private static boolean zeroDivisor(LayerCall call) {
        if (!call.has("divisor_override") || call.isNone("divisor_override") || call.intArg("divisor_override") != 0) {
            return false;
        }
        call.argError("divisor_override", Code.ARGUMENT_OUT_OF_RANGE, Text.of("pool.divisor_override_must_not",
            call.name()));
        return true;
    }

    private static LayerSpec adaptive(int d, String name, String torchName, boolean max) {
        List<ArgSpec> signature = new ArrayList<>();
        signature.add(ArgSpec.required("output_size", ArgType.OUTPUT_SIZE).positive());
        if (max) {
            signature.add(ArgSpec.optional("return_indices", ArgType.BOOL, new Value.Bool(false)));
        }
        return new LayerSpec(name + d + "d", torchName + d + "d", d, signature, d + 2, d + 2,
            PoolingLayers::adaptiveShape, LayerSpec.NO_STATE, true)
            .torch(TorchForm.functional("F." + (max ? "adaptive_max_pool" : "adaptive_avg_pool") + d + "d"));
    }

    private static Shape windowShape(LayerCall call, long[] dilation) {
        if (!noIndices(call)) {
            return null;
        }
        long[] kernel = call.sizeArg("kernel_size");
        long[] stride = call.isNone("stride") ? kernel : call.sizeArg("stride");
        long[] padding = call.sizeArg("padding");
        if (!paddingFits(call, kernel, padding)) {
            return null;
        }
        long[] out = Windows.output(call, kernel, stride, padding, dilation, call.boolArg("ceil_mode"));
        return out == null ? null : Windows.withSpatial(call.input(), call.input().dim(0), out);
    }

    /** ATen: "pad should be at most half of kernel size". */
    private static boolean paddingFits(LayerCall call, long[] kernel, long[] padding) {
        for (int i = 0; i < kernel.length; i++) {
            if (padding[i] > kernel[i] / 2) {
                call.argError("padding", Code.ARGUMENT_OUT_OF_RANGE, Text.of("pool.padding_must_most_half",
                    call.name(), padding[i], kernel[i]));
                return false;
            }
        }
        return true;
    }

    private static boolean noIndices(LayerCall call) {
        if (call.has("return_indices") && call.boolArg("return_indices")) {
            call.argError("return_indices", Code.ARGUMENT_OUT_OF_RANGE, Text.of("pool.return_indices_true_returns",
                call.name()));
            return false;
        }
        return true;
    }

    private static Shape adaptiveShape(LayerCall call) {
        if (!noIndices(call)) {
            return null;
        }
        long[] sizes = call.sizeArg("output_size");
        Shape input = call.input();
        int first = input.size() - sizes.length;
        long[] out = new long[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            out[i] = call.derive(Windows.size(sizes.length, i, true), isNoneAt(call, i)
                ? Formula.symbol(Windows.size(sizes.length, i, false), input.dim(first + i))
                : Windows.argument("output_size", sizes, i));
        }
        return Windows.withSpatial(input, input.dim(0), out);
    }

    private static boolean isNoneAt(LayerCall call, int i) {
        return ((Value.Tuple) call.arg("output_size")).elements().get(i) instanceof Value.None;
    }

    private static long[] ones(int d) {
        long[] ones = new long[d];
        java.util.Arrays.fill(ones, 1);
        return ones;
    }
}
