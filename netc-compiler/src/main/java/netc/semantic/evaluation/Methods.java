package netc.semantic.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import netc.diagnostics.Code;
import netc.diagnostics.Diagnostic;
import netc.diagnostics.Diagnostics;
import netc.diagnostics.Excerpts;
import netc.diagnostics.SourceSpan;
import netc.diagnostics.Text;
import netc.semantic.catalog.ArgSpec;
import netc.semantic.catalog.ArgType;
import netc.semantic.catalog.ArgumentBinder;
import netc.semantic.catalog.BoundArguments;
import netc.semantic.catalog.Catalog;
import netc.semantic.catalog.LayerSpec;
import netc.semantic.model.Shape;
import netc.semantic.model.Value;
import netc.syntax.Expr;
import netc.syntax.Identifier;

/**
 * Tensor methods and attributes ({@code x.view(...)}, {@code x.size(1)}, {@code x.shape}) with
 * PyTorch's meaning: dimensions count the batch, which is dimension 0 and must stay there. A
 * method is the catalogue's tensor function of its name with the receiver as its first tensor
 * ({@code x.mean(dim=1)} is {@code mean(x, dim=1)}); view, reshape, expand and flatten differ
 * from their function forms in taking sizes and dimensions from the batch on.
 */
public final class Methods {
    /** The attribute, and the methods with a meaning of their own; the other methods are the catalogue's functions. */
    public static final String SHAPE = "shape";
    private static final List<String> OWN = List.of("size", "dim", "view", "reshape", "expand", "flatten");
    private static final List<ArgSpec> SIZE_SIGNATURE = List.of(ArgSpec.optional("dim", ArgType.INT, Value.NONE));

    private final Evaluator evaluator;

    Methods(Evaluator evaluator) {
        this.evaluator = evaluator;
    }

    /** Every method name a tensor has, and its attribute: what completion offers after {@code x.}. */
    public static List<String> names(Catalog catalog) {
        TreeSet<String> names = new TreeSet<>(OWN);
        names.add(SHAPE);
        for (Catalog.Entry entry : catalog.entries()) {
            if (isFunction(entry)) {
                names.add(entry.name());
            }
        }
        return new ArrayList<>(names);
    }

    /** Whether the method has a meaning of its own rather than its function's ({@code view}, {@code size}). */
    public static boolean ownMeaning(String name) {
        return OWN.contains(name) || name.equals(SHAPE);
    }

    private static boolean isFunction(Catalog.Entry entry) {
        return entry.variants().stream().allMatch(LayerSpec::stateless);
    }

    Value apply(Expr.Method method) {
        return unknownQualifier(method) ? Value.INVALID : applyChecked(method);
    }

    /** A method whose dotted name, if it is one, was checked already: a chain's methods are checked once, not each. */
    private Value applyChecked(Expr.Method method) {
        Value receiver = method.receiver() instanceof Expr.Method ? applyChecked((Expr.Method) method.receiver())
            : evaluator.expressions().value(method.receiver());
        if (receiver.invalid()) {
            return Value.INVALID;
        }
        if (!(receiver instanceof Value.Tensor)) {
            return fail(Code.METHOD_ON_NON_TENSOR, method.span(), Text.of("method.needs_tensor", method.name().text(),
                text(method.receiver()), receiver.describe()));
        }
        Value.Tensor tensor = (Value.Tensor) receiver;
        String name = method.name().text();
        if (name.equals(SHAPE)) {
            return method.called() ? fail(Code.METHOD_NOT_CALLED, method.span(),
                Text.of("method.shape_attribute_not_method", text(method.receiver()), text(method.receiver()),
                text(method.receiver()))) : sizes(tensor);
        }
        Catalog.Entry function = function(name);
        if (!OWN.contains(name) && function == null) {
            return unknownMethod(method);
        }
        if (!method.called()) {
            return fail(Code.METHOD_NOT_CALLED, method.span(), Text.of("method.method_call", text(method),
                text(method)));
        }
        List<ArgumentBinder.Given> given = new ArrayList<>(evaluator.expressions().arguments(method.arguments()));
        switch (name) {
            case "size":
                return size(method, tensor, given);
            case "dim":
                return noArguments(method, given) && tensor.known() ? new Value.Int(tensor.shape().rank()) : Value.INVALID;
            case "view":
            case "reshape":
            case "expand":
                return batchSizes(method, tensor, given);
            case "flatten":
                return flatten(method, tensor, given);
            default:
                return call(function, method, tensor, given);
        }
    }

    /** The catalogue's stateless entry of this name ({@code log_softmax} is {@code logsoftmax}), or null. */
    private Catalog.Entry function(String name) {
        Catalog.Entry entry = evaluator.catalog().lookup(name);
        if (entry == null) {
            entry = evaluator.catalog().lookup(name.replace("_", ""));
        }
        return entry != null && isFunction(entry) ? entry : null;
    }

    /**
     * {@code keras.layers.Dense}: a dotted name whose first word is no value is a qualifier netc does
     * not know (E107), as before methods existed.
     */
    private boolean unknownQualifier(Expr.Method method) {
        Expr root = method.receiver();
        while (root instanceof Expr.Method && !((Expr.Method) root).called()) {
            root = ((Expr.Method) root).receiver();
        }
        if (!(root instanceof Expr.Name)) {
            return false;
        }
        String word = ((Expr.Name) root).text();
        if (evaluator.scope().has(word) || evaluator.isCallable(word)) {
            return false;
        }
        SourceSpan dotted = root.span().to(method.name().span());
        diagnostics().report(Diagnostic.error(Code.BAD_QUALIFIER, dotted, Text.of("method.not_layer_name_qualified",
            evaluator.source().slice(dotted)))
            .withHelp(Text.of("method.write_module_nn_conv")));
        method.arguments().forEach(a -> evaluator.expressions().value(a.value()));
        return true;
    }

    private Value unknownMethod(Expr.Method method) {
        Identifier name = method.name();
        Object layer = evaluator.catalog().lookup(name.text()) != null ? Text.of("method.layer_parameters_which_must",
            name.text()) : "";
        diagnostics().report(Suggestions.didYouMean(Diagnostic.error(Code.UNKNOWN_METHOD, name.span(),
            Text.of("method.tensors_have_no_method", name.text(), layer)), name.text(), name.span(),
                names(evaluator.catalog())));
        method.arguments().forEach(a -> evaluator.expressions().value(a.value()));
        return Value.INVALID;
    }

    /** {@code x.shape} and {@code x.size()}: the batch size, then the other sizes (a parameter's are all numbers). */
    private static Value sizes(Value.Tensor tensor) {
        if (!tensor.known()) {
            return Value.INVALID;
        }
        List<Value> sizes = new ArrayList<>();
        for (int i = 0; i < tensor.shape().rank(); i++) {
            sizes.add(sizeAt(tensor, i));
        }
        return new Value.Tuple(sizes);
    }

    /** Size {@code i} as PyTorch numbers dimensions: the batch size at 0 of a batched tensor. */
    private static Value sizeAt(Value.Tensor tensor, int i) {
        Shape shape = tensor.shape();
        if (!shape.batched()) {
            return new Value.Int(shape.dim(i));
        }
        return i == 0 ? new Value.Batch(tensor) : new Value.Int(shape.dim(i - 1));
    }

    /** {@code x.size(i)}: the batch size at 0 (or -rank), another size elsewhere. */
    private Value size(Expr.Method method, Value.Tensor tensor, List<ArgumentBinder.Given> given) {
        BoundArguments bound = new ArgumentBinder("size", SIZE_SIGNATURE, 0, call(method), diagnostics()).bind(given);
        if (bound == null || !tensor.known()) {
            return Value.INVALID;
        }
        if (bound.get("dim") instanceof Value.None) {
            return sizes(tensor);
        }
        long dim = bound.intValue("dim");
        int rank = tensor.shape().rank();
        if (dim < -rank || dim >= rank) {
            return fail(Code.DIM_OUT_OF_RANGE, bound.values().get("dim").span(),
                Text.of("method.size_dim_outside_dimensions", dim, rank, tensor.shape(), -rank, (rank - 1)));
        }
        return sizeAt(tensor, (int) (dim < 0 ? dim + rank : dim));
    }

    private boolean noArguments(Expr.Method method, List<ArgumentBinder.Given> given) {
        return new ArgumentBinder(method.name().text(), List.of(), 0, call(method), diagnostics()).bind(given) != null;
    }

    /**
     * {@code x.view(b, -1)}, {@code x.reshape(...)}, {@code x.expand(b, -1, 4)}: sizes from the batch on,
     * whose first is the batch size ({@code x.size(0)}, or -1 which stands for it). The rest are the
     * sizes of the function form, which keeps the batch apart. A parameter expanded to the batch size
     * ({@code class_token.expand(n, -1, -1)}) becomes a batched tensor; nothing else takes one.
     */
    private Value batchSizes(Expr.Method method, Value.Tensor tensor, List<ArgumentBinder.Given> given) {
        String name = method.name().text();
        List<ArgumentBinder.Given> sizes = positionalSizes(method, given);
        if (sizes == null) {
            return Value.INVALID;
        }
        boolean unbatched = tensor.known() && !tensor.shape().batched();
        boolean toBatch = name.equals("expand") && sizes.get(0).value() instanceof Value.Batch;
        if (unbatched && !toBatch) {
            evaluator.unbatched(call(method), tensor, Text.of("eval.given", name), !name.equals("expand") ? null
                : Text.of("method.expand_batch_size_read", text(method.receiver())));
            return Value.INVALID;
        }
        for (int i = 1; i < sizes.size(); i++) {
            if (sizes.get(i).value() instanceof Value.Batch) {
                return fail(Code.BATCH_MOVED, sizes.get(i).span(), Text.of("method.batch_size_dimension_would", i,
                    name));
            }
        }
        Value first = sizes.get(0).value();
        boolean inferred = first instanceof Value.Int && ((Value.Int) first).value() == -1;
        if (!(first instanceof Value.Batch) && !inferred) {
            return fail(Code.BATCH_MISPLACED, sizes.get(0).span(), Text.of("method.first_size_batch_which", name,
                first.show(), text(method.receiver())));
        }
        List<Value> rest = new ArrayList<>();
        sizes.subList(1, sizes.size()).forEach(g -> rest.add(g.value()));
        if (inferred && !name.equals("expand") && !inferBatch(method, tensor, sizes, rest)) {
            return Value.INVALID;
        }
        SourceSpan span = sizes.size() > 1 ? sizes.get(1).span().to(sizes.get(sizes.size() - 1).span())
            : sizes.get(0).span();
        List<ArgumentBinder.Given> perItem = new ArrayList<>(List.of(new ArgumentBinder.Given(null, null,
            new Value.Tuple(rest), span)));
        if (unbatched) {
            return evaluator.expandToBatch(tensor, (Value.Batch) first, perItem, call(method));
        }
        return evaluator.applyLayer(evaluator.catalog().lookup(name), functional(method), perItem, call(method),
            tensor, false, null);
    }

    /** The sizes written one by one ({@code x.view(b, 4, -1)}) or as one tuple ({@code x.view((b, 4, -1))}). */
    private List<ArgumentBinder.Given> positionalSizes(Expr.Method method, List<ArgumentBinder.Given> given) {
        for (ArgumentBinder.Given g : given) {
            if (g.keyword() != null) {
                report(Code.UNKNOWN_KEYWORD, g.keywordSpan(), Text.of("method.takes_sizes_positional_arguments",
                    method.name().text(), g.keyword()));
                return null;
            }
        }
        if (given.isEmpty()) {
            report(Code.MISSING_ARGUMENT, call(method), Text.of("method.needs_sizes_batch_first",
                method.name().text()));
            return null;
        }
        if (given.size() == 1 && given.get(0).value() instanceof Value.Tuple) {
            List<ArgumentBinder.Given> elements = new ArrayList<>();
            for (Value element : ((Value.Tuple) given.get(0).value()).elements()) {
                elements.add(new ArgumentBinder.Given(null, null, element, given.get(0).span()));
            }
            return elements.isEmpty() ? positionalSizes(method, List.of()) : elements;
        }
        return given;
    }

    /** {@code x.view(-1, 512)}: -1 is the batch only when the other sizes hold one batch item's elements. */
    private boolean inferBatch(Expr.Method method, Value.Tensor tensor, List<ArgumentBinder.Given> sizes,
                               List<Value> rest) {
        long product = 1;
        for (Value size : rest) {
            if (!(size instanceof Value.Int) || ((Value.Int) size).value() < 1) {
                report(Code.BATCH_MISPLACED, sizes.get(0).span(), Text.of("method.dimension_stands_batch_only",
                    method.name().text(), text(method.receiver())));
                return false;
            }
            product = Math.multiplyExact(product, ((Value.Int) size).value());
        }
        if (tensor.known() && product != tensor.shape().elements()) {
            report(Code.BATCH_MOVED, sizes.get(0).span(), Text.of("method.first_elements_after_would",
                method.name().text(), product, tensor.shape(), tensor.shape().elements()));
            return false;
        }
        return true;
    }

    /** {@code x.flatten(1)}: torch.flatten, whose start_dim is 0 unless given (which folds the batch). */
    private Value flatten(Expr.Method method, Value.Tensor tensor, List<ArgumentBinder.Given> given) {
        boolean started = given.stream().anyMatch(g -> g.keyword() == null || g.keyword().equals("start_dim"));
        if (!started) {
            given.add(0, new ArgumentBinder.Given(null, null, new Value.Int(0), call(method)));
        }
        return call(evaluator.catalog().lookup("flatten"), method, tensor, given);
    }

    private Value call(Catalog.Entry entry, Expr.Method method, Value.Tensor tensor, List<ArgumentBinder.Given> given) {
        return evaluator.applyLayer(entry, functional(method), given, call(method), tensor, false, null);
    }

    /** The method as the functional call it is ({@code F.mean}): no module, no row. */
    private static Expr.Name functional(Expr.Method method) {
        return new Expr.Name(method.name().span(), Expr.Qualifier.FUNCTIONAL, method.name());
    }

    /** The method's own call, {@code view(b, -1)} without its receiver: where its step and its errors are. */
    private static SourceSpan call(Expr.Method method) {
        return method.name().span().to(method.span());
    }

    /** How an expression reads in a message; a long one (a chain of methods) by its start and length. */
    private String text(Expr expr) {
        return Excerpts.word(evaluator.source().slice(expr.span()));
    }

    private Diagnostics diagnostics() {
        return evaluator.diagnostics();
    }

    private Value fail(Code code, SourceSpan span, Text message) {
        report(code, span, message);
        return Value.INVALID;
    }

    private void report(Code code, SourceSpan span, Text message) {
        diagnostics().report(Diagnostic.error(code, span, message));
    }
}
