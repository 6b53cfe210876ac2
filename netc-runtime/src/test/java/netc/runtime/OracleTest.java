package netc.runtime;


import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The oracle models of tools/oracle_models.py, wired by hand from the kernels, against the
 * eval-mode outputs PyTorch wrote beside their weights.
 */
class OracleTest {
    private static final int[] ONE = {1};
    private static final int[] ZERO = {0};

    /** One model's weights (checked against model.json) and its recorded input and output. */
    private static final class Oracle {
        final SafeTensors weights;
        final SafeTensors io;

        Oracle(String model) throws IOException {
            Path dir = Path.of("netc-runtime/src/test/resources/oracle", model);
            weights = SafeTensors.read(dir.resolve("weights.safetensors"));
            io = SafeTensors.read(dir.resolve("io.safetensors"));
            weights.checkWeights(stateDictShapes(dir.resolve("model.json")));
        }

        Tensor w(String name) {
            try {
                return weights.contains(name) ? weights.tensor(name) : null;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        Tensor input() throws IOException {
            return io.tensor("input");
        }

        LongTensor tokens() throws IOException {
            return io.longTensor("input");
        }

        void assertMatches(Tensor y) throws IOException {
            OracleAssertions.assertMatches(io.tensor("output"), y);
        }

        private static Map<String, int[]> stateDictShapes(Path modelJson) throws IOException {
            Map<?, ?> json = (Map<?, ?>) Json.parse(Files.readString(modelJson, StandardCharsets.UTF_8));
            Map<String, int[]> shapes = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) json.get("state_dict")).entrySet()) {
                shapes.put((String) entry.getKey(),
                        ((List<?>) entry.getValue()).stream().mapToInt(v -> ((Long) v).intValue()).toArray());
            }
            return shapes;
        }
    }

    private static Tensor conv(Oracle o, String name, Tensor x, int padding) {
        return Convolution.conv(x, o.w(name + ".weight"), o.w(name + ".bias"), ONE, new int[] {padding}, ONE, 1);
    }

    private static Tensor linear(Oracle o, String name, Tensor x) {
        return Linear.linear(x, o.w(name + ".weight"), o.w(name + ".bias"));
    }

    private static Tensor maxPool2(Tensor x) {
        return Pooling.maxPool(x, new int[] {2, 2}, null, ZERO, ONE, false);
    }

    /** conv-relu-pool twice, then two linear layers; the seed and its Sequential twin differ only in names. */
    private static Tensor seedForward(Oracle o, Tensor x, String conv1, String conv2, String fc1, String fc2) {
        x = maxPool2(Activations.relu(conv(o, conv1, x, 1)));
        x = maxPool2(Activations.relu(conv(o, conv2, x, 1)));
        x = Shaping.flatten(x, 1, -1);
        x = Activations.relu(linear(o, fc1, x));
        return linear(o, fc2, x);
    }

    @Test
    void seedSimple() throws IOException {
        Oracle o = new Oracle("seed_simple");
        o.assertMatches(seedForward(o, o.input(), "conv1", "conv2", "fc1", "fc2"));
    }

    @Test
    void seedSequential() throws IOException {
        Oracle o = new Oracle("seed_sequential");
        o.assertMatches(seedForward(o, o.input(), "0", "3", "7", "9"));
    }

    @Test
    void lenet5() throws IOException {
        Oracle o = new Oracle("lenet5");
        int[] two = {2, 2};
        Tensor x = Pooling.avgPool(Activations.tanh(conv(o, "0", o.input(), 0)), two, null, ZERO, false, true);
        x = Pooling.avgPool(Activations.tanh(conv(o, "3", x, 0)), two, null, ZERO, false, true);
        x = Shaping.flatten(x, 1, -1);
        x = Activations.tanh(linear(o, "7", x));
        x = Activations.tanh(linear(o, "9", x));
        o.assertMatches(linear(o, "11", x));
    }

    private static Tensor convBnRelu(Oracle o, String conv, String bn, Tensor x) {
        x = conv(o, conv, x, 1);
        x = Normalization.batchNorm(x, o.w(bn + ".running_mean"), o.w(bn + ".running_var"), o.w(bn + ".weight"),
                o.w(bn + ".bias"), 1e-5);
        return Activations.relu(x);
    }

    private static Tensor doubleConv(Oracle o, String block, Tensor x) {
        x = convBnRelu(o, block + ".body.0", block + ".body.1", x);
        return convBnRelu(o, block + ".body.3", block + ".body.4", x);
    }

    private static Tensor up(Oracle o, String name, Tensor x) {
        return Convolution.convTranspose(x, o.w(name + ".weight"), o.w(name + ".bias"), new int[] {2}, ZERO, ZERO, 1, ONE);
    }

    @Test
    void unetSmall() throws IOException {
        Oracle o = new Oracle("unet_small");
        Tensor e1 = doubleConv(o, "enc1", o.input());
        Tensor e2 = doubleConv(o, "enc2", maxPool2(e1));
        Tensor b = doubleConv(o, "bott", maxPool2(e2));
        Tensor d2 = doubleConv(o, "dec2", Shaping.cat(1, up(o, "up2", b), e2));
        Tensor d1 = doubleConv(o, "dec1", Shaping.cat(1, up(o, "up1", d2), e1));
        o.assertMatches(conv(o, "head", d1, 0));
    }

    @Test
    void lstmClassifier() throws IOException {
        Oracle o = new Oracle("lstm_classifier");
        Tensor x = Embedding.lookup(o.tokens(), o.w("embed.weight"));
        Recurrent.Direction[][] layers = Recurrent.parameters(o::w, "lstm.", 2, true);
        Tensor out = Recurrent.run(Recurrent.Mode.LSTM, x, layers, true);
        Tensor last = Shaping.select(out, 1, -1);
        o.assertMatches(linear(o, "fc", last));
    }

    @Test
    void tinyTransformer() throws IOException {
        Oracle o = new Oracle("tiny_transformer");
        Tensor x = Embedding.lookup(o.tokens(), o.w("embed.weight"));
        for (int layer = 0; layer < 2; layer++) {
            Attention.EncoderLayer weights = Attention.EncoderLayer.load(o::w, "encoder.layers." + layer + ".", 4, 1e-5,
                    false, false);
            x = Attention.encoderLayer(x, weights, true);
        }
        x = Arithmetic.mean(x, new int[] {1}, false);
        x = Normalization.layerNorm(x, new int[] {64}, o.w("norm.weight"), o.w("norm.bias"), 1e-5);
        o.assertMatches(linear(o, "fc", x));
    }
}
