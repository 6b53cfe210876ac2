package netc.backend;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import netc.diagnostics.Diagnostics;
import netc.diagnostics.SourceReader;
import netc.diagnostics.SourceSpan;
import netc.diagnostics.SourceText;
import netc.semantic.catalog.ArgSpec;
import netc.semantic.Analyzer;
import netc.semantic.model.AnalyzedModel;
import netc.semantic.model.Module;
import netc.semantic.model.Shape;
import netc.semantic.model.Trace;
import netc.semantic.model.Value;
import netc.syntax.Definition;
import netc.syntax.Expr;
import netc.syntax.Label;
import netc.syntax.SourceParser;
import netc.syntax.SyntaxWalker;

/**
 * Generates a PyTorch module for a model: one {@code nn.Module} class per block and one for the
 * model, whose {@code __init__} builds the same module tree (so state_dict keys, their order and the
 * summary tables are the same) and whose {@code forward} runs the steps of the trace, one line each,
 * under a comment with the .net line they come from. The classes take the parameters of their block
 * or model ({@link PythonScope}); the instances of a block share a class where its text is the same
 * (a size netc inferred that differs between them written as an expression that gives each one's,
 * {@link SizeFitting}), or where it differs as an if of the block decides ({@link ClassMerger}), and
 * a repeat that builds modules is a Python for.
 */
public final class TorchGenerator {
    private static final String INDENT = "    ";
    /** Names nn.Module has itself, which a sub-module cannot take. */
    static final Set<String> MODULE_ATTRIBUTES = Set.of("forward", "training", "train", "eval", "type",
        "float", "double", "half", "bfloat16", "to", "cpu", "cuda", "apply", "parameters", "buffers", "children",
        "modules", "state_dict", "zero_grad", "extra_repr");
    /** PEP 8's line length. */
    static final int WIDTH = 79;

    private final AnalyzedModel model;
    private final SourceText source;
    private final Map<String, Value> settings;
    /** The file's blocks and models, by name. */
    private final Map<String, Definition> definitions = new HashMap<>();
    /** The .net names of the blocks and models, by name, read once from their definitions. */
    private final Map<String, SourceNames> namesByDefinition = new HashMap<>();
    /** The names of the bindings forward writes even where they only rename a value ({@link SourceNames#renamings}). */
    private final Set<SourceSpan> renamings = new HashSet<>();
    private final Map<Module, Trace.Apply> firstApplies = new IdentityHashMap<>();
    /** How the parent's __init__ builds a block or Sequential block: {@code BasicBlock(64, planes)}. */
    private final Map<Module, Supplier<PythonCall>> constructions = new IdentityHashMap<>();
    /** The attributes given to numbered stateless layers in place of their numbers. */
    private final Map<Module, String> attributes = new IdentityHashMap<>();
    /** Per block name, its classes so far by name, each with the ifs of its instances. */
    private final Map<String, Map<String, ClassMerger.Variant>> variants = new LinkedHashMap<>();
    /** Per block name, the class serving each body and decisions met so far. */
    private final Map<String, Map<String, String>> served = new HashMap<>();
    /** The conditions of the blocks' ifs and repeats, as {@link #condition} writes them (null where it cannot), by span. */
    private final Map<SourceSpan, ClassMerger.Condition> conditions = new HashMap<>();
    /** The classes merged into another, by name, with the other's. */
    private final Map<String, String> absorbed = new HashMap<>();
    /** Per block name, how many classes it was given, which numbers the next. */
    private final Map<String, Integer> numbered = new HashMap<>();
    private final List<String> classTexts = new ArrayList<>();
    /** The files the model imports, read for the comments of their blocks' lines. */
    private final Map<String, SourceText> imported = new HashMap<>();
    /** The .net line the last comment of __init__ showed. */
    private int lastCommented = -1;
    /** The expressions written for the sizes netc inferred that differ between a block's instances, by the span of the {@code _}. */
    private final Map<SourceSpan, Expr> fitted = new HashMap<>();

    private TorchGenerator(AnalyzedModel model, SourceText source, Map<String, Value> settings) {
        this.model = model;
        this.source = source;
        this.settings = Map.copyOf(settings);
        addDefinitions(source);
        for (Trace.Step step : model.trace().steps()) {
            if (step instanceof Trace.Apply && ((Trace.Apply) step).module() != null) {
                firstApplies.putIfAbsent(((Trace.Apply) step).module(), (Trace.Apply) step);
            }
        }
        // the blocks of imported files, found where their steps ran, so that their classes take parameters too
        Set<String> files = new HashSet<>(List.of(source.path()));
        for (Trace.Step step : model.trace().steps()) {
            SourceSpan span = TorchForward.spanOf(step);
            if (span != null && files.add(span.file())) {
                SourceText text = sourceOf(span.file());
                if (text != null) {
                    addDefinitions(text);
                }
            }
        }
        fitInferredSizes();
    }

    /**
     * Fits expressions over the blocks' parameters to the sizes netc inferred in them
     * ({@code conv2d(_, ...)}), from every instance's values and numbers ({@link SizeFitting}).
     */
    private void fitInferredSizes() {
        Map<SourceSpan, List<SizeFitting.Instance>> inferred = new LinkedHashMap<>();
        // the blocks the step runs in, innermost first, with the values of the names their classes know
        Deque<Module> blocks = new ArrayDeque<>();
        Deque<Map<String, Value>> values = new ArrayDeque<>();
        for (Trace.Step step : model.trace().steps()) {
            if (step instanceof Trace.Block block && block.end()) {
                blocks.pop();
                values.pop();
            } else if (step instanceof Trace.Block block) {
                Definition definition = definitions.get(block.module().torchClass());
                Map<String, Value> parameters = block.module().parameterValues();
                blocks.push(block.module());
                values.push(definition == null || parameters == null ? Map.of()
                    : PythonScope.of(definition, Map.of()).fittingValues(parameters));
            } else if (step instanceof Trace.Apply apply && apply.module() != null && apply.arguments() != null
                && !blocks.isEmpty() && definitions.containsKey(blocks.peek().torchClass())) {
                SourceSpan definition = definitions.get(blocks.peek().torchClass()).span();
                for (ArgSpec arg : apply.spec().signature()) {
                    SourceSpan at = apply.arguments().values().containsKey(arg.name())
                        ? apply.arguments().values().get(arg.name()).span() : null;
                    if (apply.arguments().get(arg.name()) instanceof Value.Infer && at != null
                        && SourceNames.holds(definition, at)) {
                        long number = TorchLayers.inferred(arg.name(), shape(apply.inputs().get(0)));
                        inferred.computeIfAbsent(at, span -> new ArrayList<>())
                            .add(new SizeFitting.Instance(values.peek(), number));
                    }
                }
            }
        }
        inferred.forEach((span, instances) -> {
            Expr expression = SizeFitting.fit(instances, span);
            if (expression != null) {
                fitted.put(span, expression);
            }
        });
    }

    /** The blocks and models of a file; a name the model's own file defines stays its own. */
    private void addDefinitions(SourceText text) {
        for (Definition definition : SourceParser.parse(text, new Diagnostics()).file().definitions()) {
            if (definitions.putIfAbsent(definition.name().text(), definition) == null) {
                SourceNames names = SourceNames.of(definition);
                namesByDefinition.put(definition.name().text(), names);
                renamings.addAll(names.renamings());
            }
        }
    }

    /** Whether forward writes {@code binding} though it may only rename a value: an if binds its name in a branch. */
    boolean renames(Trace.Binding binding) {
        return renamings.contains(binding.name().span());
    }

    /**
     * The Python source of {@code model}, analysed from {@code source} without errors with the model
     * parameters {@code settings} (--set), which become the defaults of the model class's arguments.
     */
    public static String generate(AnalyzedModel model, SourceText source, Map<String, Value> settings)
        throws UnsupportedLayerException {
        TorchGenerator generator = new TorchGenerator(model, source, settings);
        String text = generator.emit(Map.of());
        Map<String, Value> fixed = new LinkedHashMap<>();
        generator.scopeOf(model.name()).values(settings).forEach((parameter, value) -> {
            if (!followsOtherValues(model, source, settings, parameter, value, text)) {
                fixed.put(parameter, value);
            }
        });
        return fixed.isEmpty() ? text : new TorchGenerator(model, source, settings).emit(fixed);
    }

    /**
     * Whether the model class written for {@code value} of {@code parameter} is also right for another
     * value: the module generated from netc's analysis with that other value reads the same, shapes
     * aside. Not so when the code holds values computed from the parameter (a size netc inferred,
     * an if or a repeat count it decides), or when the other value is not a valid model.
     */
    private static boolean followsOtherValues(AnalyzedModel model, SourceText source, Map<String, Value> settings,
                                              String parameter, Value value, String text) {
        Value other = value instanceof Value.Int i ? new Value.Int(2 * i.value())
            : value instanceof Value.Float f ? new Value.Float(f.value() / 2)
            : value instanceof Value.Bool b ? new Value.Bool(!b.value()) : null;
        if (other == null) {
            return false;
        }
        Map<String, Value> changed = new LinkedHashMap<>(settings);
        changed.put(parameter, other);
        Diagnostics diagnostics = new Diagnostics();
        AnalyzedModel analysed = Analyzer.analyze(source, new Analyzer.Options(model.name(), changed), diagnostics)
            .model(model.name());
        if (analysed == null || diagnostics.hasErrors()) {
            return false;
        }
        try {
            String otherText = new TorchGenerator(analysed, source, settings).emit(Map.of());
            return withoutShapes(otherText).equals(withoutShapes(text));
        } catch (UnsupportedLayerException e) {
            return false;
        }
    }

    private static String withoutShapes(String python) {
        return python.replaceAll("(?m)  # \\[[^\\]]*\\]$", "");
    }

    /** The module; its model class refuses other values than {@code fixed}'s for those parameters. */
    private String emit(Map<String, Value> fixed) throws UnsupportedLayerException {
        List<Trace.Step> steps = model.trace().steps();
        List<Integer> inputs = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Trace.Input input : model.inputs()) {
            inputs.add(input.id());
            names.add(PythonNames.identifier(input.name()));
        }
        int output = model.trace().idOf(model.output());
        String name = PythonNames.identifier(model.name());
        PythonScope scope = scopeOf(model.name());
        List<String> signature = scope.signature(settings, Map.of());
        Map<String, String> constants = constants(scope.values(settings), signature);
        List<String> guards = new ArrayList<>();
        fixed.forEach((parameter, value) -> {
            String python = PythonNames.identifier(parameter);
            String literal = constants.getOrDefault(parameter, TorchLayers.literal(value, false));
            guards.add("if " + python + (value instanceof Value.None ? " is not " : " != ") + literal + ":");
            guards.add("    raise ValueError(");
            String generatedFor = "generated for " + parameter + "=" + literal + ": ";
            String set = "netc torch --set " + parameter + "=N";
            // the message split in two strings Python joins where one line would pass PEP 8's width
            if (16 + generatedFor.length() + set.length() + 2 <= WIDTH) {
                guards.add("        \"" + generatedFor + set + "\"");
            } else {
                guards.add("        \"" + generatedFor + "\"");
                guards.add("        \"" + set + "\"");
            }
            guards.add("    )");
        });
        classTexts.add(classText(name, signature, guards, scope, sourceNamesOf(model.name()), model.root(), steps,
            inputs, names, output, "The model " + model.name() + " of " + fileName(model.root().span()) + "."));
        return header() + String.join("\n\n", classTexts);
    }

    /**
     * Module constants for the model parameters whose values would not fit on the lines of the
     * signature and the guard ({@code BLOCK_PARAMS = (...)} one element a line, before the model
     * class), by parameter; {@code signature} then reads them as defaults.
     */
    private Map<String, String> constants(Map<String, Value> values, List<String> signature) {
        Map<String, String> constants = new LinkedHashMap<>();
        values.forEach((parameter, value) -> {
            String python = PythonNames.identifier(parameter);
            String literal = TorchLayers.literal(value, false);
            if (8 + python.length() + ": tuple = ".length() + literal.length() + 1 <= WIDTH) {
                return;
            }
            String constant = python.toUpperCase(Locale.ROOT);
            constants.put(parameter, constant);
            SourceWriter out = new SourceWriter(INDENT);
            if (value instanceof Value.Tuple tuple && tuple.elements().size() > 1) {
                new PythonCall("", tuple.elements().stream().map(e -> TorchLayers.literal(e, false)).toList())
                    .write(out, constant + " = ", "", WIDTH);
            } else {
                out.line(constant + " = " + literal);
            }
            classTexts.add(out.toString());
            for (int i = 0; i < signature.size(); i++) {
                String entry = signature.get(i);
                if (entry.startsWith(python + ":") && entry.contains(" = ")) {
                    signature.set(i, entry.substring(0, entry.indexOf(" = ") + 3) + constant);
                }
            }
        });
        return constants;
    }

    /** The comments and imports the classes need (an unused import would fail a linter). */
    private String header() {
        SourceWriter out = new SourceWriter(INDENT);
        out.line("# Generated by netc from " + fileName(model.root().span()) + ", model " + model.name() + ".");
        out.line("# Edit the .net file and generate again rather than editing this.");
        out.line("# Needs PyTorch 1.13 or newer.");
        out.line("");
        String classes = String.join("\n\n", classTexts).replaceAll("(?m)#.*$", ""); // code, not comments
        if (classes.contains("OrderedDict(")) {
            out.line("from collections import OrderedDict");
        }
        if (classes.contains("Tuple[")) {
            out.line("from typing import Tuple");
        }
        if (classes.contains("OrderedDict(") || classes.contains("Tuple[")) {
            out.line(""); // the standard library's imports, then PyTorch's
        }
        if (classes.contains("torch.")) {
            out.line("import torch");
        }
        if (classes.contains("F.")) {
            out.line("import torch.nn.functional as F");
        }
        out.line(classes.contains("Tensor") ? "from torch import Tensor, nn" : "from torch import nn");
        out.line("");
        out.line("");
        return out.toString();
    }

    /**
     * Records how {@code caller}'s __init__ builds a block instance ({@code BasicBlock(64, planes)}): the class
     * of the block, taking the block's parameters when the call's arguments can be written in the
     * caller (else holding the instance's values), and shared by every instance of the same class
     * text or merged with it ({@link #addVariant}); instances that still differ (an inferred size)
     * get one class per text, numbered after the first.
     */
    void construction(Module block, List<Trace.Step> steps, List<Integer> inputs, int output, SourceSpan call,
                      PythonScope caller) throws UnsupportedLayerException {
        String blockName = PythonNames.identifier(block.torchClass());
        PythonScope scope = scopeOf(block.torchClass());
        Map<String, Expr.Argument> arguments = caller.blockArguments(call, scope, block.parameterValues());
        boolean takesParameters = arguments != null;
        if (!takesParameters) {
            scope = PythonScope.NONE;
            arguments = Map.of();
        }
        SourceNames sourceNames = sourceNamesOf(block.torchClass());
        List<String> names = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            names.add(sourceNames.inputs().size() == inputs.size() ? PythonNames.identifier(sourceNames.inputs().get(i))
                : inputs.size() == 1 ? "x" : "x" + (i + 1));
        }
        // the block's modules are in the file that defines it, which may be an imported one
        SourceSpan defined = block.children().isEmpty() ? block.span() : block.children().get(0).span();
        String docstring = "The block " + block.torchClass() + " of " + fileName(defined) + ".";
        List<String> signature = scope.signature(Map.of(), caller.typesOf(arguments));
        Map<SourceSpan, Boolean> decisions = block.decisions() == null ? Map.of() : block.decisions();
        String name = addVariant(blockName, classText("@", signature, List.of(), scope, sourceNames, block, steps,
            inputs, names, output, docstring), decisions);
        PythonScope callee = scope;
        // written when the caller's __init__ is, which may read a loop's names by then (for i in range(n))
        constructions.put(block, () -> caller.call(currentName(name), takesParameters
            ? caller.blockArguments(call, callee, block.parameterValues()) : Map.of(), callee));
    }

    /**
     * How {@code caller}'s __init__ builds a block that subclasses a layer without a body
     * ({@code Conv3DSimple(inplanes, planes, stride=stride)}): its class ({@code class
     * Conv3DSimple(nn.Conv3d)}) passes the layer's arguments to super().__init__, taking the block's
     * parameters as {@link #construction} does, else holding the instance's values.
     */
    private PythonCall layerSubclass(Module module, Shape input, PythonScope caller) {
        String blockName = PythonNames.identifier(module.torchClass());
        PythonScope scope = scopeOf(module.torchClass());
        Map<String, Expr.Argument> arguments = caller.blockArguments(module.span(), scope, module.parameterValues());
        if (arguments == null) {
            scope = PythonScope.NONE;
            arguments = Map.of();
        }
        PythonCall constructor = TorchLayers.constructor(module.spec(), module.arguments(), input, scope);
        SourceWriter out = new SourceWriter(INDENT);
        out.line("class @(" + constructor.callee() + "):");
        out.indent();
        out.line("\"\"\"The block " + module.torchClass() + " of " + fileName(module.span()) + ": "
            + constructor.callee() + " under its own name.\"\"\"");
        out.line("");
        new PythonCall("def __init__", scope.signature(Map.of(), caller.typesOf(arguments)))
            .write(out, "", " -> None:", WIDTH);
        out.indent();
        new PythonCall("super().__init__", constructor.arguments(), constructor.first()).write(out, "", "", WIDTH);
        return caller.call(addVariant(blockName, out.toString(), Map.of()), arguments, scope);
    }

    /**
     * The class of {@code body} (its name written {@code @}) for an instance whose ifs went as
     * {@code decisions}: a known one, one merged with it ({@link ClassMerger}), or a new one named
     * after the block, numbered after the first.
     */
    private String addVariant(String blockName, String body, Map<SourceSpan, Boolean> decisions) {
        Map<String, String> known = served.computeIfAbsent(blockName, k -> new HashMap<>());
        String key = body + "\n" + canonical(decisions);
        if (known.containsKey(key)) {
            return known.get(key);
        }
        Map<String, ClassMerger.Variant> classes = variants.computeIfAbsent(blockName, k -> new LinkedHashMap<>());
        ClassMerger.Variant variant = new ClassMerger.Variant(body, decisions);
        for (String name : classes.keySet()) {
            ClassMerger.Variant merged = ClassMerger.merge(classes.get(name), variant,
                span -> condition(blockName, span));
            if (merged != null) {
                replaceClass(blockName, name, merged);
                known.put(key, name);
                absorbOthers(blockName, name);
                return name;
            }
        }
        int number = numbered.merge(blockName, 1, Integer::sum);
        String name = number == 1 ? blockName : blockName + "_" + number;
        classes.put(name, variant);
        known.put(key, name);
        classTexts.add(classText(name, blockName, body));
        return name;
    }

    private void replaceClass(String blockName, String name, ClassMerger.Variant merged) {
        String before = classText(name, blockName, variants.get(blockName).get(name).body());
        classTexts.set(classTexts.indexOf(before), classText(name, blockName, merged.body()));
        variants.get(blockName).put(name, merged);
    }

    /**
     * Merges into class {@code into} the block's other classes it now serves too (a merge may have made
     * it general enough), and has the classes that build their instances build {@code into}'s instead.
     */
    private void absorbOthers(String blockName, String into) {
        Map<String, ClassMerger.Variant> classes = variants.get(blockName);
        for (boolean changed = true; changed; ) {
            changed = false;
            for (String other : List.copyOf(classes.keySet())) {
                ClassMerger.Variant merged = other.equals(into) ? null
                    : ClassMerger.merge(classes.get(into), classes.get(other), span -> condition(blockName, span));
                if (merged == null) {
                    continue;
                }
                classTexts.remove(classText(other, blockName, classes.remove(other).body()));
                replaceClass(blockName, into, merged);
                renameClass(other, into);
                absorbed.put(other, into);
                served.get(blockName).replaceAll((key, name) -> name.equals(other) ? into : name);
                changed = true;
            }
        }
    }

    /** The class that serves the instances of class {@code name} now: itself, or the one that absorbed it. */
    private String currentName(String name) {
        String current = name;
        while (absorbed.containsKey(current)) {
            current = absorbed.get(current);
        }
        return current;
    }

    /** Every construction of class {@code from} in the classes so far builds class {@code to}. */
    private void renameClass(String from, String to) {
        Pattern call = Pattern.compile("(?<![\\w.])" + Pattern.quote(from) + "(?=\\()");
        classTexts.replaceAll(text -> call.matcher(text).replaceAll(to));
        for (Map<String, ClassMerger.Variant> classes : variants.values()) {
            classes.replaceAll((name, variant) -> new ClassMerger.Variant(
                call.matcher(variant.body()).replaceAll(to), variant.decisions()));
        }
    }

    /** The text of class {@code name} from {@code body}: a variant also takes the block's name, which the summary tables print. */
    private static String classText(String name, String blockName, String body) {
        String text = body.replaceFirst("@", name);
        if (!name.equals(blockName)) {
            text += "\n\n" + name + ".__name__ = \"" + blockName + "\"\n" + name + ".__qualname__ = \""
                + blockName + "\"\n";
        }
        return text;
    }

    /** How ifs went, the same text whatever order they went in. */
    private static String canonical(Map<SourceSpan, Boolean> decisions) {
        return new java.util.TreeMap<>(decisions.entrySet().stream().collect(Collectors.toMap(
            entry -> entry.getKey().toString(), entry -> String.valueOf(entry.getValue())))).toString();
    }

    /**
     * The condition of the if at {@code span} in block {@code blockName}, as its class writes it, or
     * for a repeat there its loop's head; null where it cannot be written.
     */
    private ClassMerger.Condition condition(String blockName, SourceSpan span) {
        // each merge asks again for the ifs of both classes; finding one walks the block's definition
        if (!conditions.containsKey(span)) {
            conditions.put(span, writtenCondition(blockName, span));
        }
        return conditions.get(span);
    }

    private ClassMerger.Condition writtenCondition(String blockName, SourceSpan span) {
        Definition definition = definitions.get(blockName);
        if (definition == null) {
            return null;
        }
        Expr[] found = {null};
        new SyntaxWalker() {
            @Override
            public Void visitIf(Expr.If e) {
                found[0] = e.span().equals(span) ? e : found[0];
                return super.visitIf(e);
            }

            @Override
            public Void visitRepeat(Expr.Repeat e) {
                found[0] = e.span().equals(span) ? e : found[0];
                return super.visitRepeat(e);
            }
        }.walk(definition);
        PythonScope scope = PythonScope.of(definition, fitted);
        if (found[0] instanceof Expr.Repeat repeat) {
            if (repeat.variable() == null) {
                return null;
            }
            String head = scope.enterLoop(repeat, sourceText(repeat.variable().span()));
            scope.leaveLoop(repeat);
            return head == null ? null : ClassMerger.Condition.loop(head.substring(0, head.length() - 1));
        }
        return found[0] instanceof Expr.If ifExpr ? scope.condition(ifExpr) : null;
    }

    /** The parameters of the block or model {@code name}, as its class takes them. */
    private PythonScope scopeOf(String name) {
        Definition definition = definitions.get(name);
        return definition == null ? PythonScope.NONE : PythonScope.of(definition, fitted);
    }

    private SourceNames sourceNamesOf(String name) {
        return namesByDefinition.getOrDefault(name, SourceNames.NONE);
    }

    /**
     * The attribute of {@code child} in its parent's class: its label, or its number where the
     * state_dict needs it; a numbered layer without state in an nn.Module class is named after
     * the layer ({@code self.relu}), which changes no key and no table row.
     */
    String attribute(Module child) {
        return attributes.getOrDefault(child, child.name());
    }

    /** Names the numbered stateless layers among {@code root}'s children. */
    private void nameChildren(Module root) {
        Set<String> used = new HashSet<>();
        root.children().forEach(child -> used.add(child.name()));
        for (Module child : root.children()) {
            boolean stateless = child.kind() == Module.Kind.LAYER && child.state().isEmpty()
                && child.children().isEmpty();
            if (PythonNames.isAttribute(child.name()) || !stateless) {
                continue;
            }
            String base = PythonNames.identifier(child.spec().name());
            String name = base;
            for (int n = 2; used.contains(name) || MODULE_ATTRIBUTES.contains(name); n++) {
                name = base + "_" + n;
            }
            used.add(name);
            attributes.put(child, name);
        }
    }

    /**
     * A class whose module tree is {@code root}'s and whose forward runs {@code steps}; its __init__
     * takes {@code signature}, runs {@code guards}, and computes the locals {@code scope} reads before
     * building the modules.
     */
    private String classText(String name, List<String> signature, List<String> guards, PythonScope scope,
                             SourceNames sourceNames, Module root, List<Trace.Step> steps, List<Integer> inputs,
                             List<String> inputNames, int output, String docstring)
        throws UnsupportedLayerException {
        if (root.kind() == Module.Kind.MODEL || root.kind() == Module.Kind.BLOCK) {
            nameChildren(root); // an nn.Sequential's, ModuleList's or ModuleDict's children keep their keys
        }
        TorchForward forward = new TorchForward(this, scope, sourceNames, root, inputs, inputNames, output);
        forward.emit(steps);
        boolean sequential = root.kind() == Module.Kind.SEQUENTIAL || (root.kind() == Module.Kind.MODEL
            && forward.isChainOfChildren(root));
        PythonCall parent = parentConstructor(root, scope);
        SourceWriter modules = new SourceWriter(INDENT);
        modules.indent();
        modules.indent();
        if (sequential) {
            sequentialLines(modules, "super().__init__(", root, ")", scope, sourceNames);
        } else {
            lastCommented = -1;
            for (Trace.Step step : steps) {
                if (step instanceof Trace.State && ((Trace.State) step).module() == root) {
                    stateLines(modules, (Trace.State) step, scope);
                }
            }
            List<Module> children = root.children();
            for (int i = 0; i < children.size(); i++) {
                int rolled = loopLines(modules, children, i, scope, sourceNames, false);
                if (rolled > 0) {
                    i += rolled - 1;
                } else {
                    childLines(modules, children.get(i), scope);
                }
            }
        }
        SourceWriter out = new SourceWriter(INDENT);
        out.line("class " + name + "(" + (sequential ? "nn.Sequential" : parent != null ? parent.callee()
            : baseClass(root)) + "):");
        out.indent();
        out.line("\"\"\"" + docstring + "\"\"\"");
        out.line("");
        new PythonCall("def __init__", signature).write(out, "", " -> None:", WIDTH);
        out.indent();
        guards.forEach(out::line);
        if (parent != null) {
            // the layer's arguments may read the locals
            scope.localLines().forEach(out::line);
            new PythonCall("super().__init__", parent.arguments(), parent.first()).write(out, "", "", WIDTH);
        } else if (!sequential) {
            out.line("super().__init__()");
        }
        if (parent == null) {
            // the locals come before super().__init__(modules) of a Sequential, which reads them
            scope.localLines().forEach(out::line);
        }
        scope.attributeLines().forEach(out::line);
        out.unindent();
        String text = out + modules.toString();
        if (sequential) {
            return text;
        }
        out = new SourceWriter(INDENT);
        out.indent();
        out.line("");
        out.line("def forward(self, " + forward.parameters() + ") -> " + forward.returnType() + ":");
        out.indent();
        forward.lines().forEach(out::line);
        return text + out;
    }

    /**
     * For a block that subclasses a layer and runs super in its body, the layer's constructor, whose
     * arguments its __init__ passes on; null for other modules.
     */
    private PythonCall parentConstructor(Module module, PythonScope scope) {
        if (module.kind() != Module.Kind.BLOCK || module.arguments() == null) {
            return null;
        }
        Trace.Apply superCall = firstApplies.get(module);
        addDefinition(superCall.spec().torch().definition());
        return TorchLayers.constructor(superCall.spec(), module.arguments(), shape(superCall.inputs().get(0)),
            scope);
    }

    /**
     * {@code self.class_token = nn.Parameter(torch.zeros(1, 1, 768))} or
     * {@code self.register_buffer("mask", torch.full((8, 8), 1.0))}.
     */
    private void stateLines(SourceWriter out, Trace.State state, PythonScope scope) {
        comment(out, state.span());
        long[] dims = state.output().dims();
        // written over the class's parameters where the declaration can be ([dim, 1, 1] = scale), else as values
        List<String> written = scope.stateExpressions(state.span());
        String sizes = written != null ? String.join(", ", written.subList(0, dims.length))
            : Arrays.stream(dims).mapToObj(Long::toString).collect(Collectors.joining(", "));
        // a float fill, since torch.full with an integer makes an int64 tensor
        double fill = state.fill() instanceof Value.Int ? ((Value.Int) state.fill()).value()
            : ((Value.Float) state.fill()).value();
        String fillText = written != null && written.get(dims.length) != null ? written.get(dims.length)
            : TorchLayers.literal(new Value.Float(fill));
        String tensor = fill == 0 ? "torch.zeros(" + sizes + ")" : "torch.full((" + sizes
            + (dims.length == 1 ? ",)" : ")") + ", " + fillText + ")";
        PythonCall call = state.parameter() ? new PythonCall("nn.Parameter", List.of(tensor))
            : new PythonCall("self.register_buffer", List.of(PythonNames.string(state.key()), tensor));
        call.write(out, state.parameter() ? "self." + state.key() + " = " : "", "", WIDTH);
    }

    /** The PyTorch class a block's class extends ({@code : ModuleList}, {@code : ModuleDict}), or nn.Module. */
    private static String baseClass(Module root) {
        switch (root.kind()) {
            case LIST:
                return "nn.ModuleList";
            case DICT:
                return "nn.ModuleDict";
            default:
                return "nn.Module";
        }
    }

    /** {@code self.conv1 = nn.Conv2d(...)}, or add_module for a name that is no Python attribute. */
    private void childLines(SourceWriter out, Module child, PythonScope scope) throws UnsupportedLayerException {
        comment(out, child.span());
        String attribute = attribute(child);
        if (PythonNames.isAttribute(attribute)) {
            constructorLines(out, "self." + attribute + " = ", child, "", scope);
        } else {
            constructorLines(out, "self.add_module(" + PythonNames.string(attribute) + ", ", child, ")", scope);
        }
    }

    /** The .net line a child comes from, unless the child before came from the same line. */
    private void comment(SourceWriter out, SourceSpan span) {
        if (span.startLine() != lastCommented) {
            lastCommented = span.startLine();
            out.line(sourceComment(span, out.column()));
        }
    }

    /**
     * {@code # 5: conv1: conv2d(3, 16, k=3, p=1) -> F.relu}: the .net line, cut with {@code ...}
     * where it would pass PEP 8's width at indentation {@code column}.
     */
    String sourceComment(SourceSpan span, int column) {
        SourceText text = sourceOf(span.file());
        String comment = "# " + span.startLine() + ": " + (text == null ? fileName(span)
            : text.line(span.startLine()).strip());
        int room = WIDTH - column;
        return comment.length() <= room ? comment : comment.substring(0, room - 3).stripTrailing() + "...";
    }

    /** The .net line {@code span} starts on; empty where its file cannot be read. */
    String sourceLine(SourceSpan span) {
        SourceText text = sourceOf(span.file());
        return text == null ? "" : text.line(span.startLine());
    }

    /** The text of the model's file or of a file it imports (read again); null when it cannot be read. */
    private SourceText sourceOf(String file) {
        if (file.equals(source.path())) {
            return source;
        }
        return imported.computeIfAbsent(file, path -> SourceReader.read(Path.of(path), path, new Diagnostics()));
    }

    /**
     * The expression building {@code module}: a layer's constructor, a block's class, or for a group
     * (or a Sequential subclass's own body) its children as nn.Sequential arguments.
     */
    private void constructorLines(SourceWriter out, String head, Module module, String tail, PythonScope scope)
        throws UnsupportedLayerException {
        switch (module.kind()) {
            case LAYER:
                Trace.Apply apply = firstApplies.get(module);
                addDefinition(module.spec().torch().definition());
                if (module.isLayerSubclass()) {
                    layerSubclass(module, shape(apply.inputs().get(0)), scope).write(out, head, tail, WIDTH);
                } else {
                    TorchLayers.constructor(module.spec(), module.arguments(), shape(apply.inputs().get(0)), scope)
                        .write(out, head, tail, WIDTH);
                }
                return;
            case BLOCK:
            case DICT:
                constructions.get(module).get().write(out, head, tail, WIDTH);
                return;
            case SEQUENTIAL:
            case LIST:
                if (constructions.containsKey(module)) {
                    constructions.get(module).get().write(out, head, tail, WIDTH);
                    return;
                }
                if (module.kind() == Module.Kind.LIST) {
                    // a ModuleList's elements are numbered, in the order name[i]: appended them
                    sequentialLines(out, head + "nn.ModuleList([", module, "])" + tail, scope, SourceNames.NONE);
                    return;
                }
                sequentialLines(out, head + "nn.Sequential(", module, ")" + tail, scope, SourceNames.NONE);
                return;
            default:
                throw new AssertionError(module.kind());
        }
    }

    /**
     * nn.Sequential's arguments: the children, or an OrderedDict of them when some are labelled, the
     * labels of the class's own children ({@code names}) written over its parameters where they read them.
     */
    private void sequentialLines(SourceWriter out, String head, Module module, String tail, PythonScope scope,
                                 SourceNames names) throws UnsupportedLayerException {
        boolean numbered = true;
        for (int i = 0; i < module.children().size(); i++) {
            numbered &= module.children().get(i).name().equals(Integer.toString(i));
        }
        out.line(head + (numbered ? "" : "OrderedDict(["));
        out.indent();
        List<Module> children = module.children();
        for (int i = 0; i < children.size(); i++) {
            int rolled = numbered ? 0 : loopLines(out, children, i, scope, names, true);
            if (rolled > 0) {
                i += rolled - 1;
            } else if (numbered) {
                constructorLines(out, "", children.get(i), ",", scope);
            } else {
                constructorLines(out, "(" + keyOf(children.get(i), scope, names) + ", ", children.get(i), "),", scope);
            }
        }
        out.unindent();
        out.line((numbered ? "" : "])") + tail);
    }

    /** A child's key: its quoted label as Python writes it ({@code f"block{stage_index}-0"}), else its name. */
    private static String keyOf(Module child, PythonScope scope, SourceNames names) {
        Label.Quoted label = names.quotedLabel(child.span());
        String written = label == null ? null : scope.labelText(label);
        return written != null ? written : PythonNames.string(child.name());
    }

    /**
     * The children from {@code start} that one repeat of the .net file built, written once under a
     * Python for where every iteration reads the same over the loop's names: {@code for i in
     * range(num_layers):} then {@code self.add_module(f"denselayer{i + 1}", _DenseLayer(...))}, or among
     * an OrderedDict's entries ({@code elements}) {@code *[(f"block{stage_index}-{i}", ...) for i in
     * range(1, depth)]}. How many children it wrote: 0 where it wrote none.
     */
    private int loopLines(SourceWriter out, List<Module> children, int start, PythonScope scope, SourceNames names,
                          boolean elements) throws UnsupportedLayerException {
        Expr.Repeat repeat = names.repeatAt(children.get(start).span());
        boolean first = start == 0 || names.repeatAt(children.get(start - 1).span()) != repeat;
        if (repeat == null || repeat.variable() == null || !first) {
            return 0; // a loop writes all of a repeat's modules, or none
        }
        int end = start;
        while (end < children.size() && names.repeatAt(children.get(end).span()) == repeat) {
            end++;
        }
        int period = 1;
        while (start + period < end && !children.get(start + period).span().equals(children.get(start).span())) {
            period++;
        }
        if ((end - start) % period != 0 || elements && period != 1) {
            return 0;
        }
        String loop = scope.enterLoop(repeat, sourceText(repeat.variable().span()));
        if (loop == null) {
            return 0;
        }
        try {
            String body = null;
            for (int i = start; i < end; i += period) {
                SourceWriter iteration = new SourceWriter(INDENT);
                for (int k = 0; k <= out.column() / INDENT.length(); k++) {
                    iteration.indent();
                }
                lastCommented = -1;
                for (Module child : children.subList(i, i + period)) {
                    Label.Quoted label = names.quotedLabel(child.span());
                    String key = label == null ? null : scope.labelText(label);
                    if (key == null) {
                        return 0; // the iterations' modules would take one name
                    }
                    if (elements) {
                        constructorLines(iteration, "(" + key + ", ", child, ")", scope);
                    } else {
                        comment(iteration, child.span());
                        constructorLines(iteration, "self.add_module(" + key + ", ", child, ")", scope);
                    }
                }
                if (body != null && !body.equals(iteration.toString())) {
                    return 0;
                }
                body = iteration.toString();
            }
            lastCommented = -1;
            if (elements) {
                out.line("*[");
                out.raw(body);
                out.indent();
                out.line(loop.substring(0, loop.length() - 1));
                out.unindent();
                out.line("],");
            } else {
                comment(out, repeat.span());
                out.line(loop);
                out.raw(body);
            }
            return end - start;
        } finally {
            scope.leaveLoop(repeat);
        }
    }

    /** The .net text {@code span} covers. */
    private String sourceText(SourceSpan span) {
        SourceText text = sourceOf(span.file());
        return text == null ? "" : text.slice(span);
    }

    /** A class the generated module defines for a layer PyTorch lacks, once, before the classes using it. */
    void addDefinition(String definition) {
        if (definition != null && !classTexts.contains(definition)) {
            classTexts.add(0, definition);
        }
    }

    /** The shape of a tensor of the trace, without the batch. */
    Shape shape(int id) {
        return model.trace().shape(id);
    }

    Trace trace() {
        return model.trace();
    }

    static String fileName(SourceSpan span) {
        Path file = Path.of(span.file()).getFileName();
        return file == null ? span.file() : file.toString();
    }
}
