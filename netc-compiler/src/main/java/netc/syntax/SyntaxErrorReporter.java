package netc.syntax;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import netc.diagnostics.Code;
import netc.diagnostics.Diagnostic;
import netc.diagnostics.Diagnostics;
import netc.diagnostics.Fix;
import netc.diagnostics.SourceSpan;
import netc.grammar.NetcLexer;
import netc.grammar.NetcParser;
import netc.grammar.NetcParserBase;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.InputMismatchException;
import org.antlr.v4.runtime.NoViableAltException;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.Vocabulary;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * ANTLR's recovery with netc's words: "expected ')' but found the name 'relu'" rather than a dump
 * of token names. Remembers where errors were, so that definitions holding one are not analysed.
 * One mistake makes one error: after the first error in a statement or on a line, the rest of
 * them is not reported (recovery would only find consequences of the first).
 */
final class SyntaxErrorReporter extends DefaultErrorStrategy implements NetcParserBase.MissingCommaListener {
    private static final int MAX_LISTED = 4;

    private final String file;
    private final Diagnostics diagnostics;
    private final SourceParser.LexicalErrors lexicalErrors;
    private final List<Integer> errorTokenIndexes = new ArrayList<>();
    /** The statement and line of the last error reported, whose further errors are consequences. */
    private ParserRuleContext reportedStatement;
    private int reportedLine;

    SyntaxErrorReporter(String file, Diagnostics diagnostics, SourceParser.LexicalErrors lexicalErrors) {
        this.file = file;
        this.diagnostics = diagnostics;
        this.lexicalErrors = lexicalErrors;
    }

    List<Integer> errorTokenIndexes() {
        return errorTokenIndexes;
    }

    @Override
    public void missingComma(Parser parser, Token next) {
        SourceSpan previous = Spans.of(file, parser.getTokenStream().LT(-1));
        Fix comma = Fix.replace("add the missing comma",
            SourceSpan.at(file, previous.endLine(), previous.endColumn()), ",");
        report(parser, next, "expected ',' or ')' before " + describe(next), null, List.of(comma));
    }

    @Override
    protected void reportNoViableAlternative(Parser parser, NoViableAltException e) {
        Token token = e.getOffendingToken();
        Token previous = parser.getTokenStream().LT(-1);
        if (parser.getContext() instanceof NetcParser.ArgumentsContext && token.getLine() > previous.getLine()) {
            // an argument list whose next line does not continue it most likely lacks its ')'
            report(parser, token, "expected ')' before " + describe(token), null);
            return;
        }
        report(parser, token, "unexpected " + describe(token), parser.getExpectedTokens());
    }

    @Override
    protected void reportInputMismatch(Parser parser, InputMismatchException e) {
        report(parser, e.getOffendingToken(), "unexpected " + describe(e.getOffendingToken()), e.getExpectedTokens());
    }

    @Override
    protected void reportFailedPredicate(Parser parser, org.antlr.v4.runtime.FailedPredicateException e) {
        report(parser, e.getOffendingToken(), "unexpected " + describe(e.getOffendingToken()), null);
    }

    @Override
    protected void reportUnwantedToken(Parser parser) {
        if (inErrorRecoveryMode(parser)) {
            return;
        }
        beginErrorCondition(parser);
        Token token = parser.getCurrentToken();
        report(parser, token, "unexpected " + describe(token), getExpectedTokens(parser));
    }

    @Override
    protected void reportMissingToken(Parser parser) {
        if (inErrorRecoveryMode(parser)) {
            return;
        }
        beginErrorCondition(parser);
        Token token = parser.getCurrentToken();
        IntervalSet expected = getExpectedTokens(parser);
        report(parser, token, "expected " + describeExpected(expected, parser.getVocabulary()) + " before "
            + describe(token), null);
    }

    @Override
    public void reportError(Parser parser, RecognitionException e) {
        if (inErrorRecoveryMode(parser)) {
            return;
        }
        beginErrorCondition(parser);
        if (e instanceof NoViableAltException) {
            reportNoViableAlternative(parser, (NoViableAltException) e);
        } else if (e instanceof InputMismatchException) {
            reportInputMismatch(parser, (InputMismatchException) e);
        } else {
            report(parser, e.getOffendingToken(), "unexpected " + describe(e.getOffendingToken()), null);
        }
    }

    private void report(Parser parser, Token token, String message, IntervalSet expected) {
        report(parser, token, message, expected, List.of());
    }

    private void report(Parser parser, Token token, String message, IntervalSet expected, List<Fix> fixes) {
        errorTokenIndexes.add(token.getTokenIndex());
        ParserRuleContext statement = enclosingStatement(parser.getContext());
        boolean consequence = statement != null && statement == reportedStatement || token.getLine() == reportedLine;
        if (lexicalErrors.explains(token) || consequence) {
            return;
        }
        reportedStatement = statement;
        reportedLine = token.getLine();
        Token star = commentEndBefore(parser, token);
        if (star != null) {
            diagnostics.report(Diagnostic.error(Code.UNEXPECTED_TOKEN, Spans.between(file, star, token),
                "this */ closes no comment: block comments do not nest"));
            return;
        }
        String text = message;
        if (expected != null && !expected.isNil()) {
            String wanted = describeExpected(expected, NetcLexer.VOCABULARY);
            if (wanted != null) {
                text = "expected " + wanted + ", but found " + describe(token);
            }
        }
        diagnostics.report(new Diagnostic(Code.UNEXPECTED_TOKEN, Spans.of(file, token), text, List.of(), null, fixes));
    }

    /** The '*' of a stray '*' '/' pair ending at {@code slash} (a block comment closed twice), or null. */
    private static Token commentEndBefore(Parser parser, Token slash) {
        if (slash.getType() != NetcLexer.SLASH || slash.getTokenIndex() == 0) {
            return null;
        }
        Token before = parser.getTokenStream().get(slash.getTokenIndex() - 1);
        boolean star = before.getType() == NetcLexer.STAR && before.getStopIndex() + 1 == slash.getStartIndex();
        return star ? before : null;
    }

    private static ParserRuleContext enclosingStatement(ParserRuleContext context) {
        ParserRuleContext current = context;
        while (current != null && !(current instanceof NetcParser.StatementContext)) {
            current = current.getParent();
        }
        return current;
    }

    static String describe(Token token) {
        switch (token.getType()) {
            case Token.EOF:
                return "the end of the file";
            case NetcLexer.IDENT:
                return "the name '" + token.getText() + "'";
            case NetcLexer.INT:
            case NetcLexer.FLOAT:
                return "the number " + token.getText();
            case NetcLexer.STRING:
                return "the string " + token.getText();
            default:
                return isKeyword(token.getType()) ? "the keyword '" + token.getText() + "'" : "'" + token.getText() + "'";
        }
    }

    /** Words for what could have come, or null when the list would be too long to help. */
    private static String describeExpected(IntervalSet expected, Vocabulary vocabulary) {
        Set<String> words = new LinkedHashSet<>();
        boolean expression = expected.contains(NetcLexer.INT) && expected.contains(NetcLexer.IDENT);
        if (expression) {
            words.add("a layer or a value");
        }
        for (int type : expected.toArray()) {
            if (expression && startsExpression(type)) {
                continue;
            }
            words.add(expectedWord(type, vocabulary));
        }
        if (words.isEmpty() || words.size() > MAX_LISTED) {
            return null;
        }
        List<String> list = new ArrayList<>(words);
        if (list.size() == 1) {
            return list.get(0);
        }
        return String.join(", ", list.subList(0, list.size() - 1)) + " or " + list.get(list.size() - 1);
    }

    private static boolean startsExpression(int type) {
        switch (type) {
            case NetcLexer.IDENT:
            case NetcLexer.INT:
            case NetcLexer.FLOAT:
            case NetcLexer.STRING:
            case NetcLexer.TRUE:
            case NetcLexer.FALSE:
            case NetcLexer.LPAREN:
            case NetcLexer.LIST_OPEN:
            case NetcLexer.NEGATE:
            case NetcLexer.POSITIVE:
            case NetcLexer.NOT:
            case NetcLexer.IF:
            case NetcLexer.REPEAT:
                return true;
            default:
                return isKeyword(type);
        }
    }

    private static String expectedWord(int type, Vocabulary vocabulary) {
        switch (type) {
            case Token.EOF:
                return "the end of the file";
            case NetcLexer.IDENT:
                return "a name";
            case NetcLexer.INT:
                return "an integer";
            case NetcLexer.FLOAT:
                return "a number";
            case NetcLexer.STRING:
                return "a string";
            case NetcLexer.CALL_OPEN:
                return "'('";
            case NetcLexer.LIST_OPEN:
                return "'['";
            case NetcLexer.NEGATE:
                return "'-'";
            case NetcLexer.POSITIVE:
                return "'+'";
            default:
                String literal = vocabulary.getLiteralName(type);
                return literal != null ? literal : vocabulary.getDisplayName(type);
        }
    }

    private static boolean isKeyword(int type) {
        return type >= NetcLexer.MODEL && type <= NetcLexer.FALSE;
    }
}
