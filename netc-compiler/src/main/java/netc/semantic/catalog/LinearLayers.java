package netc.semantic.catalog;

import java.util.ArrayList;
import java.util.List;
import netc.diagnostics.Code;
import netc.diagnostics.Text;
import netc.semantic.model.Shape;
import netc.semantic.model.StateEntry;
import netc.semantic.model.Value;

/** Linear and Identity. */
final class LinearLayers {
    private LinearLayers() {
    }

    static void register(Catalog.Builder catalog) {
        catalog.add(new LayerSpec("linear", "Linear", 0, List.of(
            ArgSpec.inferable("in_features"),
            ArgSpec.required("out_features", ArgType.INT).positive(),
            ArgSpec.optional("bias", ArgType.BOOL, new Value.Bool(true))),
            2, LayerSpec.ANY_RANK, LinearLayers::linearShape, LinearLayers::linearWeights, true));
        catalog.add(new LayerSpec("identity", "Identity", 0, List.of(), 1, LayerSpec.ANY_RANK,
            LayerCall::input, LayerSpec.NO_STATE, true));
    }

    private static Shape linearShape(LayerCall call) {
        long actual = call.input().last();
        if (!call.inferred("in_features") && call.intArg("in_features") != actual) {
            String fix = call.rewritten("in_features", Long.toString(actual));
            String linear = call.rewritten("in_features", "_");
            call.error(Code.FEATURES_MISMATCH, Text.of("linear.linear_expects_input_features",
                call.intArg("in_features"), call.input()),
                fix != null ? Text.of("linear.write_infer", fix, linear) : Text.of("linear.write_features", actual),
                call.sizeFixes("in_features", actual));
        }
        return call.input().withLast(call.derive("shape[-1]", Formula.symbol("out_features", call.intArg("out_features"))));
    }

    private static List<StateEntry> linearWeights(LayerCall call) {
        long in = call.inferred("in_features") ? call.input().last() : call.intArg("in_features");
        long out = call.intArg("out_features");
        List<StateEntry> entries = new ArrayList<>();
        entries.add(StateEntry.parameter("weight", out, in));
        if (call.boolArg("bias")) {
            entries.add(StateEntry.parameter("bias", out));
        }
        return entries;
    }
}
