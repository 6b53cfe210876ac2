package netc.backend;

import netc.runtime.Json;

/** Builds JSON text: objects and arrays, strings escaped, one level of structure per call. */
final class JsonWriter {
    private final StringBuilder out = new StringBuilder();
    private boolean first = true;
    private String pendingBreak;

    JsonWriter beginObject() {
        separate();
        out.append('{');
        first = true;
        return this;
    }

    JsonWriter endObject() {
        flushBreak();
        out.append('}');
        first = false;
        return this;
    }

    JsonWriter beginArray() {
        separate();
        out.append('[');
        first = true;
        return this;
    }

    JsonWriter endArray() {
        flushBreak();
        out.append(']');
        first = false;
        return this;
    }

    JsonWriter name(String name) {
        separate();
        string(name);
        out.append(": ");
        first = true;
        return this;
    }

    JsonWriter value(String value) {
        separate();
        string(value);
        return this;
    }

    JsonWriter value(long value) {
        separate();
        out.append(value);
        return this;
    }

    JsonWriter value(boolean value) {
        separate();
        out.append(value);
        return this;
    }

    JsonWriter longs(long[] values) {
        beginArray();
        for (long v : values) {
            value(v);
        }
        return endArray();
    }

    /** Puts the next element (or closing bracket) on a line of its own, indented. */
    JsonWriter newline(String indent) {
        pendingBreak = indent;
        return this;
    }

    private void separate() {
        if (!first) {
            out.append(pendingBreak != null ? "," : ", ");
        }
        flushBreak();
        first = false;
    }

    private void flushBreak() {
        if (pendingBreak != null) {
            out.append('\n').append(pendingBreak);
            pendingBreak = null;
        }
    }

    private void string(String s) {
        out.append(Json.quote(s));
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
