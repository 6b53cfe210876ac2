package netc.backend;

import java.util.List;
import netc.semantic.AnalyzedModel;
import netc.semantic.Invocation;
import netc.semantic.Module;
import netc.semantic.Shape;

/**
 * The table torchsummary 1.5.1 prints, byte for byte: its row format, its parameter count (weight
 * and bias only, once per call), and its size lines with their float arithmetic and rounding.
 */
public final class TorchSummaryTable {
    private static final String RULE = "----------------------------------------------------------------\n";
    private static final String DOUBLE_RULE = "================================================================\n";
    private static final double MB = 1024.0 * 1024.0;

    private TorchSummaryTable() {
    }

    public static String render(AnalyzedModel model, boolean hideStateless) {
        StringBuilder out = new StringBuilder();
        out.append(RULE).append(row("Layer (type)", "Output Shape", "Param #")).append(DOUBLE_RULE);
        long totalParams = 0;
        long trainableParams = 0;
        long totalOutput = 0;
        List<Invocation> rows = SummaryRows.of(model, hideStateless);
        for (int i = 0; i < rows.size(); i++) {
            Invocation call = rows.get(i);
            Module module = call.module();
            long params = module.torchsummaryParameters();
            out.append(row(module.torchClass() + "-" + (i + 1), call.output().toString(), PythonFormat.grouped(params)));
            totalParams += params;
            trainableParams += module.hasWeight() ? params : 0;
            totalOutput -= call.output().elements();
        }
        double inputSize = Math.abs(inputElements(model) * -1 * 4.0 / MB);
        double outputSize = Math.abs(2.0 * totalOutput * 4.0 / MB);
        double paramsSize = Math.abs(totalParams * 4.0 / MB);
        double totalSize = paramsSize + outputSize + inputSize;
        out.append(DOUBLE_RULE)
            .append("Total params: ").append(PythonFormat.grouped(totalParams)).append('\n')
            .append("Trainable params: ").append(PythonFormat.grouped(trainableParams)).append('\n')
            .append("Non-trainable params: ").append(PythonFormat.grouped(totalParams - trainableParams)).append('\n')
            .append(RULE)
            .append("Input size (MB): ").append(PythonFormat.twoDecimals(inputSize)).append('\n')
            .append("Forward/backward pass size (MB): ").append(PythonFormat.twoDecimals(outputSize)).append('\n')
            .append("Params size (MB): ").append(PythonFormat.twoDecimals(paramsSize)).append('\n')
            .append("Estimated Total Size (MB): ").append(PythonFormat.twoDecimals(totalSize)).append('\n')
            .append(RULE);
        return out.toString();
    }

    /** torchsummary multiplies the sizes of all inputs together (np.prod of its input_size list). */
    private static long inputElements(AnalyzedModel model) {
        long n = 1;
        for (AnalyzedModel.Input input : model.inputs()) {
            Shape shape = input.shape();
            n *= shape.elements();
        }
        return n;
    }

    /** Python's "{:>20}  {:>25} {:>15}": right-aligned, never cut. */
    private static String row(String layer, String shape, String params) {
        return PythonFormat.alignRight(layer, 20) + "  " + PythonFormat.alignRight(shape, 25) + " " + PythonFormat.alignRight(params, 15) + "\n";
    }
}
