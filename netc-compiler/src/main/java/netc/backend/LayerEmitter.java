package netc.backend;

/**
 * How one catalogue layer becomes Java: the field holding its module's state (null when it keeps
 * none) and the expression computing its output from its inputs.
 */
record LayerEmitter(FieldRule field, Expression expression) {

    /** A field's type and the expression that initialises it from the {@code weights} map. */
    record Field(String type, String initializer) {
    }

    @FunctionalInterface
    interface FieldRule {
        Field of(JavaStep step) throws UnsupportedLayerException;
    }

    @FunctionalInterface
    interface Expression {
        String of(JavaStep step) throws UnsupportedLayerException;
    }

    static LayerEmitter stateless(Expression expression) {
        return new LayerEmitter(step -> null, expression);
    }
}
