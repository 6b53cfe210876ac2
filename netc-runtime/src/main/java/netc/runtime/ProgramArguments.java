package netc.runtime;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The command line of a generated model program: {@code --weights W.safetensors --input IN.safetensors
 * --output OUT.safetensors}, each required once.
 */
public record ProgramArguments(Path weights, Path input, Path output) {
    private static final String USAGE = "usage: --weights W.safetensors --input IN.safetensors --output OUT.safetensors";

    /** Parses the arguments; an unknown, repeated or missing option is an IllegalArgumentException. */
    public static ProgramArguments parse(String... args) {
        Path weights = null;
        Path input = null;
        Path output = null;
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a file\n" + USAGE);
            }
            Path file = Path.of(args[i + 1]);
            switch (args[i]) {
                case "--weights":
                    weights = once(weights, file, args[i]);
                    break;
                case "--input":
                    input = once(input, file, args[i]);
                    break;
                case "--output":
                    output = once(output, file, args[i]);
                    break;
                default:
                    throw new IllegalArgumentException("unknown option " + args[i] + "\n" + USAGE);
            }
        }
        if (weights == null || input == null || output == null) {
            throw new IllegalArgumentException(USAGE);
        }
        return new ProgramArguments(weights, input, output);
    }

    private static Path once(Path previous, Path file, String option) {
        if (previous != null) {
            throw new IllegalArgumentException(option + " given twice\n" + USAGE);
        }
        return file;
    }

    /**
     * The tensor of an input file that feeds the model input {@code name}, the {@code index}-th of
     * {@code modelInputs}, after checking that it is what the model declares: {@code dtype} ("float32"
     * takes any float type, "int64" any integer type) and {@code shape}, the sizes after the batch.
     * Fails saying which input is wrong and how.
     */
    public static String input(SafeTensors file, String name, int index, int modelInputs, String dtype, int[] shape)
            throws IOException {
        String declared = "model input " + name + " is declared " + dtype + " " + Arrays.toString(shape);
        String tensor = inputName(file, name, index, modelInputs);
        if (tensor == null) {
            throw new SafeTensorsException("the input file has no tensor '" + name + "' (it has " + file.names()
                + "); " + declared);
        }
        boolean integer = dtype.equals("int64");
        if (file.dtype(tensor).isInteger() != integer) {
            throw new SafeTensorsException("the input file's tensor '" + tensor + "' holds " + file.dtype(tensor)
                + " numbers, but " + declared + (integer ? ": save it as integers" : ": save it as floats"));
        }
        int[] actual = file.shape(tensor);
        boolean batched = actual.length == shape.length + 1 && actual[0] >= 1;
        if (!batched || !Arrays.equals(actual, 1, actual.length, shape, 0, shape.length)) {
            throw new SafeTensorsException("the input file's tensor '" + tensor + "' has shape "
                + Arrays.toString(actual) + ", but " + declared + " after the batch: it needs shape "
                + Arrays.toString(shape).replace("[", "[N" + (shape.length > 0 ? ", " : "")) + ", N at least 1");
        }
        return tensor;
    }

    /**
     * The tensor of an input file that feeds the model input {@code name}: the tensor of that name;
     * else, as the PyTorch oracles name them, "input" for a model of one input and "input0", "input1",
     * ... in declaration order for a model of several; else a file's only tensor for a model of one
     * input, whatever its name; null if there is none.
     */
    private static String inputName(SafeTensors file, String name, int index, int modelInputs) {
        String positional = modelInputs == 1 ? "input" : "input" + index;
        if (file.contains(name)) {
            return name;
        }
        if (file.contains(positional)) {
            return positional;
        }
        if (modelInputs == 1 && file.names().size() == 1) {
            return file.names().iterator().next();
        }
        return null;
    }
}
