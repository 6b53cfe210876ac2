package netc.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How a loop's first iteration may differ from the others: only by accumulators starting from a number. */
class TorchForwardTest {
    @Test
    void anAccumulatorsNumberIsSetBeforeTheLoop() {
        assertEquals(List.of("skips = 0"), TorchForward.accumulators(
            List.of("x, s = layer(x)", "skips = 0 + s"), List.of("x, s = layer(x)", "skips = skips + s")));
    }

    @Test
    void notWhereTheFirstIterationReadsTheVariableBefore() {
        assertNull(TorchForward.accumulators(List.of("y = layer(acc)", "acc = 0 + y"),
            List.of("y = layer(acc)", "acc = acc + y")));
    }

    @Test
    void notWhereTheIterationsDifferOtherwise() {
        assertNull(TorchForward.accumulators(List.of("x1 = layer(x)"), List.of("x = layer(x)")));
        assertNull(TorchForward.accumulators(List.of("a = 0 + s"), List.of("a = b + s")));
    }
}
