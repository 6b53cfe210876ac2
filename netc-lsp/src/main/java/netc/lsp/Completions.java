package netc.lsp;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import netc.diagnostics.SourceSpan;
import netc.grammar.NetcLexer;
import netc.semantic.catalog.ArgSpec;
import netc.semantic.catalog.Catalog;
import netc.semantic.catalog.LayerSpec;
import netc.semantic.evaluation.Methods;
import netc.syntax.Definition;
import org.antlr.v4.runtime.Token;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionItemKind;

/** Completion items for the cursor's context: layers, blocks, keywords, or keyword arguments. */
final class Completions {
    private static final int[] DEFINITION_KEYWORDS = {NetcLexer.MODEL, NetcLexer.BLOCK};
    private static final int[] CHAIN_KEYWORDS = {NetcLexer.IF, NetcLexer.REPEAT};
    private static final int[] STATEMENT_KEYWORDS = {NetcLexer.INPUT, NetcLexer.IF, NetcLexer.ELSE, NetcLexer.REPEAT};
    /** Words that are keywords only in their place (names elsewhere), so the lexer does not know them. */
    private static final List<String> STATEMENT_WORDS = List.of("param", "buffer", "super");
    private static final List<String> CHAIN_WORDS = List.of("super");
    /** After a list's element: the word that makes it a list comprehension. */
    private static final List<String> LIST_LOOP_WORDS = List.of("for");

    private Completions() {
    }

    static List<CompletionItem> complete(DocumentAnalysis analysis, SourceSpan at) {
        CompletionContext context = CompletionContext.at(analysis, at);
        List<CompletionItem> items = new ArrayList<>();
        switch (context.kind()) {
            case TOP_LEVEL:
                addKeywords(items, DEFINITION_KEYWORDS);
                break;
            case STATEMENT:
                addLayersAndBlocks(items, analysis, false);
                addKeywords(items, STATEMENT_KEYWORDS);
                addWords(items, STATEMENT_WORDS);
                break;
            case CONTINUATION:
                addLayersAndBlocks(items, analysis, false);
                addKeywords(items, CHAIN_KEYWORDS);
                addWords(items, CHAIN_WORDS);
                break;
            case FUNCTIONAL:
                addLayersAndBlocks(items, analysis, true);
                break;
            case METHOD:
                addMethods(items);
                break;
            case ARGUMENTS:
                addKeywordArguments(items, analysis, context);
                break;
            case LIST_ELEMENT:
                addLayersAndBlocks(items, analysis, false);
                break;
            case LIST_LOOP:
                addWords(items, LIST_LOOP_WORDS);
                break;
            default:
                break;
        }
        String typed = typed(analysis, at);
        items.removeIf(item -> !item.getLabel().regionMatches(true, 0, typed, 0, typed.length()));
        return items;
    }

    /** The part of a word before the cursor: what the items must begin with (in any case). */
    private static String typed(DocumentAnalysis analysis, SourceSpan at) {
        Token word = analysis.identifierAt(at);
        if (word == null || word.getLine() != at.startLine()) {
            return "";
        }
        int length = at.startColumn() - 1 - word.getCharPositionInLine();
        return length <= 0 ? "" : word.getText().substring(0, Math.min(length, word.getText().length()));
    }

    /** After F. only layers without parameters fit, and no blocks. */
    private static void addLayersAndBlocks(List<CompletionItem> items, DocumentAnalysis analysis, boolean functional) {
        for (Catalog.Entry entry : Catalog.standard().entries()) {
            if (!functional || entry.any().stateless()) {
                items.add(item(entry.name(), CompletionItemKind.Function, layerDetail(entry)));
            }
        }
        if (functional) {
            return;
        }
        for (Definition.Block block : analysis.blocks()) {
            items.add(item(block.name().text(), CompletionItemKind.Class, blockDetail(block, analysis)));
        }
    }

    /** After {@code x.}: the tensor methods, those that are the catalogue's functions with its signature. */
    private static void addMethods(List<CompletionItem> items) {
        for (String name : Methods.names(Catalog.standard())) {
            String detail = Methods.ownMeaning(name) ? "Tensor." + name : layerDetail(Catalog.standard().lookup(name));
            items.add(item(name, name.equals(Methods.SHAPE) ? CompletionItemKind.Property : CompletionItemKind.Method,
                detail));
        }
    }

    private static void addKeywords(List<CompletionItem> items, int[] tokenTypes) {
        for (int type : tokenTypes) {
            items.add(item(keyword(type), CompletionItemKind.Keyword, null));
        }
    }

    private static void addWords(List<CompletionItem> items, List<String> words) {
        for (String word : words) {
            items.add(item(word, CompletionItemKind.Keyword, null));
        }
    }

    private static void addKeywordArguments(List<CompletionItem> items, DocumentAnalysis analysis,
                                            CompletionContext context) {
        Definition.Block block = analysis.block(context.callee());
        Catalog.Entry entry = Catalog.standard().lookup(context.callee());
        if (block != null) {
            List<Definition.Parameter> parameters = block.parameters();
            for (Definition.Parameter parameter : parameters.subList(skipped(context, parameters.size()), parameters.size())) {
                String name = parameter.name().text();
                if (!context.keywordsGiven().contains(name)) {
                    items.add(keywordArgument(name, parameterDetail(parameter, analysis)));
                }
            }
        } else if (entry != null) {
            LayerSpec spec = entry.any();
            List<ArgSpec> signature = spec.signature();
            for (ArgSpec arg : signature.subList(skipped(context, signature.size()), signature.size())) {
                if (!given(arg, context)) {
                    addKeywordArgument(items, arg, arg.describe(spec.spatialDims()).english());
                }
            }
        }
    }

    /** The leading parameters that positional arguments before the cursor already fill. */
    private static int skipped(CompletionContext context, int parameters) {
        return Math.min(context.positionalGiven(), parameters);
    }

    private static boolean given(ArgSpec arg, CompletionContext context) {
        return context.keywordsGiven().stream().anyMatch(arg::answersTo);
    }

    /** The argument's name, and each short form such as k for kernel_size. */
    private static void addKeywordArgument(List<CompletionItem> items, ArgSpec arg, String detail) {
        items.add(keywordArgument(arg.name(), detail));
        for (String alias : arg.aliases()) {
            items.add(keywordArgument(alias, "short for " + arg.name() + "; " + detail));
        }
    }

    private static CompletionItem keywordArgument(String name, String detail) {
        CompletionItem item = item(name, CompletionItemKind.Property, detail);
        item.setInsertText(name + "=");
        return item;
    }

    private static CompletionItem item(String label, CompletionItemKind kind, String detail) {
        CompletionItem item = new CompletionItem(label);
        item.setKind(kind);
        item.setDetail(detail);
        return item;
    }

    /** {@code model}, as the lexer spells the token. */
    static String keyword(int tokenType) {
        String literal = NetcLexer.VOCABULARY.getLiteralName(tokenType);
        return literal.substring(1, literal.length() - 1);
    }

    /** {@code nn.Conv2d(in_channels, out_channels, kernel_size, stride=1, ...)}; generic names list each rank's class. */
    static String layerDetail(Catalog.Entry entry) {
        String classes = entry.variants().stream().map(Completions::torchName).collect(Collectors.joining(" | "));
        String arguments = entry.any().signature().stream().map(Completions::argumentText)
            .collect(Collectors.joining(", "));
        return classes + "(" + arguments + ")";
    }

    /** {@code nn.Conv2d}; a function by the name PyTorch code calls it, {@code torch.masked_fill}, where it differs. */
    private static String torchName(LayerSpec spec) {
        if (spec.module()) {
            return "nn." + spec.torchClass();
        }
        return spec.torch().functional() != null ? spec.torch().functional() : spec.torchClass();
    }

    private static String argumentText(ArgSpec arg) {
        if (arg.inferable()) {
            return arg.name() + "=_";
        }
        return arg.defaultValue() == null ? arg.name() : arg.name() + "=" + arg.defaultValue().show();
    }

    private static String blockDetail(Definition block, DocumentAnalysis analysis) {
        String parameters = block.parameters().stream().map(p -> parameterText(p, analysis))
            .collect(Collectors.joining(", "));
        return "block " + block.name().text() + "(" + parameters + ")";
    }

    private static String parameterDetail(Definition.Parameter parameter, DocumentAnalysis analysis) {
        return parameter.defaultValue() == null ? "required"
            : "default " + analysis.source().slice(parameter.defaultValue().span());
    }

    private static String parameterText(Definition.Parameter parameter, DocumentAnalysis analysis) {
        return parameter.defaultValue() == null ? parameter.name().text()
            : parameter.name().text() + "=" + analysis.source().slice(parameter.defaultValue().span());
    }
}
