package netc.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import netc.TestFiles;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.LexerATNSimulator;
import org.junit.jupiter.api.Test;

/**
 * The tokens matched by hand are the generated automaton's: type, channel, where they start and stop,
 * line and column, for every .net file of the project, for texts made of the characters where the
 * rules meet (quotes, escapes, comments, exponents, line breaks, characters no rule takes) and for
 * those characters let into the project's files.
 */
class TokenScannerTest {
    /**
     * Pieces that start, end or split tokens; with them every literal token of the grammar and every printable
     * ASCII character, so that a token the grammar gains and the scanner lacks fails these tests.
     */
    private static final String[] PIECES = pieces("\"", "'", "\\", "/*", "*/", "*", "/", "//", ".", "e", "E", "+", "-", "1",
        "09", "x", "_", " ", "\t", "\f", "\n", "\r", "\r\n", "&", "|", "=", "!", "<", ">", "->", "(", ")", "[", "]",
        "{", "}", ",", ":", "@", "%", "#", "$", "\u00e9", "\u00a0", "\u000b", "\ud83d\ude00", "if", "in", "input",
        "model", "block", "repeat", "true", "false", "else", "elsewhere", "inputs", "i");

    private static String[] pieces(String... chosen) {
        List<String> pieces = new ArrayList<>(List.of(chosen));
        for (int type = 1; type <= NetcLexer.VOCABULARY.getMaxTokenType(); type++) {
            String literal = NetcLexer.VOCABULARY.getLiteralName(type);
            if (literal != null) {
                pieces.add(literal.substring(1, literal.length() - 1));   // 'model' -> model
            }
        }
        for (char c = ' '; c < 0x7f; c++) {
            pieces.add(String.valueOf(c));
        }
        return pieces.toArray(String[]::new);
    }

    @Test
    void everyFileOfTheProjectLexesAsTheGeneratedLexerLexesIt() {
        List<Path> files = TestFiles.projectNetFiles();
        long tokens = 0;
        for (Path file : files) {
            tokens += compare(file.toString(), TestFiles.readLeniently(file));
        }
        assertTrue(files.size() > 350, "only " + files.size() + " .net files found");
        assertTrue(tokens > 150_000, "only " + tokens + " tokens compared");
    }

    @Test
    void textsOfThePiecesWhereRulesMeetLexAsTheGeneratedLexerLexesThem() {
        Random random = new Random(20261203);
        long tokens = 0;
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder();
            for (int n = random.nextInt(12); n > 0; n--) {
                text.append(PIECES[random.nextInt(PIECES.length)]);
            }
            tokens += compare("pieces " + i, text.toString());
        }
        assertTrue(tokens > 80_000, "only " + tokens + " tokens compared");
    }

    @Test
    void theProjectsFilesWithThePiecesLetInLexAsTheGeneratedLexerLexesThem() {
        Random random = new Random(3122026);
        List<Path> files = TestFiles.projectNetFiles();
        long tokens = 0;
        for (int i = 0; i < 3_000; i++) {
            String text = TestFiles.readLeniently(files.get(random.nextInt(files.size())));
            StringBuilder mutant = new StringBuilder(text);
            for (int n = 1 + random.nextInt(4); n > 0; n--) {
                mutant.insert(random.nextInt(mutant.length() + 1), PIECES[random.nextInt(PIECES.length)]);
            }
            tokens += compare("mutant " + i, mutant.toString());
        }
        assertTrue(tokens > 500_000, "only " + tokens + " tokens compared");
    }

    /** Lexes {@code text} both ways and compares every token of every channel; returns how many there were. */
    private static int compare(String name, String text) {
        NetcLexer scanning = new NetcLexer(CharStreams.fromString(text));
        NetcLexer automaton = new NetcLexer(CharStreams.fromString(text)) {
            @Override
            LineBreakCounter scanner(LexerATNSimulator generated) {
                return new LineBreakCounter(this, generated);
            }
        };
        List<String> byHand = tokens(scanning);
        List<String> generated = tokens(automaton);
        assertEquals(TokenScanner.class, scanning.getInterpreter().getClass());
        assertEquals(LineBreakCounter.class, automaton.getInterpreter().getClass());
        assertEquals(generated, byHand, () -> name + ": " + text);
        return byHand.size();
    }

    private static List<String> tokens(NetcLexer lexer) {
        lexer.removeErrorListeners();
        List<String> tokens = new ArrayList<>();
        Token token;
        do {
            token = lexer.nextToken();
            tokens.add(token.getType() + "/" + token.getChannel() + " " + token.getStartIndex() + "-" + token.getStopIndex()
                + " " + token.getLine() + ":" + token.getCharPositionInLine());
        } while (token.getType() != Token.EOF);
        return tokens;
    }
}
