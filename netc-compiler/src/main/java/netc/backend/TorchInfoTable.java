package netc.backend;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import netc.semantic.model.AnalyzedModel;
import netc.semantic.model.Trace;
import netc.semantic.model.Value;

/**
 * The table torchinfo 1.8.0 prints for {@code summary(model, input_size=(batch, *shape), depth=N,
 * col_names=...)}, byte for byte but for the input size, where torchinfo also counts the Python
 * object holding the input tensor (a few dozen bytes, at most 0.01 MB in the two lines using it).
 */
public final class TorchInfoTable {
    private static final int NAME_WIDTH = 40;
    private static final int COLUMN_WIDTH = 25;
    /** Tree indentation per depth, to which the name column's width is rounded up. */
    private static final int INDENT = 5;
    private static final double MB = 1e6;

    /** torchinfo's col_names, in its spelling, with their headers. */
    public enum Column {
        INPUT_SIZE("input_size", "Input Shape"),
        OUTPUT_SIZE("output_size", "Output Shape"),
        NUM_PARAMS("num_params", "Param #"),
        PARAMS_PERCENT("params_percent", "Param %"),
        KERNEL_SIZE("kernel_size", "Kernel Shape"),
        MULT_ADDS("mult_adds", "Mult-Adds"),
        TRAINABLE("trainable", "Trainable");

        private final String key;
        private final String header;

        Column(String key, String header) {
            this.key = key;
            this.header = header;
        }

        public String key() {
            return key;
        }
    }

    /** torchinfo's row_settings, in its spelling: what a layer's title shows. */
    public enum RowSetting {
        DEPTH("depth"),
        VAR_NAMES("var_names");

        private final String key;

        RowSetting(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    /**
     * torchinfo's depth, col_names and row_settings, the batch size of input_size, and netc's
     * --hide-stateless.
     */
    public record Options(int depth, List<Column> columns, Set<RowSetting> rows, long batch, boolean hideStateless) {
        public static final List<Column> DEFAULT_COLUMNS = List.of(Column.OUTPUT_SIZE, Column.NUM_PARAMS);
        public static final Set<RowSetting> DEFAULT_ROWS = Set.of(RowSetting.DEPTH);

        public Options {
            columns = List.copyOf(columns);
            rows = Set.copyOf(rows);
        }

        public static Options defaults() {
            return new Options(3, DEFAULT_COLUMNS, DEFAULT_ROWS, 1, false);
        }
    }

    private final Options options;
    private final int nameWidth;
    private final Totals totals;

    private TorchInfoTable(Options options, List<TorchInfoLayer> layers) {
        this.options = options;
        this.nameWidth = nameWidth(layers);
        this.totals = Totals.of(layers);
    }

    public static String render(AnalyzedModel model, Options options) {
        List<TorchInfoLayer> layers = TorchInfoLayer.of(model, options.batch(), options.hideStateless());
        return new TorchInfoTable(options, layers).table(layers, inputBytes(model, options.batch()));
    }

    private String table(List<TorchInfoLayer> layers, long inputBytes) {
        String divider = "=".repeat(nameWidth + COLUMN_WIDTH * options.columns().size()) + "\n";
        StringBuilder out = new StringBuilder(divider).append(headerRow()).append(divider);
        for (TorchInfoLayer layer : layers) {
            if (layer.depth() <= options.depth()) {
                out.append(layerRow(layer));
            }
        }
        return out.append(divider)
            .append("Total params: ").append(PythonFormat.grouped(totals.parameters)).append('\n')
            // every netc parameter is trainable
            .append("Trainable params: ").append(PythonFormat.grouped(totals.parameters)).append('\n')
            .append("Non-trainable params: 0\n")
            .append("Total mult-adds").append(multAddsWithUnit(totals.multAdds)).append('\n')
            .append(divider)
            .append("Input size (MB): ").append(megabytes(inputBytes)).append('\n')
            .append("Forward/backward pass size (MB): ").append(megabytes(totals.outputBytes)).append('\n')
            .append("Params size (MB): ").append(megabytes(totals.parameterBytes)).append('\n')
            .append("Estimated Total Size (MB): ")
            .append(megabytes(inputBytes + totals.outputBytes + totals.parameterBytes)).append('\n')
            .append(divider)
            .toString();
    }

    /** 40, or the longest indented title, hidden rows included, rounded up to the indentation. */
    private int nameWidth(List<TorchInfoLayer> layers) {
        int longest = 0;
        for (TorchInfoLayer layer : layers) {
            longest = Math.max(longest, title(layer).length() + layer.depth() * INDENT + 1);
        }
        return longest < NAME_WIDTH ? NAME_WIDTH : (longest + INDENT - 1) / INDENT * INDENT;
    }

    /** get_layer_name: "Class (var_name): depth-index", each part as the row settings ask. */
    private String title(TorchInfoLayer layer) {
        String title = layer.className();
        if (options.rows().contains(RowSetting.VAR_NAMES)) {
            title += " (" + layer.varName() + ")";
        }
        if (options.rows().contains(RowSetting.DEPTH) && layer.depth() > 0) {
            title += ": " + layer.depth() + "-" + layer.depthIndex();
        }
        return title;
    }

    private String headerRow() {
        String name = "Layer (type" + (options.rows().contains(RowSetting.VAR_NAMES) ? " (var_name)" : "")
            + (options.rows().contains(RowSetting.DEPTH) ? ":depth-idx" : "") + ")";
        return row(name, options.columns().stream().map(c -> c.header).collect(Collectors.toList()));
    }

    private String layerRow(TorchInfoLayer layer) {
        boolean reachedMaxDepth = layer.depth() == options.depth();
        List<String> values = options.columns().stream().map(c -> cell(c, layer, reachedMaxDepth))
            .collect(Collectors.toList());
        return row(treePrefix(layer.depth()) + title(layer), values);
    }

    private String cell(Column column, TorchInfoLayer layer, boolean reachedMaxDepth) {
        switch (column) {
            case INPUT_SIZE:
                return layer.inputText();
            case OUTPUT_SIZE:
                return layer.outputText();
            case NUM_PARAMS:
                return layer.parametersText(reachedMaxDepth);
            case PARAMS_PERCENT:
                return layer.parametersPercentText(totals.parameters, reachedMaxDepth);
            case KERNEL_SIZE:
                return layer.kernelText();
            case MULT_ADDS:
                return layer.multAddsText(reachedMaxDepth);
            case TRAINABLE:
                // every netc parameter is trainable: torchinfo's "True", or "--" without parameters
                return layer.parameters() == 0 ? "--" : "True";
            default:
                throw new AssertionError(column);
        }
    }

    /** "├─" under the model, "│    " per further level and "└─" below that. */
    private static String treePrefix(int depth) {
        if (depth == 0) {
            return "";
        }
        return depth == 1 ? "├─" : "│    ".repeat(depth - 1) + "└─";
    }

    /** Python's f"{name:<W} " then f"{value:<25} " per column, right-stripped. */
    private String row(String name, List<String> values) {
        StringBuilder line = new StringBuilder(PythonFormat.alignLeft(name, nameWidth)).append(' ');
        for (String value : values) {
            line.append(PythonFormat.alignLeft(value, COLUMN_WIDTH)).append(' ');
        }
        return line.toString().stripTrailing() + "\n";
    }

    /** " (M): 1.91": millions below 1e9, then G and T; whole numbers without decimals. */
    private static String multAddsWithUnit(long multAdds) {
        String unit = "M";
        double scale = 1e6;
        if (multAdds >= 1e12) {
            unit = "T";
            scale = 1e12;
        } else if (multAdds >= 1e9) {
            unit = "G";
            scale = 1e9;
        }
        double scaled = multAdds / scale;
        String number = scaled == Math.rint(scaled) ? PythonFormat.grouped((long) scaled)
            : PythonFormat.groupedTwoDecimals(scaled);
        return " (" + unit + "): " + number;
    }

    private static String megabytes(long bytes) {
        return PythonFormat.twoDecimals(bytes / MB);
    }

    /** The input tensors' data, without the Python object around each that torchinfo adds. */
    private static long inputBytes(AnalyzedModel model, long batch) {
        long bytes = 0;
        for (Trace.Input input : model.inputs()) {
            long elementBytes = input.dtype() == Value.DType.INT64 ? 8 : TorchInfoLayer.ELEMENT_BYTES;
            bytes += batch * input.shape().elements() * elementBytes;
        }
        return bytes;
    }

    /**
     * ModelStatistics' sums: mult-adds of every leaf call; output sizes (twice, for gradients) of
     * leaf calls with parameters; parameters once per module, a container's only where its listed
     * calls leave some uncounted.
     */
    private static final class Totals {
        private long parameters;
        private long parameterBytes;
        private long outputBytes;
        private long multAdds;

        static Totals of(List<TorchInfoLayer> layers) {
            Totals totals = new Totals();
            for (TorchInfoLayer layer : layers) {
                if (layer.leaf()) {
                    totals.addLeaf(layer);
                } else if (!layer.recursive()) {
                    totals.parameters += Math.max(layer.leftoverParameters(), 0);
                }
            }
            return totals;
        }

        private void addLeaf(TorchInfoLayer layer) {
            multAdds += layer.multAdds();
            if (layer.parameters() > 0) {
                outputBytes += 2 * layer.outputBytes();
            }
            if (!layer.recursive()) {
                parameters += layer.parameters();
                parameterBytes += TorchInfoLayer.ELEMENT_BYTES * layer.parameters();
            }
        }
    }
}
