package netc.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import netc.diagnostics.SourceSpan;
import netc.semantic.model.Value;
import netc.syntax.Expr;
import org.junit.jupiter.api.Test;

/** The expression fitted to a size netc inferred, from every instance's values and number. */
class SizeFittingTest {
    private static final SourceSpan UNDERSCORE = SourceSpan.of("s.net", 17, 16, 17, 17);

    /** An instance of a block taking (inp, oup, stride) whose size was inferred as {@code number}. */
    private static SizeFitting.Instance instance(long inp, long oup, long stride, long number) {
        Map<String, Value> values = new LinkedHashMap<>();
        values.put("inp", new Value.Int(inp));
        values.put("oup", new Value.Int(oup));
        values.put("stride", new Value.Int(stride));
        return new SizeFitting.Instance(values, number);
    }

    /** The candidate as the .net file would write it. */
    private static String text(Expr e) {
        if (e instanceof Expr.Name name) {
            assertEquals(UNDERSCORE, name.span());
            return name.text();
        }
        Expr.Binary binary = (Expr.Binary) e;
        return text(binary.left()) + " " + binary.operator().symbol() + " "
            + ((Expr.IntLiteral) binary.right()).value();
    }

    /** shufflenet_v2_x0_5's branch2 conv2d(_, ...): 24, 48, 96 over its six kinds of instances. */
    @Test
    void aCandidateThatGivesEveryInstancesNumberIsFitted() {
        List<SizeFitting.Instance> instances = List.of(instance(24, 48, 2, 24), instance(48, 48, 1, 24),
            instance(48, 96, 2, 48), instance(96, 96, 1, 48), instance(96, 192, 2, 96), instance(192, 192, 1, 96));
        assertEquals("oup // 2", text(SizeFitting.fit(instances, UNDERSCORE)));
    }

    /** A name as it is comes before any name halved, a name halved before any doubled. */
    @Test
    void theSimplestCandidateIsTakenFirst() {
        assertEquals("oup", text(SizeFitting.fit(List.of(instance(8, 16, 2, 16), instance(4, 32, 8, 32)),
            UNDERSCORE)));
        assertEquals("inp // 2", text(SizeFitting.fit(List.of(instance(8, 8, 2, 4), instance(16, 16, 1, 8)),
            UNDERSCORE)));
        assertEquals("stride * 2", text(SizeFitting.fit(List.of(instance(3, 5, 2, 4), instance(3, 5, 4, 8)),
            UNDERSCORE)));
    }

    @Test
    void noCandidateFitsNumbersNoNameGives() {
        assertNull(SizeFitting.fit(List.of(instance(3, 8, 1, 7), instance(8, 16, 1, 15)), UNDERSCORE));
    }

    /**
     * {@code inp} gives the first two instances' numbers, and {@code oup // 2} the first three: neither
     * is written, since neither gives the fourth's.
     */
    @Test
    void aCandidateThatFitsSomeInstancesButNotAllIsNotWritten() {
        List<SizeFitting.Instance> instances = new ArrayList<>(List.of(instance(4, 8, 1, 4), instance(8, 16, 1, 8)));
        assertEquals("inp", text(SizeFitting.fit(instances, UNDERSCORE)));
        instances.add(instance(5, 32, 1, 16));
        assertEquals("oup // 2", text(SizeFitting.fit(instances, UNDERSCORE)));
        instances.add(instance(5, 40, 1, 16));
        assertNull(SizeFitting.fit(instances, UNDERSCORE));
    }

    /** Instances that agree keep the number; a name some instance lacks (not an integer there) fits none. */
    @Test
    void instancesThatAgreeKeepTheirNumber() {
        assertNull(SizeFitting.fit(List.of(instance(4, 8, 1, 4), instance(8, 16, 1, 4)), UNDERSCORE));
        Map<String, Value> flag = new LinkedHashMap<>(Map.of("inp", new Value.Bool(true)));
        assertNull(SizeFitting.fit(List.of(instance(4, 8, 1, 4), new SizeFitting.Instance(flag, 8)), UNDERSCORE));
    }
}
