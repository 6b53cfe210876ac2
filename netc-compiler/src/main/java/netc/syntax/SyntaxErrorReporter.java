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
import netc.diagnostics.Text;
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

    /** {@code reportedLine}: the line of the last error a parse before this one reported (0 if none). */
    SyntaxErrorReporter(String file, Diagnostics diagnostics, SourceParser.LexicalErrors lexicalErrors, int reportedLine) {
        this.file = file;
        this.diagnostics = diagnostics;
        this.lexicalErrors = lexicalErrors;
        this.reportedLine = reportedLine;
    }

    List<Integer> errorTokenIndexes() {
        return errorTokenIndexes;
    }

    int reportedLine() {
        return reportedLine;
    }

    @Override
    public void missingComma(Parser parser, Token next) {
        SourceSpan previous = Spans.of(file, parser.getTokenStream().LT(-1));
        Fix comma = Fix.replace(Text.of("syntax.add_missing_comma"),
            SourceSpan.at(file, previous.endLine(), previous.endColumn()), ",");
        report(parser, next, Text.of("syntax.expected_before", describe(next)), null, List.of(comma));
    }

    @Override
    protected void reportNoViableAlternative(Parser parser, NoViableAltException e) {
        Token token = e.getOffendingToken();
        Token previous = parser.getTokenStream().LT(-1);
        if (parser.getContext() instanceof NetcParser.ArgumentsContext && token.getLine() > previous.getLine()) {
            // an argument list whose next line does not continue it most likely lacks its ')'
            report(parser, token, Text.of("syntax.expected_before_2", describe(token)), null);
            return;
        }
        report(parser, token, Text.of("syntax.unexpected", describe(token)), parser.getExpectedTokens());
    }

    @Override
    protected void reportInputMismatch(Parser parser, InputMismatchException e) {
        report(parser, e.getOffendingToken(), Text.of("syntax.unexpected", describe(e.getOffendingToken())),
            e.getExpectedTokens());
    }

    @Override
    protected void reportFailedPredicate(Parser parser, org.antlr.v4.runtime.FailedPredicateException e) {
        report(parser, e.getOffendingToken(), Text.of("syntax.unexpected", describe(e.getOffendingToken())), null);
    }

    @Override
    protected void reportUnwantedToken(Parser parser) {
        if (inErrorRecoveryMode(parser)) {
            return;
        }
        beginErrorCondition(parser);
        Token token = parser.getCurrentToken();
        report(parser, token, Text.of("syntax.unexpected", describe(token)), getExpectedTokens(parser));
    }

    @Override
    protected void reportMissingToken(Parser parser) {
        if (inErrorRecoveryMode(parser)) {
            return;
        }
        beginErrorCondition(parser);
        Token token = parser.getCurrentToken();
        IntervalSet expected = getExpectedTokens(parser);
        report(parser, token, Text.of("syntax.expected_before_3", describeExpected(expected, parser.getVocabulary()),
            describe(token)), null);
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
            report(parser, e.getOffendingToken(), Text.of("syntax.unexpected", describe(e.getOffendingToken())), null);
        }
    }

    private void report(Parser parser, Token token, Text message, IntervalSet expected) {
        report(parser, token, message, expected, List.of());
    }

    private void report(Parser parser, Token token, Text message, IntervalSet expected, List<Fix> fixes) {
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
                Text.of("syntax.closes_no_comment_block")));
            return;
        }
        Text text = message;
        if (expected != null && !expected.isNil()) {
            Text wanted = describeExpected(expected, NetcLexer.VOCABULARY);
            if (wanted != null) {
                text = Text.of("syntax.expected_found", wanted, describe(token));
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

    static Text describe(Token token) {
        switch (token.getType()) {
            case Token.EOF:
                return Text.of("syntax.end_file");
            case NetcLexer.IDENT:
                return Text.of("syntax.name", token.getText());
            case NetcLexer.INT:
            case NetcLexer.FLOAT:
                return Text.of("value.number", token.getText());
            case NetcLexer.STRING:
                return Text.of("value.string", token.getText());
            default:
                return isKeyword(token.getType()) ? Text.of("syntax.keyword",
                    token.getText()) : Text.of("verbatim", "'" + token.getText() + "'");
        }
    }

    /** Words for what could have come, or null when the list would be too long to help. */
    private static Text describeExpected(IntervalSet expected, Vocabulary vocabulary) {
        Set<Text> words = new LinkedHashSet<>();
        boolean expression = expected.contains(NetcLexer.INT) && expected.contains(NetcLexer.IDENT);
        if (expression) {
            words.add(Text.of("syntax.layer_value"));
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
        return Text.joined("list.or", new ArrayList<>(words));
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

    private static Text expectedWord(int type, Vocabulary vocabulary) {
        switch (type) {
            case Token.EOF:
                return Text.of("syntax.end_file");
            case NetcLexer.IDENT:
                return Text.of("syntax.name_2");
            case NetcLexer.INT:
                return Text.of("type.integer");
            case NetcLexer.FLOAT:
                return Text.of("type.number");
            case NetcLexer.STRING:
                return Text.of("type.string");
            case NetcLexer.CALL_OPEN:
                return Text.of("verbatim", "'('");
            case NetcLexer.LIST_OPEN:
                return Text.of("verbatim", "'['");
            case NetcLexer.NEGATE:
                return Text.of("verbatim", "'-'");
            case NetcLexer.POSITIVE:
                return Text.of("verbatim", "'+'");
            default:
                String literal = vocabulary.getLiteralName(type);
                return Text.of("verbatim", literal != null ? literal : vocabulary.getDisplayName(type));
        }
    }

    private static boolean isKeyword(int type) {
        return type >= NetcLexer.MODEL && type <= NetcLexer.FALSE;
    }
}
