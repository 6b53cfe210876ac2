package netc.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import netc.diagnostics.SourceSpan;
import org.junit.jupiter.api.Test;

/** How the classes of two instances of a block become one: an if where, and only where, one if decided. */
class ClassMergerTest {
    private static final SourceSpan DOWNSAMPLE = SourceSpan.of("b.net", 4, 5, 6, 6);
    private static final SourceSpan RESIDUAL = SourceSpan.of("b.net", 8, 5, 8, 40);
    private static final ClassMerger.Condition STRIDED = new ClassMerger.Condition("stride != 1", "stride == 1",
        "self.stride != 1", "self.stride == 1", Set.of("stride"), Set.of(), 4, 6);
    private static final ClassMerger.Condition SAME = new ClassMerger.Condition("a == b", "a != b",
        "self.a == self.b", "self.a != self.b", Set.of("a", "b"), Set.of(), 8, 8);

    private static ClassMerger.Variant variant(boolean strided, Boolean same, String... lines) {
        Map<SourceSpan, Boolean> decisions = new LinkedHashMap<>();
        decisions.put(DOWNSAMPLE, strided);
        if (same != null) {
            decisions.put(RESIDUAL, same);
        }
        return new ClassMerger.Variant(String.join("\n", lines), decisions);
    }

    private static ClassMerger.Condition condition(SourceSpan span) {
        return span.equals(DOWNSAMPLE) ? STRIDED : span.equals(RESIDUAL) ? SAME : null;
    }

    private static final List<String> HEAD = List.of(
        "class @(nn.Module):",
        "    def __init__(self, stride: int) -> None:",
        "        super().__init__()",
        "        # 2: y = conv: conv2d(4, 4, 3, stride, 1)",
        "        self.conv = nn.Conv2d(4, 4, 3, stride, 1)");

    private static String[] lines(List<String> head, String... rest) {
        List<String> all = new java.util.ArrayList<>(head);
        all.addAll(List.of(rest));
        return all.toArray(new String[0]);
    }

    @Test
    void linesOneIfAddsBecomeThatIfInInitAndForward() {
        ClassMerger.Variant plain = variant(false, null, lines(HEAD,
            "",
            "    def forward(self, x: Tensor) -> Tensor:",
            "        # 2: y = conv: conv2d(4, 4, 3, stride, 1)",
            "        y = self.conv(x)",
            "        # 3: identity = x",
            "        identity = x",
            "        # 7: y + identity",
            "        y = y + identity",
            "        return y"));
        ClassMerger.Variant strided = variant(true, null, lines(HEAD,
            "        # 5: identity = x -> down: conv2d(4, 4, 1, stride)",
            "        self.down = nn.Conv2d(4, 4, 1, stride)",
            "",
            "    def forward(self, x: Tensor) -> Tensor:",
            "        # 2: y = conv: conv2d(4, 4, 3, stride, 1)",
            "        y = self.conv(x)",
            "        # 3: identity = x",
            "        identity = x",
            "        # 5: identity = x -> down: conv2d(4, 4, 1, stride)",
            "        identity = self.down(x)",
            "        # 7: y + identity",
            "        y = y + identity",
            "        return y"));
        ClassMerger.Variant merged = ClassMerger.merge(plain, strided, ClassMergerTest::condition);
        assertEquals(String.join("\n",
            "class @(nn.Module):",
            "    def __init__(self, stride: int) -> None:",
            "        super().__init__()",
            "        self.stride = stride",
            "        # 2: y = conv: conv2d(4, 4, 3, stride, 1)",
            "        self.conv = nn.Conv2d(4, 4, 3, stride, 1)",
            "        if stride != 1:",
            "            # 5: identity = x -> down: conv2d(4, 4, 1, stride)",
            "            self.down = nn.Conv2d(4, 4, 1, stride)",
            "",
            "    def forward(self, x: Tensor) -> Tensor:",
            "        # 2: y = conv: conv2d(4, 4, 3, stride, 1)",
            "        y = self.conv(x)",
            "        # 3: identity = x",
            "        identity = x",
            "        if self.stride != 1:",
            "            # 5: identity = x -> down: conv2d(4, 4, 1, stride)",
            "            identity = self.down(x)",
            "        # 7: y + identity",
            "        y = y + identity",
            "        return y"), merged.body());
        assertEquals(java.util.Collections.singletonMap(DOWNSAMPLE, null), merged.decisions());
        // the same merge whichever class came first
        assertEquals(merged.body(), ClassMerger.merge(strided, plain, ClassMergerTest::condition).body());
    }

    @Test
    void modulesOfAListBecomeAStarredConditionalList() {
        ClassMerger.Variant plain = variant(false, null, "class @(nn.Sequential):",
            "    def __init__(self, stride: int) -> None:",
            "        super().__init__(",
            "            nn.Conv2d(4, 4, 3),",
            "        )");
        ClassMerger.Variant strided = variant(true, null, "class @(nn.Sequential):",
            "    def __init__(self, stride: int) -> None:",
            "        super().__init__(",
            "            nn.Conv2d(4, 4, 3),",
            "            nn.ReLU(),",
            "        )");
        assertEquals(String.join("\n", "class @(nn.Sequential):",
            "    def __init__(self, stride: int) -> None:",
            "        super().__init__(",
            "            nn.Conv2d(4, 4, 3),",
            "            *([nn.ReLU()] if stride != 1 else []),",
            "        )"), ClassMerger.merge(plain, strided, ClassMergerTest::condition).body());
    }

    @Test
    void aClassAlreadyHoldingTheIfServesAnInstanceThatDecidesIt() {
        ClassMerger.Variant general = new ClassMerger.Variant(String.join("\n", lines(HEAD,
            "",
            "    def forward(self, x: Tensor) -> Tensor:",
            "        y = self.conv(x)",
            "        if self.a == self.b:",
            "            # 8: if a == b { x + y } else { y }",
            "            x = x + y",
            "            return x",
            "        else:",
            "            return y")), mapOf(DOWNSAMPLE, false, RESIDUAL, null));
        ClassMerger.Variant strided = variant(true, false, lines(HEAD,
            "        # 5: identity = x -> down: conv2d(4, 4, 1, stride)",
            "        self.down = nn.Conv2d(4, 4, 1, stride)",
            "",
            "    def forward(self, x: Tensor) -> Tensor:",
            "        y = self.conv(x)",
            "        return y"));
        String merged = ClassMerger.merge(general, strided, ClassMergerTest::condition).body();
        assertEquals(String.join("\n",
            "        if stride != 1:",
            "            # 5: identity = x -> down: conv2d(4, 4, 1, stride)",
            "            self.down = nn.Conv2d(4, 4, 1, stride)",
            "",
            "    def forward(self, x: Tensor) -> Tensor:",
            "        y = self.conv(x)",
            "        if self.a == self.b:"),
            merged.substring(merged.indexOf("        if stride"), merged.indexOf("if self.a == self.b:") + 20));
    }

    @Test
    void aLoopServesAnInstanceWhoseRepeatNeverRan() {
        SourceSpan repeat = SourceSpan.of("b.net", 9, 5, 11, 6);
        ClassMerger.Condition head = ClassMerger.Condition.loop("for i in range(1, depth)");
        String[] withLoop = {"class @(nn.Sequential):",
            "    def __init__(self, depth: int) -> None:",
            "        super().__init__(",
            "            nn.Conv2d(4, 4, 3),",
            "            *[",
            "                nn.Conv2d(4, 4, 3)",
            "                for i in range(1, depth)",
            "            ],",
            "        )"};
        ClassMerger.Variant ran = new ClassMerger.Variant(String.join("\n", withLoop), Map.of(repeat, true));
        ClassMerger.Variant never = new ClassMerger.Variant(String.join("\n", "class @(nn.Sequential):",
            "    def __init__(self, depth: int) -> None:",
            "        super().__init__(",
            "            nn.Conv2d(4, 4, 3),",
            "        )"), Map.of(repeat, false));
        assertEquals(String.join("\n", withLoop),
            ClassMerger.merge(never, ran, span -> span.equals(repeat) ? head : null).body());
    }

    @Test
    void noMergeWhereTwoIfsWentDifferentWays() {
        ClassMerger.Variant one = variant(false, false, lines(HEAD));
        ClassMerger.Variant other = variant(true, true, lines(HEAD, "        self.relu = nn.ReLU()"));
        assertNull(ClassMerger.merge(one, other, ClassMergerTest::condition));
    }

    @Test
    void noMergeWhereTheLinesThatDifferComeFromElsewhere() {
        // line 2 is not the deciding if's (lines 4 to 6): a size netc inferred, say
        ClassMerger.Variant one = variant(false, null, lines(HEAD, "        # 2: z = conv2d(_, 4, 1)",
            "        self.z = nn.Conv2d(4, 4, 1)"));
        ClassMerger.Variant other = variant(true, null, lines(HEAD, "        # 2: z = conv2d(_, 4, 1)",
            "        self.z = nn.Conv2d(8, 4, 1)"));
        assertNull(ClassMerger.merge(one, other, ClassMergerTest::condition));
    }

    @Test
    void noMergeWhereNoIfDecidedTheDifference() {
        ClassMerger.Variant one = variant(false, null, lines(HEAD, "        self.z = nn.Conv2d(4, 4, 1)"));
        ClassMerger.Variant other = variant(false, null, lines(HEAD, "        self.z = nn.Conv2d(8, 4, 1)"));
        assertNull(ClassMerger.merge(one, other, ClassMergerTest::condition));
    }

    private static Map<SourceSpan, Boolean> mapOf(SourceSpan a, Boolean aWent, SourceSpan b, Boolean bWent) {
        Map<SourceSpan, Boolean> map = new LinkedHashMap<>();
        map.put(a, aWent);
        map.put(b, bWent);
        return map;
    }
}
