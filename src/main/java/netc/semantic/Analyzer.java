package netc.semantic;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import netc.diagnostics.Code;
import netc.diagnostics.Diagnostic;
import netc.diagnostics.Diagnostics;
import netc.diagnostics.Related;
import netc.diagnostics.SourceSpan;
import netc.diagnostics.SourceText;
import netc.syntax.Definition;
import netc.syntax.ParsedFile;
import netc.syntax.SourceFile;
import netc.syntax.SourceParser;

/** The front end in one call: parse a file, then analyse its models. */
public final class Analyzer {
    private Analyzer() {
    }

    /**
     * Which model to analyse (null: all of them), the values of --set, and whether to keep the
     * records that only tables, backends and editors read (each model's trace and observations).
     */
    public record Options(String model, Map<String, Value> settings, boolean records) {
        public Options {
            settings = Map.copyOf(settings);
        }

        public Options(String model, Map<String, Value> settings) {
            this(model, settings, true);
        }

        public static Options all() {
            return new Options(null, Map.of());
        }

        /** All models, for their diagnostics alone: their traces and observations stay empty. */
        public static Options diagnosticsOnly() {
            return new Options(null, Map.of(), false);
        }
    }

    /** What the front end made of a file; its diagnostics went to the caller's collector. */
    public record Result(ParsedFile parsed, List<AnalyzedModel> models) {
        public Result {
            models = List.copyOf(models);
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
        try {
            return analyzeFile(source, options, diagnostics);
        } catch (OutOfMemoryError e) {
            long megabytes = Runtime.getRuntime().maxMemory() / (1024 * 1024);
            diagnostics.report(Diagnostic.error(Code.OUT_OF_MEMORY, SourceSpan.at(source.path(), 1, 1),
                "checking this file needs more memory than netc has (" + megabytes + " MB)")
                .withHelp("run java with a larger -Xmx, or split the file"));
            return new Result(new ParsedFile(new SourceFile(source.path(), List.of()), Set.of()), List.of());
        }
    }

    private static Result analyzeFile(SourceText source, Options options, Diagnostics diagnostics) {
        ParsedFile parsed = SourceParser.parse(source, diagnostics);
        Map<String, Definition.Model> models = new LinkedHashMap<>();
        Map<String, Definition.Block> blocks = new LinkedHashMap<>();
        index(parsed, models, blocks, diagnostics);
        List<Definition.Model> chosen = choose(parsed, models, options, source, diagnostics);
        List<AnalyzedModel> analyzed = new ArrayList<>();
        for (Definition.Model model : chosen) {
            if (options.model() != null || chosen.size() == 1) {
                checkSettings(model, options, diagnostics);
            }
            Evaluator evaluator = new Evaluator(Catalog.standard(), blocks, parsed.brokenDefinitions(), source,
                diagnostics, options.records());
            try {
                analyzed.add(evaluator.model(model, options.settings()));
            } catch (StackOverflowError e) {
                diagnostics.report(Diagnostic.error(Code.NESTING_TOO_DEEP, model.name().span(),
                    "model " + model.name().text() + " nests too deeply to be analysed"));
            }
        }
        return new Result(parsed, analyzed);
    }

    private static void index(ParsedFile parsed, Map<String, Definition.Model> models,
                              Map<String, Definition.Block> blocks, Diagnostics diagnostics) {
        Map<String, Definition> seen = new LinkedHashMap<>();
        for (Definition definition : parsed.file().definitions()) {
            String name = definition.name().text();
            Definition first = seen.putIfAbsent(name, definition);
            if (first != null) {
                diagnostics.report(new Diagnostic(Code.DUPLICATE_DEFINITION.severity(), Code.DUPLICATE_DEFINITION,
                    definition.name().span(), name + " is defined twice",
                    List.of(new Related(first.name().span(), "first defined at " + first.name().span().position())),
                    "rename one of them"));
            } else if (definition instanceof Definition.Model) {
                models.put(name, (Definition.Model) definition);
            } else {
                blocks.put(name, (Definition.Block) definition);
            }
        }
    }

    private static List<Definition.Model> choose(ParsedFile parsed, Map<String, Definition.Model> models,
                                                 Options options, SourceText source, Diagnostics diagnostics) {
        SourceSpan start = SourceSpan.at(source.path(), 1, 1);
        if (options.model() == null) {
            if (models.isEmpty() && parsed.brokenDefinitions().isEmpty() && !diagnostics.hasErrors()) {
                diagnostics.report(Diagnostic.error(Code.NO_MODEL, start, "this file defines no model")
                    .withHelp("a model reads: model Name { input x: [3, 32, 32] ... }"));
            }
            return new ArrayList<>(models.values());
        }
        Definition.Model model = models.get(options.model());
        if (model == null && !parsed.brokenDefinitions().contains(options.model())) {
            String known = models.isEmpty() ? "it defines none" : "its models are " + String.join(", ", models.keySet());
            diagnostics.report(Diagnostic.error(Code.UNKNOWN_MODEL, start, "there is no model named "
                + options.model() + " in " + source.path() + "; " + known)
                .withHelp(Suggestions.didYouMean(options.model(), models.keySet())));
        }
        return model == null ? List.of() : List.of(model);
    }

    /** --set names a parameter of the model being summarised: the one chosen, or the file's only one. */
    private static void checkSettings(Definition.Model model, Options options, Diagnostics diagnostics) {
        List<String> names = model.parameters().stream().map(p -> p.name().text()).collect(Collectors.toList());
        for (String setting : options.settings().keySet()) {
            if (!names.contains(setting)) {
                String known = names.isEmpty() ? "it has none" : "its parameters are " + String.join(", ", names);
                diagnostics.report(Diagnostic.error(Code.UNKNOWN_PARAMETER, model.name().span(), "model "
                    + model.name().text() + " has no parameter named " + setting + "; " + known)
                    .withHelp(Suggestions.didYouMean(setting, names)));
            }
        }
    }
}
