package netc.semantic.catalog;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import netc.diagnostics.Code;
import netc.diagnostics.Text;
import netc.semantic.model.Shape;

/**
 * Matrix products: torch.matmul (and the operator @), torch.bmm and torch.einsum, with PyTorch's shape
 * rules worked on whole shapes, batch included. The batch size is unknown, so a product that would meet
 * the batch dimension with any other dimension than the batch (or a 1 broadcast to it) has no shape for
 * every batch size: that is error E317.
 */
final class MatrixFunctions {
    /** The batch dimension in a whole shape. */
    static final long BATCH = -1;

    private MatrixFunctions() {
    }

    static void register(Catalog.Builder catalog) {
        catalog.add(ElementwiseFunctions.function("matmul", LayerSpec.Dtypes.FLOAT, MatrixFunctions::matmulShape)
            .inputs(2, 2));
        catalog.add(new LayerSpec("bmm", "bmm", 0, List.of(), 3, 3, MatrixFunctions::bmmShape, LayerSpec.NO_STATE, false)
            .inputs(2, 2));
        catalog.add(ElementwiseFunctions.function("einsum", LayerSpec.Dtypes.FLOAT, MatrixFunctions::einsumShape,
            ArgSpec.required("equation", ArgType.STRING)).inputs(1, Integer.MAX_VALUE)
            .torch(new TorchForm("torch.einsum", TorchForm.Style.ARGUMENTS_FIRST, List.of())));
    }

    /** {@code [-1, 4, 8]} as {@code {BATCH, 4, 8}}. */
    static long[] whole(Shape shape) {
        long[] dims = new long[shape.rank()];
        dims[0] = BATCH;
        System.arraycopy(shape.dims(), 0, dims, 1, shape.size());
        return dims;
    }

    /** torch.matmul: 1-d operands become matrices, the dimensions before the last two broadcast. */
    private static Shape matmulShape(LayerCall call) {
        Shape a = call.inputShapes().get(0);
        Shape b = call.inputShapes().get(1);
        long[] left = whole(a);
        long[] right = whole(b);
        boolean vectorLeft = left.length == 1;
        boolean vectorRight = right.length == 1;
        long[] l = vectorLeft ? new long[] {1, left[0]} : left;
        long[] r = vectorRight ? new long[] {right[0], 1} : right;
        long inner = l[l.length - 1];
        long other = r[r.length - 2];
        Text operands = Text.of("matrix.text", call.name(), a, b);
        if (inner == BATCH || other == BATCH) {
            return batchMixed(call, Text.of("matrix.would_sum_over_batch", operands));
        }
        if (inner != other) {
            return call.error(Code.CONTRACTED_SIZES, Text.of("matrix.first_last_dimension_must", operands, inner,
                Text.of(vectorRight ? "matrix.only" : "matrix.second_to_last"), other),
                null);
        }
        long[] batch = broadcast(Arrays.copyOf(l, l.length - 2), Arrays.copyOf(r, r.length - 2));
        if (batch == null) {
            return call.error(Code.SHAPE_MISMATCH, Text.of("matrix.dimensions_before_last_two", operands),
                null);
        }
        List<Long> out = new ArrayList<>();
        Arrays.stream(batch).forEach(out::add);
        if (!vectorLeft) {
            out.add(l[l.length - 2]);
        }
        if (!vectorRight) {
            out.add(r[r.length - 1]);
        }
        return batched(call, operands, out);
    }

    /** torch.bmm: two 3-d tensors, the batch first in both. */
    private static Shape bmmShape(LayerCall call) {
        Shape a = call.inputShapes().get(0);
        Shape b = call.inputShapes().get(1);
        if (a.dim(1) != b.dim(0)) {
            return call.error(Code.CONTRACTED_SIZES, Text.of("matrix.bmm_first_last_dimension", a, b, a.dim(1),
                b.dim(0)), null);
        }
        return Shape.of(a.dim(0), b.dim(1));
    }

    /**
     * Right-aligned broadcasting of whole dimensions: equal, or 1 in one of them; the batch meets only
     * the batch or 1. Null when some pair does not broadcast; {@code BATCH} paired with another size
     * makes a result {@link #batched} refuses.
     */
    private static long[] broadcast(long[] a, long[] b) {
        long[] out = new long[Math.max(a.length, b.length)];
        for (int i = 1; i <= out.length; i++) {
            long x = i <= a.length ? a[a.length - i] : 1;
            long y = i <= b.length ? b[b.length - i] : 1;
            if (x != y && x != 1 && y != 1) {
                if (x != BATCH && y != BATCH) {
                    return null;
                }
                out[out.length - i] = Long.MIN_VALUE; // the batch against a size: no shape for every batch
                continue;
            }
            out[out.length - i] = x == 1 ? y : x;
        }
        return out;
    }

    /** A result whose dimension 0 is the batch and no other dimension is: its shape after the batch. */
    private static Shape batched(LayerCall call, Text operands, List<Long> dims) {
        boolean ok = !dims.isEmpty() && dims.get(0) == BATCH;
        for (int i = 1; i < dims.size() && ok; i++) {
            ok = dims.get(i) > 0;
        }
        if (!ok) {
            return batchMixed(call, Text.of("matrix.would_pair_batch_dimension", operands));
        }
        return Shape.of(dims.subList(1, dims.size()).stream().mapToLong(Long::longValue).toArray());
    }

    private static Shape batchMixed(LayerCall call, Text message) {
        return call.error(Code.BATCH_MIXED, message, Text.of("matrix.netc_tensors_carry_batch"));
    }

    // ---- einsum --------------------------------------------------------------------------------

    /** One operand's subscripts: letters, and where its ellipsis stands (-1 without one). */
    private record Subscripts(String letters, int ellipsis) {
    }

    private static Shape einsumShape(LayerCall call) {
        String equation = call.stringArg("equation").replace(" ", "");
        String[] sides = equation.split("->", -1);
        if (sides.length > 2) {
            return badEquation(call, Text.of("matrix.has_more_than_one"));
        }
        String[] terms = sides[0].split(",", -1);
        List<Shape> shapes = call.inputShapes();
        if (terms.length != shapes.size()) {
            return call.argError("equation", Code.EINSUM_OPERANDS, Text.of("matrix.einsum_equation_names_given",
                call.stringArg("equation"), terms.length,
                (terms.length == 1 ? Text.of("matrix.operand") : Text.of("matrix.operands")), shapes.size(),
                (shapes.size() == 1 ? Text.of("matrix.tensor_was") : Text.of("matrix.tensors_were"))));
        }
        List<Subscripts> inputs = new ArrayList<>();
        for (String term : terms) {
            Subscripts subscripts = subscripts(call, term);
            if (subscripts == null) {
                return null;
            }
            inputs.add(subscripts);
        }
        Map<Character, Long> sizes = new LinkedHashMap<>();
        Map<Character, Integer> counts = new LinkedHashMap<>();
        Map<Character, Integer> sizedBy = new LinkedHashMap<>();
        long[] ellipsis = new long[0];
        for (int k = 0; k < inputs.size(); k++) {
            Subscripts term = inputs.get(k);
            long[] dims = whole(shapes.get(k));
            int named = term.letters().length();
            if (term.ellipsis() < 0 ? dims.length != named : dims.length < named) {
                return badEquation(call, Text.of("matrix.operand_has_dimensions_subscripts", (k + 1), shapes.get(k),
                    dims.length, terms[k], named));
            }
            int rest = dims.length - named;
            for (int i = 0; i < named; i++) {
                char letter = term.letters().charAt(i);
                int at = term.ellipsis() >= 0 && i >= term.ellipsis() ? i + rest : i;
                Long seen = sizes.get(letter);
                long size = dims[at];
                counts.merge(letter, 1, Integer::sum);
                if (seen == null || seen == 1) {
                    sizes.put(letter, seen == null || size != 1 ? size : seen);
                    sizedBy.put(letter, seen == null || size != 1 ? k : sizedBy.get(letter));
                } else if (size != seen && size != 1) {
                    if (size == BATCH || seen == BATCH) {
                        return batchMixed(call, Text.of("matrix.einsum_stands_batch_dimension", letter,
                            (size == BATCH ? seen : size)));
                    }
                    int first = sizedBy.get(letter);
                    return call.error(Code.CONTRACTED_SIZES, Text.of("matrix.einsum_operand_operand", letter, seen,
                        (first + 1), shapes.get(first), size, (k + 1), shapes.get(k)), null);
                }
            }
            if (term.ellipsis() >= 0) {
                long[] broadcast = broadcast(ellipsis,
                    Arrays.copyOfRange(dims, term.ellipsis(), term.ellipsis() + rest));
                if (broadcast == null) {
                    return call.error(Code.SHAPE_MISMATCH, Text.of("matrix.einsum_operand_does_not", (k + 1),
                        shapes.get(k)), null);
                }
                ellipsis = broadcast;
            }
        }
        Subscripts output = sides.length == 2 ? subscripts(call, sides[1]) : implicitOutput(counts, ellipsis.length > 0);
        if (output == null) {
            return null;
        }
        List<Long> out = new ArrayList<>();
        for (int i = 0; i <= output.letters().length(); i++) {
            if (i == output.ellipsis()) {
                Arrays.stream(ellipsis).forEach(out::add);
            }
            if (i == output.letters().length()) {
                break;
            }
            char letter = output.letters().charAt(i);
            if (!sizes.containsKey(letter)) {
                return badEquation(call, Text.of("matrix.output_no_operand", letter));
            }
            if (output.letters().indexOf(letter) != i) {
                return badEquation(call, Text.of("matrix.output_names_twice", letter));
            }
            out.add(sizes.get(letter));
        }
        for (Map.Entry<Character, Long> entry : sizes.entrySet()) {
            if (entry.getValue() == BATCH && output.letters().indexOf(entry.getKey()) < 0) {
                return batchMixed(call, Text.of("matrix.einsum_equation_sums_over", entry.getKey()));
            }
        }
        return batched(call, Text.of("matrix.einsum", call.stringArg("equation"), shapesText(shapes)), out);
    }

    /** Letters, at most one {@code ...}; null after reporting anything else. */
    private static Subscripts subscripts(LayerCall call, String term) {
        int ellipsis = term.indexOf("...");
        String letters = ellipsis < 0 ? term : term.substring(0, ellipsis) + term.substring(ellipsis + 3);
        for (char c : letters.toCharArray()) {
            if (!(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z')) {
                badEquation(call, c == '.' ? Text.of("matrix.may_appear_once_each") : Text.of("matrix.not_subscript_subscripts_letters", c));
                return null;
            }
        }
        return new Subscripts(letters, ellipsis);
    }

    /** Without {@code ->}: the ellipsis, then the letters that appear once, in alphabetical order. */
    private static Subscripts implicitOutput(Map<Character, Integer> counts, boolean ellipsis) {
        StringBuilder letters = new StringBuilder();
        counts.entrySet().stream().filter(e -> e.getValue() == 1).map(Map.Entry::getKey).sorted()
            .forEach(letters::append);
        return new Subscripts(letters.toString(), ellipsis ? 0 : -1);
    }

    private static Shape badEquation(LayerCall call, Text why) {
        return call.argError("equation", Code.EINSUM_EQUATION, Text.of("matrix.einsum_equation_does_not",
            call.stringArg("equation"), why));
    }

    private static Text shapesText(List<Shape> shapes) {
        List<String> texts = new ArrayList<>();
        shapes.forEach(shape -> texts.add(shape.toString()));
        return Text.joined("list.and", texts);
    }
}
