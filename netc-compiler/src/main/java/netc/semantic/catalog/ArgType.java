package netc.semantic.catalog;

import java.util.ArrayList;
import java.util.List;
import netc.diagnostics.Text;
import netc.semantic.model.Value;

/** The types a layer argument may have, each checking and normalising a value. */
public enum ArgType {
    INT(Text.of("type.integer")),
    FLOAT(Text.of("type.number")),
    /** A number, or None where PyTorch takes Optional[float] with a number as default (batch norm's momentum). */
    OPTIONAL_FLOAT(Text.of("type.number_none")),
    /** An integer or a float, kept as given: PyTorch's type promotion tells them apart (x ** 2, x ** 2.0). */
    NUMBER(Text.of("type.number")),
    /** NUMBER or None, as clamp's min and max. */
    OPTIONAL_NUMBER(Text.of("type.number_none")),
    BOOL(Text.of("type.true_false")),
    STRING(Text.of("type.string")),
    /** An int, or a tuple of one int per spatial dimension; normalised to the tuple. */
    SIZE(Text.of("type.integer_tuple_integers")),
    /** SIZE, or "same" / "valid" as convolutions take. */
    PADDING(Text.of("type.integer_tuple_integers_same")),
    /** SIZE whose entries may be None (keep that input size), as adaptive pools take. */
    OUTPUT_SIZE(Text.of("type.integer_tuple_integers")),
    /** Integers given one by one or as a tuple, as view and reshape take. */
    INTS(Text.of("type.integers")),
    /** Anything: block hyper-parameters are untyped. */
    ANY(Text.of("type.value"));

    private final Text description;

    ArgType(Text description) {
        this.description = description;
    }

    public Text description(int spatialDims) {
        if ((this == SIZE || this == OUTPUT_SIZE) && spatialDims > 1) {
            return Text.of("type.integer_tuple_integers_2", spatialDims);
        }
        if (this == PADDING && spatialDims > 1) {
            return Text.of("type.integer_tuple_integers_same_2", spatialDims);
        }
        return description;
    }

    /** The value in normal form, or null when it does not have this type. */
    public Value check(Value value, int spatialDims) {
        switch (this) {
            case INT:
                return value instanceof Value.Int ? value : null;
            case FLOAT:
                return value instanceof Value.Int ? new Value.Float(((Value.Int) value).value())
                    : value instanceof Value.Float ? value : null;
            case OPTIONAL_FLOAT:
                return value instanceof Value.None ? value : FLOAT.check(value, spatialDims);
            case NUMBER:
                return value instanceof Value.Int || value instanceof Value.Float ? value : null;
            case OPTIONAL_NUMBER:
                return value instanceof Value.None ? value : NUMBER.check(value, spatialDims);
            case BOOL:
                return value instanceof Value.Bool ? value : null;
            case STRING:
                return value instanceof Value.Str ? value : null;
            case SIZE:
                return size(value, spatialDims, false);
            case OUTPUT_SIZE:
                return size(value, spatialDims, true);
            case PADDING:
                return isPaddingWord(value) ? value : size(value, spatialDims, false);
            case INTS:
                return ints(value);
            default:
                return value instanceof Value.Tensor ? null : value;
        }
    }

    private static boolean isPaddingWord(Value value) {
        return value instanceof Value.Str
            && (((Value.Str) value).value().equals("same") || ((Value.Str) value).value().equals("valid"));
    }

    /** kernel_size=3 as (3, 3) for each rank, for the sizes most layers write: one tuple each, every layer keeps its arguments. */
    private static final Value.Tuple[][] SMALL_SIZES = new Value.Tuple[4][65];

    private static Value size(Value value, int spatialDims, boolean noneAllowed) {
        int dims = Math.max(1, spatialDims);
        if (value instanceof Value.Int && dims < SMALL_SIZES.length && ((Value.Int) value).value() >= 0
            && ((Value.Int) value).value() < SMALL_SIZES[dims].length) {
            int size = (int) ((Value.Int) value).value();
            Value.Tuple[] sizes = SMALL_SIZES[dims];
            if (sizes[size] == null) {
                sizes[size] = new Value.Tuple(java.util.Collections.nCopies(dims, value));   // a race makes an equal one twice
            }
            return sizes[size];
        }
        if (value instanceof Value.Int || (noneAllowed && value instanceof Value.None)) {
            return new Value.Tuple(java.util.Collections.nCopies(dims, value));
        }
        if (!(value instanceof Value.Tuple)) {
            return null;
        }
        List<Value> elements = ((Value.Tuple) value).elements();
        if (elements.size() != dims) {
            return null;
        }
        for (Value element : elements) {
            if (!(element instanceof Value.Int) && !(noneAllowed && element instanceof Value.None)) {
                return null;
            }
        }
        return value;
    }

    private static Value ints(Value value) {
        if (value instanceof Value.Int) {
            return new Value.Tuple(List.of(value));
        }
        if (!(value instanceof Value.Tuple)) {
            return null;
        }
        List<Value> out = new ArrayList<>();
        for (Value element : ((Value.Tuple) value).elements()) {
            if (!(element instanceof Value.Int)) {
                return null;
            }
            out.add(element);
        }
        return new Value.Tuple(out);
    }
}
