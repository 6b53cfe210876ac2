package netc.grammar;

import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.IntStream;
import org.antlr.v4.runtime.Lexer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.LexerATNSimulator;

/**
 * NetcLexer.g4's rules matched by hand: the token the generated automaton would match at the same
 * place (the longest, the first rule on a tie), its channel, and the same lines and columns. A file
 * of layers is millions of tokens, and the automaton, which looks each character up in its DFA's
 * edges and remembers each accepting state, took a fifth of a large file's parse. TokenScannerTest
 * compares the two on every .net file of the project and on mutants of them.
 */
final class TokenScanner extends LineBreakCounter {
    TokenScanner(Lexer lexer, LexerATNSimulator generated) {
        super(lexer, generated);
    }

    @Override
    public int match(CharStream input, int mode) {
        this.mode = mode;
        startIndex = input.index();
        int c = input.LA(1);
        if (c == IntStream.EOF) {
            return Token.EOF;
        }
        if (isLetter(c)) {
            return word(input);
        }
        if (isDigit(c)) {
            return number(input);
        }
        switch (c) {
            case ' ': case '\t': case '\r': case '\n': case '\f':
                while (isBlank(input.LA(1))) {
                    consume(input);
                }
                return Lexer.SKIP;
            case '"': case '\'':
                return string(input, c);
            case '.':
                return isDigit(input.LA(2)) ? fraction(input) : single(input, NetcLexer.DOT);
            case '/':
                if (input.LA(2) == '*') {
                    return comment(input);
                }
                return pairOr(input, '/', NetcLexer.FLOORDIV, NetcLexer.SLASH);
            case '-': return pairOr(input, '>', NetcLexer.ARROW, NetcLexer.MINUS);
            case '=': return pairOr(input, '=', NetcLexer.EQ, NetcLexer.ASSIGN);
            case '!': return pairOr(input, '=', NetcLexer.NE, NetcLexer.NOT);
            case '<': return pairOr(input, '=', NetcLexer.LE, NetcLexer.LT);
            case '>': return pairOr(input, '=', NetcLexer.GE, NetcLexer.GT);
            case '*': return pairOr(input, '*', NetcLexer.POWER, NetcLexer.STAR);
            case '&': return input.LA(2) == '&' ? pair(input, NetcLexer.AND) : unknown(input);
            case '|': return input.LA(2) == '|' ? pair(input, NetcLexer.OR) : unknown(input);
            case '+': return single(input, NetcLexer.PLUS);
            case '@': return single(input, NetcLexer.AT);
            case '%': return single(input, NetcLexer.PERCENT);
            case '(': return single(input, NetcLexer.LPAREN);
            case ')': return single(input, NetcLexer.RPAREN);
            case '[': return single(input, NetcLexer.LBRACK);
            case ']': return single(input, NetcLexer.RBRACK);
            case '{': return single(input, NetcLexer.LBRACE);
            case '}': return single(input, NetcLexer.RBRACE);
            case ',': return single(input, NetcLexer.COMMA);
            case ':': return single(input, NetcLexer.COLON);
            default: return unknown(input);
        }
    }

    /** IDENT, or the keyword it spells (the keywords' rules come first). */
    private int word(CharStream input) {
        int length = 0;
        while (isLetter(input.LA(1)) || isDigit(input.LA(1))) {
            consume(input);
            length++;
        }
        switch (length) {
            case 2:
                return spells(input, length, "if") ? NetcLexer.IF : spells(input, length, "in") ? NetcLexer.IN : NetcLexer.IDENT;
            case 4:
                return spells(input, length, "else") ? NetcLexer.ELSE : spells(input, length, "true") ? NetcLexer.TRUE
                    : NetcLexer.IDENT;
            case 5:
                return spells(input, length, "model") ? NetcLexer.MODEL : spells(input, length, "block") ? NetcLexer.BLOCK
                    : spells(input, length, "input") ? NetcLexer.INPUT : spells(input, length, "false") ? NetcLexer.FALSE
                    : NetcLexer.IDENT;
            case 6:
                return spells(input, length, "repeat") ? NetcLexer.REPEAT : NetcLexer.IDENT;
            default:
                return NetcLexer.IDENT;
        }
    }

    /** Whether the {@code length} characters just read are {@code keyword}. */
    private static boolean spells(CharStream input, int length, String keyword) {
        for (int i = 0; i < length; i++) {
            if (input.LA(i - length) != keyword.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** INT, or a FLOAT: digits with a point and more digits, or an exponent. */
    private int number(CharStream input) {
        digits(input);
        if (input.LA(1) == '.') {
            return fraction(input);
        }
        return exponent(input) ? NetcLexer.FLOAT : NetcLexer.INT;
    }

    /** From a point: the digits after it, and an exponent. */
    private int fraction(CharStream input) {
        consume(input);
        digits(input);
        exponent(input);
        return NetcLexer.FLOAT;
    }

    private void digits(CharStream input) {
        while (isDigit(input.LA(1))) {
            consume(input);
        }
    }

    /** Reads {@code e}, a sign and digits, if all are there; an {@code e} without digits is the next token's. */
    private boolean exponent(CharStream input) {
        int e = input.LA(1);
        if (e != 'e' && e != 'E') {
            return false;
        }
        int sign = input.LA(2) == '+' || input.LA(2) == '-' ? 1 : 0;
        if (!isDigit(input.LA(2 + sign))) {
            return false;
        }
        for (int i = 0; i <= sign; i++) {
            consume(input);
        }
        digits(input);
        return true;
    }

    /**
     * STRING up to the closing quote; without one before the line or the file ends, UNTERMINATED_STRING,
     * up to the last character a string may hold (a backslash holds the character after it, not a line break).
     */
    private int string(CharStream input, int quote) {
        consume(input);
        while (true) {
            int c = input.LA(1);
            if (c == quote) {
                consume(input);
                return NetcLexer.STRING;
            }
            if (c == '\\' && !endsString(input.LA(2))) {
                consume(input);
                consume(input);
            } else if (c == '\\' || endsString(c)) {
                recog.setChannel(NetcLexer.LEXICAL_ERRORS);
                return NetcLexer.UNTERMINATED_STRING;
            } else {
                consume(input);
            }
        }
    }

    private static boolean endsString(int c) {
        return c == '\r' || c == '\n' || c == IntStream.EOF;
    }

    /** BLOCK_COMMENT up to the first {@code *}{@code /}; without one, UNTERMINATED_COMMENT to the end of the file. */
    private int comment(CharStream input) {
        consume(input);
        consume(input);
        while (input.LA(1) != IntStream.EOF) {
            if (input.LA(1) == '*' && input.LA(2) == '/') {
                consume(input);
                consume(input);
                recog.setChannel(Token.HIDDEN_CHANNEL);
                return NetcLexer.BLOCK_COMMENT;
            }
            consume(input);
        }
        recog.setChannel(NetcLexer.LEXICAL_ERRORS);
        return NetcLexer.UNTERMINATED_COMMENT;
    }

    private int pairOr(CharStream input, int second, int pairType, int singleType) {
        return input.LA(2) == second ? pair(input, pairType) : single(input, singleType);
    }

    private int pair(CharStream input, int type) {
        consume(input);
        consume(input);
        return type;
    }

    private int single(CharStream input, int type) {
        consume(input);
        return type;
    }

    private int unknown(CharStream input) {
        consume(input);
        recog.setChannel(NetcLexer.LEXICAL_ERRORS);
        return NetcLexer.UNKNOWN_CHAR;
    }

    private static boolean isLetter(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_';
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isBlank(int c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f';
    }
}
