package netc.lsp;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import netc.diagnostics.Code;
import netc.diagnostics.Diagnostic;
import netc.diagnostics.Diagnostics;
import netc.diagnostics.Related;
import netc.diagnostics.SourceReader;
import netc.diagnostics.SourceSpan;
import netc.diagnostics.SourceText;
import netc.diagnostics.Text;
import netc.grammar.NetcLexer;
import netc.semantic.Analyzer;
import netc.semantic.catalog.Derivation;
import netc.semantic.model.AnalyzedModel;
import netc.semantic.model.Observations;
import netc.syntax.Definition;
import netc.syntax.EditReparse;
import netc.syntax.Import;
import netc.syntax.ParsedFile;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.Token;

/**
 * One version of an open document and what the front end made of it: the diagnostics of a full
 * analysis, plus what the editor features read (its models' traces, its tokens), made on first use.
 */
final class DocumentAnalysis {
    private final String uri;
    private final int version;
    private final SourceText source;
    private final Positions positions;
    /** The analysis the diagnostics came from; it may have replayed block instances and kept no traces. */
    private final Analyzer.Result result;
    private final List<Diagnostic> diagnostics;
    /** The analysis that expanded every instance and kept the traces: {@code result} itself, or made on first use. */
    private Analyzer.Result expanded;
    private List<Token> tokens;
    private List<Observations> observations;

    private DocumentAnalysis(String uri, int version, SourceText source, Analyzer.Result result, boolean expanded,
                             List<Diagnostic> diagnostics) {
        this.uri = uri;
        this.version = version;
        this.source = source;
        this.positions = new Positions(source);
        this.result = result;
        this.expanded = expanded ? result : null;
        this.diagnostics = diagnostics;
    }

    /**
     * Analyses a text. A text larger than netc reads files is not analysed (E003, as for a file).
     * Should the analyser fail on it, the diagnostics found until then still stand. Either way the
     * features work from an empty file, so the server carries on. Null when {@code cancelled} says
     * the analysis is no longer wanted before it ends.
     * <p>
     * The text is parsed from {@code previous}, the analysis of the document's version before, where
     * an edit within a line allows it ({@link EditReparse}), and then every model the edit left alone,
     * with the blocks it calls, keeps its analysis; null, or another edit, and it is parsed and
     * analysed in full. The diagnostics come first, from the analysis {@code netc check} makes, which replays
     * identical block instances and keeps no traces: it reports what a full analysis reports unless
     * the layer limit is near, and then the full analysis is made instead.
     */
    static DocumentAnalysis of(String uri, int version, String text, DocumentAnalysis previous, BooleanSupplier cancelled) {
        return of(uri, version, text, previous, cancelled, true);
    }

    /** As above; with {@code replaying} false, the diagnostics come from the full analysis at once. */
    static DocumentAnalysis of(String uri, int version, String text, DocumentAnalysis previous, BooleanSupplier cancelled,
                               boolean replaying) {
        String path = displayName(uri);
        long bytes = text.length() > SourceReader.MAX_BYTES / 3 ? text.getBytes(StandardCharsets.UTF_8).length : 0;
        if (bytes > SourceReader.MAX_BYTES) {
            SourceText empty = new SourceText(path, "");
            return new DocumentAnalysis(uri, version, empty, Analyzer.Result.empty(empty), true,
                List.of(Diagnostic.error(Code.FILE_TOO_LARGE, SourceSpan.at(path, 1, 1), Text.of("file.document_too_large",
                    bytes, SourceReader.MAX_BYTES))));
        }
        SourceText source = new SourceText(path, text.startsWith("\uFEFF") ? text.substring(1) : text);
        ParsedFile reparsed = previous == null ? null
            : EditReparse.of(previous.result.parsed(), previous.source.text(), source);
        Diagnostics found = new Diagnostics();
        Analyzer.Result result;
        boolean expanded = !replaying;
        try {
            Analyzer.Options options = (replaying ? Analyzer.Options.check(Analyzer.Options.DEFAULT_MAX_LAYERS)
                : Analyzer.Options.all()).cancelledWhen(cancelled).keepingModelAnalyses();
            result = reparsed == null ? Analyzer.analyze(source, options, found)
                : Analyzer.analyzeParsed(reparsed, source, options, found, previous.result);
        } catch (Analyzer.Cancelled e) {
            return null;
        } catch (RuntimeException | StackOverflowError e) {
            ServerLog.failure("analysing " + uri, e);
            result = Analyzer.Result.empty(source);
            expanded = true; // nothing to analyse again for the features
        }
        if (!expanded && !result.reportsAsExpanded()) {
            return of(uri, version, text, previous, cancelled, false);
        }
        return new DocumentAnalysis(uri, version, source, result, expanded, inThisDocument(found.all(), path, result));
    }

    /**
     * An editor shows a document's diagnostics in that document, so one found in a file it imports
     * is shown where this document leads to it: the call of the imported block (the innermost note
     * in this document), else the import statement; its message says where it really is.
     */
    private static List<Diagnostic> inThisDocument(List<Diagnostic> diagnostics, String path, Analyzer.Result result) {
        List<Diagnostic> shown = new ArrayList<>();
        for (Diagnostic d : diagnostics) {
            if (d.span().file().equals(path)) {
                shown.add(d);
                continue;
            }
            SourceSpan here = null;
            for (Related related : d.related()) {
                if (related.span().file().equals(path)) {
                    here = related.span();
                }
            }
            Import through = result.reachedThrough().get(d.span().file());
            if (here == null && through != null) {
                here = through.pathSpan();
            }
            if (here != null) { // without its fixes, which edit the other file
                shown.add(new Diagnostic(d.code(), here, Text.of("file.imported_at",
                    d.span().file() + ":" + d.span().position(), d.message()), d.related(), d.help()));
            }
        }
        return shown;
    }


    /** A file's path as diagnostics name it, like the command line would; other URIs as they are. */
    private static String displayName(String uri) {
        try {
            URI parsed = URI.create(uri);
            return "file".equals(parsed.getScheme()) ? Path.of(parsed).toString() : uri;
        } catch (RuntimeException e) {
            return uri;
        }
    }

    String uri() {
        return uri;
    }

    int version() {
        return version;
    }

    SourceText source() {
        return source;
    }

    Positions positions() {
        return positions;
    }

    List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    /**
     * The document's models as analysed, each with the trace of the part that checks: the analysis
     * of the same parse that expands every instance, made on first use; requests share it.
     */
    synchronized List<AnalyzedModel> models() {
        if (expanded == null) {
            try {
                expanded = Analyzer.analyzeParsed(result.parsed(), source, Analyzer.Options.all(), new Diagnostics());
            } catch (RuntimeException | StackOverflowError e) {
                ServerLog.failure("analysing " + uri, e);
                expanded = Analyzer.Result.empty(source);
            }
        }
        return expanded.models();
    }

    List<Definition> definitions() {
        return result.parsed().file().definitions();
    }

    /** The blocks this document may call: its own, then those it imports. */
    List<Definition.Block> blocks() {
        List<Definition.Block> blocks = new ArrayList<>();
        for (Definition definition : definitions()) {
            if (definition instanceof Definition.Block) {
                blocks.add((Definition.Block) definition);
            }
        }
        blocks.addAll(result.importedBlocks());
        return blocks;
    }

    Definition.Block block(String name) {
        for (Definition.Block block : blocks()) {
            if (block.name().text().equals(name)) {
                return block;
            }
        }
        return null;
    }

    /** The text of the file a span points into: this document's, or a file it imports (null if neither). */
    SourceText sourceOf(SourceSpan span) {
        return result.sources().get(span.file());
    }

    /** The definition whose text holds a position, or null. */
    Definition definitionAt(SourceSpan at) {
        for (Definition definition : definitions()) {
            if (definition.span().contains(at)) {
                return definition;
            }
        }
        return null;
    }

    List<Observations.Step> steps() {
        List<Observations.Step> steps = new ArrayList<>();
        for (Observations model : observations()) {
            steps.addAll(model.steps());
        }
        return steps;
    }

    /** How the layer of {@code step} computed its sizes, as netc explain shows it; none for a block. */
    List<Derivation> working(Observations.Step step) {
        for (Observations model : observations()) {
            if (model.steps().contains(step)) {
                return model.working(step, result.sources());
            }
        }
        return List.of();
    }

    List<Observations.Binding> bindings() {
        List<Observations.Binding> bindings = new ArrayList<>();
        for (Observations model : observations()) {
            bindings.addAll(model.bindings());
        }
        return bindings;
    }

    /** Each model's observations, derived from its trace on first use; requests share them. */
    private synchronized List<Observations> observations() {
        if (observations == null) {
            observations = models().stream().map(AnalyzedModel::observations).toList();
        }
        return observations;
    }

    /**
     * Every token of every channel (comments and lexical errors included), lexed on first use.
     * Requests share them, and only read them.
     */
    synchronized List<Token> tokens() {
        if (tokens == null) {
            tokens = List.copyOf(lex().getTokens());
        }
        return tokens;
    }

    /** The tokens in a stream of their own, for a request that parses them (a parser moves the stream). */
    CommonTokenStream lex() {
        NetcLexer lexer = new NetcLexer(CharStreams.fromString(source.text(), source.path()));
        lexer.removeErrorListeners();
        CommonTokenStream stream = new CommonTokenStream(lexer);
        stream.fill();
        return stream;
    }

    /** The identifier at a position, counting the position just after it as in it; null if none. */
    Token identifierAt(SourceSpan at) {
        for (Token token : tokens()) {
            if (token.getType() == NetcLexer.IDENT && TokenSpans.of(source.path(), token).contains(at)) {
                return token;
            }
        }
        return null;
    }
}
