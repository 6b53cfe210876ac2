package netc.semantic.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
    @Test
    void aTypoGetsTheClosestName() {
        assertEquals("conv2d", Suggestions.closest("cnov2d", List.of("conv1d", "conv2d", "linear", "relu")));
        assertEquals("did you mean relu?", Suggestions.didYouMean("RELU", List.of("relu6", "relu")).english());
    }

    @Test
    void namesOfVeryDifferentLengthsAreNotCompared() {
        assertNull(Suggestions.closest("relu", List.of("r", "reluuuuuuuuu")));
    }

    /** Comparing a word of megabytes with every name took minutes: such words get no suggestion. */
    @Test
    void wordsLongerThanSixtyFourCharactersGetNoSuggestion() {
        String name = "a".repeat(64);
        assertEquals(name, Suggestions.closest("a".repeat(63) + "b", List.of(name)));
        assertNull(Suggestions.closest("a".repeat(64) + "b", List.of(name + "c")));
    }
}
