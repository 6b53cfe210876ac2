package netc.semantic.catalog;

import java.util.ArrayList;
import java.util.List;
import netc.diagnostics.Diagnostics;
import netc.diagnostics.SourceSpan;
import netc.diagnostics.Sources;
import netc.semantic.model.Trace;
import netc.semantic.model.Value;

/**
 * How the rules of one call computed its sizes: the derivations of its shape rule, then those of its
 * state rule (a weight's size per group, a recurrent layer's parameters per layer and direction).
 */
public record Working(List<Derivation> shape, List<Derivation> state) {

    private static final Working NONE = new Working(List.of(), List.of());

    public Working {
        shape = List.copyOf(shape);
        state = List.copyOf(state);
    }

    /** The working of a layer call of {@code trace}; none where an error left its arguments or inputs unknown. */
    public static Working of(Trace.Apply apply, Trace trace, Sources source) {
        List<Value.Tensor> inputs = new ArrayList<>();
        for (int id : apply.inputs()) {
            if (id < 0 || !trace.tensor(id).known()) {
                return NONE;
            }
            inputs.add(trace.tensor(id));
        }
        return apply.arguments() == null || apply.output() == null ? NONE
            : of(apply.spec(), apply.arguments(), inputs, apply.span(), source);
    }

    /**
     * The working of a call a trace recorded: its rules run again on the same arguments and inputs, as
     * they ran in the check, reporting to nothing (the check reported what there was to report).
     */
    public static Working of(LayerSpec spec, BoundArguments arguments, List<Value.Tensor> inputs, SourceSpan span,
                             Sources source) {
        LayerCall call = new LayerCall(spec, inputs, arguments.values(), span, source, new Diagnostics());
        try {
            spec.shapeRule().apply(call);
        } catch (LayerCall.Overflow | ArithmeticException e) {
            return new Working(call.derivations(), List.of()); // the check reported it: no state
        }
        int shapeSteps = call.derivations().size();
        try {
            spec.stateRule().entries(call);
        } catch (LayerCall.Overflow | ArithmeticException e) {
            // the check reported it; what was derived before stays
        }
        List<Derivation> all = call.derivations();
        return new Working(all.subList(0, shapeSteps), all.subList(shapeSteps, all.size()));
    }
}
