package netc.runtime;

import java.io.IOException;
import java.util.List;

/** A weights file whose keys or shapes do not match what a model expects; lists every problem. */
public class WeightsException extends IOException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    /** An exception with a heading line followed by one line per problem. */
    public WeightsException(String heading, List<String> problems) {
        super(heading + "\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    /** The problems, one per entry, in the order they appear in the message. */
    public List<String> problems() {
        return problems;
    }
}
