package netc.semantic.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import netc.diagnostics.Code;
import netc.diagnostics.Text;
import netc.semantic.model.Shape;
import netc.semantic.model.Value;

/** Upsample, pixel (un)shuffle, and the padding layers. */
final class ResamplingLayers {
    private static final Map<String, Integer> MODE_DIMS = Map.of("linear", 1, "bilinear", 2, "bicubic", 2,
        "trilinear", 3);

    /** The names PyTorch's documentation gives the sides of a padding tuple, in its order. */
    private static final String[] PAD_SIDES = {"padding_left", "padding_right", "padding_top", "padding_bottom",
        "padding_front", "padding_back"};

    private ResamplingLayers() {
    }

    static void register(Catalog.Builder catalog) {
        catalog.add(new LayerSpec("upsample", "Upsample", 0, List.of(
            ArgSpec.optional("size", ArgType.ANY, Value.NONE),
            ArgSpec.optional("scale_factor", ArgType.ANY, Value.NONE),
            ArgSpec.optional("mode", ArgType.STRING, new Value.Str("nearest")),
            ArgSpec.optional("align_corners", ArgType.ANY, Value.NONE)),
            3, 5, ResamplingLayers::upsampleShape, LayerSpec.NO_STATE, true)
            .torch(TorchForm.functional("F.interpolate")));
        catalog.add(new LayerSpec("pixelshuffle", "PixelShuffle", 0,
            List.of(ArgSpec.required("upscale_factor", ArgType.INT).positive()), 4, 4,
            call -> shuffle(call, call.intArg("upscale_factor"), true), LayerSpec.NO_STATE, true)
            .torch(TorchForm.functional("F.pixel_shuffle")));
        catalog.add(new LayerSpec("pixelunshuffle", "PixelUnshuffle", 0,
            List.of(ArgSpec.required("downscale_factor", ArgType.INT).positive()), 4, 4,
            call -> shuffle(call, call.intArg("downscale_factor"), false), LayerSpec.NO_STATE, true)
            .torch(TorchForm.functional("F.pixel_unshuffle")));
        catalog.addRanked("zeropad", d -> padding(d, "zeropad", "ZeroPad", false));
        catalog.addRanked("constantpad", d -> padding(d, "constantpad", "ConstantPad", true));
        catalog.addRanked("reflectionpad", d -> padding(d, "reflectionpad", "ReflectionPad", false));
        catalog.addRanked("replicationpad", d -> padding(d, "replicationpad", "ReplicationPad", false));
    }

    private static Shape upsampleShape(LayerCall call) {
        int spatial = call.input().size() - 1;
        String mode = call.stringArg("mode");
        Integer modeDims = MODE_DIMS.get(mode);
        if (!"nearest".equals(mode) && modeDims == null) {
            return call.argError("mode", Code.ARGUMENT_OUT_OF_RANGE, Text.of("resample.upsample_mode_must_nearest",
                call.arg("mode").show()));
        }
        if (modeDims == null && !call.isNone("align_corners")) {
            return call.argError("align_corners", Code.ARGUMENT_OUT_OF_RANGE,
                Text.of("resample.upsample_align_corners_applies", call.arg("mode").show()));
        }
        if (modeDims != null && modeDims != spatial) {
            return call.error(Code.WRONG_RANK, Text.of("resample.upsample_mode_needs_d", mode, (modeDims + 2),
                call.input(), call.input().rank()), null);
        }
        if (call.isNone("size") == call.isNone("scale_factor")) {
            return call.error(Code.MISSING_ARGUMENT, Text.of("resample.upsample_needs_either_size"),
                Text.of("resample.write_upsample_scale_factor"));
        }
        boolean bySize = !call.isNone("size");
        String argName = bySize ? "size" : "scale_factor";
        List<Double> factors = numbers(call.arg(argName), spatial, bySize);
        if (factors == null) {
            return call.argError(argName, Code.WRONG_ARGUMENT_TYPE, Text.of("resample.upsample_must_tuple", argName,
                (bySize ? Text.of("type.integer") : Text.of("type.number")), spatial,
                call.arg(argName).describe()));
        }
        long[] out = new long[spatial];
        boolean equal = factors.stream().distinct().count() == 1;
        for (int i = 0; i < spatial; i++) {
            String name = equal ? argName : argName + "[" + i + "]";
            Formula size = Dims.symbol(call.input(), i + 2);
            Formula formula = bySize ? Formula.symbol(name, factors.get(i).longValue())
                : new Formula.Scaled(size, name, factors.get(i));
            out[i] = call.derive(Windows.size(spatial, i, true), formula);
            if (out[i] < 1) {
                return call.argError(argName, Code.NON_POSITIVE_SIZE, Text.of("resample.upsample_would_make_empty",
                    call.input()));
            }
        }
        return Windows.withSpatial(call.input(), call.input().dim(0), out);
    }

    /** One number per spatial dimension from a number or a tuple; integers only for sizes. */
    private static List<Double> numbers(Value value, int spatial, boolean integers) {
        List<Value> elements = value instanceof Value.Tuple ? ((Value.Tuple) value).elements()
            : java.util.Collections.nCopies(spatial, value);
        if (elements.size() != spatial) {
            return null;
        }
        List<Double> out = new ArrayList<>();
        for (Value element : elements) {
            if (element instanceof Value.Int) {
                out.add((double) ((Value.Int) element).value());
            } else if (element instanceof Value.Float && !integers) {
                out.add(((Value.Float) element).value());
            } else {
                return null;
            }
        }
        return out;
    }

    private static Shape shuffle(LayerCall call, long factor, boolean up) {
        Shape input = call.input();
        long channels = input.dim(0);
        long square = Math.multiplyExact(factor, factor);
        if (up && channels % square != 0) {
            return call.error(Code.SHAPE_MISMATCH, Text.of("resample.pixelshuffle_needs_channels_divisible", factor,
                square, input, channels), null);
        }
        if (!up && (input.dim(1) % factor != 0 || input.dim(2) % factor != 0)) {
            return call.error(Code.SHAPE_MISMATCH, Text.of("resample.pixelunshuffle_needs_height_width", factor,
                factor, input), null);
        }
        Formula r = Formula.symbol(up ? "upscale_factor" : "downscale_factor", factor);
        Formula c = Dims.symbol(input, 1);
        Formula h = Dims.symbol(input, 2);
        Formula w = Dims.symbol(input, 3);
        return up ? Shape.of(call.derive("C_out", c.dividedBy(r.times(r))), call.derive("H_out", h.times(r)),
            call.derive("W_out", w.times(r)))
            : Shape.of(call.derive("C_out", c.times(r).times(r)), call.derive("H_out", h.dividedBy(r)),
            call.derive("W_out", w.dividedBy(r)));
    }

    private static LayerSpec padding(int d, String name, String torchName, boolean constant) {
        List<ArgSpec> signature = new ArrayList<>();
        signature.add(ArgSpec.required("padding", ArgType.ANY));
        if (constant) {
            signature.add(ArgSpec.required("value", ArgType.FLOAT));
        }
        boolean reflection = name.equals("reflectionpad");
        return new LayerSpec(name + d + "d", torchName + d + "d", d, signature, d + 2, d + 2,
            call -> paddedShape(call, d, reflection), LayerSpec.NO_STATE, true)
            .torch(name.equals("zeropad") && d != 2 ? TorchForm.defined(zeroPad(d)) : TorchForm.PLAIN);
    }

    /** PyTorch 2.1's nn.ZeroPad1d and nn.ZeroPad3d, which 1.13 lacks, as ConstantPad with 0. */
    private static String zeroPad(int d) {
        return "class ZeroPad" + d + "d(nn.ConstantPad" + d + "d):\n"
            + "    \"\"\"nn.ZeroPad" + d + "d of PyTorch 2.1 and newer, for PyTorch 1.13.\"\"\"\n\n"
            + "    def __init__(self, padding) -> None:\n"
            + "        super().__init__(padding, 0.0)\n";
    }

    /** PyTorch's padding order: (left, right) for the last dimension, then (top, bottom), then (front, back). */
    private static Shape paddedShape(LayerCall call, int d, boolean reflection) {
        List<Double> pads = numbers(call.arg("padding"), call.arg("padding") instanceof Value.Tuple ? 2 * d : 1, true);
        if (pads == null) {
            return call.argError("padding", Code.WRONG_ARGUMENT_TYPE, Text.of("resample.padding_must_integer_tuple",
                call.name(), 2 * d, call.arg("padding").describe()));
        }
        long[] dims = call.input().dims();
        for (int i = 0; i < d; i++) {
            int dim = dims.length - 1 - i;
            long before = pads.get(pads.size() == 1 ? 0 : 2 * i).longValue();
            long after = pads.get(pads.size() == 1 ? 0 : 2 * i + 1).longValue();
            if (reflection && (before >= dims[dim] || after >= dims[dim])) {
                return call.argError("padding", Code.ARGUMENT_OUT_OF_RANGE,
                    Text.of("resample.padding_must_smaller_than", call.name(), dims[dim], call.input()));
            }
            Formula padded = Dims.symbol(call.input(), dim + 1).plus(Formula.symbol(pads.size() == 1 ? "padding"
                : PAD_SIDES[2 * i], before)).plus(Formula.symbol(pads.size() == 1 ? "padding" : PAD_SIDES[2 * i + 1],
                after));
            String quantity = Windows.size(d, d - 1 - i, true);
            dims[dim] = call.exact(Text.of("resample.padded_size"), () -> call.derive(quantity, padded), "padding");
            if (dims[dim] < 1) {
                return call.argError("padding", Code.NON_POSITIVE_SIZE, Text.of("resample.would_make_empty_dimension",
                    call.name(), call.input()));
            }
        }
        return Shape.of(dims);
    }
}
