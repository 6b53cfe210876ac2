package netc.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AttentionTest {
    private final Random random = new Random(11);

    private static Tensor identityProjection(int embed, int copies) {
        Tensor w = Tensor.zeros(copies * embed, embed);
        for (int c = 0; c < copies; c++) {
            for (int i = 0; i < embed; i++) {
                w.data[(c * embed + i) * embed + i] = 1;
            }
        }
        return w;
    }

    @Test
    void singleHeadByHand() {
        Attention.MultiHead w = new Attention.MultiHead(identityProjection(2, 3), null, identityProjection(2, 1), null,
            1, null, null, false);
        Tensor query = new Tensor(new float[] {1, 0}, 1, 1, 2);
        Tensor key = new Tensor(new float[] {1, 0, 0, 1}, 1, 2, 2);
        Tensor value = new Tensor(new float[] {10, 0, 0, 20}, 1, 2, 2);
        // scores [1/√2, 0] → softmax weights p, 1-p → [10p, 20(1-p)]
        Tensor out = Attention.multiHead(query, key, value, w, true);
        assertArrayEquals(new int[] {1, 1, 2}, out.shape);
        Check.close(new float[] {6.697615493266569f, 6.604769013466862f}, out.data, 1e-5);
    }

    @Test
    void biasKeyAndValueThenAZeroKeyAndValueAreExtraSources() {
        Attention.MultiHead w = new Attention.MultiHead(identityProjection(2, 3), null, identityProjection(2, 1), null,
            1, new Tensor(new float[] {0, 1}, 1, 1, 2), new Tensor(new float[] {0, 20}, 1, 1, 2), true);
        Tensor query = new Tensor(new float[] {1, 0}, 1, 1, 2);
        Tensor key = new Tensor(new float[] {1, 0}, 1, 1, 2);
        Tensor value = new Tensor(new float[] {10, 0}, 1, 1, 2);
        // scores [1/√2, 0, 0] for the key, bias_k and the zero key → weights e/(e+2), 1/(e+2), 1/(e+2), e = exp(1/√2)
        double e = Math.exp(1 / Math.sqrt(2));
        Tensor out = Attention.multiHead(query, key, value, w, true);
        Check.close(new float[] {(float) (10 * e / (e + 2)), (float) (20 / (e + 2))}, out.data, 1e-6);
    }

    @Test
    void multiHeadMatchesNaivePerHeadComputationInBothLayouts() {
        int embed = 8;
        int heads = 2;
        Attention.MultiHead w = new Attention.MultiHead(Check.random(random, 3 * embed, embed),
                Check.random(random, 3 * embed), Check.random(random, embed, embed), Check.random(random, embed), heads,
            null, null, false);
        Tensor query = Check.random(random, 2, 3, embed);
        Tensor memory = Check.random(random, 2, 5, embed);
        Tensor expected = naiveMultiHead(query, memory, w);
        Check.close(expected, Attention.multiHead(query, memory, memory, w, true), 1e-4);
        Tensor seqFirst = Attention.multiHead(Shaping.transpose(query, 0, 1), Shaping.transpose(memory, 0, 1),
                Shaping.transpose(memory, 0, 1), w, false);
        Check.close(expected, Shaping.transpose(seqFirst, 0, 1), 1e-4);
    }

    @Test
    void preNormGeluEncoderLayerIsTheDocumentedComposition() {
        Map<String, Tensor> weights = layerWeights("", false);
        Attention.EncoderLayer layer = Attention.EncoderLayer.load(weights::get, "", 2, 1e-5, true, true);
        Tensor x = Check.random(random, 2, 4, 8);
        Tensor n1 = norm(weights, "norm1.", x);
        Tensor h = Arithmetic.add(x, Attention.multiHead(n1, n1, n1, layer.selfAttention(), true));
        Tensor ff = Activations.gelu(Linear.linear(norm(weights, "norm2.", h), weights.get("linear1.weight"),
                weights.get("linear1.bias")));
        Tensor expected = Arithmetic.add(h, Linear.linear(ff, weights.get("linear2.weight"), weights.get("linear2.bias")));
        Check.close(expected, Attention.encoderLayer(x, layer, true), 1e-5);
    }

    @Test
    void postNormDecoderLayerIsTheDocumentedComposition() {
        Map<String, Tensor> weights = layerWeights("", true);
        Attention.DecoderLayer layer = Attention.DecoderLayer.load(weights::get, "", 2, 1e-5, false, false);
        Tensor x = Check.random(random, 3, 2, 8); // sequence-first [L, B, E]
        Tensor memory = Check.random(random, 5, 2, 8);
        Tensor h = norm(weights, "norm1.", Arithmetic.add(x, Attention.multiHead(x, x, x, layer.selfAttention(), false)));
        h = norm(weights, "norm2.", Arithmetic.add(h,
                Attention.multiHead(h, memory, memory, layer.crossAttention(), false)));
        Tensor ff = Activations.relu(Linear.linear(h, weights.get("linear1.weight"), weights.get("linear1.bias")));
        Tensor expected = norm(weights, "norm3.", Arithmetic.add(h,
                Linear.linear(ff, weights.get("linear2.weight"), weights.get("linear2.bias"))));
        Check.close(expected, Attention.decoderLayer(x, memory, layer, false), 1e-5);
    }

    private static Tensor norm(Map<String, Tensor> weights, String prefix, Tensor x) {
        return Normalization.layerNorm(x, new int[] {8}, weights.get(prefix + "weight"), weights.get(prefix + "bias"), 1e-5);
    }

    private Map<String, Tensor> layerWeights(String prefix, boolean decoder) {
        Map<String, Tensor> weights = new HashMap<>();
        String[] attentions = decoder ? new String[] {"self_attn.", "multihead_attn."} : new String[] {"self_attn."};
        for (String attention : attentions) {
            weights.put(prefix + attention + "in_proj_weight", Check.random(random, 24, 8));
            weights.put(prefix + attention + "in_proj_bias", Check.random(random, 24));
            weights.put(prefix + attention + "out_proj.weight", Check.random(random, 8, 8));
            weights.put(prefix + attention + "out_proj.bias", Check.random(random, 8));
        }
        weights.put(prefix + "linear1.weight", Check.random(random, 16, 8));
        weights.put(prefix + "linear1.bias", Check.random(random, 16));
        weights.put(prefix + "linear2.weight", Check.random(random, 8, 16));
        weights.put(prefix + "linear2.bias", Check.random(random, 8));
        for (String norm : new String[] {"norm1.", "norm2.", "norm3."}) {
            weights.put(prefix + norm + "weight", Check.random(random, 8));
            weights.put(prefix + norm + "bias", Check.random(random, 8));
        }
        return weights;
    }

    /** Direct loops: per batch and head, softmax(q kᵀ/√d) v, heads concatenated, then out_proj. */
    private static Tensor naiveMultiHead(Tensor query, Tensor memory, Attention.MultiHead w) {
        int batch = query.shape[0];
        int targets = query.shape[1];
        int sources = memory.shape[1];
        int embed = query.shape[2];
        int headDim = embed / w.heads();
        float[] concat = new float[batch * targets * embed];
        for (int b = 0; b < batch; b++) {
            for (int h = 0; h < w.heads(); h++) {
                for (int i = 0; i < targets; i++) {
                    double[] scores = new double[sources];
                    double total = 0;
                    for (int j = 0; j < sources; j++) {
                        double dot = 0;
                        for (int d = 0; d < headDim; d++) {
                            dot += project(w, 0, h * headDim + d, query, b, i) * project(w, 1, h * headDim + d, memory, b, j);
                        }
                        scores[j] = Math.exp(dot / Math.sqrt(headDim));
                        total += scores[j];
                    }
                    for (int d = 0; d < headDim; d++) {
                        double sum = 0;
                        for (int j = 0; j < sources; j++) {
                            sum += scores[j] / total * project(w, 2, h * headDim + d, memory, b, j);
                        }
                        concat[(b * targets + i) * embed + h * headDim + d] = (float) sum;
                    }
                }
            }
        }
        return Linear.linear(new Tensor(concat, batch, targets, embed), w.outProjWeight(), w.outProjBias());
    }

    /** Feature f of the q (part 0), k (1) or v (2) projection of token t of batch b. */
    private static double project(Attention.MultiHead w, int part, int f, Tensor x, int b, int t) {
        int embed = x.shape[2];
        int row = part * embed + f;
        double sum = w.inProjBias().data[row];
        for (int e = 0; e < embed; e++) {
            sum += w.inProjWeight().data[row * embed + e] * x.data[(b * x.shape[1] + t) * embed + e];
        }
        return sum;
    }
}
