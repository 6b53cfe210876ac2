package netc.bench;

/** Generated model files of a given size, for benchmarks. */
public final class ModelText {
    private ModelText() {
    }

    /** A plain model of {@code layers} layers: conv, batch norm and relu, three to a line. */
    public static String chain(int layers) {
        StringBuilder text = new StringBuilder("model Generated {\n    input x: [16, 8, 8]\n");
        for (int i = 0; i < layers / 3; i++) {
            text.append("    conv2d(16, 16, k=3, p=1, bias=false) -> batchnorm2d(16) -> relu\n");
        }
        return text.append("}\n").toString();
    }
}
