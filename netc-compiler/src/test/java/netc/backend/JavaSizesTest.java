package netc.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import netc.diagnostics.Code;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Sizes that check accepts but a Java int cannot hold: E602, located, before anything is generated. */
class JavaSizesTest {
    private static final String LIMIT = "the Java backend holds sizes in Java ints, at most 2^31-1 (2147483647), but ";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "[3] | linear(3, 3000000000) | 3:15 | out_features is 3000000000",
        "[3] | linear(3, 2147483647) -> linear(2147483647, 1) | 3:5 | its weight [2147483647, 3] has 6442450941 elements",
        "[50000] | linear(50000, 50000) | 3:5 | its weight [50000, 50000] has 2500000000 elements",
        "[50000, 2] | linear(2, 50000) | 3:5 | its output [-1, 50000, 50000] has 2500000000 elements in each batch item",
        "[3000000000] | relu | 1:1 | input x [-1, 3000000000] has a dimension of 3000000000",
        "[50000, 50000] | relu | 1:1 | input x [-1, 50000, 50000] has 2500000000 elements in each batch item",
        "'[50000, 1], y: [1, 50000]' | x + y | 3:5 | its result [-1, 50000, 50000] has 2500000000 elements in each batch item",
    })
    void isRefusedWhereItIsWritten(String input, String chain, String position, String found) {
        var model = GeneratedModels.analyze("sizes.net", "model Sizes {\n    input x: " + input + "\n    " + chain
            + "\n}\n");
        UnsupportedLayerException thrown = assertThrows(UnsupportedLayerException.class,
            () -> JavaGenerator.generate(model, ""));
        assertEquals(Code.SIZE_BEYOND_INT, thrown.code());
        assertEquals(position, thrown.span().position());
        assertEquals(LIMIT + found, thrown.getMessage());
    }
}
