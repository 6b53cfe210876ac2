package netc.backend;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import netc.semantic.catalog.Returned;
import netc.semantic.model.AnalyzedModel;
import netc.semantic.model.Invocation;
import netc.semantic.model.Module;
import netc.semantic.model.Shape;
import netc.semantic.model.Trace;
import netc.semantic.model.Value;

/**
 * The table torchsummary 1.5.1 prints, byte for byte: its row format, its output shapes (a tuple
 * as a list of shapes), its parameter count (weight and bias only, once per call), and its size
 * lines with their integer and float arithmetic and rounding. Where torchsummary fails on the
 * equivalent PyTorch module, netc's extension: see {@link #failsInTorchsummary}.
 */
public final class TorchSummaryTable {
    private static final String RULE = "----------------------------------------------------------------\n";
    private static final String DOUBLE_RULE = "================================================================\n";
    private static final double MB = 1024.0 * 1024.0;
    /** torchsummary runs the model on torch.rand(2, *input_size); a recurrent state shows this batch. */
    private static final long BATCH = 2;

    /**
     * One printed row: its layer (Conv2d-1), output shape and parameter count, and its term of
     * torchsummary's total_output (np.prod of the printed shape, negative for the batch's -1).
     */
    public record Row(String layer, String shape, long params, boolean trainable, long outputProduct) {
    }

    /**
     * Every figure of the table: its rows, the parameter totals, and the bytes its sizes count: the
     * input (4 per element of torchsummary's product of the input sizes, or netc's true sizes where
     * torchsummary fails), the outputs (2·4·|Σ total_output|, forward and backward) and the parameters.
     */
    public record Figures(List<Row> rows, long totalParams, long trainableParams, double inputBytes,
                          double outputBytes, double paramsBytes) {
        public double inputSize() {
            return inputBytes / MB;
        }

        public double outputSize() {
            return outputBytes / MB;
        }

        public double paramsSize() {
            return paramsBytes / MB;
        }

        public double totalSize() {
            return paramsSize() + outputSize() + inputSize();
        }
    }

    private TorchSummaryTable() {
    }

    public static String render(AnalyzedModel model, boolean hideStateless) {
        Figures figures = figures(model, hideStateless);
        StringBuilder out = new StringBuilder();
        out.append(RULE).append(row("Layer (type)", "Output Shape", "Param #")).append(DOUBLE_RULE);
        for (Row row : figures.rows()) {
            out.append(row(row.layer(), row.shape(), PythonFormat.grouped(row.params())));
        }
        out.append(DOUBLE_RULE)
            .append("Total params: ").append(PythonFormat.grouped(figures.totalParams())).append('\n')
            .append("Trainable params: ").append(PythonFormat.grouped(figures.trainableParams())).append('\n')
            .append("Non-trainable params: ").append(PythonFormat.grouped(figures.totalParams()
                - figures.trainableParams())).append('\n')
            .append(RULE)
            .append("Input size (MB): ").append(PythonFormat.twoDecimals(figures.inputSize())).append('\n')
            .append("Forward/backward pass size (MB): ").append(PythonFormat.twoDecimals(figures.outputSize()))
            .append('\n')
            .append("Params size (MB): ").append(PythonFormat.twoDecimals(figures.paramsSize())).append('\n')
            .append("Estimated Total Size (MB): ").append(PythonFormat.twoDecimals(figures.totalSize())).append('\n')
            .append(RULE);
        return out.toString();
    }

    /** The table's figures, computed as torchsummary computes them. */
    public static Figures figures(AnalyzedModel model, boolean hideStateless) {
        Invocation forward = model.forward();
        List<Invocation> calls = SummaryRows.of(forward, hideStateless);
        Map<Invocation, Returned> returned = returnedValues(forward);
        boolean extension = failsInTorchsummary(model, calls, returned);
        Set<Module> listed = calls.stream().map(Invocation::module).collect(Collectors.toSet());
        List<Row> rows = new ArrayList<>();
        long rowParams = 0;
        long trainableParams = 0;
        long totalOutput = 0;
        for (int i = 0; i < calls.size(); i++) {
            Invocation call = calls.get(i);
            String layer = call.module().torchClass() + "-" + (i + 1);
            Row row = extension ? extensionRow(layer, call, returned.get(call), listed)
                : torchsummaryRow(layer, call, returned.get(call));
            rows.add(row);
            rowParams += row.params;
            trainableParams += row.trainable ? row.params : 0;
            totalOutput += row.outputProduct; // numpy's int64 sum wraps as Java's long does
        }
        long totalParams = extension ? model.totalParameters() : rowParams;
        if (extension) {
            trainableParams = totalParams; // every netc parameter is trainable
        }
        double inputBytes = extension ? inputBytes(model) : Math.abs(inputElements(model) * -1 * 4.0);
        return new Figures(rows, totalParams, trainableParams, inputBytes, Math.abs(2.0 * totalOutput * 4.0),
            Math.abs(totalParams * 4.0));
    }

    /**
     * Where torchsummary 1.5.1 fails on the equivalent PyTorch module (integer inputs fed as integers,
     * by its copy that feeds torch.randint, as issue 10's oracles run it): its hook takes the size of
     * every element of a returned tuple (so an LSTM's nested state and the None that attention inside
     * a transformer layer returns fail), it calls .numpy() on its parameter total, which is a tensor
     * only if some row has a weight or bias, and numpy cannot take the product of input sizes of
     * different ranks.
     */
    private static boolean failsInTorchsummary(AnalyzedModel model, List<Invocation> calls, Map<Invocation, Returned> returned) {
        if (model.inputs().stream().map(input -> input.shape().size()).distinct().count() > 1) {
            return true;
        }
        for (Invocation call : calls) {
            Returned value = returned.get(call);
            if (value instanceof Returned.Tuple tuple
                && !tuple.elements().stream().allMatch(element -> element instanceof Returned.Tensor)) {
                return true;
            }
        }
        return calls.stream().allMatch(call -> call.module().state().stream().noneMatch(e -> e.countedByTorchsummary()));
    }

    /** torchsummary's own row: every tensor of a tuple, and only the weight and bias counted. */
    private static Row torchsummaryRow(String layer, Invocation call, Returned value) {
        Module module = call.module();
        if (value instanceof Returned.Tensor tensor) {
            return new Row(layer, tensor.afterFirst().toString(), module.torchsummaryParameters(), module.hasWeight(),
                -wrappingElements(tensor.afterFirst()));
        }
        if (value instanceof Returned.Tuple tuple) {
            List<Shape> shapes = tuple.elements().stream().map(e -> ((Returned.Tensor) e).afterFirst())
                .collect(Collectors.toList());
            long product = 1;
            for (Shape shape : shapes) {
                product *= -wrappingElements(shape);
            }
            return new Row(layer, shapes.toString(), module.torchsummaryParameters(), module.hasWeight(), product);
        }
        throw new AssertionError("a module returning " + value + " has no row");
    }

    /**
     * netc's row where torchsummary fails: the tensor a chain passes on, and every parameter of the
     * module that no module with a row of its own holds (attention's out_proj is never called).
     */
    private static Row extensionRow(String layer, Invocation call, Returned value, Set<Module> listed) {
        Shape shape = passedOn(value);
        return new Row(layer, shape.toString(), unlistedParameters(call.module(), listed), true, -wrappingElements(shape));
    }

    /** The first tensor of what a module returns, which is what a chain passes on. */
    private static Shape passedOn(Returned value) {
        if (value instanceof Returned.Tensor tensor) {
            return tensor.afterFirst();
        }
        if (value instanceof Returned.Tuple tuple) {
            return passedOn(tuple.elements().get(0));
        }
        throw new AssertionError("a module returning " + value + " passes no tensor on");
    }

    private static long unlistedParameters(Module module, Set<Module> listed) {
        long n = module.ownParameters();
        for (Module child : module.children()) {
            if (!listed.contains(child)) {
                n += unlistedParameters(child, listed);
            }
        }
        return n;
    }

    /** numpy's int64 product, which wraps where Shape.elements() would throw. */
    private static long wrappingElements(Shape shape) {
        long n = 1;
        for (long d : shape.dims()) {
            n *= d;
        }
        return n;
    }

    /** What each call returns, asked of the catalogue layer it is, or is inside of. */
    private static Map<Invocation, Returned> returnedValues(Invocation forward) {
        Map<Invocation, Returned> values = new IdentityHashMap<>();
        collectReturned(forward, null, values);
        return values;
    }

    private static void collectReturned(Invocation call, Module layer, Map<Invocation, Returned> values) {
        Module module = call.module();
        Module owner = module.spec() != null ? module : layer;
        if (call.returned() != null) {
            values.put(call, Returned.of(call.returned(), BATCH));
        } else if (call.output() != null) {
            values.put(call, owner == null ? new Returned.Tensor(call.output())
                : owner.spec().returns().apply(relativePath(owner, module), owner.arguments(), call.output(), BATCH));
        }
        for (Invocation child : call.children()) {
            collectReturned(child, owner, values);
        }
    }

    private static String relativePath(Module owner, Module module) {
        return owner == module ? "" : module.path().substring(owner.path().length() + 1);
    }

    /** torchsummary multiplies the sizes of all inputs together (np.prod of its input_size list). */
    private static long inputElements(AnalyzedModel model) {
        long n = 1;
        for (Trace.Input input : model.inputs()) {
            Shape shape = input.shape();
            n *= shape.elements();
        }
        return n;
    }

    /** The inputs' true size, for netc's extension. */
    private static long inputBytes(AnalyzedModel model) {
        long bytes = 0;
        for (Trace.Input input : model.inputs()) {
            bytes += input.shape().elements() * (input.dtype() == Value.DType.INT64 ? 8 : 4);
        }
        return bytes;
    }

    /** Python's "{:>20}  {:>25} {:>15}": right-aligned, never cut. */
    private static String row(String layer, String shape, String params) {
        return PythonFormat.alignRight(layer, 20) + "  " + PythonFormat.alignRight(shape, 25) + " " + PythonFormat.alignRight(params, 15) + "\n";
    }
}
