package netc.semantic.evaluation;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import netc.syntax.Definition;
import netc.syntax.Expr;
import netc.syntax.SyntaxWalker;

/**
 * The blocks a definition names, read from its text alone: what recursion is checked on for blocks
 * that no model uses, which evaluation never reaches.
 */
public final class BlockReferences extends SyntaxWalker {
    private final Set<String> blocks;
    /** Each block named, with where it is first named. */
    private final Map<String, Expr.Name> found = new LinkedHashMap<>();

    private BlockReferences(Set<String> blocks) {
        this.blocks = blocks;
    }

    public static Map<String, Expr.Name> of(Definition definition, Set<String> blocks) {
        BlockReferences references = new BlockReferences(blocks);
        references.walk(definition);
        return references.found;
    }

    @Override
    protected void named(Expr.Name name) {
        if (!name.functional() && blocks.contains(name.text())) {
            found.putIfAbsent(name.text(), name);
        }
    }
}
