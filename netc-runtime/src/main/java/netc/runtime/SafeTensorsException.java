package netc.runtime;

import java.io.IOException;

/** A safetensors file that is malformed, or a request for a tensor it does not hold. */
public class SafeTensorsException extends IOException {
    private static final long serialVersionUID = 1L;

    /** An exception whose message names the file and the fault. */
    public SafeTensorsException(String message) {
        super(message);
    }
}
