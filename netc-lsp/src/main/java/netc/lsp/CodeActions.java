package netc.lsp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import netc.diagnostics.Diagnostic;
import netc.diagnostics.Edit;
import netc.diagnostics.Fix;
import netc.diagnostics.Messages;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionKind;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.WorkspaceEdit;
import org.eclipse.lsp4j.jsonrpc.messages.Either;

/** Quick fixes: each fix of a diagnostic over the requested range, with the diagnostic it fixes. */
final class CodeActions {
    private CodeActions() {
    }

    static List<Either<Command, CodeAction>> quickFixes(DocumentAnalysis analysis, Range range, Messages messages) {
        List<Either<Command, CodeAction>> actions = new ArrayList<>();
        for (Diagnostic diagnostic : analysis.diagnostics()) {
            Range at = analysis.positions().range(diagnostic.span());
            if (!overlaps(at, range)) {
                continue;
            }
            for (Fix fix : diagnostic.fixes()) {
                List<TextEdit> edits = new ArrayList<>();
                for (Edit edit : fix.edits()) {
                    edits.add(new TextEdit(analysis.positions().range(edit.span()), edit.replacement()));
                }
                CodeAction action = new CodeAction(messages.render(fix.title()));
                action.setKind(CodeActionKind.QuickFix);
                action.setDiagnostics(List.of(ProtocolDiagnostics.convert(diagnostic, analysis, messages)));
                action.setEdit(new WorkspaceEdit(Map.of(analysis.uri(), edits)));
                actions.add(Either.forRight(action));
            }
        }
        return actions;
    }

    /** Ranges that share a position, the ends included: a cursor at a diagnostic's edge is on it. */
    private static boolean overlaps(Range a, Range b) {
        return !before(a.getEnd(), b.getStart()) && !before(b.getEnd(), a.getStart());
    }

    private static boolean before(Position a, Position b) {
        return a.getLine() < b.getLine() || a.getLine() == b.getLine() && a.getCharacter() < b.getCharacter();
    }
}
