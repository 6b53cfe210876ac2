package netc.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

/** Shared test helpers: random tensors and element-wise comparison. */
final class Check {
    private Check() {
    }

    static Tensor random(Random random, int... shape) {
        Tensor t = Tensor.zeros(shape);
        for (int i = 0; i < t.data.length; i++) {
            t.data[i] = (float) random.nextGaussian();
        }
        return t;
    }

    static Tensor tensor(float[] data, int... shape) {
        return new Tensor(data, shape);
    }

    /** Same shape and every element within {@code tolerance}. */
    static void close(Tensor expected, Tensor actual, double tolerance) {
        assertArrayEquals(expected.shape, actual.shape, "shape");
        close(expected.data, actual.data, tolerance);
    }

    static void close(float[] expected, float[] actual, double tolerance) {
        assertEquals(expected.length, actual.length, "length");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tolerance, "element " + i);
        }
    }
}
