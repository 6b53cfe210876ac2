package netc.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Matrix products of tensors: {@code torch.matmul} (and {@code torch.bmm}), and {@code torch.einsum}. */
public final class Matrices {
    private Matrices() {
    }

    /**
     * {@code torch.matmul(a, b)}: a 1-d operand is a row (left) or a column (right) vector, dropped from the
     * result; the dimensions before the last two broadcast, and each pair of matrices goes through Gemm.
     */
    public static Tensor matmul(Tensor a, Tensor b) {
        boolean vectorLeft = a.rank() == 1;
        boolean vectorRight = b.rank() == 1;
        Tensor left = vectorLeft ? a.reshape(1, a.shape[0]) : a;
        Tensor right = vectorRight ? b.reshape(b.shape[0], 1) : b;
        int n = left.shape[left.rank() - 2];
        int k = left.shape[left.rank() - 1];
        int m = right.shape[right.rank() - 1];
        if (right.shape[right.rank() - 2] != k) {
            throw new IllegalArgumentException("matmul of " + Shapes.toString(a.shape) + " and "
                + Shapes.toString(b.shape) + ": inner sizes differ");
        }
        int[] batch = Arithmetic.broadcastShape(Arrays.copyOf(left.shape, left.rank() - 2),
            Arrays.copyOf(right.shape, right.rank() - 2));
        float[] l = Shaping.expand(left, concat(batch, n, k)).data;
        float[] r = Shaping.expand(right, concat(batch, k, m)).data;
        int count = Shapes.numel(batch);
        float[] out = new float[count * n * m];
        for (int i = 0; i < count; i++) {
            Gemm.multiply(n, m, k, Gemm.Matrix.rowMajor(l, i * n * k, k), Gemm.Matrix.rowMajor(r, i * k * m, m), out,
                i * n * m, m);
        }
        List<Integer> shape = new ArrayList<>();
        Arrays.stream(batch).forEach(shape::add);
        if (!vectorLeft) {
            shape.add(n);
        }
        if (!vectorRight) {
            shape.add(m);
        }
        return new Tensor(out, shape.stream().mapToInt(Integer::intValue).toArray());
    }

    private static int[] concat(int[] batch, int rows, int cols) {
        int[] shape = Arrays.copyOf(batch, batch.length + 2);
        shape[batch.length] = rows;
        shape[batch.length + 1] = cols;
        return shape;
    }

    /**
     * {@code torch.einsum(equation, operands...)}: letters name dimensions, {@code ...} the dimensions no
     * letter names (broadcast across operands), a size 1 broadcasts against the letter's size elsewhere;
     * without {@code ->} the output is the ellipsis, then the letters that appear once, in alphabetical
     * order. Every letter not in the output is summed over, in double precision.
     */
    public static Tensor einsum(String equation, Tensor... operands) {
        String text = equation.replace(" ", "");
        String[] sides = text.split("->", -1);
        String[] terms = sides[0].split(",", -1);
        if (terms.length != operands.length) {
            throw new IllegalArgumentException("einsum \"" + equation + "\" names " + terms.length + " operands, but "
                + operands.length + " were given");
        }
        int ellipsis = 0;
        for (int i = 0; i < terms.length; i++) {
            if (terms[i].contains("...")) {
                ellipsis = Math.max(ellipsis, operands[i].rank() - (terms[i].length() - 3));
            }
        }
        // the ellipsis' dimensions get letters of their own, right-aligned as broadcasting aligns them
        String spread = "";
        for (int i = 0; i < ellipsis; i++) {
            spread += (char) ('\u0100' + i);
        }
        String[] inputs = new String[terms.length];
        for (int i = 0; i < terms.length; i++) {
            int covered = operands[i].rank() - (terms[i].length() - 3);
            inputs[i] = terms[i].contains("...") ? terms[i].replace("...", spread.substring(ellipsis - covered))
                : terms[i];
        }
        String output = sides.length == 2 ? sides[1].replace("...", spread) : implicitOutput(inputs, spread);
        return pairwise(inputs, output, operands);
    }

    /**
     * Contracts the operands from left to right, as PyTorch does: each step keeps only the letters the
     * output or a later operand needs, so the work grows with the operands, not with their product.
     */
    private static Tensor pairwise(String[] inputs, String output, Tensor[] operands) {
        Tensor result = operands[0];
        String letters = inputs[0];
        for (int i = 1; i < operands.length; i++) {
            StringBuilder later = new StringBuilder(output);
            for (int j = i + 1; j < inputs.length; j++) {
                later.append(inputs[j]);
            }
            StringBuilder kept = new StringBuilder();
            (letters + inputs[i]).chars().filter(c -> later.indexOf(String.valueOf((char) c)) >= 0
                && kept.indexOf(String.valueOf((char) c)) < 0).forEach(c -> kept.append((char) c));
            result = contract(new String[] {letters, inputs[i]}, kept.toString(), new Tensor[] {result, operands[i]});
            letters = kept.toString();
        }
        return contract(new String[] {letters}, output, new Tensor[] {result});
    }

    private static String implicitOutput(String[] inputs, String spread) {
        String all = String.join("", inputs);
        StringBuilder once = new StringBuilder();
        all.chars().filter(c -> c < '\u0100' && all.indexOf(c) == all.lastIndexOf(c)).sorted()
            .forEach(c -> once.append((char) c));
        return spread + once;
    }

    /** Sums the products of the operands' elements over every letter not in {@code output}. */
    private static Tensor contract(String[] inputs, String output, Tensor[] operands) {
        StringBuilder letters = new StringBuilder(output);
        for (String input : inputs) {
            input.chars().filter(c -> letters.indexOf(String.valueOf((char) c)) < 0)
                .forEach(c -> letters.append((char) c));
        }
        int[] sizes = new int[letters.length()];
        Arrays.fill(sizes, 1);
        // each operand's step along each letter: its dimensions' strides (added up for a repeated letter), 0 where it broadcasts
        int[][] steps = new int[operands.length][letters.length()];
        for (int o = 0; o < operands.length; o++) {
            int[] shape = operands[o].shape;
            int stride = 1;
            for (int d = shape.length - 1; d >= 0; d--) {
                int letter = letters.indexOf(String.valueOf(inputs[o].charAt(d)));
                if (shape[d] != 1) {
                    sizes[letter] = shape[d];
                    steps[o][letter] += stride;
                }
                stride *= shape[d];
            }
        }
        int[] outShape = Arrays.copyOf(sizes, output.length());
        int outer = Shapes.numel(outShape);
        int inner = Shapes.numel(Arrays.copyOfRange(sizes, output.length(), sizes.length));
        float[] out = new float[outer];
        int[] index = new int[sizes.length];
        int[] offsets = new int[operands.length];
        for (int i = 0; i < outer; i++) {
            double sum = 0;
            for (int j = 0; j < inner; j++) {
                double product = 1;
                for (int o = 0; o < operands.length; o++) {
                    product *= operands[o].data[offsets[o]];
                }
                sum += product;
                advance(index, sizes, steps, offsets, output.length(), sizes.length);
            }
            out[i] = (float) sum;
            advance(index, sizes, steps, offsets, 0, output.length());
        }
        return new Tensor(out, outShape);
    }

    /**
     * Moves the odometer over letters [from, to) one step, the last fastest, keeping each operand's offset
     * in step; after a full turn they are all back at 0.
     */
    private static void advance(int[] index, int[] sizes, int[][] steps, int[] offsets, int from, int to) {
        for (int letter = to - 1; letter >= from; letter--) {
            index[letter]++;
            boolean wraps = index[letter] == sizes[letter];
            for (int o = 0; o < offsets.length; o++) {
                offsets[o] += wraps ? -steps[o][letter] * (sizes[letter] - 1) : steps[o][letter];
            }
            if (!wraps) {
                return;
            }
            index[letter] = 0;
        }
    }
}
