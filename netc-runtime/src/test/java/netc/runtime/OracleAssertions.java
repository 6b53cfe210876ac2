package netc.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The numeric check every comparison with PyTorch's output uses. */
public final class OracleAssertions {
    private OracleAssertions() {
    }

    /** max |actual - expected| ≤ 1e-4 · max(1, max |expected|), on equal shapes. */
    public static void assertMatches(Tensor expected, Tensor actual) {
        assertMatches(expected, actual, 1e-4);
    }

    /** max |actual - expected| ≤ relative · max(1, max |expected|), on equal shapes. */
    public static void assertMatches(Tensor expected, Tensor actual, double relative) {
        assertArrayEquals(expected.shape, actual.shape, "output shape");
        double scale = 1;
        double worst = 0;
        for (int i = 0; i < actual.data.length; i++) {
            scale = Math.max(scale, Math.abs(expected.data[i]));
            worst = Math.max(worst, Math.abs(actual.data[i] - expected.data[i]));
        }
        assertTrue(worst <= relative * scale, "max |diff| " + worst + " exceeds " + relative * scale);
    }
}
