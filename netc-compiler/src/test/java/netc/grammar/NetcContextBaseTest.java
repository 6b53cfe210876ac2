package netc.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.tree.ParseTree;
import org.junit.jupiter.api.Test;

/** Every node of the parse tree is a NetcContextBase, whose child lists start small. */
class NetcContextBaseTest {
    @Test
    void everyRuleNodeIsANetcContextBaseAndTheTreeIsWhole() {
        String text = "model M {\n    input x: [3]\n    relu -> relu -> flatten\n}\n";
        NetcParser parser = new NetcParser(new CommonTokenStream(new NetcLexer(CharStreams.fromString(text))));
        NetcParser.FileContext file = parser.file();
        List<String> foreign = new ArrayList<>();
        int rules = count(file, foreign);

        assertEquals(List.of(), foreign);
        assertEquals(20, rules);
        assertEquals("modelM{inputx:[3]relu->relu->flatten}<EOF>", file.getText());
    }

    /** ANTLR nests a context per arrow of a left-recursive chain; with a chain listener, NetcParserBase keeps one, flat. */
    @Test
    void aChainHeardByAListenerIsOneContextHoldingItsStepsAndArrows() {
        NetcParser parser = new NetcParser(new CommonTokenStream(new NetcLexer(CharStreams.fromString("a -> b -> c -> d"))));
        List<String> heard = new ArrayList<>();
        parser.setChainListener((previous, chain) -> heard.add(chain.getText()));
        NetcParser.ExprContext chain = parser.expr();

        assertEquals(NetcParser.ChainExprContext.class, chain.getClass());
        List<String> children = new ArrayList<>();
        for (ParseTree child : chain.children) {
            children.add(child.getClass().getSimpleName() + " " + child.getText());
            assertEquals(chain, child.getParent());
        }
        assertEquals(List.of("PrimaryExprContext a", "TerminalNodeImpl ->", "PrimaryExprContext b", "TerminalNodeImpl ->",
            "PrimaryExprContext c", "TerminalNodeImpl ->", "PrimaryExprContext d"), children);
        // at each arrow after the first, the listener heard the steps so far (and took none of them)
        assertEquals(List.of("a->b", "a->b->c"), heard);
    }

    @Test
    void withoutAListenerAChainNestsAContextPerArrow() {
        NetcParser parser = new NetcParser(new CommonTokenStream(new NetcLexer(CharStreams.fromString("a -> b -> c"))));
        NetcParser.ChainExprContext chain = (NetcParser.ChainExprContext) parser.expr();

        assertEquals(List.of("ChainExprContext a->b", "PrimaryExprContext c"),
            chain.expr().stream().map(e -> e.getClass().getSimpleName() + " " + e.getText()).toList());
    }

    private static int count(ParseTree node, List<String> foreign) {
        if (!(node instanceof ParserRuleContext)) {
            return 0;
        }
        if (!(node instanceof NetcContextBase)) {
            foreign.add(node.getClass().getSimpleName());
        }
        int rules = 1;
        for (int i = 0; i < node.getChildCount(); i++) {
            rules += count(node.getChild(i), foreign);
        }
        return rules;
    }
}
