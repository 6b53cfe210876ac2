package netc.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SourceSpanTest {
    @Test
    void aSpanOnALineOrAFewNearTheStartIsTinyAndKeepsItsValues() {
        SourceSpan span = SourceSpan.of("m.net", 4_194_303, 4_095, 4_194_303 + 15, 65_535);
        SourceSpan empty = SourceSpan.of(null, 0, 0, 0, 0);
        assertInstanceOf(SourceSpan.Tiny.class, span);
        assertInstanceOf(SourceSpan.Tiny.class, empty);
        assertEquals("m.net", span.file());
        assertEquals(4_194_303, span.startLine());
        assertEquals(4_095, span.startColumn());
        assertEquals(4_194_318, span.endLine());
        assertEquals(65_535, span.endColumn());
        assertEquals(null, empty.file());
        assertEquals(SourceSpan.of(new String("m.net"), 1, 2, 1, 3).file(), SourceSpan.of("m.net", 1, 2, 1, 3).file());
        assertInstanceOf(SourceSpan.Narrow.class, SourceSpan.of("m.net", 4_194_304, 1, 4_194_304, 2));
        assertInstanceOf(SourceSpan.Narrow.class, SourceSpan.of("m.net", 3, 4_096, 3, 4_097));
        assertInstanceOf(SourceSpan.Narrow.class, SourceSpan.of("m.net", 3, 1, 19, 1));
        assertInstanceOf(SourceSpan.Narrow.class, SourceSpan.of("m.net", 3, 1, 3, 65_536));
    }

    @Test
    void aSpanOnOneLineOrAFewIsNarrowAndKeepsItsValues() {
        SourceSpan span = SourceSpan.of("m.net", 3, 9, 3 + 255, (1 << 24) - 1);
        assertInstanceOf(SourceSpan.Narrow.class, span);
        assertEquals(3, span.startLine());
        assertEquals(9, span.startColumn());
        assertEquals(258, span.endLine());
        assertEquals(16_777_215, span.endColumn());
    }

    @Test
    void aSpanOfManyLinesOrFarColumnsIsWideAndKeepsItsValues() {
        SourceSpan lines = SourceSpan.of("m.net", 1, 1, 257, 2);
        SourceSpan column = SourceSpan.of("m.net", 64_000_000, 60_000_000, 64_000_000, 60_000_008);
        SourceSpan backwards = SourceSpan.of("m.net", 5, 1, 4, 1);
        assertInstanceOf(SourceSpan.Wide.class, lines);
        assertInstanceOf(SourceSpan.Wide.class, column);
        assertInstanceOf(SourceSpan.Wide.class, backwards);
        assertEquals(257, lines.endLine());
        assertEquals(2, lines.endColumn());
        assertEquals(64_000_000, column.startLine());
        assertEquals(60_000_000, column.startColumn());
        assertEquals(60_000_008, column.endColumn());
        assertEquals(4, backwards.endLine());
    }

    @Test
    void equalityHashAndTextAreThoseOfTheValuesWhicheverTheForm() {
        SourceSpan narrow = SourceSpan.of("m.net", 3, 5_000, 300, 95).to(SourceSpan.of("m.net", 3, 9, 3, 95));
        SourceSpan wide = SourceSpan.of("m.net", 1, 9, 3, 95).to(SourceSpan.of("m.net", 1, 1, 1000, 95));
        SourceSpan tiny = SourceSpan.of("m.net", 3, 9, 300, 95).to(SourceSpan.of("m.net", 3, 9, 4, 95));
        assertInstanceOf(SourceSpan.Narrow.class, narrow);
        assertInstanceOf(SourceSpan.Wide.class, wide);
        assertInstanceOf(SourceSpan.Tiny.class, tiny);
        assertEquals(SourceSpan.of("m.net", 3, 5_000, 3, 95), narrow);
        assertEquals(SourceSpan.of("m.net", 1, 9, 1000, 95), wide);
        assertEquals(SourceSpan.of("m.net", 3, 9, 4, 95), tiny);
        assertEquals(SourceSpan.of("m.net", 3, 9, 4, 95).hashCode(), tiny.hashCode());
        assertNotEquals(SourceSpan.of("n.net", 3, 5_000, 3, 95), narrow);
        assertNotEquals(SourceSpan.of("m.net", 3, 5_000, 3, 96), narrow);
        assertNotEquals(SourceSpan.of("n.net", 3, 9, 4, 95), tiny);
        // the hash a record of the five components had: the order of hashed collections stays as it was
        assertEquals(960_793_141, SourceSpan.of("m.net", 3, 9, 300, 95).hashCode());
        assertEquals("SourceSpan[file=m.net, startLine=3, startColumn=9, endLine=300, endColumn=95]",
            SourceSpan.of("m.net", 3, 9, 300, 95).toString());
    }

    @Test
    void containsComparesPositions() {
        SourceSpan outer = SourceSpan.of("m.net", 2, 1, 400, 2);
        assertTrue(outer.contains(SourceSpan.of("m.net", 2, 1, 2, 5)));
        assertTrue(outer.contains(SourceSpan.at("m.net", 400, 2)));
        assertFalse(outer.contains(SourceSpan.of("m.net", 1, 9, 2, 5)));
        assertTrue(outer.startsAfter(SourceSpan.of("m.net", 1, 9, 2, 5)));
        assertTrue(SourceSpan.at("m.net", 2, 2).startsAfter(outer));
        assertFalse(outer.startsAfter(SourceSpan.at("m.net", 2, 1)));
        assertFalse(outer.startsAfter(SourceSpan.at("m.net", 2, 7)));
        assertEquals("m.net:2:1", outer.positionSeenFrom("other.net"));
        assertEquals("2:1", outer.positionSeenFrom("m.net"));
    }
}
