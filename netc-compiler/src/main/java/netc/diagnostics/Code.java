package netc.diagnostics;

/**
 * Every diagnostic netc reports, with its stable code. Codes are never renumbered or reused;
 * docs/errors.md explains each one, and a test keeps that page and this list in step.
 */
public enum Code {
    // E0xx: the file itself
    CANNOT_READ("E001", "the file cannot be read"),
    NOT_UTF8("E002", "the file is not UTF-8 text"),
    FILE_TOO_LARGE("E003", "the file is larger than netc reads"),
    TOO_MANY_ERRORS("E004", "more diagnostics than are shown"),
    OUT_OF_MEMORY("E005", "the file needs more memory than netc has"),

    // E1xx: syntax
    UNEXPECTED_TOKEN("E101", "unexpected text"),
    UNTERMINATED_STRING("E102", "a string without its closing quote"),
    UNTERMINATED_COMMENT("E103", "a comment without its closing */"),
    UNKNOWN_CHARACTER("E104", "a character that is not part of the language"),
    NESTING_TOO_DEEP("E105", "brackets nested too deeply"),
    NUMBER_TOO_LARGE("E106", "an integer beyond 64 bits"),
    BAD_QUALIFIER("E107", "a qualified name other than F.layer"),
    MISSING_INPUT_TYPE("E108", "a model input without a shape"),

    // E2xx: shapes
    FEATURES_MISMATCH("E201", "in_features differs from the incoming tensor"),
    CHANNELS_MISMATCH("E202", "in_channels or num_features differs from the incoming tensor"),
    KERNEL_TOO_LARGE("E203", "a kernel or window larger than its (padded) input"),
    NON_POSITIVE_SIZE("E204", "a size that is zero or negative"),
    WRONG_RANK("E205", "a layer applied to a tensor of the wrong rank"),
    RESHAPE_MISMATCH("E206", "a reshape to a different number of elements"),
    SIZE_OVERFLOW("E207", "a tensor or parameter count beyond 2^63"),
    SHAPE_MISMATCH("E208", "tensors whose shapes do not fit together"),
    DIM_OUT_OF_RANGE("E209", "a dimension index outside the tensor's rank"),

    // E3xx: names and arguments
    UNKNOWN_LAYER("E301", "an unknown layer, block or operation"),
    UNKNOWN_KEYWORD("E302", "an unknown keyword argument"),
    DUPLICATE_ARGUMENT("E303", "an argument given twice"),
    TOO_MANY_ARGUMENTS("E304", "more positional arguments than the layer takes"),
    WRONG_ARGUMENT_TYPE("E305", "an argument of the wrong type"),
    MISSING_ARGUMENT("E306", "a required argument left out"),
    ARGUMENT_OUT_OF_RANGE("E307", "an argument outside its allowed range"),
    FUNCTIONAL_WITH_PARAMETERS("E308", "F. before a layer that has parameters"),
    UNDEFINED_NAME("E309", "a name that is not defined"),
    NOT_A_LAYER("E310", "a value where a layer is expected"),
    NOT_A_TENSOR("E311", "a layer or constant where a tensor is expected"),
    INVALID_OPERATION("E312", "an operation on values that do not support it, or beyond 64 bits"),
    POSITIONAL_AFTER_KEYWORD("E313", "a positional argument after a keyword argument"),
    EINSUM_EQUATION("E314", "an einsum equation that is malformed or does not fit its operands"),
    EINSUM_OPERANDS("E315", "an einsum given a different number of tensors than its equation names"),
    CONTRACTED_SIZES("E316", "a matrix product or einsum over dimensions of different sizes"),
    BATCH_MIXED("E317", "an operation that would mix the batch dimension with another"),
    BOOL_TENSOR("E318", "a bool tensor where numbers are needed, or numbers where a bool mask is"),
    MATH_DOMAIN("E319", "a function of a number outside its domain"),
    UNKNOWN_METHOD("E320", "a tensor method that does not exist"),
    METHOD_ON_NON_TENSOR("E321", "a method of a value that is not a tensor"),
    INDEX_OUT_OF_RANGE("E322", "an index outside a shape or tuple"),
    BATCH_ARITHMETIC("E323", "arithmetic on the batch size"),
    BATCH_MOVED("E324", "an operation that moves the batch away from dimension 0"),
    BATCH_MISPLACED("E325", "the batch size where a fixed size is needed, or the reverse"),
    METHOD_NOT_CALLED("E326", "a method without its call, or an attribute called"),
    DESTRUCTURING_ARITY("E330", "a destructuring with more or fewer names than the tuple has values"),
    NOT_A_TUPLE("E331", "a destructuring of a value that is not a tuple"),
    TUPLE_AS_TENSOR("E332", "a tuple where a tensor is needed"),
    STATE_SHAPE("E333", "an initial state of the wrong shape"),
    STATE_AS_TENSOR("E334", "a recurrent state where a tensor is needed, or given to a layer that takes none"),
    BAD_PIECES("E335", "chunk or split asked for pieces of fewer than 1 chunk or element"),
    SPLIT_SECTIONS("E336", "split's sizes that do not add up to the dimension split"),
    STACK_SHAPES("E337", "stack of tensors of different shapes"),
    TOO_MANY_PIECES("E338", "chunk, split or unbind making more tensors than a tuple may hold"),
    UNBATCHED_MISMATCH("E340", "a parameter or buffer whose shape does not broadcast with a batched tensor"),
    DUPLICATE_STATE("E341", "a parameter or buffer named like another attribute of its module"),
    BAD_FILL("E342", "a parameter or buffer filled with something other than a number"),
    MISPLACED_STATE("E343", "param or buffer outside a model's or block's own body"),
    UNKNOWN_BASE("E344", "a block subclassing something that is neither Sequential nor a layer"),
    SUPER_OUTSIDE_SUBCLASS("E345", "super outside a block that subclasses a layer"),
    UNBATCHED_INPUT("E346", "a parameter or buffer given to a layer, which needs the batch dimension"),
    SUBCLASS_MODULES("E347", "a block subclassing a layer that makes modules of its own, or has no body and no layer"),

    // E4xx: models and blocks
    MISSING_INPUT("E401", "a model or block without an input declaration"),
    DUPLICATE_DEFINITION("E402", "two models or blocks with one name"),
    DUPLICATE_LABEL("E403", "one label for two different layers"),
    UNKNOWN_MODEL("E404", "--model names no model of the file"),
    UNKNOWN_PARAMETER("E405", "--set names no parameter of the model"),
    MISSING_PARAMETER_VALUE("E406", "a model parameter without a value"),
    NO_MODEL("E407", "a file without a model"),
    EMPTY_MODEL("E408", "a model that computes nothing"),
    RECURSIVE_BLOCK("E409", "a block that uses itself"),
    NOT_CONSTANT("E410", "a compile-time value that depends on a tensor"),
    TOO_MANY_LAYERS("E411", "a model that expands to more layer calls than the limit"),
    NOT_SEQUENTIAL("E412", "a group whose named values nn.Sequential cannot pass on"),
    UNREADABLE_IMPORT("E430", "an imported file that cannot be read"),
    IMPORT_CYCLE("E431", "files that import each other"),
    IMPORTED_NAME_CLASH("E432", "a block name that two files define"),

    // E42x: containers, quoted and computed labels, loops over values
    EMPTY_LABEL("E420", "a label whose text is empty"),
    DOT_IN_LABEL("E421", "a label with a '.' in it"),
    WRONG_ELEMENT_INDEX("E422", "a ModuleList element written out of order"),
    NOT_A_MODULE_LIST("E423", "an element of a label that is no ModuleList, or that it does not have"),
    NOT_ITERABLE("E424", "a loop over a value that has no elements, or names that do not fit them"),
    BAD_INTERPOLATION("E425", "a {} part of a quoted label that is no expression, or gives no text"),
    RANGE_TOO_LONG("E426", "a range of more elements than a model can expand"),
    EMPTY_COMPREHENSION("E427", "a list comprehension that gives no element"),

    // E44x: netc explain's --at
    UNKNOWN_CALL_LABEL("E440", "--at names no layer call of the model"),
    NO_CALL_AT("E441", "--at gives a line or column where no layer is called"),

    // E6xx: code generation
    NO_JAVA_CODE("E601", "a layer the Java backend cannot generate yet"),
    SIZE_BEYOND_INT("E602", "a size the Java backend cannot hold in an int"),
    NO_TORCH_CODE("E603", "a construct the PyTorch backend cannot generate yet"),
    NO_ONNX_EXPORT("E604", "a layer or use of one that the ONNX export cannot express"),

    // E7xx: netc import (ONNX)
    ONNX_UNREADABLE("E701", "a file that is not an ONNX model"),
    ONNX_UNSUPPORTED_OPERATORS("E702", "ONNX operators netc import cannot write as layers"),
    ONNX_INVALID_GRAPH("E703", "an ONNX graph that contradicts itself"),
    ONNX_UNSUPPORTED_STRUCTURE("E704", "an ONNX model netc import cannot express as a .net model"),

    // W5xx: warnings
    UNUSED_NAME("W501", "a value defined but never used"),
    IMPLICIT_DIM("W502", "softmax without dim, which PyTorch deprecates"),
    CLAMP_EMPTY_RANGE("W503", "clamp with min greater than max"),
    SUPER_NEVER_CALLED("W506", "a block subclassing a layer whose body never runs super");

    private final String id;
    private final String title;

    Code(String id, String title) {
        this.id = id;
        this.title = title;
    }

    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    public Severity severity() {
        return id.startsWith("W") ? Severity.WARNING : Severity.ERROR;
    }

    /**
     * Whether the finding is about the text alone, the same in every instance of a block (an unknown
     * name): then it is reported once, at the block, without the notes naming the instance.
     */
    public boolean sameInEveryInstance() {
        return this == UNKNOWN_LAYER || this == UNDEFINED_NAME;
    }
}
