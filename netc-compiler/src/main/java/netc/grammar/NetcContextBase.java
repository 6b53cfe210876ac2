package netc.grammar;

import java.util.ArrayList;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.tree.ParseTree;

/**
 * Every parse tree node of the grammar. ANTLR gives each node's children a list of room for ten,
 * where most nodes have one or two: a chain of a million steps made 4 million such lists.
 */
public class NetcContextBase extends ParserRuleContext {
    public NetcContextBase() {
    }

    public NetcContextBase(ParserRuleContext parent, int invokingStateNumber) {
        super(parent, invokingStateNumber);
    }

    /** Room for two children, then for eight: a call's argument list grows at once, not by 3, 4, 6 and 9. */
    @Override
    public <T extends ParseTree> T addAnyChild(T child) {
        if (children == null) {
            children = new ArrayList<>(2);
        } else if (children.size() == 2 && children instanceof ArrayList<?> list) {
            list.ensureCapacity(8);
        }
        children.add(child);
        return child;
    }
}
