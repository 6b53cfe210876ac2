package netc.runtime;

import java.util.Arrays;

/**
 * Eval-mode normalization layers with PyTorch semantics. Statistics are accumulated in double; variance
 * is the biased (population) variance, as PyTorch uses for normalization. Affine parameters may be null.
 */
public final class Normalization {
    private Normalization() {
    }

    /**
     * {@code batch_norm} in eval mode: input [N, C, ...] normalized per channel with the running
     * statistics: (x - mean) / sqrt(var + eps) · weight + bias. Also serves instance norm layers that
     * track running statistics, which use them in eval mode.
     */
    public static Tensor batchNorm(Tensor input, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                                   double eps) {
        int channels = channels(input, runningMean, "batch_norm");
        checkSize(runningVar, channels, "batch_norm running_var");
        double[] mean = new double[channels];
        double[] variance = new double[channels];
        for (int c = 0; c < channels; c++) {
            mean[c] = runningMean.data[c];
            variance[c] = runningVar.data[c];
        }
        return normalizeChannels(input, mean, variance, weight, bias, eps);
    }

    /**
     * {@code batch_norm} of a layer without running statistics (track_running_stats=False), which in eval
     * mode normalizes each channel of [N, C, ...] with the mean and biased variance of that channel over
     * the batch and the spatial positions. Like PyTorch, it needs more than one value per channel.
     */
    public static Tensor batchNormWithBatchStatistics(Tensor input, Tensor weight, Tensor bias, double eps) {
        int channels = input.rank() < 2 ? 0 : input.shape[1];
        int plane = input.numel() / Math.max(1, input.shape[0] * channels);
        long count = (long) input.shape[0] * plane;
        if (channels == 0 || count <= 1) {
            throw new IllegalArgumentException("batch_norm with batch statistics needs channels and more than one "
                    + "value per channel, got input " + Shapes.toString(input.shape));
        }
        double[] mean = new double[channels];
        double[] variance = new double[channels];
        for (int c = 0; c < channels; c++) {
            mean[c] = channelMoment(input, c, plane, 0, 1) / count;
            variance[c] = channelMoment(input, c, plane, mean[c], 2) / count;
        }
        return normalizeChannels(input, mean, variance, weight, bias, eps);
    }

    /** A batch norm's affine parameters (null when affine=False) and running statistics. */
    public record BatchNormState(Tensor weight, Tensor bias, Tensor runningMean, Tensor runningVar) {
    }

    /** A convolution or linear layer's weight and bias. */
    public record WeightAndBias(Tensor weight, Tensor bias) {
    }

    /**
     * Folds an eval-mode batch norm into the convolution or linear layer before it (output channels in
     * weight dimension 0; not transposed convolutions): conv(x, w', b') equals batchNorm(conv(x, w, b)).
     * The layer's bias may be null; batch norm weight and bias may be null (affine=False).
     */
    public static WeightAndBias foldBatchNorm(Tensor weight, Tensor bias, Tensor runningMean, Tensor runningVar,
                                              Tensor bnWeight, Tensor bnBias, double eps) {
        int channels = weight.shape[0];
        checkSize(runningMean, channels, "batch_norm running_mean");
        checkSize(runningVar, channels, "batch_norm running_var");
        int perChannel = weight.numel() / Math.max(1, channels);
        float[] folded = new float[weight.numel()];
        float[] shift = new float[channels];
        for (int c = 0; c < channels; c++) {
            double scale = (bnWeight == null ? 1.0 : bnWeight.data[c]) / Math.sqrt(runningVar.data[c] + eps);
            for (int i = c * perChannel; i < (c + 1) * perChannel; i++) {
                folded[i] = (float) (weight.data[i] * scale);
            }
            double b = bias == null ? 0.0 : bias.data[c];
            shift[c] = (float) ((b - runningMean.data[c]) * scale + (bnBias == null ? 0.0 : bnBias.data[c]));
        }
        return new WeightAndBias(new Tensor(folded, weight.shape), new Tensor(shift, channels));
    }

    /**
     * {@code layer_norm}: normalizes over the trailing dimensions {@code normalizedShape}; weight and bias
     * (null when elementwise_affine is false) have that shape.
     */
    public static Tensor layerNorm(Tensor input, int[] normalizedShape, Tensor weight, Tensor bias, double eps) {
        int length = Shapes.product(normalizedShape, 0, normalizedShape.length);
        int rank = input.rank();
        int lead = rank - normalizedShape.length;
        if (lead < 0 || !Arrays.equals(normalizedShape, Arrays.copyOfRange(input.shape, lead, rank))) {
            throw new IllegalArgumentException("layer_norm: input " + Shapes.toString(input.shape)
                    + " does not end with normalized shape " + Shapes.toString(normalizedShape));
        }
        checkSize(weight, length, "layer_norm weight");
        checkSize(bias, length, "layer_norm bias");
        float[] out = new float[input.numel()];
        int rows = length == 0 ? 0 : input.numel() / length;
        for (int r = 0; r < rows; r++) {
            normalize(input.data, out, r * length, length, eps);
            for (int i = 0; i < length; i++) {
                int at = r * length + i;
                out[at] = out[at] * (weight == null ? 1f : weight.data[i]) + (bias == null ? 0f : bias.data[i]);
            }
        }
        return new Tensor(out, input.shape);
    }

    /** {@code group_norm}: input [N, C, ...] normalized over each group of C/groups channels; affine per channel. */
    public static Tensor groupNorm(Tensor input, int groups, Tensor weight, Tensor bias, double eps) {
        int channels = input.rank() < 2 ? 0 : input.shape[1];
        if (groups <= 0 || channels % groups != 0) {
            throw new IllegalArgumentException("group_norm: " + channels + " channels cannot form " + groups + " groups");
        }
        checkSize(weight, channels, "group_norm weight");
        checkSize(bias, channels, "group_norm bias");
        int groupLength = input.numel() / input.shape[0] / groups;
        float[] normalized = new float[input.numel()];
        for (int g = 0; g < input.shape[0] * groups; g++) {
            normalize(input.data, normalized, g * groupLength, groupLength, eps);
        }
        float[] scale = new float[channels];
        float[] shift = new float[channels];
        for (int c = 0; c < channels; c++) {
            scale[c] = weight == null ? 1f : weight.data[c];
            shift[c] = bias == null ? 0f : bias.data[c];
        }
        return scaleChannels(new Tensor(normalized, input.shape), scale, shift);
    }

    /**
     * {@code instance_norm} with per-instance statistics (PyTorch's default, track_running_stats=False):
     * each (n, c) plane normalized on its own; weight and bias (affine) per channel or null.
     */
    public static Tensor instanceNorm(Tensor input, Tensor weight, Tensor bias, double eps) {
        return groupNorm(input, input.shape[1], weight, bias, eps);
    }

    /**
     * {@code local_response_norm} across channels: x / (k + alpha/size · Σ x²)^beta, the sum over the
     * window [c - size/2, c + (size-1)/2] of channels (zero beyond the edges).
     */
    public static Tensor localResponseNorm(Tensor input, int size, double alpha, double beta, double k) {
        int channels = input.shape[1];
        int plane = input.numel() / input.shape[0] / channels;
        float[] out = new float[input.numel()];
        for (int n = 0; n < input.shape[0]; n++) {
            for (int c = 0; c < channels; c++) {
                int from = Math.max(0, c - size / 2);
                int to = Math.min(channels - 1, c + (size - 1) / 2);
                lrnPlane(input.data, out, (n * channels + c) * plane, n * channels * plane, from, to, plane,
                        alpha / size, beta, k);
            }
        }
        return new Tensor(out, input.shape);
    }

    private static void lrnPlane(float[] x, float[] out, int at, int imageBase, int from, int to, int plane,
                                 double alphaOverSize, double beta, double k) {
        for (int p = 0; p < plane; p++) {
            double sum = 0;
            for (int c = from; c <= to; c++) {
                double v = x[imageBase + c * plane + p];
                sum += v * v;
            }
            out[at + p] = (float) (x[at + p] / Math.pow(k + alphaOverSize * sum, beta));
        }
    }

    /** out[from..from+length) = (x - mean) / sqrt(var + eps) over that segment. */
    private static void normalize(float[] x, float[] out, int from, int length, double eps) {
        double sum = 0;
        for (int i = from; i < from + length; i++) {
            sum += x[i];
        }
        double mean = sum / length;
        double squares = 0;
        for (int i = from; i < from + length; i++) {
            double d = x[i] - mean;
            squares += d * d;
        }
        double invStd = 1.0 / Math.sqrt(squares / length + eps);
        for (int i = from; i < from + length; i++) {
            out[i] = (float) ((x[i] - mean) * invStd);
        }
    }

    /** (x - mean[c]) / sqrt(variance[c] + eps) · weight[c] + bias[c] for channel dimension 1. */
    private static Tensor normalizeChannels(Tensor input, double[] mean, double[] variance, Tensor weight, Tensor bias,
                                            double eps) {
        int channels = mean.length;
        checkSize(weight, channels, "batch_norm weight");
        checkSize(bias, channels, "batch_norm bias");
        float[] scale = new float[channels];
        float[] shift = new float[channels];
        for (int c = 0; c < channels; c++) {
            double s = (weight == null ? 1.0 : weight.data[c]) / Math.sqrt(variance[c] + eps);
            scale[c] = (float) s;
            shift[c] = (float) ((bias == null ? 0.0 : bias.data[c]) - mean[c] * s);
        }
        return scaleChannels(input, scale, shift);
    }

    /** Σ (x - center)^power over channel c of every item of the batch, for power 1 or 2. */
    private static double channelMoment(Tensor input, int c, int plane, double center, int power) {
        double sum = 0;
        for (int n = 0; n < input.shape[0]; n++) {
            int from = (n * input.shape[1] + c) * plane;
            for (int i = from; i < from + plane; i++) {
                double d = input.data[i] - center;
                sum += power == 1 ? d : d * d;
            }
        }
        return sum;
    }

    /** x · scale[c] + shift[c] for channel dimension 1. */
    private static Tensor scaleChannels(Tensor input, float[] scale, float[] shift) {
        int channels = scale.length;
        int plane = input.numel() / Math.max(1, input.shape[0] * channels);
        float[] out = new float[input.numel()];
        for (int block = 0; block < input.shape[0] * channels; block++) {
            float s = scale[block % channels];
            float t = shift[block % channels];
            for (int i = block * plane; i < (block + 1) * plane; i++) {
                out[i] = input.data[i] * s + t;
            }
        }
        return new Tensor(out, input.shape);
    }

    private static int channels(Tensor input, Tensor perChannel, String op) {
        if (input.rank() < 2 || perChannel.numel() != input.shape[1]) {
            throw new IllegalArgumentException(op + ": input " + Shapes.toString(input.shape)
                    + " does not have " + perChannel.numel() + " channels in dimension 1");
        }
        return input.shape[1];
    }

    private static void checkSize(Tensor parameter, int expected, String what) {
        if (parameter != null && parameter.numel() != expected) {
            throw new IllegalArgumentException(what + " " + Shapes.toString(parameter.shape) + " should have "
                    + expected + " elements");
        }
    }
}
