package netc.backend;

import java.util.Arrays;
import java.util.Map;
import netc.diagnostics.Code;
import netc.diagnostics.SourceSpan;
import netc.diagnostics.Text;
import netc.semantic.catalog.BoundArguments;
import netc.semantic.model.AnalyzedModel;
import netc.semantic.model.Shape;
import netc.semantic.model.StateEntry;
import netc.semantic.model.Trace;
import netc.semantic.model.Value;

/**
 * The generated code and its runtime hold sizes, indices and element counts in Java ints, so every
 * size of a model must be at most 2^31-1 for it to be generated at all: checked before anything is.
 */
final class JavaSizes {
    private static final long MAX = Integer.MAX_VALUE;

    private JavaSizes() {
    }

    static void check(AnalyzedModel model) throws UnsupportedLayerException {
        for (Trace.Step step : model.trace().steps()) {
            if (step instanceof Trace.Input input) {
                checkShape(Text.of("java.sizes.input", input.name()), input.shape(), model.root().span());
            } else if (step instanceof Trace.Apply apply) {
                checkApply(apply);
            } else if (step instanceof Trace.Arithmetic arithmetic) {
                checkShape(Text.of("java.sizes.result"), arithmetic.output(), arithmetic.span());
            } else if (step instanceof Trace.Index index) {
                checkShape(Text.of("java.sizes.result"), index.output(), index.span());
            } else if (step instanceof Trace.State state) {
                checkShape(Text.of("verbatim", state.key()), state.output(), state.span());
            } else if (step instanceof Trace.Block || step instanceof Trace.Group || step instanceof Trace.Binding
                || step instanceof Trace.Tuple) {
                continue; // bounds, names and tuples hold no sizes of their own
            } else {
                throw new AssertionError(step);
            }
        }
    }

    private static void checkApply(Trace.Apply apply) throws UnsupportedLayerException {
        for (Map.Entry<String, BoundArguments.Bound> argument : apply.arguments().values().entrySet()) {
            SourceSpan span = argument.getValue().span() != null ? argument.getValue().span() : apply.span();
            checkValue(argument.getKey(), argument.getValue().value(), span);
        }
        if (apply.module() != null) {
            for (StateEntry entry : apply.module().state()) {
                checkSizes(Text.of("java.sizes.state", entry.key(), Arrays.toString(entry.shape())), entry.shape(), false,
                    apply.span());
            }
        }
        checkShape(Text.of("java.sizes.output"), apply.output(), apply.span());
    }

    private static void checkValue(String name, Value value, SourceSpan span) throws UnsupportedLayerException {
        if (value instanceof Value.Int integer && Math.abs(integer.value()) > MAX) {
            throw tooLarge(Text.of("java.sizes.is", name, integer.value()), span);
        }
        if (value instanceof Value.Tuple tuple) {
            for (Value element : tuple.elements()) {
                checkValue(name, element, span);
            }
        }
    }

    /** A tensor: each size after the batch, and the elements of one batch item. */
    private static void checkShape(Text what, Shape shape, SourceSpan span) throws UnsupportedLayerException {
        checkSizes(Text.of("java.sizes.shape", what, shape), shape.dims(), true, span);
    }

    /** {@code perItem}: the dims are one batch item's. */
    private static void checkSizes(Text what, long[] dims, boolean perItem, SourceSpan span)
            throws UnsupportedLayerException {
        long elements = 1;
        for (long size : dims) {
            if (size > MAX) {
                throw tooLarge(Text.of("java.sizes.dimension", what, size), span);
            }
            elements *= size; // at most 2^31 times at most 2^31: no overflow
            if (elements > MAX) {
                throw tooLarge(Text.of(perItem ? "java.sizes.elements_per_item" : "java.sizes.elements", what,
                    Shape.of(dims).elements()), span);
            }
        }
    }

    private static UnsupportedLayerException tooLarge(Text found, SourceSpan span) {
        return new UnsupportedLayerException(Code.SIZE_BEYOND_INT, Text.of("java.sizes.too_large", found), span);
    }
}
