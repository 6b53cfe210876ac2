package netc.lsp;

import java.util.ArrayList;
import java.util.List;
import netc.diagnostics.SourceSpan;
import netc.syntax.Definition;
import netc.syntax.Expr;
import netc.syntax.Identifier;
import netc.syntax.Label;
import netc.syntax.SyntaxWalker;
import org.antlr.v4.runtime.Token;

/**
 * What the name at a position stands for, and everywhere this document writes it: a value (an
 * input, a binding, a parameter of the model or block, a loop's name), a label, a block (of this
 * file or an imported one) or a model. A label is found by its word, as the evaluator finds a
 * labelled layer named again: a name that is no value, in the definition that labels it.
 */
final class Occurrences {
    enum Kind { VALUE, LABEL, BLOCK, MODEL }

    /** The declaration (in this document, or in the imported file that defines a block) and every occurrence in this document. */
    record Symbol(String name, Kind kind, SourceSpan declaration, List<SourceSpan> occurrences) {
    }

    private Occurrences() {
    }

    /** The symbol at a position, or null where there is no name of one. */
    static Symbol at(DocumentAnalysis analysis, SourceSpan at) {
        Token token = analysis.identifierAt(at);
        if (token == null) {
            return null;
        }
        String name = token.getText();
        Definition definition = analysis.definitionAt(at);
        if (definition != null && definition.name().span().contains(at)) {
            return definition instanceof Definition.Model
                ? new Symbol(name, Kind.MODEL, definition.name().span(), List.of(definition.name().span()))
                : block(analysis, (Definition.Block) definition);
        }
        Identifier value = NameResolution.declarationAt(analysis, at);
        if (value != null) {
            return value(analysis, definition, value);
        }
        if (definition != null) {
            Names names = Names.of(definition);
            List<SourceSpan> labels = names.labels(name);
            if (!labels.isEmpty()) {
                List<SourceSpan> all = new ArrayList<>(labels);
                all.addAll(names.unresolvedUses(analysis, name));
                all.sort(Occurrences::byPosition);
                return new Symbol(name, Kind.LABEL, labels.get(0), all);
            }
        }
        Definition.Block block = analysis.block(name);
        return block == null ? null : block(analysis, block);
    }

    private static Symbol value(DocumentAnalysis analysis, Definition definition, Identifier declaration) {
        List<SourceSpan> all = new ArrayList<>();
        all.add(declaration.span());
        for (SourceSpan use : Names.of(definition).uses(declaration.text())) {
            Identifier resolved = NameResolution.declarationAt(analysis, use);
            if (resolved != null && resolved.span().equals(declaration.span()) && !use.equals(declaration.span())) {
                all.add(use);
            }
        }
        all.sort(Occurrences::byPosition);
        return new Symbol(declaration.text(), Kind.VALUE, declaration.span(), all);
    }

    /** A block's calls in every definition of this document that does not mean something else by its name. */
    private static Symbol block(DocumentAnalysis analysis, Definition.Block block) {
        String name = block.name().text();
        List<SourceSpan> all = new ArrayList<>();
        if (block.name().span().file().equals(analysis.source().path())) {
            all.add(block.name().span());
        }
        for (Definition definition : analysis.definitions()) {
            Names names = Names.of(definition);
            if (names.labels(name).isEmpty()) {
                all.addAll(names.unresolvedUses(analysis, name));
            }
        }
        all.sort(Occurrences::byPosition);
        return new Symbol(name, Kind.BLOCK, block.name().span(), all);
    }

    private static int byPosition(SourceSpan a, SourceSpan b) {
        return a.startLine() != b.startLine() ? Integer.compare(a.startLine(), b.startLine())
            : Integer.compare(a.startColumn(), b.startColumn());
    }

    /** The label words and the unqualified names a definition writes. */
    private static final class Names extends SyntaxWalker {
        private final List<Identifier> labels = new ArrayList<>();
        private final List<Identifier> uses = new ArrayList<>();

        static Names of(Definition definition) {
            Names names = new Names();
            names.walk(definition);
            return names;
        }

        @Override
        protected void enterLabelled(Expr.Labelled labelled) {
            if (labelled.label() instanceof Label.Word word) {
                labels.add(word.name());
            } else if (labelled.label() instanceof Label.Element element) {
                labels.add(element.list());
            }
        }

        @Override
        protected void named(Expr.Name name) {
            if (!name.qualified()) {
                uses.add(name.id());
            }
        }

        List<SourceSpan> labels(String name) {
            return spans(labels, name);
        }

        List<SourceSpan> uses(String name) {
            return spans(uses, name);
        }

        /** Uses of the name that no value declaration covers: a label's or a block's. */
        List<SourceSpan> unresolvedUses(DocumentAnalysis analysis, String name) {
            List<SourceSpan> unresolved = new ArrayList<>();
            for (SourceSpan use : uses(name)) {
                if (NameResolution.declarationAt(analysis, use) == null) {
                    unresolved.add(use);
                }
            }
            return unresolved;
        }

        private static List<SourceSpan> spans(List<Identifier> identifiers, String name) {
            List<SourceSpan> spans = new ArrayList<>();
            for (Identifier identifier : identifiers) {
                if (identifier.text().equals(name)) {
                    spans.add(identifier.span());
                }
            }
            return spans;
        }
    }
}
