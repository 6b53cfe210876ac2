package netc.backend;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import netc.semantic.catalog.BoundArguments;
import netc.semantic.catalog.LayerSpec;
import netc.semantic.model.AnalyzedModel;
import netc.semantic.model.Invocation;
import netc.semantic.model.Module;
import netc.semantic.model.Shape;
import netc.semantic.model.StateEntry;
import netc.semantic.model.Value;

/**
 * One entry of torchinfo 1.8.0's summary list (its LayerInfo): a module call in pre-order, or a
 * container never called that torchinfo lists above the calls inside it, with its depth in the
 * module tree, its running index at that depth, and the statistics torchinfo keeps for it.
 */
final class TorchInfoLayer {
    /** netc's tensors are float32, as torchinfo's default input dtype makes them. */
    static final int ELEMENT_BYTES = 4;

    private final Module module;
    /** Null where the module was not called (a ModuleList), as torchinfo's empty sizes. */
    private final Shape input;
    private final Shape output;
    private final int depth;
    private boolean recursive;
    private final long batch;
    private int depthIndex;
    private List<TorchInfoLayer> descendants = List.of();

    private TorchInfoLayer(Module module, Shape input, Shape output, boolean recursive, long batch) {
        this.module = module;
        this.input = input;
        this.output = output;
        // the depth in the module tree, which the names in the state_dict prefix count
        this.depth = module.path().isEmpty() ? 0 : module.path().split("\\.").length;
        this.recursive = recursive;
        this.batch = batch;
    }

    /**
     * Every call of the model, the model's own first, as torchinfo's pre-hooks list them, with the
     * containers it adds; then, as its set_children_layers, each depth numbered across the model.
     */
    static List<TorchInfoLayer> of(AnalyzedModel model, long batch, boolean hideStateless) {
        Builder builder = new Builder(batch, hideStateless);
        Shape modelInput = model.inputs().isEmpty() ? null : model.inputs().get(0).shape();
        builder.visit(model.forward(), modelInput, Integer.MAX_VALUE);
        List<TorchInfoLayer> layers = builder.withContainers(parents(model.root()));
        Map<Integer, Integer> countPerDepth = new HashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            TorchInfoLayer layer = layers.get(i);
            layer.depthIndex = countPerDepth.merge(layer.depth, 1, Integer::sum);
            int end = i + 1;
            while (end < layers.size() && layers.get(end).depth > layer.depth) {
                end++;
            }
            layer.descendants = layers.subList(i + 1, end);
        }
        return layers;
    }

    private static Map<Module, Module> parents(Module root) {
        Map<Module, Module> parents = new IdentityHashMap<>();
        List<Module> pending = new ArrayList<>(List.of(root));
        while (!pending.isEmpty()) {
            Module module = pending.remove(pending.size() - 1);
            for (Module child : module.children()) {
                parents.put(child, module);
                pending.add(child);
            }
        }
        return parents;
    }

    /** Walks the calls in pre-order, as PyTorch makes them in eval mode, the mode torchinfo runs a model in. */
    private static final class Builder {
        private final long batch;
        private final boolean hideStateless;
        private final List<TorchInfoLayer> calls = new ArrayList<>();
        private final Set<Module> listed = new HashSet<>();

        Builder(long batch, boolean hideStateless) {
            this.batch = batch;
            this.hideStateless = hideStateless;
        }

        /** {@code callsBelow}: how many levels of calls PyTorch makes inside this one. */
        void visit(Invocation call, Shape input, int callsBelow) {
            Module module = call.module();
            LayerSpec spec = module.spec();
            int below = spec == null ? callsBelow
                : Math.min(callsBelow, spec.torchInfo().evalCallDepth().applyAsInt(module.arguments()));
            // torchinfo marks a module recursive when an earlier call already listed it
            calls.add(new TorchInfoLayer(module, input, call.output(), !listed.add(module), batch));
            if (below == 0) {
                return;
            }
            for (Invocation child : call.children()) {
                if (!(hideStateless && SummaryRows.isStatelessLayer(child.module()))) {
                    visit(child, child.inputs().isEmpty() ? null : child.inputs().get(0), below - 1);
                }
            }
        }

        /**
         * add_missing_container_layers: above a call whose parent module (at each depth) is not the
         * module last listed at that depth, the parent is listed too, uncalled (a transformer
         * stack's ModuleList, which its forward iterates without calling). torchinfo keeps one entry
         * per container: listed again (a ModuleList's element called after other modules), it is the
         * same entry, marked recursive, and every row of it shows what its last listing computed.
         */
        List<TorchInfoLayer> withContainers(Map<Module, Module> parents) {
            List<TorchInfoLayer> layers = new ArrayList<>();
            Map<Integer, Module> current = new HashMap<>();
            Map<Module, TorchInfoLayer> containers = new IdentityHashMap<>();
            for (TorchInfoLayer call : calls) {
                List<Module> ancestors = new ArrayList<>();
                for (Module m = parents.get(call.module); m != null && parents.containsKey(m); m = parents.get(m)) {
                    ancestors.add(0, m);
                }
                for (int i = 0; i < ancestors.size(); i++) {
                    Module ancestor = ancestors.get(i);
                    int depth = i + 1;
                    if (current.get(depth) != ancestor) {
                        TorchInfoLayer container = containers.get(ancestor);
                        if (container == null) {
                            container = new TorchInfoLayer(ancestor, null, null, !listed.add(ancestor), batch);
                            containers.put(ancestor, container);
                        } else {
                            container.recursive = true;
                        }
                        layers.add(container);
                        current.put(depth, ancestor);
                    }
                }
                layers.add(call);
                current.put(call.depth, call.module);
                current.keySet().removeIf(d -> d > call.depth);
            }
            return layers;
        }
    }

    int depth() {
        return depth;
    }

    boolean recursive() {
        return recursive;
    }

    /** A module without child modules, whatever it calls functionally. */
    boolean leaf() {
        return module.children().isEmpty();
    }

    /** named_parameters(): the module's and all below it; netc has no frozen parameters. */
    long parameters() {
        return module.totalParameters();
    }

    long outputBytes() {
        return output == null ? 0 : ELEMENT_BYTES * batch * output.elements();
    }

    String className() {
        return module.torchClass();
    }

    /** The attribute name of the module in its parent; the model's own class name for the model. */
    String varName() {
        return depth == 0 ? module.torchClass() : module.name();
    }

    /** The running index at this depth across the model, counted from 1. */
    int depthIndex() {
        return depthIndex;
    }

    String inputText() {
        return shapeText(input);
    }

    String outputText() {
        return shapeText(output);
    }

    private String shapeText(Shape shape) {
        return shape == null ? "--" : shape.withBatch(batch);
    }

    /** num_params_to_str: at the depth limit a row speaks for its hidden calls too. */
    String parametersText(boolean reachedMaxDepth) {
        if (parameters() == 0) {
            return "--";
        }
        if (recursive) {
            return "(recursive)";
        }
        if (reachedMaxDepth || leaf()) {
            return PythonFormat.grouped(parameters());
        }
        long leftover = leftoverParameters();
        return leftover > 0 ? PythonFormat.grouped(leftover) : "--";
    }

    /**
     * params_percent: the share of the total (the parameters num_params_to_str would show), as
     * Python's f"{share:>7.2%}"; "     --" where there are none.
     */
    String parametersPercentText(long totalParameters, boolean reachedMaxDepth) {
        String none = "     --";
        if (totalParameters == 0) {
            return none;
        }
        if (recursive) {
            return "(recursive)";
        }
        long shown = reachedMaxDepth || leaf() ? parameters() : leftoverParameters();
        if (shown == 0) {
            return none;
        }
        return PythonFormat.alignRight(PythonFormat.twoDecimals((double) shown / totalParameters * 100) + "%", 7);
    }

    /** Parameters not already counted by a listed call below this one. */
    long leftoverParameters() {
        long counted = 0;
        for (TorchInfoLayer layer : descendants) {
            if (!layer.recursive) {
                counted += layer.leaf() ? layer.parameters() : layer.leftoverParameters();
            }
        }
        return parameters() - counted;
    }

    /** macs_to_str: at the depth limit, the sum over the leaf calls below. */
    String multAddsText(boolean reachedMaxDepth) {
        if (multAdds() <= 0) {
            return "--";
        }
        if (leaf()) {
            return PythonFormat.grouped(multAdds());
        }
        if (!reachedMaxDepth) {
            return "--";
        }
        return PythonFormat.grouped(descendants.stream()
            .filter(TorchInfoLayer::leaf).mapToLong(TorchInfoLayer::multAdds).sum());
    }

    /** calculate_macs: a sum over named_parameters(), whose names are relative to the called module. */
    long multAdds() {
        return output == null ? 0 : namedParameterMultAdds(module, "");
    }

    private long namedParameterMultAdds(Module owner, String prefix) {
        long total = 0;
        for (StateEntry entry : owner.state()) {
            if (entry.parameter()) {
                total += parameterMultAdds(prefix + entry.key(), entry.elements());
            }
        }
        for (Module child : owner.children()) {
            total += namedParameterMultAdds(child, prefix + child.name() + ".");
        }
        return total;
    }

    private long parameterMultAdds(String parameterName, long count) {
        if (parameterName.equals("weight") || parameterName.equals("bias")) {
            return count * batch * (traits().parametersAtEveryPosition() ? positions(output) : 1);
        }
        if (parameterName.contains("weight") || parameterName.contains("bias")) {
            // recurrent weights such as weight_ih_l0, and any nested module's parameters
            return count * batch * (output.size() == 0 ? 1 : output.dim(0));
        }
        return 0;
    }

    /** The catalogue's torchinfo traits of the layer; a block's module has none of its own. */
    private LayerSpec.TorchInfoTraits traits() {
        LayerSpec spec = module.spec();
        return spec == null ? LayerSpec.TorchInfoTraits.PLAIN : spec.torchInfo();
    }

    private static long positions(Shape output) {
        long n = 1;
        for (int i = 1; i < output.size(); i++) {
            n *= output.dim(i);
        }
        return n;
    }

    /**
     * The module's kernel_size attribute as Python prints it: a list where PyTorch stores a tuple
     * (see {@link LayerSpec.TorchInfoTraits}), else what the pool was given. netc keeps only the tuple, so a
     * pool's equal sizes print as one int, as they are nearly always written.
     */
    String kernelText() {
        BoundArguments arguments = module.arguments();
        BoundArguments.Bound kernel = arguments == null ? null : arguments.values().get("kernel_size");
        if (kernel == null) {
            return "--";
        }
        List<Long> sizes = ((Value.Tuple) kernel.value()).elements().stream()
            .map(v -> ((Value.Int) v).value()).collect(Collectors.toList());
        if (!traits().kernelSizeTuple() && sizes.stream().distinct().count() == 1) {
            return Long.toString(sizes.get(0));
        }
        return sizes.toString();
    }
}
