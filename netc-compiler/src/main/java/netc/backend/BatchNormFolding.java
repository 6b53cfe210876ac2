package netc.backend;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import netc.semantic.model.Module;
import netc.semantic.model.Trace;

/**
 * The eval-mode batch norms that can be folded into the convolution before them: the convolution's
 * output feeds only the batch norm, and neither module is applied anywhere else (shared weights
 * must stay unfolded).
 */
final class BatchNormFolding {
    private final Map<Integer, Trace.Apply> batchNormAfterConvolution = new HashMap<>();
    private final Map<Integer, Trace.Apply> convolutionBeforeBatchNorm = new HashMap<>();

    private BatchNormFolding() {
    }

    static BatchNormFolding find(Trace trace) {
        Map<Integer, Integer> consumers = new HashMap<>();
        Map<Module, Integer> applications = new HashMap<>();
        Map<Integer, Trace.Apply> producers = new HashMap<>();
        for (Trace.Step step : trace.steps()) {
            for (int input : inputsOf(step, trace)) {
                consumers.merge(input, 1, Integer::sum);
            }
            if (step instanceof Trace.Apply) {
                Trace.Apply apply = (Trace.Apply) step;
                producers.put(apply.id(), apply);
                if (apply.module() != null) {
                    applications.merge(apply.module(), 1, Integer::sum);
                }
            }
        }
        BatchNormFolding folding = new BatchNormFolding();
        for (Trace.Apply norm : producers.values()) {
            Trace.Apply conv = norm.inputs().isEmpty() ? null : producers.get(norm.inputs().get(0));
            if (isFoldableBatchNorm(norm) && conv != null && isConvolution(conv)
                && consumers.getOrDefault(conv.id(), 0) == 1
                && applications.get(conv.module()) == 1 && applications.get(norm.module()) == 1) {
                folding.batchNormAfterConvolution.put(conv.id(), norm);
                folding.convolutionBeforeBatchNorm.put(norm.id(), conv);
            }
        }
        return folding;
    }

    /** The batch norm folded into this convolution, or null. */
    Trace.Apply batchNormAfter(Trace.Apply convolution) {
        return batchNormAfterConvolution.get(convolution.id());
    }

    /** The convolution this batch norm is folded into, or null. */
    Trace.Apply convolutionOf(Trace.Apply batchNorm) {
        return convolutionBeforeBatchNorm.get(batchNorm.id());
    }

    private static boolean isFoldableBatchNorm(Trace.Apply apply) {
        return apply.spec().name().matches("batchnorm[123]d") && apply.module() != null
            && apply.module().state().stream().anyMatch(e -> e.key().equals("running_mean"));
    }

    private static boolean isConvolution(Trace.Apply apply) {
        return apply.spec().name().matches("conv[123]d") && apply.module() != null;
    }

    /**
     * The tensors a step reads; a tuple returned reads its tensors, one taken apart only names tensors
     * made before it; inputs, bounds and names read nothing themselves.
     */
    static List<Integer> inputsOf(Trace.Step step, Trace trace) {
        if (step instanceof Trace.Apply) {
            return ((Trace.Apply) step).inputs();
        }
        if (step instanceof Trace.Arithmetic) {
            Trace.Arithmetic arithmetic = (Trace.Arithmetic) step;
            return arithmetic.right() >= 0 ? List.of(arithmetic.left(), arithmetic.right()) : List.of(arithmetic.left());
        }
        if (step instanceof Trace.Index) {
            return List.of(((Trace.Index) step).input());
        }
        if (step instanceof Trace.Tuple) {
            Trace.Tuple tuple = (Trace.Tuple) step;
            return tuple.returned() ? trace.tensorIdsIn(tuple.value()) : List.of();
        }
        if (step instanceof Trace.Input || step instanceof Trace.Block || step instanceof Trace.Group
            || step instanceof Trace.Binding || step instanceof Trace.State) {
            return List.of();
        }
        throw new AssertionError(step);
    }
}
