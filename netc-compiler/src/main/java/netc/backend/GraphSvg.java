package netc.backend;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import netc.diagnostics.SourceSpan;
import org.eclipse.elk.alg.layered.options.LayeredMetaDataProvider;
import org.eclipse.elk.alg.layered.options.LayeredOptions;
import org.eclipse.elk.alg.layered.options.NodePlacementStrategy;
import org.eclipse.elk.core.RecursiveGraphLayoutEngine;
import org.eclipse.elk.core.data.LayoutMetaDataService;
import org.eclipse.elk.core.math.ElkPadding;
import org.eclipse.elk.core.math.KVector;
import org.eclipse.elk.core.options.CoreOptions;
import org.eclipse.elk.core.options.Direction;
import org.eclipse.elk.core.options.EdgeLabelPlacement;
import org.eclipse.elk.core.options.EdgeRouting;
import org.eclipse.elk.core.options.HierarchyHandling;
import org.eclipse.elk.core.options.SizeConstraint;
import org.eclipse.elk.core.util.BasicProgressMonitor;
import org.eclipse.elk.graph.ElkBendPoint;
import org.eclipse.elk.graph.ElkEdge;
import org.eclipse.elk.graph.ElkEdgeSection;
import org.eclipse.elk.graph.ElkLabel;
import org.eclipse.elk.graph.ElkNode;
import org.eclipse.elk.graph.util.ElkGraphUtil;

/**
 * A {@link ModelGraph} drawn as one self-contained SVG file (no script, no external font or
 * stylesheet), laid out top to bottom by the Eclipse Layout Kernel's layered algorithm, blocks as
 * nested boxes. Text is measured in the one monospace font the file names, whose every character
 * is {@link #ADVANCE} of the font size wide, so boxes fit their text and the same model always gives
 * the same bytes.
 */
public final class GraphSvg {
    /** DejaVu Sans Mono's advance, 1233/2048 em, which Menlo shares; Consolas, the fallback, is narrower. */
    static final double ADVANCE = 0.602;
    static final String FONT = "DejaVu Sans Mono, Menlo, Consolas, monospace";
    private static final double NODE_FONT = 12;
    private static final double SMALL_FONT = 11;
    private static final double LINE = 16;
    private static final double PAD_X = 8;
    private static final double PAD_Y = 6;
    private static final double CLUSTER_TITLE = 22;
    /**
     * Above this many nodes, each layer's nodes are centred (simple placement) rather than aligned
     * by Brandes-Koepf, whose straighter edges drift sideways along hundreds of residual blocks
     * (2,500 of them made a picture 15,584 px wide; centred, 173 px), and crossings are minimised
     * once rather than seven times from random starts: a model of 10,000 layers is laid out in
     * seconds, not tens of seconds.
     */
    private static final int LARGE = 1000;
    /** Characters of an error's message per line in its node. */
    private static final int MESSAGE_WIDTH = 48;

    static {
        LayoutMetaDataService.getInstance().registerLayoutMetaDataProviders(new LayeredMetaDataProvider());
    }

    private GraphSvg() {
    }

    /** The SVG text of {@code graph}. */
    public static String render(ModelGraph graph) {
        Layout layout = new Layout(graph);
        return layout.svg();
    }

    /** The width of {@code text} in the font at {@code size}: wide (East Asian) characters take two cells. */
    static double textWidth(String text, double size) {
        int cells = 0;
        for (int i = 0; i < text.length(); i = text.offsetByCodePoints(i, 1)) {
            cells += wide(text.codePointAt(i)) ? 2 : 1;
        }
        return cells * ADVANCE * size;
    }

    private static boolean wide(int c) {
        return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) || (c >= 0xAC00 && c <= 0xD7A3)
            || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60)
            || (c >= 0xFFE0 && c <= 0xFFE6) || c >= 0x1F300;
    }

    /** The lines a node shows: its own, then its error's message, wrapped. */
    static List<String> lines(ModelGraph.Node node) {
        List<String> lines = new ArrayList<>(node.lines());
        if (node.error() != null) {
            for (String message : node.error().split("\n")) {
                lines.addAll(wrap(message, MESSAGE_WIDTH));
            }
        }
        return lines;
    }

    /** {@code text} in lines of at most {@code width} characters, broken at spaces where it can be. */
    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        String rest = text;
        while (rest.length() > width) {
            int cut = rest.lastIndexOf(' ', width);
            if (cut <= 0) {
                cut = width;
            }
            lines.add(rest.substring(0, cut));
            rest = rest.substring(cut).stripLeading();
        }
        lines.add(rest);
        return lines;
    }

    /** Fill and stroke of a node: by kind, or red for one with an error. */
    static List<String> colors(ModelGraph.Kind kind, boolean failed) {
        if (failed) {
            return List.of("#fde8e8", "#d62728");
        }
        return switch (kind) {
            case INPUT, OUTPUT -> List.of("#e3f4e1", "#3f8f3a");
            case LAYER -> List.of("#e8f0fc", "#4a6fa5");
            case FUNCTION, OPERATION -> List.of("#ffffff", "#7d8596");
            case STATE -> List.of("#fff6dc", "#b58a1b");
            case BLOCK -> List.of("#efe8fb", "#6a4fa5");
            case ERROR -> List.of("#fde8e8", "#d62728");
        };
    }

    private static double fontSize(ModelGraph.Kind kind) {
        return kind == ModelGraph.Kind.FUNCTION || kind == ModelGraph.Kind.OPERATION ? SMALL_FONT : NODE_FONT;
    }

    /** The ELK graph of a model graph, laid out, and its SVG. */
    private static final class Layout {
        private final ModelGraph graph;
        private final ElkNode root = ElkGraphUtil.createGraph();
        private final Map<String, ElkNode> elkNodes = new HashMap<>();
        private final Map<ElkNode, ModelGraph.Node> nodesOf = new HashMap<>();
        private final Map<ElkNode, ModelGraph.Cluster> clustersOf = new HashMap<>();
        private final List<ElkEdge> elkEdges = new ArrayList<>();
        private final StringBuilder out = new StringBuilder();

        Layout(ModelGraph graph) {
            this.graph = graph;
            root.setProperty(CoreOptions.ALGORITHM, LayeredOptions.ALGORITHM_ID);
            root.setProperty(CoreOptions.DIRECTION, Direction.DOWN);
            root.setProperty(CoreOptions.HIERARCHY_HANDLING, HierarchyHandling.INCLUDE_CHILDREN);
            root.setProperty(CoreOptions.EDGE_ROUTING, EdgeRouting.ORTHOGONAL);
            root.setProperty(CoreOptions.PADDING, new ElkPadding(12));
            if (graph.nodeCount() > LARGE) {
                root.setProperty(LayeredOptions.NODE_PLACEMENT_STRATEGY, NodePlacementStrategy.SIMPLE);
                root.setProperty(LayeredOptions.THOROUGHNESS, 1);
            }
            spacing(root);
            addContents(root, graph.root());
            for (ModelGraph.Edge edge : graph.edges()) {
                ElkEdge elkEdge = ElkGraphUtil.createSimpleEdge(elkNodes.get(edge.from()), elkNodes.get(edge.to()));
                ElkGraphUtil.updateContainment(elkEdge);
                if (!edge.label().isEmpty()) {
                    ElkLabel label = ElkGraphUtil.createLabel(edge.label(), elkEdge);
                    label.setDimensions(textWidth(edge.label(), SMALL_FONT), LINE);
                    label.setProperty(CoreOptions.EDGE_LABELS_PLACEMENT, EdgeLabelPlacement.CENTER);
                }
                elkEdges.add(elkEdge);
            }
            new RecursiveGraphLayoutEngine().layout(root, new BasicProgressMonitor());
        }

        private static void spacing(ElkNode node) {
            node.setProperty(CoreOptions.SPACING_NODE_NODE, 16.0);
            node.setProperty(LayeredOptions.SPACING_NODE_NODE_BETWEEN_LAYERS, 18.0);
            node.setProperty(LayeredOptions.SPACING_EDGE_NODE_BETWEEN_LAYERS, 10.0);
            node.setProperty(CoreOptions.SPACING_EDGE_LABEL, 4.0);
        }

        /** A cluster's nodes and clusters as children of {@code box} (the root for the model's own). */
        private void addContents(ElkNode box, ModelGraph.Cluster cluster) {
            for (ModelGraph.Node node : cluster.nodes()) {
                ElkNode elkNode = ElkGraphUtil.createNode(box);
                List<String> lines = lines(node);
                double size = fontSize(node.kind());
                double width = 0;
                for (String line : lines) {
                    width = Math.max(width, textWidth(line, size));
                }
                elkNode.setDimensions(Math.ceil(width + 2 * PAD_X), lines.size() * LINE + 2 * PAD_Y);
                elkNodes.put(node.id(), elkNode);
                nodesOf.put(elkNode, node);
            }
            for (ModelGraph.Cluster child : cluster.clusters()) {
                addCluster(box, child);
            }
        }

        /** A block's or group's box, room for its title above its contents, at least as wide as the title. */
        private void addCluster(ElkNode parent, ModelGraph.Cluster cluster) {
            ElkNode box = ElkGraphUtil.createNode(parent);
            box.setProperty(CoreOptions.PADDING, new ElkPadding(CLUSTER_TITLE + 6, 10, 10, 10));
            box.setProperty(CoreOptions.NODE_SIZE_MINIMUM, new KVector(textWidth(cluster.title(), SMALL_FONT) + 20, 0));
            box.setProperty(CoreOptions.NODE_SIZE_CONSTRAINTS, EnumSet.of(SizeConstraint.MINIMUM_SIZE));
            spacing(box);
            clustersOf.put(box, cluster);
            addContents(box, cluster);
        }

        String svg() {
            double width = Math.ceil(root.getWidth());
            double height = Math.ceil(root.getHeight());
            out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(number(width))
                .append("\" height=\"").append(number(height)).append("\" viewBox=\"0 0 ").append(number(width))
                .append(' ').append(number(height)).append("\" font-family=\"").append(FONT).append("\">\n")
                .append("<title>").append(escape(graph.root().title())).append("</title>\n")
                .append("<defs><marker id=\"arrow\" viewBox=\"0 0 8 8\" refX=\"8\" refY=\"4\" markerWidth=\"8\" ")
                .append("markerHeight=\"8\" orient=\"auto\"><path d=\"M0,0 L8,4 L0,8 z\" fill=\"#555\"/></marker></defs>\n")
                .append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
            children(root, 0, 0, 0);
            for (ElkEdge edge : elkEdges) {
                edge(edge);
            }
            return out.append("</svg>\n").toString();
        }

        /** The boxes inside {@code parent}, whose top left corner is at (x, y) in the picture. */
        private void children(ElkNode parent, double x, double y, int depth) {
            for (ElkNode child : parent.getChildren()) {
                double left = x + child.getX();
                double top = y + child.getY();
                ModelGraph.Node node = nodesOf.get(child);
                if (node != null) {
                    node(node, left, top, child.getWidth(), child.getHeight());
                    continue;
                }
                ModelGraph.Cluster cluster = clustersOf.get(child);
                out.append("<g class=\"cluster\" id=\"").append(cluster.id()).append("\">\n")
                    .append("<rect x=\"").append(number(left)).append("\" y=\"").append(number(top))
                    .append("\" width=\"").append(number(child.getWidth())).append("\" height=\"")
                    .append(number(child.getHeight())).append("\" rx=\"6\" fill=\"")
                    .append(depth % 2 == 0 ? "#f4f6f9" : "#e9edf3").append("\" stroke=\"#8a94a6\"/>\n")
                    .append("<text x=\"").append(number(left + 8)).append("\" y=\"").append(number(top + 15))
                    .append("\" font-size=\"").append(number(SMALL_FONT)).append("\" font-weight=\"bold\" fill=\"#3c4658\">")
                    .append(escape(cluster.title())).append("</text>\n");
                children(child, left, top, depth + 1);
                out.append("</g>\n");
            }
        }

        private void node(ModelGraph.Node node, double x, double y, double width, double height) {
            String kind = node.kind().name().toLowerCase(Locale.ROOT);
            boolean failed = node.error() != null || node.kind() == ModelGraph.Kind.ERROR;
            List<String> colors = colors(node.kind(), failed);
            out.append("<g class=\"node ").append(kind).append(failed ? " error" : "").append("\" id=\"")
                .append(node.id()).append('"');
            if (node.path() != null) {
                out.append(" data-path=\"").append(escape(node.path())).append('"');
            }
            out.append(">\n");
            if (node.span() != null) {
                out.append("<title>").append(escape(where(node.span()))).append("</title>\n");
            }
            boolean small = node.kind() == ModelGraph.Kind.FUNCTION || node.kind() == ModelGraph.Kind.OPERATION;
            out.append("<rect x=\"").append(number(x)).append("\" y=\"").append(number(y)).append("\" width=\"")
                .append(number(width)).append("\" height=\"").append(number(height)).append("\" rx=\"")
                .append(small ? number(height / 2) : "4").append("\" fill=\"").append(colors.get(0))
                .append("\" stroke=\"").append(colors.get(1)).append("\" stroke-width=\"")
                .append(failed ? "2" : "1").append("\"/>\n");
            double size = fontSize(node.kind());
            List<String> lines = lines(node);
            for (int i = 0; i < lines.size(); i++) {
                boolean message = i >= node.lines().size();
                out.append("<text x=\"").append(number(x + PAD_X)).append("\" y=\"")
                    .append(number(y + PAD_Y + i * LINE + 12)).append("\" font-size=\"").append(number(size))
                    .append('"');
                if (i == 0 && !small) {
                    out.append(" font-weight=\"bold\"");
                }
                out.append(" fill=\"").append(message ? "#b00020" : "#1d2330").append("\">")
                    .append(escape(lines.get(i))).append("</text>\n");
            }
            out.append("</g>\n");
        }

        private void edge(ElkEdge edge) {
            double[] offset = absolute(edge.getContainingNode());
            ModelGraph.Node from = nodesOf.get(ElkGraphUtil.getSourceNode(edge));
            ModelGraph.Node to = nodesOf.get(ElkGraphUtil.getTargetNode(edge));
            boolean failed = to.kind() == ModelGraph.Kind.ERROR;
            out.append("<g class=\"edge\" data-from=\"").append(from.id()).append("\" data-to=\"").append(to.id())
                .append("\">\n<path d=\"");
            for (ElkEdgeSection section : edge.getSections()) {
                out.append('M').append(number(offset[0] + section.getStartX())).append(',')
                    .append(number(offset[1] + section.getStartY()));
                for (ElkBendPoint bend : section.getBendPoints()) {
                    out.append(" L").append(number(offset[0] + bend.getX())).append(',')
                        .append(number(offset[1] + bend.getY()));
                }
                out.append(" L").append(number(offset[0] + section.getEndX())).append(',')
                    .append(number(offset[1] + section.getEndY()));
            }
            out.append("\" fill=\"none\" stroke=\"").append(failed ? "#d62728" : "#555")
                .append(failed ? "\" stroke-dasharray=\"4 3" : "").append("\" marker-end=\"url(#arrow)\"/>\n");
            for (ElkLabel label : edge.getLabels()) {
                out.append("<text x=\"").append(number(offset[0] + label.getX())).append("\" y=\"")
                    .append(number(offset[1] + label.getY() + 12)).append("\" font-size=\"")
                    .append(number(SMALL_FONT)).append("\" fill=\"#34495e\">").append(escape(label.getText()))
                    .append("</text>\n");
            }
            out.append("</g>\n");
        }

        /** The top left corner of a node in the picture. */
        private static double[] absolute(ElkNode node) {
            double x = 0;
            double y = 0;
            for (ElkNode at = node; at != null; at = at.getParent()) {
                x += at.getX();
                y += at.getY();
            }
            return new double[] {x, y};
        }
    }

    private static String where(SourceSpan span) {
        return span.file() + ":" + span.position();
    }

    /** A coordinate with at most one decimal, the same on every machine. */
    static String number(double value) {
        long tenths = Math.round(value * 10);
        return tenths % 10 == 0 ? Long.toString(tenths / 10) : String.format(Locale.ROOT, "%.1f", tenths / 10.0);
    }

    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                default -> escaped.append(c < 0x20 && c != '\t' ? ' ' : c);
            }
        }
        return escaped.toString();
    }
}
