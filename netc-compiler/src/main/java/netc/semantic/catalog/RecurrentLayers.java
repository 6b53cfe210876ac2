package netc.semantic.catalog;

import java.util.ArrayList;
import java.util.List;
import netc.diagnostics.Code;
import netc.diagnostics.Text;
import netc.semantic.model.Shape;
import netc.semantic.model.StateEntry;
import netc.semantic.model.Value;

/** Embedding, and RNN/LSTM/GRU, whose output sequence is what a chain passes on. */
final class RecurrentLayers {
    private RecurrentLayers() {
    }

    static void register(Catalog.Builder catalog) {
        catalog.add(new LayerSpec("embedding", "Embedding", 0, List.of(
            ArgSpec.required("num_embeddings", ArgType.INT).positive(),
            ArgSpec.required("embedding_dim", ArgType.INT).positive(),
            ArgSpec.optional("padding_idx", ArgType.INT, Value.NONE),
            ArgSpec.optional("max_norm", ArgType.FLOAT, Value.NONE),
            ArgSpec.optional("norm_type", ArgType.FLOAT, new Value.Float(2.0)),
            ArgSpec.optional("scale_grad_by_freq", ArgType.BOOL, new Value.Bool(false)),
            ArgSpec.optional("sparse", ArgType.BOOL, new Value.Bool(false))),
            1, LayerSpec.ANY_RANK, RecurrentLayers::embeddingShape,
            call -> List.of(StateEntry.parameter("weight", call.intArg("num_embeddings"), call.intArg("embedding_dim"))),
            true).dtypes(LayerSpec.Dtypes.INDICES));
        catalog.add(recurrent("rnn", "RNN", 1, List.of(ArgSpec.optional("nonlinearity", ArgType.STRING,
            new Value.Str("tanh"))), List.of()).returns(RecurrentLayers::outputAndState));
        catalog.add(recurrent("lstm", "LSTM", 4, List.of(),
            List.of(ArgSpec.optional("proj_size", ArgType.INT, new Value.Int(0)).atLeast(0)))
            .returns(RecurrentLayers::outputAndLstmState));
        catalog.add(recurrent("gru", "GRU", 3, List.of(), List.of()).returns(RecurrentLayers::outputAndState));
    }

    private static Shape embeddingShape(LayerCall call) {
        if (!call.isNone("padding_idx")) {
            long n = call.intArg("num_embeddings");
            long index = call.intArg("padding_idx");
            if (index < -n || index >= n) {
                return call.argError("padding_idx", Code.ARGUMENT_OUT_OF_RANGE,
                    Text.of("recurrent.embedding_padding_idx_must", -n, (n - 1), index));
            }
        }
        long[] dims = call.input().dims();
        long[] out = java.util.Arrays.copyOf(dims, dims.length + 1);
        out[dims.length] = call.derive("shape[-1]", Formula.symbol("embedding_dim", call.intArg("embedding_dim")));
        return Shape.of(out);
    }

    /**
     * PyTorch's RNN signature: input_size, hidden_size, num_layers, then (RNN only) nonlinearity,
     * then bias, batch_first, dropout, bidirectional, then (LSTM only) proj_size.
     */
    private static LayerSpec recurrent(String name, String torchClass, int gates, List<ArgSpec> afterLayers,
                                       List<ArgSpec> atEnd) {
        List<ArgSpec> signature = new ArrayList<>(List.of(
            ArgSpec.inferable("input_size"),
            ArgSpec.required("hidden_size", ArgType.INT).positive(),
            ArgSpec.optional("num_layers", ArgType.INT, new Value.Int(1)).positive()));
        signature.addAll(afterLayers);
        signature.addAll(List.of(
            ArgSpec.optional("bias", ArgType.BOOL, new Value.Bool(true)),
            ArgSpec.optional("batch_first", ArgType.BOOL, new Value.Bool(false)),
            ArgSpec.optional("dropout", ArgType.FLOAT, new Value.Float(0.0)),
            ArgSpec.optional("bidirectional", ArgType.BOOL, new Value.Bool(false))));
        signature.addAll(atEnd);
        return new LayerSpec(name, torchClass, 0, signature, 3, 3, RecurrentLayers::recurrentShape,
            call -> weights(call, gates), true);
    }

    /** {@code output, h_n}: h_n is [layers x directions, batch, hidden]. */
    private static Returned outputAndState(String path, BoundArguments arguments, Shape output, long batch) {
        return Returned.Tuple.of(new Returned.Tensor(output),
            new Returned.Tensor(Shape.of(batch, arguments.intValue("hidden_size")), stateLayers(arguments)));
    }

    /** {@code output, (h_n, c_n)}: h_n holds the projected size where proj_size is set, c_n the hidden size. */
    private static Returned outputAndLstmState(String path, BoundArguments arguments, Shape output, long batch) {
        long hidden = arguments.intValue("hidden_size");
        long projection = arguments.intValue("proj_size");
        return Returned.Tuple.of(new Returned.Tensor(output), Returned.Tuple.of(
            new Returned.Tensor(Shape.of(batch, projection > 0 ? projection : hidden), stateLayers(arguments)),
            new Returned.Tensor(Shape.of(batch, hidden), stateLayers(arguments))));
    }

    /** The first dimension of h_n and c_n: num_layers x directions. */
    private static long stateLayers(BoundArguments arguments) {
        return arguments.intValue("num_layers") * (arguments.boolValue("bidirectional") ? 2 : 1);
    }

    private static Shape recurrentShape(LayerCall call) {
        if (!call.boolArg("batch_first")) {
            return call.argError("batch_first", Code.ARGUMENT_OUT_OF_RANGE,
                Text.of("attention.needs_batch_first_true", call.name()));
        }
        if (call.has("nonlinearity") && !List.of("tanh", "relu").contains(call.stringArg("nonlinearity"))) {
            return call.argError("nonlinearity", Code.ARGUMENT_OUT_OF_RANGE,
                Text.of("recurrent.rnn_nonlinearity_must_tanh", call.arg("nonlinearity").show()));
        }
        long features = call.input().last();
        if (!call.inferred("input_size") && call.intArg("input_size") != features) {
            String fix = call.rewritten("input_size", Long.toString(features));
            call.error(Code.FEATURES_MISMATCH, Text.of("recurrent.expects_input_features_incoming", call.name(),
                call.intArg("input_size"), call.input()),
                fix != null ? Text.of("fix.write", fix) : Text.of("recurrent.write_input_size", features),
                    call.sizeFixes("input_size", features));
        }
        if (projection(call) >= call.intArg("hidden_size")) {
            return call.argError("proj_size", Code.ARGUMENT_OUT_OF_RANGE, Text.of("recurrent.lstm_proj_size_must",
                call.intArg("hidden_size")));
        }
        return call.input().withLast(call.derive("shape[-1]", layerOutput(call)));
    }

    /** What a layer gives each step, D·H_out: both directions' outputs side by side. */
    private static Formula layerOutput(LayerCall call) {
        return Formula.symbol("D", directions(call)).times(Formula.symbol(projection(call) > 0 ? "proj_size"
            : "hidden_size", outputSize(call)));
    }

    private static long projection(LayerCall call) {
        return call.has("proj_size") ? call.intArg("proj_size") : 0;
    }

    private static long outputSize(LayerCall call) {
        return projection(call) > 0 ? projection(call) : call.intArg("hidden_size");
    }

    private static int directions(LayerCall call) {
        return call.boolArg("bidirectional") ? 2 : 1;
    }

    /**
     * Per layer and direction: weight_ih, weight_hh, bias_ih, bias_hh, weight_hr (as RNNBase names them),
     * each gate a block of hidden_size rows; their count derived per layer and direction, as
     * gates·(hidden_size·(input_size + hidden_size) + 2·hidden_size) for an LSTM layer.
     */
    private static List<StateEntry> weights(LayerCall call, int gates) {
        Formula hidden = Formula.symbol("hidden_size", call.intArg("hidden_size"));
        // each gate's weights are a block of hidden_size rows, the gates stacked
        long rows = gates == 1 ? hidden.value()
            : call.derive("weight_ih_l0.shape[0]", Formula.number(gates).times(hidden));
        Formula output = projection(call) > 0 ? Formula.symbol("proj_size", projection(call)) : hidden;
        long input = call.inferred("input_size") ? call.input().last() : call.intArg("input_size");
        List<StateEntry> entries = new ArrayList<>();
        for (long layer = 0; layer < call.intArg("num_layers"); layer++) {
            Formula layerInput = layer == 0 ? Formula.symbol("input_size", input) : layerOutput(call);
            for (int direction = 0; direction < directions(call); direction++) {
                String suffix = "_l" + layer + (direction == 1 ? "_reverse" : "");
                List<StateEntry> own = new ArrayList<>();
                own.add(StateEntry.parameter("weight_ih" + suffix, rows, layerInput.value()));
                own.add(StateEntry.parameter("weight_hh" + suffix, rows, output.value()));
                Formula perGate = hidden.times(layerInput.plus(output));
                if (call.boolArg("bias")) {
                    own.add(StateEntry.parameter("bias_ih" + suffix, rows));
                    own.add(StateEntry.parameter("bias_hh" + suffix, rows));
                    perGate = perGate.plus(Formula.number(2).times(hidden));
                }
                Formula count = Formula.number(gates).times(perGate);
                if (projection(call) > 0) {
                    own.add(StateEntry.parameter("weight_hr" + suffix, projection(call), hidden.value()));
                    count = count.plus(output.times(hidden));
                }
                call.derive(String.join(" + ", own.stream().map(StateEntry::key).toArray(String[]::new)), count);
                entries.addAll(own);
            }
        }
        return entries;
    }
}
