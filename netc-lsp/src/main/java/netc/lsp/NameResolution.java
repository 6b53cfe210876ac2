package netc.lsp;

import netc.diagnostics.SourceSpan;
import netc.syntax.Definition;
import netc.syntax.Identifier;
import netc.syntax.SyntaxWalker;
import org.antlr.v4.runtime.Token;

/**
 * What the name at a position refers to: a value declared earlier in the same definition (an
 * input, a binding, a parameter, a repeat index), or a block of the file. Scopes are read
 * loosely: the last declaration of the name before the use wins, whatever braces lie between.
 */
final class NameResolution {
    private NameResolution() {
    }

    /** The declaration the name at this position refers to (itself, on a declaration), or null. */
    static Identifier declarationAt(DocumentAnalysis analysis, SourceSpan at) {
        Token name = analysis.identifierAt(at);
        Definition definition = analysis.definitionAt(at);
        if (name == null || definition == null) {
            return null;
        }
        DeclarationFinder finder = new DeclarationFinder(name.getText(), TokenSpans.of(at.file(), name));
        finder.walk(definition);
        return finder.found;
    }

    private static final class DeclarationFinder extends SyntaxWalker {
        private final String name;
        private final SourceSpan use;
        private Identifier found;
        private boolean exact;

        DeclarationFinder(String name, SourceSpan use) {
            this.name = name;
            this.use = use;
        }

        @Override
        protected void declared(Identifier declared, SourceSpan visibleFrom) {
            if (exact || !declared.text().equals(name)) {
                return;
            }
            exact = declared.span().equals(use);
            if (exact || startsBefore(visibleFrom, use)) {
                found = declared;
            }
        }

        private static boolean startsBefore(SourceSpan a, SourceSpan b) {
            return a.startLine() < b.startLine()
                || (a.startLine() == b.startLine() && a.startColumn() <= b.startColumn());
        }
    }
}
