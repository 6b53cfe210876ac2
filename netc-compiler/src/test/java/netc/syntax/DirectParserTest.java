package netc.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;
import netc.TestFiles;
import netc.diagnostics.Diagnostic;
import netc.diagnostics.Diagnostics;
import netc.diagnostics.SourceText;
import org.junit.jupiter.api.Test;

/**
 * The fast parse reads the common statements by hand and the rest with the generated parser's rules;
 * the full parse, after a syntax error, reads everything with the rules. Both must build the same AST,
 * spans included, and report the same: checked on every .net file of the project and on mutants of
 * them that reach the edges of what the hand-written part reads (an operator after a step, a label,
 * a negative argument, a method). A broken model appended to a file sends it through the full parse.
 */
class DirectParserTest {
    private static final String BROKEN = "\nmodel DirectParserTestBroken {\n    relu(\n}\n";

    /** Replacements that keep most statements well formed, each a shape the hand-written part reads or hands on. */
    private static final String[][] MUTATIONS = {
        {" -> ", " -> relu -> "},
        {" -> ", " -> l1: l2: relu -> "},
        {" -> ", " + 1 -> "},
        {" -> ", "\n        -> "},
        {"(", "(-1, "},
        {", ", ", k=-2.5, "},
        {", ", ", [1, 2], "},
        {", ", ", x.size(1), "},
        {", ", ", 2 * 3, "},
        {")", ", )"},
        {")", ")[0]"},
        {")", ").view(-1)"},
        {"relu", "F.relu"},
        {"relu", "nn.ReLU()"},
        {"relu", "relu()"},
        {"relu", "\"r{1}\": relu"},
        {"relu", "r[0]: relu"},
        {"relu", "(relu)"},
        {"relu", "((relu, relu), (relu,), ())"},
        {"relu", "(a = relu\n        a -> (relu))"},
        {"    ", "    (a, b), c = "},
        {"    ", "    a = "},
        {"    ", "    model: "},
    };

    /** Syntax errors, put at the end of a line. */
    private static final String[] DAMAGE = {" )", " relu(", " ->", "\n    x = ", " , 3", "\n}", "\n    conv2d(1 2)",
        " /* open", " \"open", " @@", "\n    (a, b = relu"};

    @Test
    void theFastParseBuildsWhatTheFullParseBuildsForEveryFileOfTheProject() {
        List<Path> files = TestFiles.projectNetFiles();
        int compared = 0;
        for (Path file : files) {
            compared += compare(file.toString(), TestFiles.readLeniently(file)) ? 1 : 0;
        }
        assertTrue(files.size() > 350, "only " + files.size() + " .net files found");
        assertTrue(compared > 340, "only " + compared + " of " + files.size() + " files parsed without a diagnostic");
    }

    /**
     * After a syntax error in a definition's body, the full parse resumes at the statement that holds it, and
     * hands the tokens back to the fast parse once the error is behind it: the same diagnostics, definitions
     * and broken definitions as a parse of the whole file, for every file of the project with an error and
     * for mutants with one error anywhere, or three.
     */
    @Test
    void theResumedParseReportsAndBuildsWhatTheWholeFilesParseDoes() {
        Random random = new Random(20261203);
        long handoversBefore = SourceParser.HANDOVERS.get();
        int compared = 0;
        for (Path file : TestFiles.projectNetFiles()) {
            String text = TestFiles.readLeniently(file);
            compareResumed(file.toString(), text);
            for (String damage : DAMAGE) {
                compared += compareResumed(file + " with " + damage.strip(), damaged(text, List.of(damage), random)) ? 1 : 0;
            }
            List<String> three = List.of(DAMAGE[random.nextInt(DAMAGE.length)], DAMAGE[random.nextInt(DAMAGE.length)],
                DAMAGE[random.nextInt(DAMAGE.length)]);
            compared += compareResumed(file + " with " + three, damaged(text, three, random)) ? 1 : 0;
        }
        long handovers = SourceParser.HANDOVERS.get() - handoversBefore;
        assertTrue(compared > 2800, "only " + compared + " mutants with syntax errors");
        assertTrue(handovers > 1800, "the full parse handed over only " + handovers + " times");
    }

    /** {@code text} with each of {@code damages} put at the end of a line, the same line or another. */
    private static String damaged(String text, List<String> damages, Random random) {
        String mutant = text;
        for (String damage : damages) {
            int at = nthOccurrence(mutant, "\n", random);
            if (at >= 0) {
                mutant = mutant.substring(0, at) + damage + mutant.substring(at);
            }
        }
        return mutant;
    }

    @Test
    void theFastParseBuildsWhatTheFullParseBuildsForMutantsOfThem() {
        Random random = new Random(20261203);
        int compared = 0;
        int tried = 0;
        for (Path file : TestFiles.projectNetFiles()) {
            String text = TestFiles.readLeniently(file);
            for (String[] mutation : MUTATIONS) {
                int at = nthOccurrence(text, mutation[0], random);
                if (at < 0) {
                    continue;
                }
                String mutant = text.substring(0, at) + mutation[1] + text.substring(at + mutation[0].length());
                tried++;
                compared += compare(file + " with " + mutation[1].strip(), mutant) ? 1 : 0;
            }
        }
        assertTrue(compared > 3500, "only " + compared + " of " + tried + " mutants parsed without a diagnostic");
    }

    /**
     * Compares the two parses of {@code text}; false when the fast one reported something, and so was not
     * kept alone. On a thread with a deep stack: records compare recursively, and the hostile files nest
     * deeply (a long chain of methods).
     */
    private static boolean compare(String name, String text) {
        return onDeepStack(name, () -> compareHere(name, text));
    }

    private static boolean onDeepStack(String name, BooleanSupplier comparison) {
        boolean[] compared = new boolean[1];
        Throwable[] failure = new Throwable[1];
        Thread thread = new Thread(null, () -> {
            try {
                compared[0] = comparison.getAsBoolean();
            } catch (Throwable e) {
                failure[0] = e;
            }
        }, "compare", 1L << 30);
        thread.start();
        try {
            thread.join();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        if (failure[0] instanceof Error) {
            throw (Error) failure[0];
        }
        if (failure[0] != null) {
            throw new AssertionError(name, failure[0]);
        }
        return compared[0];
    }

    private static boolean compareHere(String name, String text) {
        Diagnostics fastDiagnostics = new Diagnostics(Integer.MAX_VALUE);
        ParsedFile fast = SourceParser.parse(new SourceText("m.net", text), fastDiagnostics);
        if (!fast.reportedNothing()) {
            return false;
        }
        Diagnostics fullDiagnostics = new Diagnostics(Integer.MAX_VALUE);
        ParsedFile full = SourceParser.parse(new SourceText("m.net", text + BROKEN), fullDiagnostics);
        assertEquals(List.of("DirectParserTestBroken"), List.copyOf(full.brokenDefinitions()), name);
        assertEquals(fast.file().imports(), full.file().imports(), name);
        assertEquals(fast.file().definitions(), full.file().definitions(), name);
        assertEquals(1, fullDiagnostics.all().size(), name + ": " + fullDiagnostics.all().stream()
            .map(Diagnostic::toString).toList());
        return true;
    }

    /** Compares the parse that resumes with the parse of the whole file; false when no definition was broken. */
    private static boolean compareResumed(String name, String text) {
        boolean[] broken = new boolean[1];
        onDeepStack(name, () -> {
            Diagnostics resumedDiagnostics = new Diagnostics(Integer.MAX_VALUE);
            ParsedFile resumed = SourceParser.parse(new SourceText("m.net", text), resumedDiagnostics, true);
            Diagnostics wholeDiagnostics = new Diagnostics(Integer.MAX_VALUE);
            ParsedFile whole = SourceParser.parse(new SourceText("m.net", text), wholeDiagnostics, false);
            assertEquals(render(wholeDiagnostics), render(resumedDiagnostics), name);
            assertEquals(whole.brokenDefinitions(), resumed.brokenDefinitions(), name);
            assertEquals(whole.file(), resumed.file(), name);
            broken[0] = !whole.brokenDefinitions().isEmpty();
            return true;
        });
        return broken[0];
    }

    private static List<String> render(Diagnostics diagnostics) {
        return diagnostics.all().stream().map(d -> d.span() + " " + d.code().id() + " " + d).toList();
    }

    private static int nthOccurrence(String text, String what, Random random) {
        List<Integer> places = new ArrayList<>();
        for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + 1)) {
            places.add(at);
        }
        return places.isEmpty() ? -1 : places.get(random.nextInt(places.size()));
    }

    /**
     * Every .net file of the project (the tests run in its root), sorted so that the mutants are the same
     * on every run.
     */
}
