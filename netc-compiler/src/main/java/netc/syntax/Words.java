package netc.syntax;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import org.antlr.v4.runtime.Token;

/**
 * One copy of each word and number of a file: a large model repeats the same few thousands of times.
 * A token read in place ({@link TextCharStream}) is looked up where it stands in the text, so that
 * a word met before makes no string at all. One serves every builder of a parse: after syntax errors
 * there is one per resumed parse.
 */
final class Words {
    private String[] table = new String[256];
    private int size;
    private final Map<String, BigInteger> integers = new HashMap<>();

    /** The value of an integer token, one for each spelling. */
    BigInteger integer(Token token) {
        return integers.computeIfAbsent(of(token), Expr.IntLiteral::valueOf);
    }

    /** The text of {@code token}, the same string each time the same text comes. */
    String of(Token token) {
        if (!(token.getInputStream() instanceof TextCharStream)) {
            return of(token.getText());
        }
        return of(((TextCharStream) token.getInputStream()).text(), token.getStartIndex(), token.getStopIndex() + 1);
    }

    /** {@code text}, or the copy of it kept before. */
    String of(String text) {
        return of(text, 0, text.length());
    }

    private String of(String text, int start, int end) {
        int hash = 0;
        for (int i = start; i < end; i++) {
            hash = 31 * hash + text.charAt(i);
        }
        int mask = table.length - 1;
        for (int slot = (hash ^ hash >>> 16) & mask; ; slot = (slot + 1) & mask) {
            String word = table[slot];
            if (word == null) {
                word = text.substring(start, end);
                table[slot] = word;
                if (++size * 2 > table.length) {
                    grow();
                }
                return word;
            }
            if (word.length() == end - start && text.regionMatches(start, word, 0, word.length())) {
                return word;
            }
        }
    }

    private void grow() {
        String[] old = table;
        table = new String[old.length * 2];
        int mask = table.length - 1;
        for (String word : old) {
            if (word != null) {
                int hash = word.hashCode();
                int slot = (hash ^ hash >>> 16) & mask;
                while (table[slot] != null) {
                    slot = (slot + 1) & mask;
                }
                table[slot] = word;
            }
        }
    }
}
