package netc.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Collectors;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.Token;
import org.junit.jupiter.api.Test;

class NetcLexerBaseTest {
    /** A token stream keeps every token of a file: blanks, half of a typical file's tokens, are not made. */
    @Test
    void blanksMakeNoTokens() {
        assertEquals(List.of("IDENT relu", "ARROW ->", "LINE_COMMENT // x", "IDENT relu", "MINUS -", "INT 1", "EOF <EOF>"),
            tokens("  relu ->\t// x\n\n  relu -1 \r\n"));
    }

    /** '[' right after an operand on its line indexes; elsewhere, a new line included, it opens a list or a shape. */
    @Test
    void aBracketIndexesOnlyRightAfterAnOperandOnItsLine() {
        assertEquals(List.of("IDENT x", "LBRACK [", "INT 0", "RBRACK ]", "LIST_OPEN [", "IDENT y", "RBRACK ]",
            "IDENT f", "CALL_OPEN (", "LIST_OPEN [", "IDENT a", "RBRACK ]", "RPAREN )", "COLON :", "LIST_OPEN [",
            "INT 3", "RBRACK ]", "IDENT int64", "LBRACK [", "INT 5", "RBRACK ]", "EOF <EOF>"),
            tokens("x[0]\n[y] f([a]) : [3] int64[5]"));
    }

    private static List<String> tokens(String text) {
        CommonTokenStream stream = new CommonTokenStream(new NetcLexer(CharStreams.fromString(text)));
        stream.fill();
        return stream.getTokens().stream()
            .map(t -> NetcLexer.VOCABULARY.getSymbolicName(t.getType()) + " " + t.getText())
            .collect(Collectors.toList());
    }
}
