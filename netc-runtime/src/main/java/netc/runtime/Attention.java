package netc.runtime;

import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Multi-head attention and Transformer encoder/decoder layers in eval mode (no dropout, no masks), with
 * PyTorch's parameter names and layouts. Inputs are [B, L, E] when batchFirst, else [L, B, E].
 */
public final class Attention {
    private Attention() {
    }

    /**
     * {@code nn.MultiheadAttention} parameters: in_proj_weight [3E, E], in_proj_bias [3E], out_proj [E, E], [E]
     * (biases null when bias=False); with add_bias_kv, bias_k and bias_v [1, 1, E] (else null), appended to
     * the projected keys and values as one more source; with add_zero_attn, a zero key and value after them.
     */
    public record MultiHead(Tensor inProjWeight, Tensor inProjBias, Tensor outProjWeight, Tensor outProjBias,
                            int heads, Tensor biasK, Tensor biasV, boolean addZeroAttention) {
        /**
         * Reads {@code prefix + "in_proj_weight"}, {@code "in_proj_bias"}, {@code "bias_k"}, {@code "bias_v"},
         * {@code "out_proj.weight"} and {@code "out_proj.bias"}, from a lookup that returns null for absent names.
         */
        public static MultiHead load(Function<String, Tensor> weights, String prefix, int heads,
                                     boolean addZeroAttention) {
            return new MultiHead(weights.apply(prefix + "in_proj_weight"), weights.apply(prefix + "in_proj_bias"),
                    weights.apply(prefix + "out_proj.weight"), weights.apply(prefix + "out_proj.bias"), heads,
                    weights.apply(prefix + "bias_k"), weights.apply(prefix + "bias_v"), addZeroAttention);
        }
    }

    /** A Linear → activation → Linear feed-forward block and its activation (relu, or exact gelu). */
    public record FeedForward(Tensor linear1Weight, Tensor linear1Bias, Tensor linear2Weight, Tensor linear2Bias,
                              boolean gelu) {
        static FeedForward load(Function<String, Tensor> weights, String prefix, boolean gelu) {
            return new FeedForward(weights.apply(prefix + "linear1.weight"), weights.apply(prefix + "linear1.bias"),
                    weights.apply(prefix + "linear2.weight"), weights.apply(prefix + "linear2.bias"), gelu);
        }

        Tensor apply(Tensor x) {
            Tensor hidden = Linear.linear(x, linear1Weight, linear1Bias);
            hidden = gelu ? Activations.gelu(hidden) : Activations.relu(hidden);
            return Linear.linear(hidden, linear2Weight, linear2Bias);
        }
    }

    /** A LayerNorm over the last dimension. */
    public record Norm(Tensor weight, Tensor bias, double eps) {
        static Norm load(Function<String, Tensor> weights, String prefix, double eps) {
            return new Norm(weights.apply(prefix + "weight"), weights.apply(prefix + "bias"), eps);
        }

        Tensor apply(Tensor x) {
            return Normalization.layerNorm(x, new int[] {x.size(-1)}, weight, bias, eps);
        }
    }

    /** {@code nn.TransformerEncoderLayer}: self-attention and feed-forward, each with a residual and a norm. */
    public record EncoderLayer(MultiHead selfAttention, FeedForward feedForward, Norm norm1, Norm norm2,
                               boolean normFirst) {
        /** Reads the layer's parameters under {@code prefix} (e.g. "encoder.layers.0."). */
        public static EncoderLayer load(Function<String, Tensor> weights, String prefix, int heads, double eps,
                                        boolean normFirst, boolean gelu) {
            return new EncoderLayer(MultiHead.load(weights, prefix + "self_attn.", heads, false),
                    FeedForward.load(weights, prefix, gelu), Norm.load(weights, prefix + "norm1.", eps),
                    Norm.load(weights, prefix + "norm2.", eps), normFirst);
        }
    }

    /** {@code nn.TransformerDecoderLayer}: self-attention, cross-attention on memory, feed-forward. */
    public record DecoderLayer(MultiHead selfAttention, MultiHead crossAttention, FeedForward feedForward, Norm norm1,
                               Norm norm2, Norm norm3, boolean normFirst) {
        /** Reads the layer's parameters under {@code prefix} (e.g. "decoder.layers.0."). */
        public static DecoderLayer load(Function<String, Tensor> weights, String prefix, int heads, double eps,
                                        boolean normFirst, boolean gelu) {
            return new DecoderLayer(MultiHead.load(weights, prefix + "self_attn.", heads, false),
                    MultiHead.load(weights, prefix + "multihead_attn.", heads, false),
                    FeedForward.load(weights, prefix, gelu), Norm.load(weights, prefix + "norm1.", eps),
                    Norm.load(weights, prefix + "norm2.", eps), Norm.load(weights, prefix + "norm3.", eps), normFirst);
        }
    }

    /** {@code nn.TransformerEncoder}: its layers ("layers.0.", ...) and its final norm ("norm.", or null). */
    public record Encoder(EncoderLayer[] layers, Norm norm) {
        /** Reads {@code layers} encoder layers under {@code prefix + "layers.i."}, and the norm if {@code finalNorm}. */
        public static Encoder load(Function<String, Tensor> weights, String prefix, int layers, int heads, double eps,
                                   boolean normFirst, boolean gelu, boolean finalNorm) {
            return new Encoder(IntStream.range(0, layers).mapToObj(i -> EncoderLayer.load(weights,
                    prefix + "layers." + i + ".", heads, eps, normFirst, gelu)).toArray(EncoderLayer[]::new),
                    finalNorm ? Norm.load(weights, prefix + "norm.", eps) : null);
        }
    }

    /** {@code nn.TransformerDecoder}: its layers ("layers.0.", ...) and its final norm ("norm.", or null). */
    public record Decoder(DecoderLayer[] layers, Norm norm) {
        /** Reads {@code layers} decoder layers under {@code prefix + "layers.i."}, and the norm if {@code finalNorm}. */
        public static Decoder load(Function<String, Tensor> weights, String prefix, int layers, int heads, double eps,
                                   boolean normFirst, boolean gelu, boolean finalNorm) {
            return new Decoder(IntStream.range(0, layers).mapToObj(i -> DecoderLayer.load(weights,
                    prefix + "layers." + i + ".", heads, eps, normFirst, gelu)).toArray(DecoderLayer[]::new),
                    finalNorm ? Norm.load(weights, prefix + "norm.", eps) : null);
        }
    }

    /** {@code nn.MultiheadAttention(query, key, value)} without masks; returns the attention output only. */
    public static Tensor multiHead(Tensor query, Tensor key, Tensor value, MultiHead weights, boolean batchFirst) {
        Tensor out = attend(batchMajor(query, batchFirst), batchMajor(key, batchFirst), batchMajor(value, batchFirst),
                weights);
        return batchMajor(out, batchFirst);
    }

    /** One encoder layer over src. */
    public static Tensor encoderLayer(Tensor src, EncoderLayer layer, boolean batchFirst) {
        Tensor x = batchMajor(src, batchFirst);
        if (layer.normFirst) {
            Tensor n1 = layer.norm1.apply(x);
            x = Arithmetic.add(x, attend(n1, n1, n1, layer.selfAttention));
            x = Arithmetic.add(x, layer.feedForward.apply(layer.norm2.apply(x)));
        } else {
            x = layer.norm1.apply(Arithmetic.add(x, attend(x, x, x, layer.selfAttention)));
            x = layer.norm2.apply(Arithmetic.add(x, layer.feedForward.apply(x)));
        }
        return batchMajor(x, batchFirst);
    }

    /** {@code nn.TransformerEncoder}: the layers one after another, then the final norm if there is one. */
    public static Tensor encoder(Tensor src, Encoder encoder, boolean batchFirst) {
        Tensor x = src;
        for (EncoderLayer layer : encoder.layers) {
            x = encoderLayer(x, layer, batchFirst);
        }
        return encoder.norm == null ? x : encoder.norm.apply(x);
    }

    /** {@code nn.TransformerDecoder}: the layers one after another, all attending to memory, then the final norm. */
    public static Tensor decoder(Tensor tgt, Tensor memory, Decoder decoder, boolean batchFirst) {
        Tensor x = tgt;
        for (DecoderLayer layer : decoder.layers) {
            x = decoderLayer(x, memory, layer, batchFirst);
        }
        return decoder.norm == null ? x : decoder.norm.apply(x);
    }

    /** One decoder layer over tgt, attending to memory (the encoder output). */
    public static Tensor decoderLayer(Tensor tgt, Tensor memory, DecoderLayer layer, boolean batchFirst) {
        Tensor x = batchMajor(tgt, batchFirst);
        Tensor m = batchMajor(memory, batchFirst);
        if (layer.normFirst) {
            Tensor n1 = layer.norm1.apply(x);
            x = Arithmetic.add(x, attend(n1, n1, n1, layer.selfAttention));
            x = Arithmetic.add(x, attend(layer.norm2.apply(x), m, m, layer.crossAttention));
            x = Arithmetic.add(x, layer.feedForward.apply(layer.norm3.apply(x)));
        } else {
            x = layer.norm1.apply(Arithmetic.add(x, attend(x, x, x, layer.selfAttention)));
            x = layer.norm2.apply(Arithmetic.add(x, attend(x, m, m, layer.crossAttention)));
            x = layer.norm3.apply(Arithmetic.add(x, layer.feedForward.apply(x)));
        }
        return batchMajor(x, batchFirst);
    }

    /** [L, B, E] ↔ [B, L, E]; identity when already batch-first. */
    private static Tensor batchMajor(Tensor x, boolean batchFirst) {
        if (x.rank() != 3) {
            throw new IllegalArgumentException("attention input must be rank 3, got " + Shapes.toString(x.shape));
        }
        return batchFirst ? x : Shaping.transpose(x, 0, 1);
    }

    /** Scaled dot-product attention of batch-first q [B, L, E] over k, v [B, S, E], heads in parallel. */
    private static Tensor attend(Tensor query, Tensor key, Tensor value, MultiHead w) {
        int embed = query.shape[2];
        int heads = w.heads;
        if (embed % heads != 0 || !Arrays.equals(w.inProjWeight.shape, new int[] {3 * embed, embed})
                || key.shape[2] != embed || value.shape[2] != embed || key.shape[0] != query.shape[0]
                || !Arrays.equals(key.shape, value.shape)) {
            throw new IllegalArgumentException("attention: query " + Shapes.toString(query.shape) + ", key "
                    + Shapes.toString(key.shape) + " and value " + Shapes.toString(value.shape) + " with " + heads
                    + " heads do not fit in_proj_weight " + Shapes.toString(w.inProjWeight.shape));
        }
        Tensor q = Linear.linearRows(query, w.inProjWeight, w.inProjBias, 0, embed);
        Tensor k = withExtraSources(Linear.linearRows(key, w.inProjWeight, w.inProjBias, embed, 2 * embed), w.biasK,
                w.addZeroAttention);
        Tensor v = withExtraSources(Linear.linearRows(value, w.inProjWeight, w.inProjBias, 2 * embed, 3 * embed),
                w.biasV, w.addZeroAttention);
        int batch = query.shape[0];
        int targets = query.shape[1];
        int sources = k.shape[1];
        int headDim = embed / heads;
        float scale = (float) (1 / Math.sqrt(headDim));
        float[] context = new float[batch * targets * embed];
        Parallel.forEach(batch * heads, item -> {
            int b = item / heads;
            int h = item % heads;
            float[] scores = new float[targets * sources];
            // scores = q_h · k_hᵀ, then softmax over sources, then context_h = scores · v_h
            Gemm.multiply(targets, sources, headDim, Gemm.Matrix.rowMajor(q.data, b * targets * embed + h * headDim, embed),
                    new Gemm.Matrix(k.data, b * sources * embed + h * headDim, 1, embed), scores, 0, sources);
            Tensor weights = Activations.softmax(Activations.map(new Tensor(scores, targets, sources), s -> s * scale), 1);
            Gemm.multiply(targets, headDim, sources, Gemm.Matrix.rowMajor(weights.data, 0, sources),
                    Gemm.Matrix.rowMajor(v.data, b * sources * embed + h * headDim, embed),
                    context, b * targets * embed + h * headDim, embed);
        });
        return Linear.linear(new Tensor(context, batch, targets, embed), w.outProjWeight, w.outProjBias);
    }

    /** Projected keys or values [B, S, E], then the bias row (add_bias_kv) and a zero row (add_zero_attn) if any. */
    private static Tensor withExtraSources(Tensor projected, Tensor bias, boolean zero) {
        int batch = projected.shape[0];
        int embed = projected.shape[2];
        Tensor out = projected;
        if (bias != null) {
            out = Shaping.cat(1, out, Shaping.expand(bias.reshape(1, 1, embed), batch, 1, embed));
        }
        if (zero) {
            out = Shaping.cat(1, out, Tensor.zeros(batch, 1, embed));
        }
        return out;
    }
}
