package netc.backend;

import java.util.ArrayList;
import java.util.List;
import netc.semantic.model.Invocation;
import netc.semantic.model.Module;

/**
 * The rows torchsummary prints: every module call after it returns, but nn.Sequential groups,
 * nn.ModuleLists (and blocks extending them) and the model itself; with {@code hideStateless}, also without layers that hold no state, as if
 * they were functional calls.
 */
final class SummaryRows {
    private SummaryRows() {
    }

    static List<Invocation> of(Invocation forward, boolean hideStateless) {
        List<Invocation> rows = new ArrayList<>();
        for (Invocation call : forward.callsAsReturned()) {
            Module module = call.module();
            if (module.kind() == Module.Kind.SEQUENTIAL || module.kind() == Module.Kind.LIST) {
                continue;
            }
            if (hideStateless && isStatelessLayer(module)) {
                continue;
            }
            rows.add(call);
        }
        return rows;
    }

    /** A layer without parameters or buffers, which --hide-stateless treats as a functional call. */
    static boolean isStatelessLayer(Module module) {
        return module.kind() == Module.Kind.LAYER && module.state().isEmpty();
    }
}
