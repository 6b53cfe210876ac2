package netc.semantic.catalog;

import java.util.List;
import netc.semantic.model.Shape;
import netc.semantic.model.StateEntry;

/**
 * The inside of a composite catalogue layer, as PyTorch builds it: sub-modules in registration
 * order (the state_dict's), and the calls its forward makes among them, in call order.
 */
public record Structure(List<Part> parts, List<Call> calls) {

    public Structure {
        parts = List.copyOf(parts);
        calls = List.copyOf(calls);
    }

    /** A sub-module: attribute name, PyTorch class, own state, and its own parts. */
    public record Part(String name, String torchClass, List<StateEntry> state, List<Part> parts) {
        public Part {
            state = List.copyOf(state);
            parts = List.copyOf(parts);
        }

        public static Part leaf(String name, String torchClass, StateEntry... state) {
            return new Part(name, torchClass, List.of(state), List.of());
        }
    }

    /** A call of the sub-module at {@code path} (dotted, relative), its output, and the calls inside it. */
    public record Call(String path, Shape input, Shape output, List<Call> calls) {
        public Call {
            calls = List.copyOf(calls);
        }

        public static Call of(String path, Shape input, Shape output) {
            return new Call(path, input, output, List.of());
        }
    }
}
