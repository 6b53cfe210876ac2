package netc.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.CommonToken;
import org.antlr.v4.runtime.Token;
import org.junit.jupiter.api.Test;

class TokenWindowTest {
    @Test
    void releasedTokensReadAsNullAndTheOthersStayInPlace() {
        SourceParser.TokenWindow window = new SourceParser.TokenWindow();
        List<Token> all = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            Token token = new CommonToken(1, "t" + i);
            all.add(token);
            window.add(token);
            if (i % 100 == 99) {
                window.releaseBefore(i - 10);
            }
        }
        window.releaseBefore(5);   // before what is released already: nothing changes

        assertEquals(10_000, window.size());
        assertNull(window.get(0));
        assertNull(window.get(9_988));
        for (int i = 9_989; i < 10_000; i++) {
            assertSame(all.get(i), window.get(i));
        }
        assertThrows(IndexOutOfBoundsException.class, () -> window.get(10_000));
        window.releaseBefore(20_000);
        assertNull(window.get(9_999));
        window.add(all.get(0));
        assertSame(all.get(0), window.get(10_000));
        window.clear();
        assertEquals(0, window.size());
    }
}
