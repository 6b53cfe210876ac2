package netc.backend;

import java.util.List;

/**
 * A {@link ModelGraph} as Graphviz DOT, for those who lay it out with {@code dot}: blocks and groups
 * as nested clusters, the shapes as edge labels, in the SVG's colours and font.
 */
public final class GraphDot {
    private GraphDot() {
    }

    public static String render(ModelGraph graph) {
        StringBuilder out = new StringBuilder();
        out.append("digraph ").append(quote(graph.root().title())).append(" {\n")
            .append("  rankdir=TB;\n")
            .append("  graph [fontname=").append(quote(GraphSvg.FONT)).append(", fontsize=11];\n")
            .append("  node [shape=box, style=\"rounded,filled\", fontname=").append(quote(GraphSvg.FONT))
            .append(", fontsize=12];\n")
            .append("  edge [fontname=").append(quote(GraphSvg.FONT)).append(", fontsize=11];\n");
        contents(out, graph.root(), "  ");
        for (ModelGraph.Edge edge : graph.edges()) {
            out.append("  ").append(edge.from()).append(" -> ").append(edge.to());
            if (!edge.label().isEmpty()) {
                out.append(" [label=").append(quote(edge.label())).append(']');
            }
            out.append(";\n");
        }
        return out.append("}\n").toString();
    }

    private static void contents(StringBuilder out, ModelGraph.Cluster cluster, String indent) {
        for (ModelGraph.Node node : cluster.nodes()) {
            boolean failed = node.error() != null || node.kind() == ModelGraph.Kind.ERROR;
            List<String> colors = GraphSvg.colors(node.kind(), failed);
            out.append(indent).append(node.id()).append(" [label=").append(label(GraphSvg.lines(node)))
                .append(", fillcolor=").append(quote(colors.get(0))).append(", color=").append(quote(colors.get(1)));
            if (failed) {
                out.append(", penwidth=2");
            }
            out.append("];\n");
        }
        for (ModelGraph.Cluster child : cluster.clusters()) {
            out.append(indent).append("subgraph cluster_").append(child.id()).append(" {\n")
                .append(indent).append("  label=").append(quote(child.title())).append(";\n")
                .append(indent).append("  style=\"rounded,filled\"; fillcolor=\"#f4f6f9\"; color=\"#8a94a6\";\n");
            contents(out, child, indent + "  ");
            out.append(indent).append("}\n");
        }
    }

    /** Lines left-aligned, as the SVG draws them. */
    private static String label(List<String> lines) {
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            text.append(escape(line)).append("\\l");
        }
        return '"' + text.toString() + '"';
    }

    private static String quote(String text) {
        return '"' + escape(text) + '"';
    }

    /** DOT's string escapes: a quote and a backslash, and line breaks, which a label must not hold. */
    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ").replace("\r", " ");
    }
}
