package netc.backend;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import netc.diagnostics.SourceSpan;
import netc.semantic.evaluation.Arithmetic;
import netc.semantic.model.Value;
import netc.syntax.Definition;
import netc.syntax.Expr;
import netc.syntax.Label;
import netc.syntax.Identifier;
import netc.syntax.Statement;
import netc.syntax.SyntaxWalker;

/**
 * The parameters of one generated class: those of the block or model it comes from, as Python
 * arguments of its {@code __init__}, and the hyper-parameter expressions of the .net file written
 * over them ({@code (k - 1) // 2}). A parameter is one only where the definition declares its name
 * once (no rebinding, no repeat index of the same name) and its default names no other parameter,
 * since Python's defaults cannot; an expression is written only from literals, such parameters, and
 * values bound once at the top of the definition from them ({@code hidden = inp * expand_ratio}),
 * which become locals of {@code __init__}; in forward, also from sizes read off tensors into names
 * bound once ({@code c = x.size(1)}), which become locals of forward. An inferred size is written
 * as the expression fitted to it ({@link SizeFitting}). Anything else is written as the value netc
 * computed.
 */
final class PythonScope {
    /** The .net file's builtins, which Python has under the same names and meanings. */
    private static final Set<String> BUILTINS = Set.of("int", "round", "range", "enumerate", "len");
    /** Python's precedence levels, loosest first; the .net file's operators have the same. */
    private static final List<List<String>> LEVELS = List.of(List.of("||"), List.of("&&"), List.of("!"),
        List.of("<", "<=", ">", ">=", "==", "!="), List.of("+", "-"), List.of("*", "/", "//", "%", "@"));
    private static final int UNARY = LEVELS.size();
    /** {@code **}, which binds tighter than a sign on its left, and groups to the right. */
    private static final int POWER = UNARY + 1;
    private static final int ATOM = POWER + 1;

    private final Definition definition;
    /** The names of the repeat whose iterations __init__ writes as one Python for, while it does. */
    private final Set<String> loopNames = new HashSet<>();
    /** The parameters written as Python arguments, by .net name. */
    private final Map<String, Definition.Parameter> parameters = new LinkedHashMap<>();
    /** Values bound once at the top of the definition, by name. */
    private final Map<String, Expr> locals = new LinkedHashMap<>();
    /** The locals the class's code reads, so __init__ computes them. */
    private final Set<String> localsRead = new LinkedHashSet<>();
    /** The parameters forward reads as attributes ({@code self.dims}), so __init__ keeps them. */
    private final Set<String> attributesRead = new LinkedHashSet<>();
    /** The types of the arguments the call of the class passes to parameters without default. */
    private final Map<String, String> given = new HashMap<>();
    /** Call-argument values and calls of the definition, by their span, as the analysis records them. */
    private final Map<SourceSpan, Expr> expressions = new HashMap<>();
    /** The indexings ({@code x[:, :c // 2]}) by their span, and the method calls by the span of their call ({@code view(b, -1)}). */
    private final Map<SourceSpan, Expr.Index> indexes = new HashMap<>();
    private final Map<SourceSpan, Expr.Method> methods = new HashMap<>();
    /** The sizes read off tensors into names bound once ({@code c = x.size(1)}), by the span of the name. */
    private final Map<SourceSpan, SizeRead> sizeReads = new HashMap<>();
    /** The expressions fitted to inferred sizes ({@code _}), by the span of the {@code _} ({@link SizeFitting}). */
    private final Map<SourceSpan, Expr> fitted;

    /** A scope with no parameters: every value written as netc computed it. */
    static final PythonScope NONE = new PythonScope(null, Map.of());

    /** {@code c = x.size(1)}: the name, the .net name of the tensor read, and the call as Python writes it. */
    record SizeRead(String name, String receiver, String call) {
    }

    private PythonScope(Definition definition, Map<SourceSpan, Expr> fitted) {
        this.definition = definition;
        this.fitted = fitted;
    }

    /** The scope of {@code definition}; {@code fitted} gives the expressions written for inferred sizes. */
    static PythonScope of(Definition definition, Map<SourceSpan, Expr> fitted) {
        PythonScope scope = new PythonScope(definition, fitted);
        Map<String, Integer> declarations = new HashMap<>();
        List<Statement.Binding> bindings = new ArrayList<>();
        new SyntaxWalker() {
            @Override
            protected void declared(Identifier name, SourceSpan visibleFrom) {
                declarations.merge(name.text(), 1, Integer::sum);
            }

            @Override
            protected void binding(Statement.Binding binding) {
                bindings.add(binding);
            }

            @Override
            public Void visitMethod(Expr.Method e) {
                scope.methods.put(e.name().span().to(e.span()), e);
                e.arguments().forEach(argument -> scope.expressions.put(argument.value().span(), argument.value()));
                return super.visitMethod(e);
            }

            @Override
            public Void visitIndex(Expr.Index e) {
                scope.indexes.put(e.span(), e);
                return super.visitIndex(e);
            }

            @Override
            public Void visitCall(Expr.Call e) {
                scope.expressions.put(e.span(), e);
                e.arguments().forEach(argument -> scope.expressions.put(argument.value().span(), argument.value()));
                return super.visitCall(e);
            }
        }.walk(definition);
        if (definition instanceof Definition.Block block && block.baseArguments() != null) {
            // the arguments super().__init__ passes to the layer a block subclasses
            block.baseArguments().forEach(argument -> scope.expressions.put(argument.value().span(), argument.value()));
        }
        for (Definition.Parameter parameter : definition.parameters()) {
            boolean once = declarations.get(parameter.name().text()) == 1;
            if (once && (parameter.defaultValue() == null || scope.literal(parameter.defaultValue()))) {
                scope.parameters.put(parameter.name().text(), parameter);
            }
        }
        for (Statement statement : definition.body()) {
            if (statement instanceof Statement.Binding binding && declarations.get(binding.name().text()) == 1) {
                scope.locals.put(binding.name().text(), binding.value());
            }
        }
        for (Statement.Binding binding : bindings) {
            SizeRead read = scope.sizeRead(binding);
            if (read != null && declarations.get(read.name()) == 1) {
                scope.sizeReads.put(binding.name().span(), read);
            }
        }
        return scope;
    }

    /** {@code c = x.size(1)}: a binding of one size of a named tensor, the dimension a literal; else null. */
    private SizeRead sizeRead(Statement.Binding binding) {
        if (!(binding.value() instanceof Expr.Method method) || !method.called()
            || !method.name().text().equals("size") || method.arguments().size() != 1
            || method.arguments().get(0).keyword() != null
            || !(method.receiver() instanceof Expr.Name receiver) || receiver.qualified()) {
            return null;
        }
        Python dim = translate(method.arguments().get(0).value());
        if (dim == null || !dim.names().isEmpty()) {
            return null;
        }
        return new SizeRead(binding.name().text(), receiver.text(), "size(" + dim.text() + ")");
    }

    /** The size read off a tensor into the name declared at {@code span} ({@code c = x.size(1)}), or null. */
    SizeRead sizeRead(SourceSpan span) {
        return sizeReads.get(span);
    }

    /**
     * The values of the names an inferred size may be fitted over ({@link SizeFitting}), for an
     * instance given {@code values} of the parameters: the integer parameters the class takes, then
     * the locals __init__ computes from them, in the order the .net file declares them.
     */
    Map<String, Value> fittingValues(Map<String, Value> values) {
        Map<String, Value> out = new LinkedHashMap<>();
        parameters.keySet().forEach(name -> out.put(name, values.get(name)));
        locals.forEach((name, value) -> {
            if (translate(value) != null) {
                out.put(name, evaluate(value, out));
            }
        });
        out.values().removeIf(value -> !(value instanceof Value.Int));
        return out;
    }

    /** An integer expression of literals, names of {@code values} and operators; null for any other. */
    private static Value evaluate(Expr e, Map<String, Value> values) {
        if (e instanceof Expr.IntLiteral i) {
            return i.value().bitLength() < Long.SIZE ? new Value.Int(i.value().longValue()) : null;
        }
        if (e instanceof Expr.Name name) {
            return name.qualified() ? null : values.get(name.text());
        }
        if (e instanceof Expr.Group group) {
            return group.single() == null ? null : evaluate(group.single(), values);
        }
        if (!(e instanceof Expr.Binary binary)) {
            return null;
        }
        Value left = evaluate(binary.left(), values);
        Value right = evaluate(binary.right(), values);
        try {
            return left == null || right == null ? null : Arithmetic.apply(binary.operator(), left, right);
        } catch (ArithmeticException failed) {
            return null; // a division by zero, or a number too large: no value to fit with
        }
    }

    boolean isEmpty() {
        return parameters.isEmpty();
    }

    /** The parameters the class takes, by .net name, with their values: {@code values}'s, else the default's. */
    Map<String, Value> values(Map<String, Value> values) {
        Map<String, Value> out = new LinkedHashMap<>();
        for (Definition.Parameter parameter : parameters.values()) {
            String name = parameter.name().text();
            out.put(name, values.containsKey(name) ? values.get(name) : constant(parameter.defaultValue()));
        }
        return out;
    }

    /** The value of a literal default ({@code 3}, {@code (6, 12, 24, 16)}); None for any other. */
    private static Value constant(Expr e) {
        if (e instanceof Expr.Tuple tuple) {
            return new Value.Tuple(tuple.elements().stream().map(PythonScope::constant).toList());
        }
        return e instanceof Expr.IntLiteral i ? new Value.Int(i.value().longValueExact())
            : e instanceof Expr.FloatLiteral f ? new Value.Float(f.value())
            : e instanceof Expr.BoolLiteral b ? new Value.Bool(b.value())
            : e instanceof Expr.StringLiteral str ? new Value.Str(str.value()) : Value.NONE;
    }

    /**
     * {@code self, inplanes: int, planes: int, stride: int = 1}; {@code values} overrides defaults
     * (the model's --set), {@code given} is the Python type of an argument a call passes to a parameter
     * without default.
     */
    List<String> signature(Map<String, Value> values, Map<String, String> given) {
        this.given.putAll(given);
        List<String> out = new ArrayList<>(List.of("self"));
        for (Definition.Parameter parameter : parameters.values()) {
            String name = parameter.name().text();
            Value value = values.get(name);
            String text = value != null ? TorchLayers.literal(value, false)
                : parameter.defaultValue() == null ? null : python(parameter.defaultValue(), 0);
            String type = value != null ? typeOf(value)
                : parameter.defaultValue() != null ? translate(parameter.defaultValue()).type() : given.get(name);
            String declared = PythonNames.identifier(name) + (type == null ? "" : ": " + type);
            out.add(text == null ? declared : declared + (type == null ? "=" : " = ") + text);
        }
        return out;
    }

    /** {@code hidden = inp * expand_ratio}: the locals the class reads, in the order the .net file binds them. */
    List<String> localLines() {
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, Expr> local : locals.entrySet()) {
            if (localsRead.contains(local.getKey())) {
                lines.add(PythonNames.identifier(local.getKey()) + " = " + python(local.getValue(), 0));
            }
        }
        return lines;
    }

    /**
     * The Python text of the call-argument value at {@code span} when it reads a parameter, or of the
     * expression fitted to the inferred size there; else null.
     */
    String symbolic(SourceSpan span) {
        if (span != null && fitted.containsKey(span)) {
            return python(fitted.get(span), 0);
        }
        Expr expression = span == null ? null : expressions.get(span);
        if (expression == null || literal(expression) || !expressible(expression)) {
            return null;
        }
        return python(expression, 0);
    }

    /**
     * The call-argument value at {@code span} as forward writes it, where it reads parameters of the
     * class only: over them as attributes ({@code self.dims}), which __init__ then keeps; null
     * otherwise, or where an attribute would take a name of {@code taken} (a module, a parameter).
     */
    String forwardSymbolic(SourceSpan span, Set<String> taken) {
        Expr expression = span == null ? null : expressions.get(span);
        if (expression == null || literal(expression) || !expressible(expression)) {
            return null;
        }
        Python python = translate(expression);
        if (!parameters.keySet().containsAll(python.names()) || python.names().stream().anyMatch(taken::contains)) {
            return null;
        }
        attributesRead.addAll(python.names());
        return asAttributes(python.text(), python.names());
    }

    /**
     * The sizes read off tensors ({@link #sizeRead}) among {@code readOff} that forward's expression at
     * {@code span} reads where it is written as the .net file writes it ({@link #subscripts},
     * {@link #methodArguments}); none where it is written with numbers.
     */
    Set<String> readOffIn(SourceSpan span, Set<String> readOff, Set<String> taken) {
        List<Python> parts = forwardParts(forwardExpressions(span), readOff, taken);
        Set<String> read = new LinkedHashSet<>();
        if (parts != null) {
            parts.stream().filter(part -> part != null).forEach(part -> read.addAll(part.names()));
            read.retainAll(readOff);
        }
        return read;
    }

    /**
     * The subscripts of the indexing at {@code span} as the .net file writes them, spaced as PEP 8
     * spaces a slice ({@code :, : c // 2}), where they read sizes of {@code readOff} (forward's locals)
     * and otherwise only literals and parameters, kept as attributes; null otherwise.
     */
    String subscripts(SourceSpan span, Set<String> readOff, Set<String> taken) {
        Expr.Index index = indexes.get(span);
        List<String> texts = index == null ? null : forwardTexts(forwardExpressions(span), readOff, taken);
        if (texts == null) {
            return null;
        }
        List<String> subscripts = new ArrayList<>();
        for (int i = 0; i < index.slices().size(); i++) {
            Expr.Slice slice = index.slices().get(i);
            List<String> bounds = new ArrayList<>(texts.subList(3 * i, 3 * i + (slice.step() == null ? 2 : 3)));
            bounds.replaceAll(bound -> bound == null ? "" : bound);
            subscripts.add(slice.range() ? sliceText(bounds) : bounds.get(0));
        }
        return String.join(", ", subscripts);
    }

    /** {@code a:b}, or with an expression among the bounds the colons spaced as operators: {@code : c // 2}. */
    private static String sliceText(List<String> bounds) {
        if (bounds.stream().allMatch(bound -> bound.matches("-?[\\w.]*"))) {
            return String.join(":", bounds);
        }
        StringBuilder text = new StringBuilder(bounds.get(0));
        for (int i = 1; i < bounds.size(); i++) {
            // PEP 8: no space where a bound is left out (ham[: upper], ham[lower :])
            text.append(bounds.get(i - 1).isEmpty() ? ":" : " :").append(bounds.get(i).isEmpty() ? "" : " ")
                .append(bounds.get(i));
        }
        return text.toString();
    }

    /**
     * The arguments of the method call at {@code span} ({@code view(b, 2, channels // 2, h, w)}) as the
     * .net file writes them, where they read sizes of {@code readOff} as {@link #subscripts} does; null otherwise.
     */
    List<String> methodArguments(SourceSpan span, Set<String> readOff, Set<String> taken) {
        return methods.containsKey(span) ? forwardTexts(forwardExpressions(span), readOff, taken) : null;
    }

    /**
     * The expressions of the indexing at {@code span}, each slice's start, stop and step (null where left
     * out), or of the method call there, its arguments; null for a keyword argument or neither.
     */
    private List<Expr> forwardExpressions(SourceSpan span) {
        List<Expr> expressions = new ArrayList<>();
        if (indexes.containsKey(span)) {
            for (Expr.Slice slice : indexes.get(span).slices()) {
                expressions.addAll(Arrays.asList(slice.start(), slice.stop(), slice.step()));
            }
            return expressions;
        }
        if (!methods.containsKey(span)) {
            return null;
        }
        for (Expr.Argument argument : methods.get(span).arguments()) {
            if (argument.keyword() != null) {
                return null;
            }
            expressions.add(argument.value());
        }
        return expressions;
    }

    /**
     * {@code expressions} (some left out: null) in Python where together they read a size of
     * {@code readOff} and otherwise only literals and parameters named by none of {@code taken}; null otherwise.
     */
    private List<Python> forwardParts(List<Expr> expressions, Set<String> readOff, Set<String> taken) {
        if (expressions == null) {
            return null;
        }
        Translator translator = new Translator(readOff);
        List<Python> parts = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Expr e : expressions) {
            Python part = e == null ? null : translator.of(e);
            if (e != null && part == null) {
                return null;
            }
            parts.add(part);
            names.addAll(part == null ? Set.of() : part.names());
        }
        boolean readsSize = names.stream().anyMatch(readOff::contains);
        names.removeAll(readOff);
        boolean parametersOnly = parameters.keySet().containsAll(names) && names.stream().noneMatch(taken::contains);
        return readsSize && parametersOnly ? parts : null;
    }

    /** The texts of {@link #forwardParts}, their parameters read as attributes, which __init__ then keeps. */
    private List<String> forwardTexts(List<Expr> expressions, Set<String> readOff, Set<String> taken) {
        List<Python> parts = forwardParts(expressions, readOff, taken);
        if (parts == null) {
            return null;
        }
        List<String> texts = new ArrayList<>();
        for (Python part : parts) {
            Set<String> parameters = new LinkedHashSet<>(part == null ? Set.of() : part.names());
            parameters.removeAll(readOff);
            attributesRead.addAll(parameters);
            texts.add(part == null ? null : asAttributes(part.text(), parameters));
        }
        return texts;
    }

    /** {@code stride != 1} for {@code stride == 1}, else {@code not (...)}. */
    private String negation(Expr e, Python python) {
        if (e instanceof Expr.Binary binary) {
            String opposite = switch (binary.operator().symbol()) {
                case "==" -> "!=";
                case "!=" -> "==";
                case "<" -> ">=";
                case ">=" -> "<";
                case ">" -> "<=";
                case "<=" -> ">";
                default -> null;
            };
            if (opposite != null) {
                int level = levelOf(opposite);
                return translate(binary.left()).within(level + 1) + " " + opposite + " "
                    + translate(binary.right()).within(level + 1);
            }
        }
        return "not " + python.within(levelOf("!") + 1);
    }

    /** {@code text} reading {@code names} as attributes ({@code self.dims}). */
    private static String asAttributes(String text, Set<String> names) {
        for (String name : names) {
            String identifier = PythonNames.identifier(name);
            text = text.replaceAll("(?<![\\w.\"])" + identifier + "(?![\\w\"])", "self." + identifier);
        }
        return text;
    }

    /**
     * An if's condition as __init__ writes it ({@code stride != 1}) and as forward does, over
     * attributes ({@code self.stride != 1}), each also negated; with the parameters and locals it
     * reads, which __init__ keeps as attributes for forward. Null where the condition reads more.
     */
    ClassMerger.Condition condition(Expr.If ifExpr) {
        Expr e = ifExpr.condition();
        Python python = translate(e);
        if (python == null || python.names().isEmpty()) {
            return null;
        }
        String negated = negation(e, python);
        Set<String> locals = new LinkedHashSet<>(python.names());
        locals.retainAll(this.locals.keySet());
        return new ClassMerger.Condition(python.text(), negated, asAttributes(python.text(), python.names()),
            asAttributes(negated, python.names()), python.names(), locals, ifExpr.span().startLine(),
            ifExpr.span().endLine());
    }

    /**
     * {@code for i in range(num_layers):}'s head for {@code repeat}, its names then readable by the
     * arguments written until {@link #leaveLoop}; null where the count reads more than parameters.
     */
    String enterLoop(Expr.Repeat repeat, String pattern) {
        Python count = translate(repeat.count());
        if (count == null) {
            return null;
        }
        boolean number = "int".equals(count.type()) || repeat.count() instanceof Expr.IntLiteral;
        repeat.variable().names().forEach(name -> loopNames.add(name.text()));
        return "for " + pattern + " in " + (number ? "range(" + count.text() + ")" : count.text()) + ":";
    }

    void leaveLoop(Expr.Repeat repeat) {
        repeat.variable().names().forEach(name -> loopNames.remove(name.text()));
    }

    /**
     * A quoted label as Python writes its text: {@code "block1-0"}, or an f-string where it reads
     * parameters or a loop's names ({@code f"denselayer{i + 1}"}); null where it reads other values.
     */
    String labelText(Label.Quoted label) {
        StringBuilder text = new StringBuilder();
        boolean computed = false;
        for (Expr part : label.parts()) {
            if (part instanceof Expr.StringLiteral literal) {
                text.append(literal.value().replace("{", "{{").replace("}", "}}"));
                continue;
            }
            Python python = translate(part);
            if (python == null) {
                return null;
            }
            python(part, 0); // the locals it reads
            computed = true;
            text.append('{').append(python.text()).append('}');
        }
        String quoted = PythonNames.string(text.toString());
        return computed ? "f" + quoted : null;
    }

    /** {@code self.dims = dims}: the parameters forward reads, kept by __init__. */
    List<String> attributeLines() {
        List<String> lines = new ArrayList<>();
        for (String name : attributesRead) {
            String identifier = PythonNames.identifier(name);
            lines.add("self." + identifier + " = " + identifier);
        }
        return lines;
    }

    /**
     * The arguments {@code callee}'s class takes from the block call at {@code span}, by parameter
     * name, each with whether the .net call named it; null when one of them is not expressible here,
     * or the block is not one of this file's.
     */
    Map<String, Expr.Argument> blockArguments(SourceSpan span, PythonScope callee, Map<String, Value> values) {
        if (callee.definition == null) {
            return null; // a block whose file cannot be read again: its class holds the instance's values
        }
        if (!(expressions.get(span) instanceof Expr.Call call)) {
            return null; // a call this scope does not hold: the caller's class holds its values
        }
        List<Expr.Argument> arguments = call.arguments();
        List<Definition.Parameter> declared = callee.definition.parameters();
        Map<String, Expr.Argument> out = new LinkedHashMap<>();
        for (int i = 0; i < arguments.size(); i++) {
            Expr.Argument argument = arguments.get(i);
            String name = argument.keyword() != null ? argument.keyword().text()
                : i < declared.size() ? declared.get(i).name().text() : null;
            if (name == null) {
                return null;
            }
            if (!expressible(argument.value())) {
                // what the caller cannot write (a repeat's index) is written as the value the instance took
                Expr value = values == null ? null : literalOf(values.get(name), argument.value().span());
                if (value == null) {
                    return null;
                }
                argument = new Expr.Argument(argument.keyword(), value);
            }
            if (callee.parameters.containsKey(name)) {
                out.put(name, argument);
            }
        }
        return out;
    }

    /**
     * {@code Conv2dNormActivation(inp, hidden, k=1)}: the arguments as the .net call passes them,
     * by keyword from the first the class does not take on.
     */
    PythonCall call(String className, Map<String, Expr.Argument> arguments, PythonScope callee) {
        List<String> declared = new ArrayList<>(callee.parameters.keySet());
        List<String> out = new ArrayList<>();
        boolean positional = true;
        for (Map.Entry<String, Expr.Argument> entry : arguments.entrySet()) {
            positional &= entry.getValue().keyword() == null && out.size() < declared.size()
                && declared.get(out.size()).equals(entry.getKey());
            String text = python(entry.getValue().value(), 0);
            out.add(positional ? text : PythonNames.identifier(entry.getKey()) + "=" + text);
        }
        return new PythonCall(className, out);
    }

    /** {@code value} as a literal of the .net file ({@code 4}, {@code (1, 2)}); null for a value without one. */
    private static Expr literalOf(Value value, SourceSpan span) {
        if (value instanceof Value.Int i) {
            return new Expr.IntLiteral(span, BigInteger.valueOf(i.value()));
        }
        if (value instanceof Value.Float f) {
            return new Expr.FloatLiteral(span, f.value());
        }
        if (value instanceof Value.Bool b) {
            return new Expr.BoolLiteral(span, b.value());
        }
        if (value instanceof Value.Str str) {
            return new Expr.StringLiteral(span, str.value());
        }
        if (value instanceof Value.Tuple tuple) {
            List<Expr> elements = new ArrayList<>();
            for (Value element : tuple.elements()) {
                Expr literal = literalOf(element, span);
                if (literal == null) {
                    return null;
                }
                elements.add(literal);
            }
            return new Expr.Tuple(span, elements);
        }
        return null;
    }

    /**
     * {@code [dim, 1, 1]} and {@code = scale} of the parameter or buffer declared at {@code span}, as
     * the .net file writes them over the class's parameters: the sizes, then the fill as a float
     * (torch.full with an integer makes an int64 tensor), or null without one; null where any of them
     * reads something else, and the class holds the values.
     */
    List<String> stateExpressions(SourceSpan span) {
        if (definition == null) {
            return null;
        }
        for (Statement statement : definition.body()) {
            if (statement instanceof Statement.State state && state.span().equals(span)) {
                List<Expr> parts = new ArrayList<>(state.shape().dims());
                if (state.fill() != null) {
                    parts.add(state.fill());
                }
                if (!parts.stream().allMatch(this::expressible)) {
                    return null;
                }
                List<String> out = new ArrayList<>();
                state.shape().dims().forEach(dim -> out.add(python(dim, 0)));
                out.add(state.fill() == null ? null : floatText(state.fill()));
                return out;
            }
        }
        return null;
    }

    private String floatText(Expr e) {
        if (e instanceof Expr.IntLiteral i) {
            return TorchLayers.floatLiteral(i.value().doubleValue());
        }
        return "float".equals(translate(e).type()) ? python(e, 0) : "float(" + python(e, 0) + ")";
    }

    /** The Python types of the arguments a call passes, for the callee's parameters without default. */
    Map<String, String> typesOf(Map<String, Expr.Argument> arguments) {
        Map<String, String> types = new HashMap<>();
        arguments.forEach((name, argument) -> {
            String type = translate(argument.value()).type();
            if (type != null) {
                types.put(name, type);
            }
        });
        return types;
    }

    /** {@code e} in Python, or null when it reads something other than literals, parameters and locals. */
    private Python translate(Expr e) {
        return e.accept(translator);
    }

    private boolean literal(Expr e) {
        Python python = translate(e);
        return python != null && python.names().isEmpty();
    }

    private boolean expressible(Expr e) {
        return translate(e) != null;
    }

    /** {@code e}'s text, noting the locals it reads so that __init__ computes them. */
    private String python(Expr e, int level) {
        Python python = translate(e);
        for (String name : python.names()) {
            if (locals.containsKey(name) && localsRead.add(name)) {
                python(locals.get(name), 0);
            }
        }
        return python.within(level);
    }

    /**
     * An expression in Python: its text, the precedence level of its outer operator, its type
     * ({@code int}, {@code float}, {@code bool}, {@code str}, {@code tuple}; null when unknown), and the
     * parameters and locals it reads.
     */
    private record Python(String text, int level, String type, Set<String> names) {
        static Python atom(String text, String type) {
            return new Python(text, ATOM, type, Set.of());
        }

        /** The text as an operand of an operator of precedence {@code outer}: bracketed when it binds looser. */
        String within(int outer) {
            return level < outer ? "(" + text + ")" : text;
        }
    }

    private final Translator translator = new Translator(Set.of());

    /**
     * Translates expressions; {@code readOff} are the values forward reads off tensors into locals
     * of its own ({@code c = x.size(1)}), which an expression of forward may read by name.
     */
    private final class Translator implements Expr.Visitor<Python> {
        private final Set<String> readOff;

        Translator(Set<String> readOff) {
            this.readOff = readOff;
        }

        private Python of(Expr e) {
            return e.accept(this);
        }

        @Override
        public Python visitInt(Expr.IntLiteral e) {
            return Python.atom(e.value().toString(), "int");
        }

        @Override
        public Python visitFloat(Expr.FloatLiteral e) {
            return Python.atom(TorchLayers.floatLiteral(e.value()), "float");
        }

        @Override
        public Python visitString(Expr.StringLiteral e) {
            return Python.atom(TorchLayers.literal(new Value.Str(e.value())), "str");
        }

        @Override
        public Python visitBool(Expr.BoolLiteral e) {
            return Python.atom(e.value() ? "True" : "False", "bool");
        }

        @Override
        public Python visitName(Expr.Name e) {
            String name = e.text();
            Expr typed;
            if (e.qualified()) {
                return null;
            } else if (loopNames.contains(name)) {
                return new Python(PythonNames.identifier(name), ATOM, null, Set.of(name));
            } else if (readOff.contains(name)) {
                return new Python(PythonNames.identifier(name), ATOM, "int", Set.of(name));
            } else if (parameters.containsKey(name)) {
                typed = parameters.get(name).defaultValue();
            } else if (locals.containsKey(name) && translate(locals.get(name)) != null) {
                typed = locals.get(name);
            } else {
                return null;
            }
            String type = typed == null ? given.get(name) : translate(typed).type();
            return new Python(PythonNames.identifier(name), ATOM, type, Set.of(name));
        }

        @Override
        public Python visitTuple(Expr.Tuple e) {
            List<String> parts = new ArrayList<>();
            Set<String> names = new LinkedHashSet<>();
            for (Expr element : e.elements()) {
                Python python = of(element);
                if (python == null) {
                    return null;
                }
                parts.add(python.text());
                names.addAll(python.names());
            }
            return new Python("(" + String.join(", ", parts) + (parts.size() == 1 ? ",)" : ")"), ATOM, "tuple", names);
        }

        /** A list is written as the value netc computed: a tuple, which PyTorch takes wherever it takes a list. */
        @Override
        public Python visitList(Expr.ListLiteral e) {
            return null;
        }

        @Override
        public Python visitComprehension(Expr.Comprehension e) {
            return null;
        }

        @Override
        public Python visitUnary(Expr.Unary e) {
            Python operand = of(e.operand());
            if (operand == null) {
                return null;
            }
            boolean not = e.operator() == Expr.UnaryOperator.NOT;
            int level = not ? levelOf("!") : UNARY;
            return new Python((not ? "not " : e.operator().symbol()) + operand.within(level), level,
                not ? "bool" : operand.type(), operand.names());
        }

        @Override
        public Python visitBinary(Expr.Binary e) {
            Python left = of(e.left());
            Python right = of(e.right());
            if (left == null || right == null) {
                return null;
            }
            boolean power = e.operator().symbol().equals("**");
            int level = power ? POWER : levelOf(e.operator().symbol());
            String symbol = e.operator() == Expr.BinaryOperator.AND ? "and"
                : e.operator() == Expr.BinaryOperator.OR ? "or" : e.operator().symbol();
            Set<String> names = new LinkedHashSet<>(left.names());
            names.addAll(right.names());
            // left-associative but for **: an operand of the same level on the other side keeps its brackets
            String text = power ? left.within(level + 1) + " ** " + right.within(level)
                : left.within(level) + " " + symbol + " " + right.within(level + 1);
            return new Python(text, level, binaryType(e.operator(), level, left.type(), right.type()), names);
        }

        @Override
        public Python visitCall(Expr.Call e) {
            // the .net file's builtins are Python's: int truncates toward zero, round halves to even
            String callee = e.callee().text();
            boolean builtin = !e.callee().qualified() && BUILTINS.contains(callee)
                && !parameters.containsKey(callee) && !locals.containsKey(callee) && !loopNames.contains(callee);
            if (!builtin || e.arguments().isEmpty()) {
                return null;
            }
            List<String> texts = new ArrayList<>();
            Set<String> names = new LinkedHashSet<>();
            for (Expr.Argument argument : e.arguments()) {
                Python python = argument.keyword() == null ? of(argument.value()) : null;
                if (python == null) {
                    return null;
                }
                texts.add(python.text());
                names.addAll(python.names());
            }
            String type = callee.equals("int") || callee.equals("round") || callee.equals("len") ? "int" : null;
            return new Python(callee + "(" + String.join(", ", texts) + ")", ATOM, type, names);
        }

        @Override
        public Python visitLabelled(Expr.Labelled e) {
            return null;
        }

        @Override
        public Python visitGroup(Expr.Group e) {
            Expr only = e.single();
            return only == null ? null : of(only);
        }

        @Override
        public Python visitChain(Expr.Chain e) {
            return null;
        }

        @Override
        public Python visitIf(Expr.If e) {
            return null;
        }

        @Override
        public Python visitRepeat(Expr.Repeat e) {
            return null;
        }

        @Override
        public Python visitIndex(Expr.Index e) {
            return null;
        }

        @Override
        public Python visitMethod(Expr.Method e) {
            return null;
        }
    }

    private static int levelOf(String symbol) {
        for (int i = 0; i < LEVELS.size(); i++) {
            if (LEVELS.get(i).contains(symbol)) {
                return i;
            }
        }
        throw new AssertionError(symbol);
    }

    private static String binaryType(Expr.BinaryOperator operator, int level, String left, String right) {
        if (level < levelOf("+")) {
            return "bool";
        }
        if (left == null || right == null) {
            return null;
        }
        if (left.equals("float") || right.equals("float") || operator == Expr.BinaryOperator.DIVIDE) {
            return "float";
        }
        return left.equals("int") && right.equals("int") ? "int" : null;
    }

    /** The hint for a value --set gives: none for None. */
    private static String typeOf(Value value) {
        if (value instanceof Value.Int) {
            return "int";
        }
        if (value instanceof Value.Float) {
            return "float";
        }
        if (value instanceof Value.Bool) {
            return "bool";
        }
        if (value instanceof Value.Str) {
            return "str";
        }
        if (value instanceof Value.Tuple) {
            return "tuple";
        }
        if (value instanceof Value.None) {
            return null;
        }
        throw new AssertionError("no parameter value: " + value.describe().english());
    }
}
