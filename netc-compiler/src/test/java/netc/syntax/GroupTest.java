package netc.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import netc.diagnostics.Diagnostics;
import netc.diagnostics.SourceSpan;
import netc.diagnostics.SourceText;
import org.junit.jupiter.api.Test;

/** A group keeps a lone chain without a list or a statement around it, and is otherwise what a record would be. */
class GroupTest {
    private static final String TEXT = "model M {\n    input x: [3]\n    ((relu))\n    (y = relu\n    y)\n}\n";

    @Test
    void aGroupOfOneChainGivesItBackAsTheStatementItWasMadeOf() {
        List<Statement> body = body();
        Expr.Group outer = (Expr.Group) ((Statement.Chain) body.get(1)).chain();
        Expr.Group inner = (Expr.Group) outer.single();

        assertEquals("3:5-3:13", extent(outer.span()));
        assertEquals("3:6-3:12", extent(inner.span()));
        assertEquals(List.of(new Statement.Chain(inner.span(), inner)), outer.statements());
        assertEquals("relu", ((Expr.Name) inner.single()).text());
        assertEquals("Group[span=" + outer.span() + ", statements=[Chain[span=" + inner.span() + ", chain=" + inner + "]]]",
            outer.toString());
    }

    @Test
    void aGroupOfMoreKeepsItsStatements() {
        Expr.Group group = (Expr.Group) ((Statement.Chain) body().get(2)).chain();

        assertNull(group.single());
        assertEquals(2, group.statements().size());
        assertEquals("y", ((Statement.Binding) group.statements().get(0)).name().text());
        assertSame(group.statements(), group.statements());
    }

    @Test
    void groupsAreEqualByTheirSpansAndStatements() {
        Expr.Group outer = (Expr.Group) ((Statement.Chain) body().get(1)).chain();
        Expr.Group again = new Expr.Group(outer.span(), outer.statements());
        Expr.Group elsewhere = new Expr.Group(SourceSpan.of("m.net", 9, 5, 9, 13), outer.statements());
        Expr.Group more = new Expr.Group(outer.span(), List.of(outer.statements().get(0), outer.statements().get(0)));

        assertEquals(outer, again);
        assertEquals(outer.hashCode(), again.hashCode());
        assertNotEquals(outer, elsewhere);
        assertNotEquals(outer, more);
        assertEquals(2, more.statements().size());
    }

    @Test
    void aGroupHoldsItsSpanWithinItselfWhereItPacksAndAsItIsElsewhere() {
        Expr.Group outer = (Expr.Group) ((Statement.Chain) body().get(1)).chain();
        SourceSpan far = SourceSpan.of("m.net", 3, 5000, 3, 5008);   // a column past the 16-byte form's
        Expr.Group packed = new Expr.Group(SourceSpan.of("m.net", 3, 5, 3, 13), outer.statements());
        Expr.Group wide = new Expr.Group(far, outer.statements());

        assertEquals(outer.span(), packed.span());
        assertEquals(outer, packed);
        assertEquals(far, wide.span());
        assertSame(far, wide.span());
        assertEquals("3:5000-3:5008", extent(wide.span()));
        assertNotEquals(packed, wide);
    }

    private static String extent(SourceSpan span) {
        return span.startLine() + ":" + span.startColumn() + "-" + span.endLine() + ":" + span.endColumn();
    }

    private static List<Statement> body() {
        Diagnostics diagnostics = new Diagnostics();
        ParsedFile parsed = SourceParser.parse(new SourceText("m.net", TEXT), diagnostics);
        assertEquals(List.of(), diagnostics.all());
        return ((Definition.Model) parsed.file().definitions().get(0)).body();
    }
}
