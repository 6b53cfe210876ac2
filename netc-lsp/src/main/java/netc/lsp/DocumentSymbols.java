package netc.lsp;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import netc.diagnostics.SourceSpan;
import netc.syntax.Definition;
import netc.syntax.Expr;
import netc.syntax.Label;
import netc.syntax.SyntaxWalker;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.SymbolKind;

/**
 * The outline: models and blocks, with their labelled layers and their groups (an unlabelled one
 * as {@code (...)}) nested as PyTorch nests the modules.
 */
final class DocumentSymbols {
    static final String UNLABELLED_GROUP = "(...)";

    private DocumentSymbols() {
    }

    static List<DocumentSymbol> symbols(DocumentAnalysis analysis) {
        List<DocumentSymbol> symbols = new ArrayList<>();
        for (Definition definition : analysis.definitions()) {
            boolean model = definition instanceof Definition.Model;
            DocumentSymbol symbol = symbol(analysis, definition.name().text(), model ? "model" : "block",
                model ? SymbolKind.Class : SymbolKind.Module, definition.span(), definition.name().span());
            LabelCollector labels = new LabelCollector(analysis, symbol);
            labels.walk(definition);
            symbols.add(symbol);
        }
        return symbols;
    }

    private static DocumentSymbol symbol(DocumentAnalysis analysis, String name, String detail, SymbolKind kind,
                                         SourceSpan span, SourceSpan nameSpan) {
        DocumentSymbol symbol = new DocumentSymbol(name, kind, analysis.positions().range(span),
            analysis.positions().range(nameSpan), detail);
        symbol.setChildren(new ArrayList<>());
        return symbol;
    }

    /** Adds each labelled layer under the innermost labelled group around it. */
    private static final class LabelCollector extends SyntaxWalker {
        private final DocumentAnalysis analysis;
        private final Deque<DocumentSymbol> parents = new ArrayDeque<>();
        /** By identity: two groups of the same text are two groups. */
        private final Set<Expr.Group> labelledGroups = Collections.newSetFromMap(new IdentityHashMap<>());

        LabelCollector(DocumentAnalysis analysis, DocumentSymbol definition) {
            this.analysis = analysis;
            parents.push(definition);
        }

        @Override
        protected void enterLabelled(Expr.Labelled labelled) {
            if (labelled.target() instanceof Expr.Group group) {
                labelledGroups.add(group);
            }
            DocumentSymbol symbol = symbol(analysis, name(labelled.label()), what(labelled.target()),
                SymbolKind.Field, labelled.span(), labelled.label().span());
            parents.peek().getChildren().add(symbol);
            parents.push(symbol);
        }

        @Override
        protected void leaveLabelled(Expr.Labelled labelled) {
            parents.pop();
        }

        /** A labelled group is its label's symbol already. */
        @Override
        protected void enterGroup(Expr.Group group) {
            if (!labelled(group)) {
                DocumentSymbol symbol = symbol(analysis, UNLABELLED_GROUP, "group", SymbolKind.Namespace, group.span(),
                    group.span());
                parents.peek().getChildren().add(symbol);
                parents.push(symbol);
            }
        }

        @Override
        protected void leaveGroup(Expr.Group group) {
            if (!labelled(group)) {
                parents.pop();
            }
        }

        private boolean labelled(Expr.Group group) {
            return labelledGroups.contains(group);
        }

        /** {@code conv1}, {@code convs[...]}, {@code denselayer{...}}: the label, its computed parts elided. */
        private static String name(Label label) {
            if (label instanceof Label.Word) {
                return ((Label.Word) label).name().text();
            }
            if (label instanceof Label.Element) {
                return ((Label.Element) label).list().text() + "[...]";
            }
            StringBuilder text = new StringBuilder();
            for (Expr part : ((Label.Quoted) label).parts()) {
                text.append(part instanceof Expr.StringLiteral ? ((Expr.StringLiteral) part).value() : "{...}");
            }
            return text.toString();
        }

        /** The layer or block called, or the kind of construct labelled. */
        private static String what(Expr target) {
            if (target instanceof Expr.Call) {
                return ((Expr.Call) target).callee().text();
            }
            if (target instanceof Expr.Name) {
                return ((Expr.Name) target).text();
            }
            return target instanceof Expr.Group ? "group" : "";
        }
    }
}
