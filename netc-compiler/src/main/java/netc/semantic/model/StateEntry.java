package netc.semantic.model;

import java.util.Arrays;

/**
 * One state_dict entry of a module: a parameter (counted, trainable) or a buffer such as a batch
 * norm's running_mean. {@code key} is relative to the module (weight, bias, running_mean).
 */
public record StateEntry(String key, long[] shape, boolean parameter) {

    public static StateEntry parameter(String key, long... shape) {
        return new StateEntry(key, shape, true);
    }

    public static StateEntry buffer(String key, long... shape) {
        return new StateEntry(key, shape, false);
    }

    public long elements() {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** torchsummary counts only the attributes named weight and bias (a buffer so named too). */
    public boolean countedByTorchsummary() {
        return key.equals("weight") || key.equals("bias");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StateEntry && key.equals(((StateEntry) o).key) && parameter == ((StateEntry) o).parameter
            && Arrays.equals(shape, ((StateEntry) o).shape);
    }

    @Override
    public int hashCode() {
        return key.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return key + Arrays.toString(shape);
    }
}
