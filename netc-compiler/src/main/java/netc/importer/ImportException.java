package netc.importer;

import java.util.List;
import netc.diagnostics.Code;

/** An ONNX file netc import cannot turn into a model: the code, the message, and notes listing details. */
public final class ImportException extends Exception {
    private final Code code;
    private final List<String> notes;

    public ImportException(Code code, String message) {
        this(code, message, List.of());
    }

    ImportException(Code code, String message, List<String> notes) {
        super(message, null, false, false);
        this.code = code;
        this.notes = List.copyOf(notes);
    }

    public Code code() {
        return code;
    }

    public List<String> notes() {
        return notes;
    }
}
