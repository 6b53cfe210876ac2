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

    private static List<String> tokens(String text) {
        CommonTokenStream stream = new CommonTokenStream(new NetcLexer(CharStreams.fromString(text)));
        stream.fill();
        return stream.getTokens().stream()
            .map(t -> NetcLexer.VOCABULARY.getSymbolicName(t.getType()) + " " + t.getText())
            .collect(Collectors.toList());
    }
}
