package netc.semantic.catalog;

import java.util.ArrayList;
import java.util.List;
import netc.diagnostics.Code;
import netc.diagnostics.Text;
import netc.semantic.model.Shape;
import netc.semantic.model.StateEntry;
import netc.semantic.model.Value;

/** Batch, instance, layer, group and local response normalisation. */
final class NormalizationLayers {
    private NormalizationLayers() {
    }

    static void register(Catalog.Builder catalog) {
        catalog.addRanked("batchnorm", d -> perChannel(d, "batchnorm", "BatchNorm", true));
        catalog.addRanked("instancenorm", d -> perChannel(d, "instancenorm", "InstanceNorm", false));
        catalog.add(new LayerSpec("layernorm", "LayerNorm", 0, List.of(
            ArgSpec.required("normalized_shape", ArgType.INTS).positive(),
            ArgSpec.optional("eps", ArgType.FLOAT, new Value.Float(1e-5)),
            ArgSpec.optional("elementwise_affine", ArgType.BOOL, new Value.Bool(true))),
            2, LayerSpec.ANY_RANK, NormalizationLayers::layerNormShape, NormalizationLayers::layerNormState, true));
        catalog.add(new LayerSpec("groupnorm", "GroupNorm", 0, List.of(
            ArgSpec.required("num_groups", ArgType.INT).positive(),
            ArgSpec.inferable("num_channels"),
            ArgSpec.optional("eps", ArgType.FLOAT, new Value.Float(1e-5)),
            ArgSpec.optional("affine", ArgType.BOOL, new Value.Bool(true))),
            2, LayerSpec.ANY_RANK, NormalizationLayers::groupNormShape, NormalizationLayers::groupNormState, true));
        catalog.add(new LayerSpec("localresponsenorm", "LocalResponseNorm", 0, List.of(
            ArgSpec.required("size", ArgType.INT).positive(),
            ArgSpec.optional("alpha", ArgType.FLOAT, new Value.Float(1e-4)),
            ArgSpec.optional("beta", ArgType.FLOAT, new Value.Float(0.75)),
            ArgSpec.optional("k", ArgType.FLOAT, new Value.Float(1.0))),
            3, LayerSpec.ANY_RANK, LayerCall::input, LayerSpec.NO_STATE, true)
            .torch(TorchForm.functional("F.local_response_norm")));
    }

    /** BatchNorm (affine and running statistics by default) or InstanceNorm (neither by default). */
    private static LayerSpec perChannel(int d, String name, String torchName, boolean batch) {
        List<ArgSpec> signature = List.of(
            ArgSpec.inferable("num_features"),
            ArgSpec.optional("eps", ArgType.FLOAT, new Value.Float(1e-5)),
            ArgSpec.optional("momentum", ArgType.OPTIONAL_FLOAT, new Value.Float(0.1)),
            ArgSpec.optional("affine", ArgType.BOOL, new Value.Bool(batch)),
            ArgSpec.optional("track_running_stats", ArgType.BOOL, new Value.Bool(batch)));
        int minRank = batch && d == 1 ? 2 : d + 2;
        return new LayerSpec(name + d + "d", torchName + d + "d", d, signature, minRank, d + 2,
            call -> channelsMatch(call, "num_features") ? call.input() : null, NormalizationLayers::perChannelState,
            true);
    }

    private static boolean channelsMatch(LayerCall call, String argName) {
        if (call.inferred(argName)) {
            return true;
        }
        long actual = call.input().dim(0);
        if (call.intArg(argName) != actual) {
            String fix = call.rewritten(argName, Long.toString(actual));
            call.error(Code.CHANNELS_MISMATCH, Text.of("norm.expects_channels_incoming_tensor", call.name(),
                call.intArg(argName), call.input(), actual),
                Text.of("norm.infer", (fix != null ? Text.of("fix.write_or", fix) : Text.of("fix.write_bare")), argName),
                call.sizeFixes(argName, actual));
        }
        return true;
    }

    private static long channels(LayerCall call, String argName) {
        return call.inferred(argName) ? call.input().dim(0) : call.intArg(argName);
    }

    private static List<StateEntry> perChannelState(LayerCall call) {
        long c = channels(call, "num_features");
        List<StateEntry> entries = new ArrayList<>();
        if (call.boolArg("affine")) {
            entries.add(StateEntry.parameter("weight", c));
            entries.add(StateEntry.parameter("bias", c));
        }
        if (call.boolArg("track_running_stats")) {
            entries.add(StateEntry.buffer("running_mean", c));
            entries.add(StateEntry.buffer("running_var", c));
            entries.add(StateEntry.buffer("num_batches_tracked"));
        }
        return entries;
    }

    private static Shape layerNormShape(LayerCall call) {
        long[] normalized = call.sizeArg("normalized_shape");
        Shape input = call.input();
        boolean fits = normalized.length <= input.size();
        for (int i = 0; fits && i < normalized.length; i++) {
            fits = normalized[i] == input.dim(input.size() - normalized.length + i);
        }
        if (!fits) {
            return call.error(Code.SHAPE_MISMATCH, Text.of("norm.layernorm_normalizes_over_last",
                call.arg("normalized_shape").show(), input),
                Text.of("norm.write_layernorm_normalize_over", input.last()));
        }
        return input;
    }

    private static List<StateEntry> layerNormState(LayerCall call) {
        if (!call.boolArg("elementwise_affine")) {
            return List.of();
        }
        long[] normalized = call.sizeArg("normalized_shape");
        return List.of(StateEntry.parameter("weight", normalized), StateEntry.parameter("bias", normalized));
    }

    private static Shape groupNormShape(LayerCall call) {
        if (!channelsMatch(call, "num_channels")) {
            return null;
        }
        long c = channels(call, "num_channels");
        if (c % call.intArg("num_groups") != 0) {
            return call.argError("num_groups", Code.ARGUMENT_OUT_OF_RANGE, Text.of("norm.groupnorm_num_channels_must",
                c, call.intArg("num_groups")));
        }
        return call.input();
    }

    private static List<StateEntry> groupNormState(LayerCall call) {
        long c = channels(call, "num_channels");
        return call.boolArg("affine")
            ? List.of(StateEntry.parameter("weight", c), StateEntry.parameter("bias", c)) : List.of();
    }
}
