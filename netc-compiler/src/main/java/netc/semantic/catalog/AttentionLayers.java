package netc.semantic.catalog;

import java.util.ArrayList;
import java.util.List;
import netc.diagnostics.Code;
import netc.diagnostics.Text;
import netc.semantic.model.Shape;
import netc.semantic.model.StateEntry;
import netc.semantic.model.Value;

/**
 * Multi-head self-attention and the transformer layers, with their sub-modules as PyTorch 1.13
 * builds them: registration order for the state_dict, call order (the training path, which is
 * what summaries hook) for the rows. {@code transformerencoder(d_model, nhead, num_layers, ...)}
 * stands for {@code nn.TransformerEncoder(nn.TransformerEncoderLayer(d_model, nhead, ...), num_layers)}.
 */
final class AttentionLayers {
    private AttentionLayers() {
    }

    static void register(Catalog.Builder catalog) {
        catalog.add(new LayerSpec("multiheadattention", "MultiheadAttention", 0, List.of(
            ArgSpec.required("embed_dim", ArgType.INT).positive(),
            ArgSpec.required("num_heads", ArgType.INT).positive(),
            ArgSpec.optional("dropout", ArgType.FLOAT, new Value.Float(0.0)),
            ArgSpec.optional("bias", ArgType.BOOL, new Value.Bool(true)),
            ArgSpec.optional("add_bias_kv", ArgType.BOOL, new Value.Bool(false)),
            ArgSpec.optional("add_zero_attn", ArgType.BOOL, new Value.Bool(false)),
            ArgSpec.optional("kdim", ArgType.INT, Value.NONE),
            ArgSpec.optional("vdim", ArgType.INT, Value.NONE),
            ArgSpec.optional("batch_first", ArgType.BOOL, new Value.Bool(false)),
            // an argument of forward, not of the constructor: attn(x, x, x, need_weights=False)
            ArgSpec.optional("need_weights", ArgType.BOOL, new Value.Bool(true))),
            3, 3, call -> attentionShape(call, "embed_dim", "num_heads"), AttentionLayers::attentionState, true)
            .returns(AttentionLayers::outputAndWeights)
            .torch(TorchForm.of(TorchForm.Style.SELF_ATTENTION))
            .structure((call, output) -> new Structure(List.of(outProjection(call.intArg("embed_dim"),
                call.boolArg("bias"))), List.of())));
        catalog.add(transformer("transformerencoderlayer", "TransformerEncoderLayer", false, false));
        catalog.add(transformer("transformerdecoderlayer", "TransformerDecoderLayer", true, false));
        catalog.add(transformer("transformerencoder", "TransformerEncoder", false, true));
        catalog.add(transformer("transformerdecoder", "TransformerDecoder", true, true));
    }

    private static Shape attentionShape(LayerCall call, String dimName, String headsName) {
        if (!call.boolArg("batch_first")) {
            return call.argError("batch_first", Code.ARGUMENT_OUT_OF_RANGE,
                Text.of("attention.needs_batch_first_true", call.name()));
        }
        long dim = call.intArg(dimName);
        if (dim % call.intArg(headsName) != 0) {
            return call.argError(headsName, Code.ARGUMENT_OUT_OF_RANGE, Text.of("attention.must_divisible",
                call.name(), dimName, dim, headsName, call.intArg(headsName)));
        }
        call.derive("head_dim", Formula.symbol(dimName, dim).dividedBy(Formula.symbol(headsName, call.intArg(headsName))));
        if (call.has("kdim") && !(call.isNone("kdim") && call.isNone("vdim"))) {
            return call.argError("kdim", Code.ARGUMENT_OUT_OF_RANGE,
                Text.of("attention.netc_multiheadattention_self_attention"));
        }
        for (Shape input : call.inputShapes()) {
            if (input.last() != dim) {
                return call.error(Code.FEATURES_MISMATCH, Text.of("attention.expects_features_incoming_tensor",
                    call.name(), dim, input), null);
            }
        }
        return call.input();
    }

    /**
     * {@code attn(x, x, x)} returns the output and the weights averaged over the heads, [batch,
     * length, keys]: bias_k and add_zero_attn each add a key. With need_weights=False the weights are None.
     */
    private static Returned outputAndWeights(String path, BoundArguments arguments, Shape output, long batch) {
        if (!arguments.boolValue("need_weights")) {
            return Returned.Tuple.of(new Returned.Tensor(output), new Returned.None());
        }
        long length = output.dim(0);
        long keys = length + (arguments.boolValue("add_bias_kv") ? 1 : 0) + (arguments.boolValue("add_zero_attn") ? 1 : 0);
        return Returned.Tuple.of(new Returned.Tensor(output), new Returned.Tensor(Shape.of(length, keys)));
    }

    /** in_proj_weight, in_proj_bias, then bias_k and bias_v; out_proj is a sub-module. */
    private static List<StateEntry> attentionState(LayerCall call) {
        long e = call.intArg("embed_dim");
        // one projection each for queries, keys and values, stacked
        long rows = call.derive("in_proj_weight.shape[0]", Formula.number(3).times(Formula.symbol("embed_dim", e)));
        List<StateEntry> entries = new ArrayList<>();
        entries.add(StateEntry.parameter("in_proj_weight", rows, e));
        if (call.boolArg("bias")) {
            entries.add(StateEntry.parameter("in_proj_bias", rows));
        }
        if (call.boolArg("add_bias_kv")) {
            entries.add(StateEntry.parameter("bias_k", 1, 1, e));
            entries.add(StateEntry.parameter("bias_v", 1, 1, e));
        }
        return entries;
    }

    private static Structure.Part outProjection(long e, boolean bias) {
        return linearPart("out_proj", "NonDynamicallyQuantizableLinear", e, e, bias);
    }

    private static Structure.Part linearPart(String name, String torchClass, long in, long out, boolean bias) {
        return bias ? Structure.Part.leaf(name, torchClass, StateEntry.parameter("weight", out, in),
            StateEntry.parameter("bias", out))
            : Structure.Part.leaf(name, torchClass, StateEntry.parameter("weight", out, in));
    }

    private static LayerSpec transformer(String name, String torchClass, boolean decoder, boolean stack) {
        List<ArgSpec> signature = new ArrayList<>(List.of(
            ArgSpec.required("d_model", ArgType.INT).positive(),
            ArgSpec.required("nhead", ArgType.INT).positive()));
        if (stack) {
            signature.add(ArgSpec.required("num_layers", ArgType.INT).positive());
        }
        signature.addAll(List.of(
            ArgSpec.optional("dim_feedforward", ArgType.INT, new Value.Int(2048)).positive(),
            ArgSpec.optional("dropout", ArgType.FLOAT, new Value.Float(0.1)),
            ArgSpec.optional("activation", ArgType.STRING, new Value.Str("relu")),
            ArgSpec.optional("layer_norm_eps", ArgType.FLOAT, new Value.Float(1e-5)),
            ArgSpec.optional("batch_first", ArgType.BOOL, new Value.Bool(false)),
            ArgSpec.optional("norm_first", ArgType.BOOL, new Value.Bool(false))));
        if (stack) {
            signature.add(ArgSpec.optional("norm", ArgType.BOOL, new Value.Bool(false)));
        }
        int inputs = decoder ? 2 : 1;
        return new LayerSpec(name, torchClass, 0, signature, 3, 3, AttentionLayers::transformerShape,
            LayerSpec.NO_STATE, true)
            .inputs(inputs, inputs)
            .structure((call, output) -> stack ? stackStructure(call, output, decoder)
                : new Structure(layerParts(call, decoder), layerCalls(call, "", output, decoder)))
            .returns(AttentionLayers::attentionWithoutWeights)
            .torch(stack ? TorchForm.of(TorchForm.Style.LAYER_STACK) : TorchForm.PLAIN)
            .torchInfo(new LayerSpec.TorchInfoTraits(false, false, decoder ? LayerSpec.TorchInfoTraits.EVERY_CALL
                : arguments -> fusedInEval(arguments) ? (stack ? 1 : 0) : Integer.MAX_VALUE));
    }

    /** Transformer layers call their attention with need_weights=False: it returns (output, None). */
    private static Returned attentionWithoutWeights(String path, BoundArguments arguments, Shape output, long batch) {
        return path.endsWith("attn") ? Returned.Tuple.of(new Returned.Tensor(output), new Returned.None())
            : new Returned.Tensor(output);
    }

    /**
     * PyTorch 1.13 runs an encoder layer as one fused kernel in eval mode, without calling its
     * sub-modules, unless its number of heads is odd (netc's other conditions always hold:
     * batch_first, relu or gelu, equal norm eps, no masks).
     */
    private static boolean fusedInEval(BoundArguments arguments) {
        return arguments.intValue("nhead") % 2 == 0;
    }

    private static Shape transformerShape(LayerCall call) {
        String activation = call.stringArg("activation");
        if (!activation.equals("relu") && !activation.equals("gelu")) {
            return call.argError("activation", Code.ARGUMENT_OUT_OF_RANGE,
                Text.of("attention.activation_must_relu_gelu", call.name(), call.arg("activation").show()));
        }
        return attentionShape(call, "d_model", "nhead");
    }

    /** Registration order of TransformerEncoderLayer/TransformerDecoderLayer.__init__. */
    private static List<Structure.Part> layerParts(LayerCall call, boolean decoder) {
        long d = call.intArg("d_model");
        long ff = call.intArg("dim_feedforward");
        List<Structure.Part> parts = new ArrayList<>();
        parts.add(attentionPart("self_attn", d));
        if (decoder) {
            parts.add(attentionPart("multihead_attn", d));
        }
        parts.add(linearPart("linear1", "Linear", d, ff, true));
        parts.add(Structure.Part.leaf("dropout", "Dropout"));
        parts.add(linearPart("linear2", "Linear", ff, d, true));
        int norms = decoder ? 3 : 2;
        for (int i = 1; i <= norms; i++) {
            parts.add(Structure.Part.leaf("norm" + i, "LayerNorm", StateEntry.parameter("weight", d),
                StateEntry.parameter("bias", d)));
        }
        for (int i = 1; i <= norms; i++) {
            parts.add(Structure.Part.leaf("dropout" + i, "Dropout"));
        }
        return parts;
    }

    private static Structure.Part attentionPart(String name, long d) {
        return new Structure.Part(name, "MultiheadAttention", List.of(StateEntry.parameter("in_proj_weight", Math.multiplyExact(3, d), d),
            StateEntry.parameter("in_proj_bias", Math.multiplyExact(3, d))), List.of(outProjection(d, true)));
    }

    /** The training path of forward(): attention blocks, then the feed-forward block, norms before or after. */
    private static List<Structure.Call> layerCalls(LayerCall call, String prefix, Shape x, boolean decoder) {
        Shape hidden = x.withLast(call.intArg("dim_feedforward"));
        boolean normFirst = call.boolArg("norm_first");
        List<Structure.Call> calls = new ArrayList<>();
        int block = 1;
        calls.addAll(residual(prefix, "self_attn", block++, x, normFirst));
        if (decoder) {
            calls.addAll(residual(prefix, "multihead_attn", block++, x, normFirst));
        }
        List<Structure.Call> feedForward = List.of(Structure.Call.of(prefix + "linear1", x, hidden),
            Structure.Call.of(prefix + "dropout", hidden, hidden), Structure.Call.of(prefix + "linear2", hidden, x),
            Structure.Call.of(prefix + "dropout" + block, x, x));
        Structure.Call norm = Structure.Call.of(prefix + "norm" + block, x, x);
        if (normFirst) {
            calls.add(norm);
        }
        calls.addAll(feedForward);
        if (!normFirst) {
            calls.add(norm);
        }
        return calls;
    }

    private static List<Structure.Call> residual(String prefix, String attention, int block, Shape x,
                                                 boolean normFirst) {
        Structure.Call norm = Structure.Call.of(prefix + "norm" + block, x, x);
        List<Structure.Call> calls = new ArrayList<>();
        if (normFirst) {
            calls.add(norm);
        }
        calls.add(Structure.Call.of(prefix + attention, x, x));
        calls.add(Structure.Call.of(prefix + "dropout" + block, x, x));
        if (!normFirst) {
            calls.add(norm);
        }
        return calls;
    }

    /** nn.TransformerEncoder/Decoder: deep copies of the layer in a ModuleList named layers, then an optional norm. */
    private static Structure stackStructure(LayerCall call, Shape output, boolean decoder) {
        String layerClass = decoder ? "TransformerDecoderLayer" : "TransformerEncoderLayer";
        List<Structure.Part> layers = new ArrayList<>();
        List<Structure.Call> calls = new ArrayList<>();
        for (long i = 0; i < call.intArg("num_layers"); i++) {
            layers.add(new Structure.Part(Long.toString(i), layerClass, List.of(), layerParts(call, decoder)));
            calls.add(new Structure.Call("layers." + i, output, output, layerCalls(call, "", output, decoder)));
        }
        List<Structure.Part> parts = new ArrayList<>();
        parts.add(new Structure.Part("layers", "ModuleList", List.of(), layers));
        if (call.boolArg("norm")) {
            long d = call.intArg("d_model");
            parts.add(Structure.Part.leaf("norm", "LayerNorm", StateEntry.parameter("weight", d),
                StateEntry.parameter("bias", d)));
            calls.add(Structure.Call.of("norm", output, output));
        }
        return new Structure(parts, calls);
    }
}
