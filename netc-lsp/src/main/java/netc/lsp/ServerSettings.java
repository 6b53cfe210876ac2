package netc.lsp;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Optional;

/**
 * The server's one setting, {@code netc.inlayShapes} (true by default): whether inlay hints show
 * shapes. It comes as {@code {"inlayShapes": false}} in the initialization options, or in the
 * {@code netc} section of workspace/didChangeConfiguration's settings; anything else is ignored.
 */
final class ServerSettings {
    private ServerSettings() {
    }

    /** The {@code netc} section of a didChangeConfiguration's settings, or null. */
    static Object section(Object settings) {
        return settings instanceof JsonObject && ((JsonObject) settings).has("netc")
            ? ((JsonObject) settings).get("netc") : null;
    }

    static Optional<Boolean> inlayShapes(Object options) {
        if (!(options instanceof JsonObject)) {
            return Optional.empty();
        }
        JsonElement value = ((JsonObject) options).get("inlayShapes");
        return value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isBoolean()
            ? Optional.of(value.getAsBoolean()) : Optional.empty();
    }
}
