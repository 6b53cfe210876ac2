package netc.semantic.catalog;

import java.util.Map;
import netc.diagnostics.SourceSpan;
import netc.semantic.model.Value;

/** Arguments matched to a signature: each name's value, and where it was written (null for defaults). Compact, since every layer keeps one. */
public record BoundArguments(Map<String, Bound> values) {

    public record Bound(Value value, SourceSpan span) {
    }

    public Value get(String name) {
        return values.get(name).value();
    }

    public long intValue(String name) {
        return ((Value.Int) get(name)).value();
    }

    public boolean boolValue(String name) {
        return ((Value.Bool) get(name)).value();
    }
}
