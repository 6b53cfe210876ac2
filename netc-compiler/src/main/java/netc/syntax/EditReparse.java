package netc.syntax;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import netc.diagnostics.Diagnostics;
import netc.diagnostics.SourceSpan;
import netc.diagnostics.SourceText;
import netc.grammar.NetcLexer;
import netc.grammar.NetcParser;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.ParseCancellationException;

/**
 * The parse of an edited text, made from the parse of the text before the edit. An editor's language
 * server parses the file on every keystroke, and a keystroke changes a statement or two: only the
 * statements of the body that the edit touched are parsed again, with the statement before them and
 * the one after them (the edit may join them to it). Every statement, definition and import before
 * the edit is the earlier parse's own object; those after it are too when the edit kept the number
 * of lines, and are otherwise the same nodes moved by the lines it added or removed ({@link LineShift}).
 * <p>
 * It applies only where its result is the full parse's: the earlier parse reported nothing, the edit
 * lies in one definition's body, after the start of the body's first statement and on lines before
 * the body's '}', and the statements parsed again end exactly where the next unchanged one starts,
 * with nothing reported. Otherwise {@link #of} gives null, and the file is to be parsed in full.
 */
public final class EditReparse {
    private EditReparse() {
    }

    /**
     * The parse of {@code source} made from {@code before}, the parse of {@code textBefore}; null
     * where the whole text must be parsed (always when the parse before reported something).
     */
    public static ParsedFile of(ParsedFile before, String textBefore, SourceText source) {
        String text = source.text();
        if (!before.reportedNothing() || !before.file().path().equals(source.path())) {
            return null;
        }
        if (text.equals(textBefore)) {
            return before;
        }
        int start = commonPrefix(textBefore, text);
        int suffix = commonSuffix(textBefore, text, start);
        int removedEnd = textBefore.length() - suffix;
        int insertedEnd = text.length() - suffix;
        if ((start > 0 && text.charAt(start - 1) == '\r') || endsInCarriageReturn(textBefore, start, removedEnd)
            || endsInCarriageReturn(text, start, insertedEnd)) {
            return null; // the edit would split a CR LF, or join a CR to the LF after it
        }
        int line = source.lineAt(start);
        int removedLines = lineBreaks(textBefore, start, removedEnd);
        Edit edit = new Edit(line, text.codePointCount(source.offset(line, 1), start) + 1, line + removedLines,
            lineBreaks(text, start, insertedEnd) - removedLines);
        List<Definition> definitions = before.file().definitions();
        int edited = definitionAt(definitions, edit);
        if (edited < 0) {
            return null;
        }
        LineShift shift = new LineShift(edit.addedLines());
        List<Statement> body = reparsedBody(definitions.get(edited), source, edit, shift);
        if (body == null) {
            return null;
        }
        List<Definition> changed = new ArrayList<>(definitions.size());
        for (int i = 0; i < definitions.size(); i++) {
            Definition kept = definitions.get(i);
            changed.add(i == edited ? withBody(kept, body, edit.addedLines())
                : i < edited || edit.addedLines() == 0 ? kept : shift.definition(kept));
        }
        List<Import> imports = new ArrayList<>();
        for (Import kept : before.file().imports()) {
            imports.add(kept.span().startLine() < edit.line() || edit.addedLines() == 0 ? kept : shift.importStatement(kept));
        }
        return new ParsedFile(new SourceFile(source.path(), imports, changed), Set.of(), true);
    }

    /**
     * Where an edit starts ({@code line}:{@code column}), the line it ends on in the text before,
     * and how many lines it adds (removes, when negative).
     */
    private record Edit(int line, int column, int lastLineBefore, int addedLines) {
    }

    /** The one definition holding the edit's lines, its '}' on a later line; -1 if there is none. */
    private static int definitionAt(List<Definition> definitions, Edit edit) {
        int found = -1;
        for (int i = 0; i < definitions.size(); i++) {
            SourceSpan span = definitions.get(i).span();
            if (span.startLine() <= edit.lastLineBefore() && edit.line() <= span.endLine()) {
                if (found >= 0 || span.startLine() > edit.line() || span.endLine() <= edit.lastLineBefore()) {
                    return -1;
                }
                found = i;
            }
        }
        return found;
    }

    /**
     * The body with the statements around the edit parsed again, those after it moved by the lines
     * it added, or null. The statements touched are those with a token on the edit's lines; without
     * any (comment or blank lines), the edit lies between two statements, which are parsed again.
     */
    private static List<Statement> reparsedBody(Definition definition, SourceText source, Edit edit, LineShift shift) {
        List<Statement> body = definition.body();
        int firstTouched = 0;
        while (firstTouched < body.size() && body.get(firstTouched).span().endLine() < edit.line()) {
            firstTouched++;
        }
        int lastTouched = body.size() - 1;
        while (lastTouched >= 0 && body.get(lastTouched).span().startLine() > edit.lastLineBefore()) {
            lastTouched--;
        }
        int first = Math.max(firstTouched - 1, 0);
        int last = Math.min(lastTouched + 1, body.size() - 1);
        if (body.isEmpty() || !before(body.get(first).span(), edit.line(), edit.column())) {
            return null;
        }
        SourceSpan from = body.get(first).span();
        boolean afterOperand = false;
        int previousLine = from.startLine();
        if (first > 0) {
            SourceSpan previous = body.get(first - 1).span();
            if (previous.endLine() >= from.startLine()) {
                return null; // two statements on one line: the one before may decide how this one's first token is read
            }
            afterOperand = endsInOperand(source.text().charAt(index(source, previous.endLine(), previous.endColumn() - 1)));
            previousLine = previous.endLine();
        }
        SourceSpan end = definition.span();
        int untilLine = (last + 1 < body.size() ? body.get(last + 1).span().startLine() : end.endLine()) + edit.addedLines();
        int untilColumn = last + 1 < body.size() ? body.get(last + 1).span().startColumn() : end.endColumn() - 1;
        List<Statement> reparsed = statements(source, from, afterOperand, previousLine, untilLine, untilColumn);
        if (reparsed == null) {
            return null;
        }
        List<Statement> statements = new ArrayList<>(body.size() - (last - first + 1) + reparsed.size());
        statements.addAll(body.subList(0, first));
        statements.addAll(reparsed);
        for (Statement after : body.subList(last + 1, body.size())) {
            statements.add(edit.addedLines() == 0 ? after : shift.statement(after));
        }
        return statements;
    }

    /**
     * The statements from {@code from} up to the token at {@code untilLine}:{@code untilColumn}, or
     * null if they do not end exactly there or anything is reported.
     */
    private static List<Statement> statements(SourceText source, SourceSpan from, boolean afterOperand,
                                              int previousLine, int untilLine, int untilColumn) {
        NetcLexer lexer = SourceParser.lexer(source);
        lexer.getInputStream().seek(source.text().codePointCount(0, index(source, from.startLine(), from.startColumn())));
        lexer.setLine(from.startLine());
        lexer.setCharPositionInLine(from.startColumn() - 1);
        SourceParser.GuardedLexer guarded = new SourceParser.GuardedLexer(lexer);
        guarded.startInBody(afterOperand, previousLine);
        CommonTokenStream tokens = new CommonTokenStream(guarded);
        NetcParser parser = new NetcParser(tokens);
        parser.removeErrorListeners();
        parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
        parser.setErrorHandler(new SourceParser.Bail());
        Diagnostics built = new Diagnostics(Integer.MAX_VALUE);
        AstBuilder builder = new AstBuilder(source.path(), built);
        List<Statement> statements = new ArrayList<>();
        try {
            for (Token next = tokens.LT(1); !at(next, untilLine, untilColumn); next = tokens.LT(1)) {
                if (next.getType() == Token.EOF || next.getType() == NetcLexer.RBRACE
                    || !precedes(next.getLine(), next.getCharPositionInLine() + 1, untilLine, untilColumn)) {
                    return null;
                }
                statements.add(builder.statement(parser.statement()));
            }
        } catch (ParseCancellationException | StackOverflowError e) {
            return null;
        }
        return guarded.metErrors() || !built.all().isEmpty() ? null : statements;
    }

    private static boolean at(Token token, int line, int column) {
        return token.getType() != Token.EOF && token.getLine() == line && token.getCharPositionInLine() + 1 == column;
    }

    /** Whether {@code span} starts before {@code line}:{@code column}. */
    private static boolean before(SourceSpan span, int line, int column) {
        return precedes(span.startLine(), span.startColumn(), line, column);
    }

    private static boolean precedes(int line, int column, int otherLine, int otherColumn) {
        return line < otherLine || (line == otherLine && column < otherColumn);
    }

    /** The index of a line and column as the lexer counts them: columns in code points. */
    private static int index(SourceText source, int line, int column) {
        return source.text().offsetByCodePoints(source.offset(line, 1), column - 1);
    }

    /** Whether a statement's last character ends an operand (a name, number, string, ')' or ']') rather than a '}'. */
    private static boolean endsInOperand(char last) {
        return last != '}';
    }

    /** The definition with another body, its '}' moved by the lines the edit added. */
    private static Definition withBody(Definition definition, List<Statement> body, int addedLines) {
        SourceSpan was = definition.span();
        SourceSpan span = SourceSpan.of(was.file(), was.startLine(), was.startColumn(), was.endLine() + addedLines,
            was.endColumn());
        if (definition instanceof Definition.Model model) {
            return new Definition.Model(span, model.name(), model.parameters(), body);
        } else if (definition instanceof Definition.Block block) {
            return new Definition.Block(span, block.name(), block.parameters(), block.base(),
                block.baseArguments(), block.hasBody(), body);
        }
        throw new AssertionError(definition);
    }

    private static int commonPrefix(String a, String b) {
        int length = Math.min(a.length(), b.length());
        int i = 0;
        while (i < length && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        // an edit inside a surrogate pair starts at the pair
        return i > 0 && Character.isHighSurrogate(a.charAt(i - 1)) ? i - 1 : i;
    }

    private static int commonSuffix(String a, String b, int prefix) {
        int length = Math.min(a.length(), b.length()) - prefix;
        int i = 0;
        while (i < length && a.charAt(a.length() - 1 - i) == b.charAt(b.length() - 1 - i)) {
            i++;
        }
        return i;
    }

    /** The line breaks between two indices, as the lexer counts them: LF, CR LF, or a CR alone. */
    private static int lineBreaks(String text, int from, int to) {
        int breaks = 0;
        for (int i = from; i < to; i++) {
            if (SourceText.endsLine(text, i)) {
                breaks++;
            }
        }
        return breaks;
    }

    private static boolean endsInCarriageReturn(String text, int from, int to) {
        return to > from && text.charAt(to - 1) == '\r';
    }
}
