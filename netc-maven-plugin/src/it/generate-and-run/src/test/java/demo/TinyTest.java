package demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.file.Path;
import netc.runtime.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The class the plugin generated, on the weights tools/tiny_weights.py wrote: fc.weight
 * [[1, 2, 3], [-4, 5, -6]], fc.bias [0.5, -0.25]. By hand: [1, 2, 3] gives relu([14.5, -12.25]),
 * [-1, 1, -1] gives relu([-1.5, 14.75]); every value is exact in float.
 */
class TinyTest {
    @Test
    void computesTheLinearLayerAndReluOnItsWeights() throws Exception {
        Tiny model = Tiny.load(Path.of("src/test/resources/tiny.safetensors"));
        Tensor y = model.forward(new Tensor(new float[] {1, 2, 3, -1, 1, -1}, 2, 3));
        assertArrayEquals(new int[] {2, 2}, y.shape());
        assertArrayEquals(new float[] {14.5f, 0f, 0f, 14.75f},
            new float[] {y.get(0, 0), y.get(0, 1), y.get(1, 0), y.get(1, 1)});
    }
}
