package netc.semantic;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import netc.diagnostics.Code;
import netc.diagnostics.Diagnostic;
import netc.diagnostics.Diagnostics;
import netc.diagnostics.Related;
import netc.diagnostics.SourceSpan;
import netc.diagnostics.SourceText;
import netc.diagnostics.Sources;
import netc.diagnostics.Text;
import netc.semantic.catalog.Catalog;
import netc.semantic.evaluation.BlockReferences;
import netc.semantic.evaluation.Evaluator;
import netc.semantic.evaluation.Expansion;
import netc.semantic.evaluation.Suggestions;
import netc.semantic.model.AnalyzedModel;
import netc.semantic.model.Value;
import netc.syntax.Definition;
import netc.syntax.Expr;
import netc.syntax.Import;
import netc.syntax.ParsedFile;
import netc.syntax.SourceFile;
import netc.syntax.SourceParser;

/** The front end in one call: parse a file, then analyse its models. */
public final class Analyzer {
    private Analyzer() {
    }

    /**
     * Which model to analyse (null: all of them), the values of --set, how many layer calls a model
     * may expand to, and whether only diagnostics are wanted: then a block instance identical to one
     * already checked (same block, arguments and input shapes) is not expanded again but replayed,
     * and the records that only tables, backends and editors read (each model's module tree of
     * replayed instances, its trace and observations) are not kept. {@code keepsModelAnalyses}: whether
     * each model's analysis is kept, with a copy of everything it reported, for the analysis of an edited
     * text to take again ({@link ModelAnalysis}); an editor's analyses want that, a command's do not.
     */
    public record Options(String model, Map<String, Value> settings, long maxLayers, boolean diagnosticsOnly,
                          BooleanSupplier cancelled, ImportReader imports, boolean keepsModelAnalyses) {
        public static final long DEFAULT_MAX_LAYERS = 1_000_000;

        public Options {
            settings = Map.copyOf(settings);
        }

        public Options(String model, Map<String, Value> settings, long maxLayers, boolean diagnosticsOnly) {
            this(model, settings, maxLayers, diagnosticsOnly, () -> false, ImportReader.FILES, false);
        }

        public Options(String model, Map<String, Value> settings) {
            this(model, settings, DEFAULT_MAX_LAYERS, false);
        }

        public static Options all() {
            return new Options(null, Map.of());
        }

        /**
         * The same analysis, given up as soon as {@code cancelled} says so (an editor's text changed):
         * {@link Analyzer#analyze} then throws {@link Cancelled}.
         */
        public Options cancelledWhen(BooleanSupplier cancelled) {
            return new Options(model, settings, maxLayers, diagnosticsOnly, cancelled, imports, keepsModelAnalyses);
        }

        /** The same analysis, reading imported files through {@code reader} (an editor's open documents). */
        public Options importingWith(ImportReader reader) {
            return new Options(model, settings, maxLayers, diagnosticsOnly, cancelled, reader, keepsModelAnalyses);
        }

        /** The same analysis, keeping each model's for the analysis of the text once edited: see {@link Analyzer#analyzeParsed}. */
        public Options keepingModelAnalyses() {
            return new Options(model, settings, maxLayers, diagnosticsOnly, cancelled, imports, true);
        }

        /** What netc check and the language server need: every model's diagnostics. */
        public static Options check(long maxLayers) {
            return new Options(null, Map.of(), maxLayers, true);
        }

        /** Whether a model analysed with these options is analysed as with {@code other} (how it is cancelled or imports are read aside). */
        boolean analysesAs(Options other) {
            return Objects.equals(model, other.model) && settings.equals(other.settings)
                && maxLayers == other.maxLayers && diagnosticsOnly == other.diagnosticsOnly;
        }
    }

    /**
     * One model's analysis, as the analysis of an edited text may take it again: what it was made
     * of (the model's definition and the blocks it could call, the same objects only where an edit
     * left them alone, see {@link netc.syntax.EditReparse}), with which options, what it reported,
     * and its result (null if it nested too deeply).
     */
    public record ModelAnalysis(Definition.Model definition, Map<String, Definition.Block> blocks, Set<String> broken,
                                Options options, boolean settingsChecked, List<Diagnostic> reported,
                                AnalyzedModel model, boolean reportsAsExpanded) {
        public ModelAnalysis {
            reported = List.copyOf(reported);
        }

        private boolean madeOf(Definition.Model definition, Made made, Options options, boolean settingsChecked) {
            return this.definition == definition && sameBlocks(made.blocks())
                && (this.broken == made.broken() || this.broken.equals(made.broken()))
                && this.options.analysesAs(options) && this.settingsChecked == settingsChecked;
        }

        /** Whether {@code other} names the same block objects. */
        private boolean sameBlocks(Map<String, Definition.Block> other) {
            if (blocks == other) {
                return true;
            }
            if (blocks.size() != other.size()) {
                return false;
            }
            for (Map.Entry<String, Definition.Block> block : other.entrySet()) {
                if (blocks.get(block.getKey()) != block.getValue()) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * What every model of a file is analysed with besides its own definition, the same for all of them,
     * held once: copying it for each of 45,000 models took minutes.
     */
    private record Made(Map<String, Definition.Block> blocks, Set<String> broken) {
    }

    /** Thrown by {@link #analyze} when its options' cancellation was requested; what it found is void. */
    public static final class Cancelled extends RuntimeException {
        public Cancelled() {
            super("analysis cancelled", null, false, false);
        }
    }

    /**
     * What the front end made of a file; its diagnostics went to the caller's collector, and may point
     * into the files it imports, whose texts {@code sources} holds with its own, and whose blocks are
     * {@code importedBlocks}; {@code reachedThrough}
     * tells, for each imported file, the import statement of this file that led to it.
     * {@code reportsAsExpanded} says whether the diagnostics are exactly those of an analysis that
     * expands every block instance ({@link Options#diagnosticsOnly} false): always so unless replays
     * hid that the models reach the layer limit.
     */
    public record Result(ParsedFile parsed, List<AnalyzedModel> models, Sources sources,
                         List<Definition.Block> importedBlocks, Map<String, Import> reachedThrough,
                         boolean reportsAsExpanded, List<ModelAnalysis> modelAnalyses) {
        public Result {
            models = List.copyOf(models);
            importedBlocks = List.copyOf(importedBlocks);
            reachedThrough = Map.copyOf(reachedThrough);
            modelAnalyses = List.copyOf(modelAnalyses);
        }

        /** What is left of a file that could not be analysed: nothing. */
        public static Result empty(SourceText source) {
            return new Result(new ParsedFile(new SourceFile(source.path(), List.of()), Set.of()), List.of(),
                Sources.of(source), List.of(), Map.of(), true, List.of());
        }

        /** The analyses it holds by their models' definitions, which a model's analysis is looked up by. */
        private Map<Definition.Model, ModelAnalysis> analysesByDefinition() {
            Map<Definition.Model, ModelAnalysis> byDefinition = new IdentityHashMap<>();
            modelAnalyses.forEach(analysis -> byDefinition.putIfAbsent(analysis.definition(), analysis));
            return byDefinition;
        }

        /**
         * {@code blocks} and {@code broken} as the analyses it holds have them where they are equal, else as
         * they are: then each model's comparison finds them the same at once.
         */
        private Made sharing(Made made) {
            if (modelAnalyses.isEmpty()) {
                return made;
            }
            ModelAnalysis any = modelAnalyses.get(0);
            return new Made(any.sameBlocks(made.blocks()) ? any.blocks() : made.blocks(),
                any.broken().equals(made.broken()) ? any.broken() : made.broken());
        }

        public AnalyzedModel model(String name) {
            return models.stream().filter(m -> m.name().equals(name)).findFirst().orElse(null);
        }
    }

    /**
     * A file far below the size limit can still hold millions of layers; one that needs more memory
     * than the JVM has is reported as an error of the file rather than failing. What was built for it
     * is unreachable once the error is caught, so there is memory again to report it.
     */
    public static Result analyze(SourceText source, Options options, Diagnostics diagnostics) {
        return withinMemory(source, diagnostics, () -> {
            ParsedFile parsed = SourceParser.parse(source, diagnostics);
            if (options.cancelled().getAsBoolean()) {
                throw new Cancelled();
            }
            return analyzeModels(parsed, source, options, diagnostics, null);
        });
    }

    /**
     * The analysis of a file parsed before (its syntax errors reported then): what {@link #analyze}
     * does after parsing, so that an editor analyses one parse again with other options.
     */
    public static Result analyzeParsed(ParsedFile parsed, SourceText source, Options options, Diagnostics diagnostics) {
        return analyzeParsed(parsed, source, options, diagnostics, null);
    }

    /**
     * As above, taking from {@code previous}, the analysis of an earlier version of the text made
     * with {@link Options#keepingModelAnalyses}, the analysis of every model made of the same objects
     * (its definition and every block it could call) with the same options: an edit of one model or
     * block of a file then analyses only the models it may change. What such a model reported is
     * reported again, in its place.
     */
    public static Result analyzeParsed(ParsedFile parsed, SourceText source, Options options, Diagnostics diagnostics,
                                       Result previous) {
        return withinMemory(source, diagnostics, () -> analyzeModels(parsed, source, options, diagnostics, previous));
    }

    private static Result withinMemory(SourceText source, Diagnostics diagnostics, Supplier<Result> analysis) {
        try {
            return analysis.get();
        } catch (OutOfMemoryError e) {
            long megabytes = Runtime.getRuntime().maxMemory() / (1024 * 1024);
            diagnostics.report(Diagnostic.error(Code.OUT_OF_MEMORY, SourceSpan.at(source.path(), 1, 1),
                Text.of("analyzer.checking_file_needs_more", megabytes))
                .withHelp(Text.of("analyzer.run_java_larger_xmx")));
            return Result.empty(source);
        }
    }

    private static Result analyzeModels(ParsedFile parsed, SourceText source, Options options, Diagnostics diagnostics,
                                        Result previous) {
        Map<String, Definition.Model> models = new LinkedHashMap<>();
        Map<String, Definition.Block> blocks = new LinkedHashMap<>();
        index(parsed, models, blocks, diagnostics);
        checkUnusedRecursion(models, blocks, diagnostics);
        Imports.Loaded imported = Imports.load(parsed, source, options.imports(), diagnostics);
        imported.blocks().forEach(blocks::putIfAbsent);
        Set<String> broken = new HashSet<>(parsed.brokenDefinitions());
        broken.addAll(imported.broken());
        List<Definition.Model> chosen = choose(parsed, models, options, source, diagnostics);
        List<AnalyzedModel> analyzed = new ArrayList<>();
        List<ModelAnalysis> analyses = new ArrayList<>();
        boolean reportsAsExpanded = true;
        Made made = new Made(Map.copyOf(blocks), Set.copyOf(broken));
        Map<Definition.Model, ModelAnalysis> before = Map.of();
        if (previous != null) {
            made = previous.sharing(made);
            before = previous.analysesByDefinition();
        }
        for (Definition.Model model : chosen) {
            boolean settingsChecked = options.model() != null || chosen.size() == 1;
            ModelAnalysis analysis = before.get(model);
            if (analysis == null || !analysis.madeOf(model, made, options, settingsChecked)) {
                analysis = analyzeModel(model, blocks, made, imported.sources(), options, settingsChecked, diagnostics);
            } else {
                analysis.reported().forEach(diagnostics::report);
            }
            if (analysis.model() != null) {
                analyzed.add(analysis.model());
            }
            if (options.keepsModelAnalyses()) {
                analyses.add(analysis);
            }
            reportsAsExpanded &= analysis.reportsAsExpanded();
        }
        return new Result(parsed, analyzed, imported.sources(), List.copyOf(imported.blocks().values()),
            imported.reachedThrough(), reportsAsExpanded, analyses);
    }

    /**
     * A model's analysis; what it reported is recorded only when the options keep it: a recording holds
     * a copy of every report, duplicates included (300,000 instances of a block that warns: 235 MB of
     * resident memory against 164 MB without). {@code blocks} are {@code made}'s in the file's order, which
     * the analysis's suggestions follow; {@code made}'s may be a previous analysis's, equal but in an order
     * of its own.
     */
    private static ModelAnalysis analyzeModel(Definition.Model model, Map<String, Definition.Block> blocks, Made made,
                                              Sources sources, Options options, boolean settingsChecked,
                                              Diagnostics diagnostics) {
        Diagnostics.Recording recording = options.keepsModelAnalyses() ? diagnostics.startRecording() : null;
        try {
            if (settingsChecked) {
                checkSettings(model, options, diagnostics);
            }
            Expansion expansion = new Expansion(options.maxLayers(), options.diagnosticsOnly(), options.cancelled());
            Evaluator evaluator = new Evaluator(Catalog.standard(), blocks, made.broken(), sources, diagnostics, expansion);
            AnalyzedModel analyzed = null;
            try {
                analyzed = evaluator.model(model, options.settings());
            } catch (StackOverflowError e) {
                diagnostics.report(Diagnostic.error(Code.NESTING_TOO_DEEP, model.name().span(),
                    Text.of("analyzer.model_nests_too_deeply", model.name().text())));
            }
            return new ModelAnalysis(model, made.blocks(), made.broken(), options, settingsChecked,
                recording == null ? List.of() : recording.reported(), analyzed,
                !options.diagnosticsOnly() || expansion.reportsAsExpanded());
        } finally {
            if (recording != null) {
                diagnostics.stopRecording(recording);
            }
        }
    }

    private static void index(ParsedFile parsed, Map<String, Definition.Model> models,
                              Map<String, Definition.Block> blocks, Diagnostics diagnostics) {
        Map<String, Definition> seen = new LinkedHashMap<>();
        for (Definition definition : parsed.file().definitions()) {
            String name = definition.name().text();
            Definition first = seen.putIfAbsent(name, definition);
            if (first != null) {
                diagnostics.report(new Diagnostic(Code.DUPLICATE_DEFINITION,
                    definition.name().span(), Text.of("analyzer.defined_twice", name),
                    List.of(new Related(first.name().span(), Text.of("analyzer.first_defined",
                        first.name().span().position()))),
                    Text.of("analyzer.rename_one_them")));
            } else if (definition instanceof Definition.Model) {
                models.put(name, (Definition.Model) definition);
            } else if (definition instanceof Definition.Block) {
                blocks.put(name, (Definition.Block) definition);
            } else {
                throw new AssertionError(definition);
            }
        }
    }

    /**
     * E409 for a cycle of blocks that no model reaches: evaluation reports the others where the cycle
     * closes, with the instances that led there, but never runs these.
     */
    private static void checkUnusedRecursion(Map<String, Definition.Model> models,
                                             Map<String, Definition.Block> blocks, Diagnostics diagnostics) {
        Map<String, Map<String, Expr.Name>> uses = new LinkedHashMap<>();
        blocks.forEach((name, block) -> uses.put(name, BlockReferences.of(block, blocks.keySet())));
        Map<String, List<String>> cycles = new LinkedHashMap<>();
        for (String name : blocks.keySet()) {
            List<String> cycle = cycleFrom(name, uses);
            if (cycle != null) {
                cycles.put(name, cycle);
            }
        }
        if (cycles.isEmpty()) {
            return; // the usual case, where the models' bodies, which may be long, need not be read
        }
        Set<String> reached = new HashSet<>();
        for (Definition.Model model : models.values()) {
            reach(BlockReferences.of(model, blocks.keySet()).keySet(), uses, reached);
        }
        Set<String> reported = new HashSet<>();
        for (Map.Entry<String, List<String>> entry : cycles.entrySet()) {
            String name = entry.getKey();
            List<String> cycle = entry.getValue();
            if (reached.contains(name) || cycle.stream().anyMatch(reported::contains)) {
                continue;
            }
            reported.addAll(cycle);
            Expr.Name closing = uses.get(cycle.get(cycle.size() - 2)).get(name);
            diagnostics.report(new Diagnostic(Code.RECURSIVE_BLOCK,
                blocks.get(name).name().span(), Text.of("block.block_uses_itself", name, String.join(" -> ", cycle)),
                List.of(new Related(closing.span(), Text.of("analyzer.cycle_closes", closing.span().position()))),
                    null));
        }
    }

    private static void reach(Set<String> names, Map<String, Map<String, Expr.Name>> uses, Set<String> reached) {
        Deque<String> pending = new ArrayDeque<>(names);
        while (!pending.isEmpty()) {
            String name = pending.pop();
            if (reached.add(name)) {
                pending.addAll(uses.get(name).keySet());
            }
        }
    }

    /** The shortest path of uses from {@code start} back to it ([A, B, A]), or null. */
    private static List<String> cycleFrom(String start, Map<String, Map<String, Expr.Name>> uses) {
        Map<String, String> previous = new HashMap<>();
        Deque<String> pending = new ArrayDeque<>(List.of(start));
        while (!pending.isEmpty()) {
            String name = pending.removeFirst();
            for (String next : uses.get(name).keySet()) {
                if (next.equals(start)) {
                    List<String> path = new ArrayList<>(List.of(start));
                    for (String at = name; !at.equals(start); at = previous.get(at)) {
                        path.add(1, at);
                    }
                    path.add(start);
                    return path;
                }
                if (previous.putIfAbsent(next, name) == null) {
                    pending.addLast(next);
                }
            }
        }
        return null;
    }

    private static List<Definition.Model> choose(ParsedFile parsed, Map<String, Definition.Model> models,
                                                 Options options, SourceText source, Diagnostics diagnostics) {
        SourceSpan start = SourceSpan.at(source.path(), 1, 1);
        if (options.model() == null) {
            if (models.isEmpty() && parsed.brokenDefinitions().isEmpty() && !diagnostics.hasErrors()) {
                diagnostics.report(Diagnostic.error(Code.NO_MODEL, start, Text.of("analyzer.file_defines_no_model"))
                    .withHelp(Text.of("analyzer.model_reads_model_name")));
            }
            return new ArrayList<>(models.values());
        }
        Definition.Model model = models.get(options.model());
        if (model == null && !parsed.brokenDefinitions().contains(options.model())) {
            Text known = models.isEmpty() ? Text.of("analyzer.defines_none") : Text.of("analyzer.models",
                String.join(", ", models.keySet()));
            diagnostics.report(Diagnostic.error(Code.UNKNOWN_MODEL, start, Text.of("analyzer.there_no_model_named",
                options.model(), source.path(), known))
                .withHelp(Suggestions.didYouMean(options.model(), models.keySet())));
        }
        return model == null ? List.of() : List.of(model);
    }

    /** --set names a parameter of the model being summarised: the one chosen, or the file's only one. */
    private static void checkSettings(Definition.Model model, Options options, Diagnostics diagnostics) {
        List<String> names = model.parameters().stream().map(p -> p.name().text()).collect(Collectors.toList());
        for (String setting : options.settings().keySet()) {
            if (!names.contains(setting)) {
                Text known = names.isEmpty() ? Text.of("analyzer.has_none") : Text.of("analyzer.parameters",
                    String.join(", ", names));
                diagnostics.report(Diagnostic.error(Code.UNKNOWN_PARAMETER, model.name().span(),
                    Text.of("analyzer.model_has_no_parameter", model.name().text(), setting, known))
                    .withHelp(Suggestions.didYouMean(setting, names)));
            }
        }
    }
}
