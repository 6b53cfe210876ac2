package netc.semantic.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import netc.diagnostics.Code;
import netc.diagnostics.Diagnostic;
import netc.diagnostics.Diagnostics;
import netc.diagnostics.Fix;
import netc.diagnostics.Related;
import netc.diagnostics.SourceSpan;
import netc.diagnostics.Sources;
import netc.diagnostics.Text;
import netc.semantic.model.Provenance;
import netc.semantic.model.Shape;
import netc.semantic.model.Value;

/**
 * One application of a catalogue layer, as its shape and state rules see it: the bound arguments,
 * the incoming tensor, and ways to report an error at the call or at one argument.
 */
public final class LayerCall {
    private final LayerSpec spec;
    private final List<Value.Tensor> inputs;
    private final Map<String, BoundArguments.Bound> args;
    private final SourceSpan span;
    private final Sources source;
    private final Diagnostics diagnostics;
    /** The sizes the rules computed through {@link #derive}, in order; null until the first. */
    private List<Derivation> derivations;

    public LayerCall(LayerSpec spec, List<Value.Tensor> inputs, Map<String, BoundArguments.Bound> args, SourceSpan span,
              Sources source, Diagnostics diagnostics) {
        this.spec = spec;
        this.inputs = inputs;
        this.args = args;
        this.span = span;
        this.source = source;
        this.diagnostics = diagnostics;
    }

    public LayerSpec spec() {
        return spec;
    }

    /** The (first) incoming shape; rules run only when every input is known. */
    public Shape input() {
        return inputs.get(0).shape();
    }

    /** All input shapes, for operations on several tensors (cat, add). */
    public List<Shape> inputShapes() {
        List<Shape> shapes = new ArrayList<>(inputs.size());
        for (Value.Tensor tensor : inputs) {
            shapes.add(tensor.shape());
        }
        return shapes;
    }

    /** The element type of input {@code i}. */
    public Value.DType dtype(int i) {
        return inputs.get(i).dtype();
    }

    /** Where input {@code i} came from, for notes; {@code numbered} (or null) says "input 2: " before it. */
    public Related origin(int i, Integer numbered) {
        Value.Tensor tensor = inputs.get(i);
        return tensor.origin() == null ? null : new Related(tensor.origin().span(),
            numbered(numbered, tensor.origin().explain(tensor.shape())));
    }

    private static Text numbered(Integer numbered, Text note) {
        return numbered == null ? note : Text.of("layer.input", numbered, note);
    }

    public Value arg(String name) {
        return args.get(name).value();
    }

    /** Whether the layer's signature has this argument at all. */
    public boolean has(String name) {
        return args.containsKey(name);
    }


    public long intArg(String name) {
        return ((Value.Int) arg(name)).value();
    }

    public double floatArg(String name) {
        return ((Value.Float) arg(name)).value();
    }

    public boolean boolArg(String name) {
        return ((Value.Bool) arg(name)).value();
    }

    public String stringArg(String name) {
        Value value = arg(name);
        return value instanceof Value.Str ? ((Value.Str) value).value() : null;
    }

    public boolean isNone(String name) {
        return arg(name) instanceof Value.None;
    }

    /** An inferable argument written {@code _} or left out. */
    public boolean inferred(String name) {
        return arg(name) instanceof Value.Infer;
    }

    /** A SIZE argument as one long per spatial dimension. */
    public long[] sizeArg(String name) {
        List<Value> elements = ((Value.Tuple) arg(name)).elements();
        long[] sizes = new long[elements.size()];
        for (int i = 0; i < sizes.length; i++) {
            Value element = elements.get(i);
            sizes[i] = element instanceof Value.Int ? ((Value.Int) element).value() : -1;
        }
        return sizes;
    }

    /** An error about the call as a whole, with a note on where the incoming tensor came from. */
    public Shape error(Code code, Text message, Text help) {
        return error(code, message, help, List.of());
    }

    /** {@link #error(Code, String, String)} offering fixes. */
    public Shape error(Code code, Text message, Text help, List<Fix> fixes) {
        List<Related> related = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            Integer numbered = inputs.size() > 1 ? i + 1 : null;
            Related origin = origin(i, numbered);
            if (origin != null) {
                related.add(origin);
                Provenance provenance = inputs.get(i).origin();
                provenance.gives().forEach(note -> related.add(new Related(provenance.span(), numbered(numbered, note))));
            }
        }
        report(new Diagnostic(code, span, message, related, help, fixes));
        return null;
    }

    /** An error about one argument, underlining it (or the call, when the default is at fault). */
    public Shape argError(String name, Code code, Text message) {
        report(Diagnostic.error(code, argSpan(name), message));
        return null;
    }

    /** Where an argument is written, or the call when it is left at its default. */
    public SourceSpan argSpan(String name) {
        SourceSpan at = args.get(name).span();
        return at != null ? at : span;
    }

    public SourceSpan span() {
        return span;
    }

    /**
     * A size formula over some arguments, computed with Math.*Exact. Past 64 bits it is error E312 at
     * the largest of those arguments (the one that overflows), and the rule stops: it gives no shape.
     */
    public long exact(Text what, LongSupplier formula, String... argNames) {
        try {
            return formula.getAsLong();
        } catch (ArithmeticException e) {
            String culprit = largest(argNames);
            argError(culprit, Code.INVALID_OPERATION, Text.of("layer.does_not_fit_bits", name(), what, culprit,
                arg(culprit).show()));
            throw new Overflow();
        }
    }

    /** The argument with the largest integer in it, among those the layer has. */
    private String largest(String[] argNames) {
        String largest = null;
        long most = -1;
        for (String argName : argNames) {
            if (has(argName) && magnitude(arg(argName)) > most) {
                largest = argName;
                most = magnitude(arg(argName));
            }
        }
        return largest;
    }

    private static long magnitude(Value value) {
        if (value instanceof Value.Int) {
            long v = ((Value.Int) value).value();
            return v == Long.MIN_VALUE ? Long.MAX_VALUE : Math.abs(v);
        }
        long most = 0;
        if (value instanceof Value.Tuple) {
            for (Value element : ((Value.Tuple) value).elements()) {
                most = Math.max(most, magnitude(element));
            }
        }
        return most;
    }

    /** A size computed by {@code formula}, which explanations show as its derivation. */
    public long derive(String quantity, Formula formula) {
        return derive(quantity, formula, null);
    }

    /** The same, for a size ATen corrected when {@code unless} held (ceil_mode); {@code formula} is the correction. */
    public long derive(String quantity, Formula formula, Derivation.Comparison unless) {
        long value = formula.value();
        if (derivations == null) {
            derivations = new ArrayList<>();
        }
        derivations.add(new Derivation(quantity, formula, value, unless));
        return value;
    }

    /** What {@link #derive} recorded so far: the working of the rules run on this call. */
    public List<Derivation> derivations() {
        return derivations == null ? List.of() : List.copyOf(derivations);
    }

    /** Thrown by {@link #exact} after it reported the overflow: the rule's evaluation ends there. */
    public static final class Overflow extends RuntimeException {
        Overflow() {
            super(null, null, false, false);
        }
    }

    /** Reports a diagnostic made by the rule itself; returns null, the rule's "no shape". */
    public Shape report(Diagnostic diagnostic) {
        diagnostics.report(diagnostic);
        return null;
    }

    public void warn(Code code, Text message, Text help) {
        warn(code, message, help, List.of());
    }

    public void warn(Code code, Text message, Text help, List<Fix> fixes) {
        diagnostics.report(new Diagnostic(code, span, message, List.of(), help, fixes));
    }

    /**
     * The fixes of an argument that the incoming tensor contradicts: writing the size it has
     * ("write linear(4096, 128)"), and inferring it ("infer it with _"); none when the argument is
     * not written (left at its default).
     */
    public List<Fix> sizeFixes(String name, long actual) {
        SourceSpan at = args.get(name).span();
        if (at == null) {
            return List.of();
        }
        String written = rewritten(name, Long.toString(actual));
        Text title = written != null ? Text.of("fix.write", written) : Text.of("layer.write", name, actual);
        return List.of(Fix.replace(title, at, Long.toString(actual)), Fix.replace(Text.of("layer.infer"), at, "_"));
    }

    /** The call's source text with one argument's text replaced, for "write linear(4096, 128)" hints. */
    public String rewritten(String name, String replacement) {
        SourceSpan at = args.get(name).span();
        if (at == null || at.startLine() != span.startLine() || at.endLine() != span.startLine()) {
            return null;
        }
        String text = text();
        int start = at.startColumn() - span.startColumn();
        int end = at.endColumn() - span.startColumn();
        if (start < 0 || end > text.length()) {
            return null;
        }
        return text.substring(0, start) + replacement + text.substring(end);
    }

    /** How the call reads in messages: its name, as written. */
    public String name() {
        return spec.name();
    }

    public String text() {
        return source.slice(span);
    }

}
