package netc.semantic.evaluation;

import netc.diagnostics.Code;
import netc.diagnostics.Diagnostic;
import netc.diagnostics.Diagnostics;
import netc.diagnostics.Fix;
import netc.diagnostics.SourceSpan;
import netc.diagnostics.Text;
import netc.semantic.model.Module;
import netc.semantic.model.Value;
import netc.syntax.Expr;
import netc.syntax.Label;

/**
 * Where a labelled module is registered and under which name, as PyTorch's {@code add_module}
 * takes it: a word, the text of a quoted label with its {} parts computed, or the next element of
 * a ModuleList of the container (created at its first element). After an error, reported here,
 * the module still gets a place (its container's next index), so that checking goes on.
 */
final class Labels {
    private final Expressions expressions;
    private final Diagnostics diagnostics;

    /** Where a new module goes: in {@code parent}, named {@code name}, or by its index when that is null. */
    record Place(Module parent, String name) {
    }

    Labels(Expressions expressions, Diagnostics diagnostics) {
        this.expressions = expressions;
        this.diagnostics = diagnostics;
    }

    Place place(Module container, Label label) {
        if (label instanceof Label.Word) {
            return new Place(container, ((Label.Word) label).name().text());
        }
        if (label instanceof Label.Quoted) {
            String text = text((Label.Quoted) label);
            return text == null ? numbered(container) : new Place(container, text);
        }
        if (label instanceof Label.Element) {
            return element(container, (Label.Element) label);
        }
        if (label == null) {
            return numbered(container);
        }
        throw new AssertionError(label);
    }

    private static Place numbered(Module container) {
        return new Place(container, null);
    }

    /** The text of {@code "denselayer{i + 1}"}, checked as add_module checks a name; null after an error. */
    private String text(Label.Quoted label) {
        StringBuilder text = new StringBuilder();
        for (Expr part : label.parts()) {
            Value value = expressions.value(part);
            if (value instanceof Value.Str) {
                text.append(((Value.Str) value).value());
            } else if (value instanceof Value.Int) {
                text.append(((Value.Int) value).value());
            } else {
                if (!value.invalid()) {
                    diagnostics.report(Diagnostic.error(Code.BAD_INTERPOLATION, part.span(),
                        Text.of("label.part_label_gives_integer", value.describe())));
                }
                return null;
            }
        }
        String name = text.toString();
        if (name.isEmpty()) {
            diagnostics.report(Diagnostic.error(Code.EMPTY_LABEL, label.span(),
                Text.of("label.label_empty_pytorch_registers")).withHelp(Text.of("label.write_name_between_quotes")));
            return null;
        }
        if (name.contains(".")) {
            Diagnostic dot = Diagnostic.error(Code.DOT_IN_LABEL, label.span(),
                Text.of("label.label_has_which_pytorch", name))
                .withHelp(Text.of("label.write_instead"));
            // written out whole only where no {expr} part and no character a string would escape is lost
            if (label.parts().stream().allMatch(part -> part instanceof Expr.StringLiteral)
                && name.indexOf('"') < 0 && name.indexOf('\\') < 0) {
                String underscored = "\"" + name.replace('.', '_') + "\"";
                dot = dot.withFix(Fix.replace(Text.of("fix.write", underscored), label.span(), underscored));
            }
            diagnostics.report(dot);
            return null;
        }
        return name;
    }

    /** {@code convs[i]:}: the next element of the ModuleList {@code convs}, which its first element creates. */
    private Place element(Module container, Label.Element label) {
        String name = label.list().text();
        Module list = container.child(name);
        if (list == null) {
            list = container.add(Module.Kind.LIST, name, "ModuleList", label.list().span(), null);
        } else if (list.kind() != Module.Kind.LIST) {
            diagnostics.report(Diagnostic.error(Code.NOT_A_MODULE_LIST, label.list().span(),
                Text.of("label.not_modulelist_so_has", name, list.torchClass()))
                .withHelp(Text.of("label.give_modulelist_another_label")));
            return numbered(container);
        }
        Value index = expressions.value(label.index());
        long next = list.nextIndex();
        if (!index.invalid() && !(index instanceof Value.Int && ((Value.Int) index).value() == next)) {
            diagnostics.report(Diagnostic.error(Code.WRONG_ELEMENT_INDEX, label.index().span(),
                Text.of("label.modulelist_appends_elements_order", name, name, next, index.describe())));
        }
        return new Place(list, null);
    }

    /** {@code convs[i]} without {@code :}: element i of the ModuleList {@code convs} (from the end if negative); null after an error. */
    Module element(Module container, Expr.Index index) {
        String name = ((Expr.Name) index.target()).text();
        Module list = container.child(name);
        if (list.kind() != Module.Kind.LIST) {
            return fail(index.target().span(), Text.of("label.not_modulelist_so_has", name, list.torchClass()));
        }
        Expr.Slice slice = index.slices().get(0);
        if (index.slices().size() != 1 || slice.range()) {
            return fail(index.span(), Text.of("label.element_modulelist_chosen_one", name));
        }
        Value value = expressions.value(slice.start());
        if (value.invalid()) {
            return null;
        }
        int size = list.children().size();
        if (!(value instanceof Value.Int)) {
            return fail(slice.span(), Text.of("label.element_modulelist_chosen_integer", name, value.describe()));
        }
        long i = ((Value.Int) value).value();
        long position = i < 0 ? i + size : i;
        if (position < 0 || position >= size) {
            return fail(slice.span(), Text.of("label.has_element_so_far", name, size, Text.plural(size), i));
        }
        return list.children().get((int) position);
    }

    private Module fail(SourceSpan span, Text message) {
        diagnostics.report(Diagnostic.error(Code.NOT_A_MODULE_LIST, span, message));
        return null;
    }
}
