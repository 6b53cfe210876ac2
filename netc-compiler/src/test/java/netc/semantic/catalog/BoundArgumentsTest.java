package netc.semantic.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import netc.diagnostics.SourceSpan;
import netc.semantic.model.Value;
import org.junit.jupiter.api.Test;

class BoundArgumentsTest {
    private static final List<ArgSpec> SIGNATURE = List.of(ArgSpec.required("in_channels", ArgType.INT),
        ArgSpec.required("out_channels", ArgType.INT), ArgSpec.optional("bias", ArgType.BOOL, Value.Bool.of(true)));
    private static final BoundArguments.Bound SIXTEEN =
        new BoundArguments.Bound(Value.Int.of(16), SourceSpan.of("m.net", 3, 12, 3, 14));
    private static final BoundArguments.Bound FALSE = new BoundArguments.Bound(Value.Bool.of(false), null);

    @Test
    void boundArgumentsReadAsAMapInTheSignaturesOrder() {
        Map<String, BoundArguments.Bound> written = new LinkedHashMap<>();
        written.put("bias", FALSE);
        written.put("in_channels", SIXTEEN);
        BoundArguments bound = BoundArguments.inSignatureOrder(SIGNATURE, new BoundArguments.Bound[] {SIXTEEN, null, FALSE});

        assertEquals(2, bound.values().size());
        assertEquals(SIXTEEN, bound.values().get("in_channels"));
        assertEquals(16, bound.intValue("in_channels"));
        assertFalse(bound.boolValue("bias"));
        assertNull(bound.values().get("out_channels"));
        assertFalse(bound.values().containsKey("out_channels"));
        assertTrue(bound.values().containsKey("bias"));
        assertEquals(List.of("in_channels", "bias"), new ArrayList<>(bound.values().keySet()));
        assertEquals(Map.of("bias", FALSE, "in_channels", SIXTEEN), bound.values());
        assertEquals(new BoundArguments(Map.copyOf(written)), bound);
        assertEquals(new BoundArguments(Map.copyOf(written)).hashCode(), bound.hashCode());
        assertThrows(UnsupportedOperationException.class, () -> bound.values().put("out_channels", SIXTEEN));
    }
}
