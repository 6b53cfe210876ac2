package netc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import netc.diagnostics.Diagnostic;
import netc.diagnostics.Diagnostics;
import netc.diagnostics.Edit;
import netc.diagnostics.Fix;
import netc.diagnostics.SourceSpan;
import netc.diagnostics.SourceText;
import netc.semantic.Analyzer;
import org.junit.jupiter.api.Test;

/**
 * The fixes the error corpus's diagnostics offer, held in errors/fixes.txt: each with its title,
 * the span it edits and the text it writes there. Applying one makes its diagnostic go away.
 */
class CorpusFixesTest {
    private static final Path CORPUS = Path.of("netc-compiler/src/test/resources/errors");

    @Test
    void theCorpusOffersExactlyTheExpectedFixes() throws IOException {
        List<String> actual = new ArrayList<>();
        for (Path file : ErrorCorpusTest.corpus().collect(Collectors.toList())) {
            for (Diagnostic d : analyze(TestFiles.source(file))) {
                for (Fix fix : d.fixes()) {
                    for (Edit edit : fix.edits()) {
                        actual.add(CORPUS.relativize(Path.of(d.span().file())) + ":" + d.span().position() + " "
                            + d.code().id() + ": " + fix.title().english() + " @" + range(edit.span()) + " \""
                            + edit.replacement() + "\"");
                    }
                }
            }
        }
        assertEquals(Files.readAllLines(CORPUS.resolve("fixes.txt")), actual);
    }

    @Test
    void everyFixOfTheCorpusRemovesItsDiagnostic() throws IOException {
        int applied = 0;
        for (Path file : ErrorCorpusTest.corpus().collect(Collectors.toList())) {
            SourceText source = TestFiles.source(file);
            for (Diagnostic d : analyze(source)) {
                for (Fix fix : d.fixes()) {
                    SourceText fixed = new SourceText(source.path(), apply(source, fix));
                    assertFalse(analyze(fixed).stream().anyMatch(after -> after.code() == d.code()
                            && after.span().equals(d.span())),
                        file + ": " + fix.title().english() + " leaves " + d.code().id() + " at " + d.span().position());
                    applied++;
                }
            }
        }
        assertEquals(54, applied);
    }

    private static List<Diagnostic> analyze(SourceText source) {
        Diagnostics diagnostics = new Diagnostics();
        Analyzer.analyze(source, Analyzer.Options.all(), diagnostics);
        return diagnostics.all();
    }

    /** The fix's edits applied from the last to the first, so that earlier offsets stay valid. */
    private static String apply(SourceText source, Fix fix) {
        StringBuilder text = new StringBuilder(source.text());
        List<Edit> edits = new ArrayList<>(fix.edits());
        edits.sort((a, b) -> Integer.compare(offset(source, b.span()), offset(source, a.span())));
        for (Edit edit : edits) {
            SourceSpan span = edit.span();
            text.replace(offset(source, span), source.offset(span.endLine(), span.endColumn()), edit.replacement());
        }
        return text.toString();
    }

    private static int offset(SourceText source, SourceSpan span) {
        return source.offset(span.startLine(), span.startColumn());
    }

    private static String range(SourceSpan span) {
        return span.startLine() + ":" + span.startColumn() + "-" + span.endLine() + ":" + span.endColumn();
    }
}
