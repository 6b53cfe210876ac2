package netc.importer;

import java.util.List;
import netc.diagnostics.Code;
import netc.diagnostics.Text;

/**
 * An ONNX file netc import cannot turn into a model: the code, the message and notes listing
 * details, as texts of the diagnostics' bundle (the exception's own message is the English one).
 */
public final class ImportException extends Exception {
    private final Code code;
    private final Text text;
    private final List<Text> notes;

    public ImportException(Code code, Text text) {
        this(code, text, List.of());
    }

    ImportException(Code code, Text text, List<Text> notes) {
        super(text.english(), null, false, false);
        this.code = code;
        this.text = text;
        this.notes = List.copyOf(notes);
    }

    public Code code() {
        return code;
    }

    public Text text() {
        return text;
    }

    public List<Text> notes() {
        return notes;
    }
}
