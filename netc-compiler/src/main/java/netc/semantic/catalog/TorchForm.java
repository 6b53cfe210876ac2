package netc.semantic.catalog;

import java.util.List;

/**
 * How a layer is written in PyTorch code beyond {@code nn.<torchClass>(arguments)}: the function a
 * functional call ({@code F.relu}) or a module-less operation ({@code torch.cat}) spells, the
 * arguments that function needs even at the module's default (torch.flatten's start_dim is 0, not
 * nn.Flatten's 1), and the layers whose call or construction has a shape of its own.
 * {@code definition}, when not null, is the Python class the generated module defines for a layer
 * PyTorch 1.13 lacks (nn.ZeroPad1d came in 2.1), named as the newer class so that tables match.
 * {@code functional} is null for a stateless module without a function of the same arguments: a
 * functional call then builds the module in place ({@code nn.Softmax2d()(x)}).
 */
public record TorchForm(String functional, Style style, List<String> keptArguments, String definition) {
    public enum Style {
        /** {@code nn.X(args)} called on its inputs; {@code torch.name(inputs, args)} for an operation. */
        PLAIN,
        /** Self-attention: the incoming tensor is query, key and value. */
        SELF_ATTENTION,
        /** The function takes its tensors as one list: {@code torch.cat([a, b], dim=1)}. */
        TENSOR_LIST,
        /** The function takes its arguments before its tensors: {@code torch.einsum("bij,bjk->bik", a, b)}. */
        ARGUMENTS_FIRST,
        /** {@code x.view(x.size(0), ...)}: sizes after the batch. */
        BATCH_SHAPE,
        /** A tensor method: {@code x.contiguous()}. */
        METHOD,
        /** A function that must be told whether the module trains: {@code F.dropout(x, 0.5, self.training)}. */
        TRAINING_FLAG,
        /** A stack of one layer: {@code nn.TransformerEncoder(nn.TransformerEncoderLayer(...), num_layers)}. */
        LAYER_STACK
    }

    public static final TorchForm PLAIN = new TorchForm(null, Style.PLAIN, List.of(), null);

    public TorchForm {
        keptArguments = List.copyOf(keptArguments);
    }

    public TorchForm(String functional, Style style, List<String> keptArguments) {
        this(functional, style, keptArguments, null);
    }

    public static TorchForm functional(String function) {
        return new TorchForm(function, Style.PLAIN, List.of());
    }

    public static TorchForm of(Style style) {
        return new TorchForm(null, style, List.of());
    }

    /** A layer the generated module defines itself, with {@code definition}'s Python class. */
    public static TorchForm defined(String definition) {
        return new TorchForm(null, Style.PLAIN, List.of(), definition);
    }
}
