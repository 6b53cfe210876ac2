package netc.semantic.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** chunk, split and unbind give tuples of pieces, as PyTorch's do; stack joins tensors along a new dimension. */
class PiecesTest {

    @Test
    void piecesHavePyTorchsShapesAndAreTuplesTakenApartIndexedAndIterated() {
        AnalyzedModel model = TraceViewsTest.analyze("""
            model M {
                input x: [5, 12], ids: int64[6]
                q, k, v = x.chunk(3, dim=-1)
                parts = torch.chunk(x, 4, 1)
                even = x.chunk(5, 1)
                halves = x.split(8, -1)
                a, b = torch.split(x, (2, 3), dim=1)
                rows = x.unbind(2)
                s = torch.stack(rows, dim=-1)
                t = torch.stack((a, a), 1)
                i, j = ids.chunk(2, 1)
                total = q
                repeat p in parts {
                    total = total + p[:, 0:1, 0:4]
                }
                (total + k + v, parts[-1], s, t, i * j, halves[1], b, even[4])
            }
            """);
        assertEquals(List.of("q [-1, 5, 4]", "k [-1, 5, 4]", "v [-1, 5, 4]",
            "parts ([-1, 2, 12], [-1, 2, 12], [-1, 1, 12])",
            "even ([-1, 1, 12], [-1, 1, 12], [-1, 1, 12], [-1, 1, 12], [-1, 1, 12])",
            "halves ([-1, 5, 8], [-1, 5, 4])", "a [-1, 2, 12]", "b [-1, 3, 12]",
            "rows ([-1, 5], [-1, 5], [-1, 5], [-1, 5], [-1, 5], [-1, 5], ..., [-1, 5])",
            "s [-1, 5, 12]", "t [-1, 2, 2, 12]", "i [-1, 3]", "j [-1, 3]", "total [-1, 5, 4]", "total [-1, 5, 4]",
            "total [-1, 5, 4]", "total [-1, 5, 4]"),
            model.observations().bindings().stream().skip(2).map(b -> b.name().text() + " " + b.shape()).toList());
        Trace.Tuple returned = (Trace.Tuple) model.trace().steps().get(model.trace().steps().size() - 1);
        assertEquals("([-1, 5, 4], [-1, 1, 12], [-1, 5, 12], [-1, 2, 2, 12], [-1, 3], [-1, 5, 4], [-1, 3, 12], "
            + "[-1, 1, 12])", returned.value().show());
        assertEquals(Value.DType.INT64, ((Value.Tensor) returned.value().elements().get(4)).dtype());
    }

    /** ceil(size / chunks) once overflowed for such counts: a negative count, or a loop that never ended. */
    @Test
    void moreChunksThanTheSizeGivePiecesOfOneAndALargerSplitSizeOnePiece() {
        AnalyzedModel model = TraceViewsTest.analyze("""
            model M {
                input x: [6, 4]
                a = x.chunk(9223372036854775807, dim=1)
                b = x.split(9223372036854775807, 1)
                c = x.split(4611686018427387905, -2)
                (a[5], b[0], c[0])
            }
            """);
        assertEquals(List.of("a ([-1, 1, 4], [-1, 1, 4], [-1, 1, 4], [-1, 1, 4], [-1, 1, 4], [-1, 1, 4])",
            "b ([-1, 6, 4],)", "c ([-1, 6, 4],)"),
            model.observations().bindings().stream().skip(1).map(b -> b.name().text() + " " + b.shape()).toList());
    }

    @Test
    void theStepNumbersTheFirstPieceAndTheOthersFollowIt() {
        AnalyzedModel model = TraceViewsTest.analyze("model M {\n    input x: [6, 4]\n    a, b, c = x.split(2, 1)\n    c + a * b\n}\n");
        Trace.Apply split = (Trace.Apply) model.trace().steps().stream().filter(Trace.Apply.class::isInstance)
            .findFirst().orElseThrow();
        assertEquals(List.of(1, 2, 3), split.returned().elements().stream()
            .map(piece -> model.trace().idOf((Value.Tensor) piece)).toList());
        assertEquals(1, split.id());
        assertEquals(Shape.of(2, 4), split.output());
        assertEquals("split [-1, 6, 4] ([-1, 2, 4], [-1, 2, 4], [-1, 2, 4])", model.observations().steps().stream()
            .map(s -> s.name() + " " + s.input() + " " + s.output()).findFirst().orElseThrow());
    }
}
