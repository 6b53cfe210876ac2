package netc.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import netc.diagnostics.Diagnostics;
import netc.diagnostics.SourceText;
import org.junit.jupiter.api.Test;

class EditReparseTest {
    private static final String TEXT = """
        block Pair(c) {
            input x
            conv2d(c, c, k=3, p=1) -> relu
        }

        model M {
            input x: [3, 8, 8]
            conv1: conv2d(3, 4, k=3)   // a comment
            relu
            Pair(4)
            flatten
            linear(144, 10)
        }
        """;

    /** The full parse, which must report nothing. */
    private static ParsedFile parse(String text) {
        Diagnostics diagnostics = new Diagnostics();
        ParsedFile parsed = SourceParser.parse(new SourceText("m.net", text), diagnostics);
        assertEquals(List.of(), diagnostics.all());
        return parsed;
    }

    private static ParsedFile reparse(String before, String after) {
        return EditReparse.of(parse(before), before, new SourceText("m.net", after));
    }

    private static List<Statement> model(ParsedFile parsed) {
        return parsed.file().definitions().get(1).body();
    }

    @Test
    void aChangedNumberReparsesOnlyTheStatementsAroundIt() {
        ParsedFile before = parse(TEXT);
        String after = TEXT.replace("linear(144, 10)", "linear(144, 12)");
        ParsedFile reparsed = EditReparse.of(before, TEXT, new SourceText("m.net", after));
        assertEquals(parse(after), reparsed);
        // flatten (the statement before) and linear are parsed again; the others are the earlier parse's
        for (int i = 0; i < 4; i++) {
            assertSame(model(before).get(i), model(reparsed).get(i));
        }
        assertNotSame(model(before).get(4), model(reparsed).get(4));
        assertEquals("12:5", model(reparsed).get(5).span().position());
        assertSame(before.file().definitions().get(0), reparsed.file().definitions().get(0));
    }

    @Test
    void anEditThatJoinsTwoStatementsGivesTheJoinedStatement() {
        String after = TEXT.replace("    relu\n", "    relu ->\n");
        ParsedFile reparsed = reparse(TEXT, after);
        assertEquals(parse(after), reparsed);
        assertEquals(5, model(reparsed).size());
    }

    @Test
    void anEditOfTheFirstStatementAndOfACommentReparses() {
        assertEquals(parse(TEXT.replace("[3, 8, 8]", "[3, 16, 16]")), reparse(TEXT, TEXT.replace("[3, 8, 8]", "[3, 16, 16]")));
        assertEquals(parse(TEXT.replace("a comment", "a remark")), reparse(TEXT, TEXT.replace("a comment", "a remark")));
        assertEquals(parse(TEXT.replace("conv2d(c, c, k=3", "conv2d(c, c, k=5")),
            reparse(TEXT, TEXT.replace("conv2d(c, c, k=3", "conv2d(c, c, k=5")));
    }

    /** Lines added or removed: what comes after the edit is the same nodes, moved; what comes before is the earlier parse's. */
    @Test
    void linesAddedOrRemovedMoveWhatFollows() {
        ParsedFile before = parse(TEXT);
        String added = TEXT.replace("    relu\n", "    relu\n\n    dropout(0.5)\n");
        ParsedFile reparsed = EditReparse.of(before, TEXT, new SourceText("m.net", added));
        assertEquals(parse(added), reparsed);
        assertSame(model(before).get(0), model(reparsed).get(0));
        assertEquals("14:5", model(reparsed).get(6).span().position());
        assertEquals(15, reparsed.file().definitions().get(1).span().endLine());
        String removed = TEXT.replace("    conv1: conv2d(3, 4, k=3)   // a comment\n    relu\n", "    conv1: conv2d(3, 4, k=3) -> relu\n");
        assertEquals(parse(removed), reparse(TEXT, removed));
        String inBlock = TEXT.replace("    input x\n    conv2d", "    input x\n    relu\n    conv2d");
        ParsedFile moved = reparse(TEXT, inBlock);
        assertEquals(parse(inBlock), moved);
        assertEquals("7:1", moved.file().definitions().get(1).span().position());
    }

    @Test
    void theSameTextIsTheSameParse() {
        ParsedFile before = parse(TEXT);
        assertSame(before, EditReparse.of(before, TEXT, new SourceText("m.net", TEXT)));
    }

    @Test
    void editsItCannotTakeGiveNull() {
        assertNull(reparse(TEXT, TEXT.replace("model M {", "model N {")), "the header");
        assertNull(reparse(TEXT, TEXT.replace("    conv2d(c, c, k=3, p=1) -> relu\n}", "    conv2d(c, c, k=3, p=1) -> relu }\n")),
            "the line of a '}' removed");
        assertNull(reparse(TEXT, TEXT.replace("relu\n    Pair(4)", "relu\n}\nmodel N {\n    Pair(4)")), "a definition ended");
        assertNull(reparse(TEXT, TEXT.replace("conv2d(3, 4, k=3)", "conv2d(3, 4 k=3)")), "a syntax error");
        assertNull(reparse(TEXT, TEXT.replace("Pair(4)", "Pair(4) /*")), "a comment left open");
        assertNull(reparse(TEXT, TEXT.replace("Pair(4)", "Pair(4) }")), "a '}' that ends the body early");
        assertNull(reparse(TEXT, TEXT.replace("}\n\nmodel", "}\n// x\nmodel")), "between definitions");
        assertNull(reparse(TEXT, TEXT.replace("linear(144, 10)\n}", "linear(144, 10)\n} ")), "the line of the '}'");
        assertNull(EditReparse.of(parse(TEXT), TEXT, new SourceText("other.net", TEXT)), "another file");
    }

    /**
     * Edits of every sample, seeded, line breaks among what they remove and insert: wherever a reparse
     * is made, it equals the full parse of the edited text, which reports nothing.
     */
    @Test
    void reparsesEqualFullParsesOfEditedSamples() throws Exception {
        List<String> inserted = List.of("1", "x", " ", "-> relu", ",", "(", ")", "//", "-", "[", "]", "k=3", "}", "{", ":",
            "/*", "*/", "\"", "if", "repeat 2 {", "+", "= y", "relu(", "2.5", "\t", "\n", "\n    relu\n", "\r\n", "\r",
            ")\n", "\n}\n");
        Random random = new Random(1);
        int reparsed = 0;
        int edits = 0;
        List<Path> samples;
        try (Stream<Path> files = Files.list(Path.of("samples"))) {
            samples = files.filter(p -> p.toString().endsWith(".net")).sorted().toList();
        }
        for (Path sample : samples) {
            String text = Files.readString(sample);
            ParsedFile before = SourceParser.parse(new SourceText("m.net", text), new Diagnostics());
            for (int i = 0; i < 100; i++) {
                int at = random.nextInt(text.length());
                int removed = random.nextInt(Math.min(12, text.length() - at) + 1);
                String after = text.substring(0, at) + (random.nextBoolean() ? inserted.get(random.nextInt(inserted.size())) : "")
                    + text.substring(at + removed);
                edits++;
                ParsedFile incremental = EditReparse.of(before, text, new SourceText("m.net", after));
                if (incremental != null) {
                    reparsed++;
                    Diagnostics diagnostics = new Diagnostics();
                    ParsedFile full = SourceParser.parse(new SourceText("m.net", after), diagnostics);
                    assertEquals(List.of(), diagnostics.all(), sample + " edited at " + at);
                    assertEquals(full, incremental, sample + " edited at " + at);
                }
            }
        }
        assertTrue(edits > 1500 && reparsed > edits / 4, reparsed + " of " + edits + " edits reparsed");
    }
}
