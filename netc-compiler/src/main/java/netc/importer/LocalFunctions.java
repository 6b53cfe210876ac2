package netc.importer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import netc.diagnostics.Code;
import netc.diagnostics.Text;
import netc.onnx.OnnxProto.AttributeProto;
import netc.onnx.OnnxProto.FunctionProto;
import netc.onnx.OnnxProto.ModelProto;
import netc.onnx.OnnxProto.NodeProto;

/**
 * The graph's nodes with every call of a model-local function replaced by the function's nodes, as
 * torch.onnx writes each module of a class given in {@code export_modules_as_functions}: a node
 * {@code /layer1/layer1.0/relu/BasicBlock.1} of domain {@code torchvision.models.resnet} calling the
 * function {@code BasicBlock.1} (the class, numbered per distinct body). The function's formal inputs
 * and outputs become the call's values, its other values get names of their own, attributes it
 * refers to ({@code ref_attr_name}) take the call's values. Its nodes carry no scopes
 * ({@code Conv_72}), so each is recorded with the module path of the block it runs in, and the block
 * with its class.
 */
final class LocalFunctions {
    private LocalFunctions() {
    }

    /**
     * The nodes, functions inlined; the block path of every node that came from a function (by
     * identity), and each block's class by dotted path.
     */
    record Inlined(List<NodeProto> nodes, Map<NodeProto, List<String>> blocks, Map<String, String> classes) {
    }

    static Inlined inline(ModelProto model) throws ImportException {
        Map<String, FunctionProto> functions = new HashMap<>();
        for (FunctionProto function : model.getFunctionsList()) {
            functions.put(key(function.getDomain(), function.getName()), function);
        }
        List<NodeProto> graphNodes = model.getGraph().getNodeList();
        Inlined inlined = new Inlined(new ArrayList<>(), new IdentityHashMap<>(), new HashMap<>());
        if (functions.isEmpty()) {
            return new Inlined(graphNodes, Map.of(), Map.of());
        }
        Map<List<String>, Integer> users = new HashMap<>(); // module path -> how many nodes' scopes lie in it
        for (NodeProto node : graphNodes) {
            List<String> scope = scope(node);
            for (int n = 1; n <= scope.size(); n++) {
                users.merge(scope.subList(0, n), 1, Integer::sum);
            }
        }
        for (NodeProto node : graphNodes) {
            FunctionProto function = functions.get(key(node.getDomain(), node.getOpType()));
            if (function == null) {
                inlined.nodes.add(node);
                continue;
            }
            List<String> block = blockPath(scope(node), users);
            inlined.classes.put(String.join(".", block), function.getName().replaceFirst("\\.[0-9]+$", ""));
            expand(node, function, functions, block, new ArrayList<>(), inlined);
        }
        return inlined;
    }

    private static String key(String domain, String name) {
        return domain + "\u0000" + name;
    }

    /** The module path of a node's scope (/layer1/layer1.0/relu/BasicBlock.1: layer1, 0, relu); empty when it has none. */
    private static List<String> scope(NodeProto node) {
        List<String> scope = node.getName().startsWith("/") ? NetWriter.scope(node.getName()) : null;
        return scope == null ? List.of() : scope;
    }

    /**
     * A call's module: torch.onnx names it in the scope of the block's last operation (relu in
     * /layer1/layer1.0/relu/), so the block is the shortest part of that scope no other node runs in
     * (layer1 holds layer1.1 too).
     */
    private static List<String> blockPath(List<String> scope, Map<List<String>, Integer> users) {
        for (int n = 1; n < scope.size(); n++) {
            if (users.get(scope.subList(0, n)) == 1) {
                return scope.subList(0, n);
            }
        }
        return scope;
    }

    private static void expand(NodeProto call, FunctionProto function, Map<String, FunctionProto> functions,
                               List<String> block, List<String> calling, Inlined inlined) throws ImportException {
        if (calling.contains(key(function.getDomain(), function.getName()))) {
            throw new ImportException(Code.ONNX_INVALID_GRAPH, Text.of("importer.function_recursive",
                OnnxGraph.printable(function.getName())));
        }
        calling.add(key(function.getDomain(), function.getName()));
        try {
            Map<String, String> values = new HashMap<>();
            for (int i = 0; i < function.getInputCount(); i++) {
                values.put(function.getInput(i), i < call.getInputCount() ? call.getInput(i) : "");
            }
            for (int i = 0; i < function.getOutputCount(); i++) {
                values.put(function.getOutput(i), i < call.getOutputCount() ? call.getOutput(i) : "");
            }
            // the call's first output is unique in the graph, so its inner values' names are too
            String prefix = (call.getOutputCount() > 0 ? call.getOutput(0) : call.getName()) + "::";
            for (NodeProto inner : function.getNodeList()) {
                NodeProto.Builder node = inner.toBuilder().clearInput().clearOutput().clearAttribute()
                    .setName(call.getName() + "::" + inner.getName());
                for (String in : inner.getInputList()) {
                    node.addInput(in.isEmpty() ? "" : values.getOrDefault(in, prefix + in));
                }
                for (String out : inner.getOutputList()) {
                    node.addOutput(out.isEmpty() ? "" : values.computeIfAbsent(out, o -> prefix + o));
                }
                for (AttributeProto attribute : inner.getAttributeList()) {
                    AttributeProto value = attribute.getRefAttrName().isEmpty() ? attribute
                        : referred(call, function, attribute.getRefAttrName());
                    if (value != null) {
                        node.addAttribute(value.toBuilder().setName(attribute.getName()).clearRefAttrName());
                    }
                }
                NodeProto built = node.build();
                FunctionProto called = functions.get(key(built.getDomain(), built.getOpType()));
                if (called != null) {
                    expand(built, called, functions, block, calling, inlined);
                } else {
                    inlined.nodes.add(built);
                    inlined.blocks.put(built, block);
                }
            }
        } finally {
            calling.remove(calling.size() - 1);
        }
    }

    /** The value of a function's attribute in a call: the call's, else the function's default; null when neither has it. */
    private static AttributeProto referred(NodeProto call, FunctionProto function, String name) {
        for (AttributeProto attribute : call.getAttributeList()) {
            if (attribute.getName().equals(name)) {
                return attribute;
            }
        }
        for (AttributeProto attribute : function.getAttributeProtoList()) {
            if (attribute.getName().equals(name)) {
                return attribute;
            }
        }
        return null;
    }
}
