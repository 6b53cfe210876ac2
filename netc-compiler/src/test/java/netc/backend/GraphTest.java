package netc.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import netc.TestFiles;
import netc.diagnostics.Diagnostic;
import netc.diagnostics.Diagnostics;
import netc.diagnostics.Messages;
import netc.diagnostics.SourceText;
import netc.semantic.Analyzer;
import netc.semantic.model.AnalyzedModel;
import netc.semantic.model.Invocation;
import netc.semantic.model.Module;
import netc.semantic.model.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * netc graph's picture of every sample, read back with the JDK's XML parser and compared with the
 * call tree the summary tables print: one node per layer call with its label and class, the shapes
 * on the edges, a nested box per block and group, and no two boxes on top of each other.
 */
class GraphTest {
    /** A shape as edges show it, a dtype after it where it is not float32. */
    private static final Pattern SHAPE = Pattern.compile("\\[-?\\d+(, -?\\d+)*\\]( int64| bool)?");

    static Stream<Path> samples() throws IOException {
        return Files.list(TestFiles.SAMPLES).filter(p -> p.toString().endsWith(".net")).sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void svgHasANodePerLayerCallAndABoxPerBlock(Path sample) throws Exception {
        AnalyzedModel model = TestFiles.analyzeClean(sample).models().get(0);
        String svg = fullPicture(model);
        Svg picture = new Svg(svg);

        List<String> expected = new ArrayList<>();
        layerCalls(model.forward(), expected);
        List<String> drawn = new ArrayList<>();
        for (Element node : picture.nodes("layer")) {
            List<String> lines = texts(node);
            drawn.add(node.getAttribute("data-path") + " " + lines.get(0) + " " + lines.get(1).replaceFirst("\\(.*", ""));
        }
        assertFalse(expected.isEmpty(), sample + " calls no layer");
        assertEquals(expected.stream().sorted().toList(), drawn.stream().sorted().toList());

        assertEquals(clusterTree(model.forward()), clusterTree(picture.root()), "nested boxes of " + sample);
        assertEquals(model.inputs().size(), picture.nodes("input").size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void everyEdgeCarriesTheShapeOfItsTensor(Path sample) throws Exception {
        AnalyzedModel model = TestFiles.analyzeClean(sample).models().get(0);
        Svg picture = new Svg(fullPicture(model));
        Map<String, List<Invocation>> calls = new HashMap<>();
        layerCallsByPath(model.forward(), calls);
        assertFalse(picture.edges().isEmpty());
        for (Element edge : picture.edges()) {
            List<String> labels = texts(edge);
            assertEquals(1, labels.size(), "one label per edge");
            assertTrue(SHAPE.matcher(labels.get(0)).matches(), labels.get(0));
        }
        for (Element node : picture.nodes("layer")) {
            List<Invocation> sameModule = calls.get(node.getAttribute("data-path"));
            Set<String> inputs = new HashSet<>();
            Set<String> outputs = new HashSet<>();
            for (Invocation call : sameModule) {
                call.inputs().stream().map(Shape::toString).forEach(inputs::add);
                outputs.add(call.output().toString());
            }
            Set<String> incoming = picture.labelsOfEdges("data-to", node.getAttribute("id"));
            assertFalse(incoming.isEmpty(), node.getAttribute("data-path") + " has no input edge");
            for (String label : incoming) {
                assertTrue(inputs.contains(withoutDtype(label)) || isState(label),
                    node.getAttribute("data-path") + ": " + label + " is none of " + inputs);
            }
            Set<String> outgoing = picture.labelsOfEdges("data-from", node.getAttribute("id"));
            if (!outgoing.stream().allMatch(GraphTest::isState)) {
                assertTrue(outgoing.stream().map(GraphTest::withoutDtype).anyMatch(outputs::contains),
                    node.getAttribute("data-path") + ": " + outgoing + " lacks " + outputs);
            }
        }
        assertEquals(outputsOf(model), picture.nodes("output").size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void noTwoBoxesOverlapAndEveryBoxIsInsideItsBlock(Path sample) throws Exception {
        AnalyzedModel model = TestFiles.analyzeClean(sample).models().get(0);
        String svg = fullPicture(model);
        Svg picture = new Svg(svg);
        checkBoxes(picture.root(), picture.bounds(), sample.toString());
        assertEquals(svg, fullPicture(model),
            "the same model gives the same bytes");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void dotHasTheSvgsNodesEdgesAndClusters(Path sample) throws Exception {
        AnalyzedModel model = TestFiles.analyzeClean(sample).models().get(0);
        ModelGraph graph = ModelGraph.of(model, ModelGraph.FULL_DEPTH, List.of(), Messages.diagnostics(Locale.ROOT));
        Svg picture = new Svg(GraphSvg.render(graph));
        String dot = GraphDot.render(graph);
        assertTrue(dot.startsWith("digraph \"" + model.name() + ": "), dot.lines().findFirst().orElse(""));
        assertTrue(dot.endsWith("}\n"));
        assertEquals(count(dot, '{'), count(dot, '}'), "balanced braces outside strings");
        Set<String> declared = new HashSet<>();
        List<String> edges = new ArrayList<>();
        for (String line : dot.lines().map(String::strip).toList()) {
            if (line.matches("n\\d+ \\[label=.*\\];")) {
                assertTrue(declared.add(line.substring(0, line.indexOf(' '))), "declared once: " + line);
            } else if (line.matches("n\\d+ -> n\\d+( \\[label=\".*\"\\])?;")) {
                edges.add(line);
            }
        }
        int nodes = picture.document.getElementsByTagName("g").getLength() - picture.edges().size()
            - clusters(picture.root());
        assertEquals(nodes, declared.size());
        assertEquals(picture.edges().size(), edges.size());
        for (String edge : edges) {
            String[] ends = edge.split(" -> |[ ;]");
            assertTrue(declared.contains(ends[0]) && declared.contains(ends[1]), edge);
        }
        assertEquals(clusters(picture.root()), (int) dot.lines().filter(l -> l.contains("subgraph cluster_")).count());
    }

    @Test
    void nodesAreSizedByTheirTextInTheMonospaceFont() throws Exception {
        AnalyzedModel model = TestFiles.analyzeClean(TestFiles.SAMPLES.resolve("simple.net")).models().get(0);
        Svg picture = new Svg(fullPicture(model));
        Element conv = picture.nodes("layer").get(0);
        assertEquals(List.of("conv1", "Conv2d(3, 16, 3, p=1)", "448 params"), texts(conv));
        Element rect = child(conv, "rect");
        // the widest line, 21 characters of 0.602 em at 12 px (151.7), and 8 px each side; three lines of 16 px, 6 at each end
        assertEquals("168", rect.getAttribute("width"));
        assertEquals("60", rect.getAttribute("height"));
        assertEquals("samples/simple.net:6:12", child(conv, "title").getTextContent());
        assertEquals(List.of("F.relu"), texts(picture.nodes("function").get(0)));
        assertEquals("DejaVu Sans Mono, Menlo, Consolas, monospace",
            picture.document.getDocumentElement().getAttribute("font-family"));
    }

    @Test
    void aModelWithAnErrorIsDrawnWithTheFailingStepInRed() throws Exception {
        Svg picture = new Svg(render(TestFiles.read(Path.of("docs/examples/bad.net")), "bad.net",
            ModelGraph.FULL_DEPTH));
        List<Element> failed = picture.nodes("error");
        assertEquals(1, failed.size());
        assertEquals("node layer error", failed.get(0).getAttribute("class"));
        assertEquals(List.of("7", "Linear(2048, 128)", "262,272 params",
            "E201: linear expects 2048 input features, but", "the incoming tensor is [-1, 4096]"), texts(failed.get(0)));
        assertEquals("#d62728", child(failed.get(0), "rect").getAttribute("stroke"));
        assertEquals(Set.of("[-1, 4096]"), picture.labelsOfEdges("data-to", failed.get(0).getAttribute("id")));
        assertEquals(Set.of("[-1, 128]"), picture.labelsOfEdges("data-from", failed.get(0).getAttribute("id")));
    }

    @Test
    void anErrorThatNoStepCarriesGetsANodeAfterTheStepBeforeIt() throws Exception {
        String text = "model M {\n    input x: [3, 8, 8]\n    conv2d(3, 4, k=3)\n    frobnicate(2)\n    relu\n}\n";
        Svg picture = new Svg(render(text, "m.net", ModelGraph.FULL_DEPTH));
        List<Element> failed = picture.nodes("error");
        assertEquals(1, failed.size());
        assertEquals("node error error", failed.get(0).getAttribute("class"));
        assertEquals(List.of("error", "E301: there is no layer, block or value named", "frobnicate"),
            texts(failed.get(0)));
        assertEquals("m.net:4:5", child(failed.get(0), "title").getTextContent());
        String conv = picture.nodes("layer").get(0).getAttribute("id");
        assertEquals(Set.of(""), picture.labelsOfEdges("data-from", conv).stream()
            .filter(label -> !SHAPE.matcher(label).matches()).collect(Collectors.toSet()));
    }

    @Test
    void markupInALabelIsTextInTheSvg() throws Exception {
        String label = "<script>alert(1)</script> & ]]> \" ";
        String text = "model M {\n    input x: [4]\n    \"" + label.replace("\"", "\\\"") + "\": linear(4, 2)\n}\n";
        Svg picture = new Svg(render(text, "m.net", ModelGraph.FULL_DEPTH));
        Element layer = picture.nodes("layer").get(0);
        assertEquals(label, texts(layer).get(0));
        assertEquals(label, layer.getAttribute("data-path"));
        assertEquals(0, picture.document.getElementsByTagName("script").getLength());
    }

    @Test
    void depthOneDrawsTheModelsOwnBlocksAsNodesWithTheirParameters() throws Exception {
        AnalyzedModel model = TestFiles.analyzeClean(TestFiles.SAMPLES.resolve("resnet18.net")).models().get(0);
        Svg picture = new Svg(GraphSvg.render(ModelGraph.of(model, 1, List.of(), Messages.diagnostics(Locale.ROOT))));
        assertEquals(0, clusters(picture.root()));
        List<String> blocks = picture.nodes("block").stream().map(node -> String.join(" | ", texts(node))).toList();
        // each stage's parameters: its two BasicBlocks' in PyTorch's own count (the oracle's hooked rows)
        List<Long> basicBlocks = basicBlockParameters();
        assertEquals(List.of(
            "layer1 | Sequential | " + ModelGraph.parameters(basicBlocks.get(0) + basicBlocks.get(1)),
            "layer2 | Sequential | " + ModelGraph.parameters(basicBlocks.get(2) + basicBlocks.get(3)),
            "layer3 | Sequential | " + ModelGraph.parameters(basicBlocks.get(4) + basicBlocks.get(5)),
            "layer4 | Sequential | " + ModelGraph.parameters(basicBlocks.get(6) + basicBlocks.get(7))), blocks);
        assertEquals("layer1 | Sequential | 147,968 params", blocks.get(0));
        assertEquals(6, picture.nodes("layer").size()); // conv1, bn1, relu, maxpool, avgpool, fc
        assertEquals(Set.of("[-1, 64, 56, 56]"), picture.labelsOfEdges("data-to", picture.nodes("block").get(0).getAttribute("id")));
        assertEquals(Set.of("[-1, 512, 7, 7]"), picture.labelsOfEdges("data-from", picture.nodes("block").get(3).getAttribute("id")));
        checkBoxes(picture.root(), picture.bounds(), "resnet18 at depth 1");
    }

    @Test
    void depthTwoOpensTheStagesAndClosesTheirBlocks() throws Exception {
        AnalyzedModel model = TestFiles.analyzeClean(TestFiles.SAMPLES.resolve("resnet18.net")).models().get(0);
        Svg picture = new Svg(GraphSvg.render(ModelGraph.of(model, 2, List.of(), Messages.diagnostics(Locale.ROOT))));
        assertEquals("[layer1: Sequential, layer2: Sequential, layer3: Sequential, layer4: Sequential]",
            clusterTree(picture.root()));
        List<Long> basicBlocks = basicBlockParameters();
        List<String> blocks = picture.nodes("block").stream().map(node -> String.join(" | ", texts(node))).toList();
        assertEquals(8, blocks.size());
        for (int i = 0; i < 8; i++) {
            assertEquals(i % 2 + " | BasicBlock | " + ModelGraph.parameters(basicBlocks.get(i)), blocks.get(i));
        }
    }

    @Test
    void hundredsOfResidualBlocksStayOneColumnWide() throws Exception {
        String text = "block Res(c) {\n    input x\n    y = x -> fc1: linear(c, c) -> relu -> fc2: linear(c, c)\n"
            + "    (y + x) -> relu\n}\nmodel M {\n    input x: [16]\n    repeat 200 {\n        Res(16)\n    }\n}\n";
        Svg picture = new Svg(render(text, "res.net", ModelGraph.FULL_DEPTH));
        assertEquals(200 * 5 + 2, picture.nodes("node").size());
        // aligned by Brandes-Koepf, each block stood a few pixels left of the one before: 1,709 px for 250
        assertEquals("173", picture.root().getAttribute("width"));
        checkBoxes(picture.root(), picture.bounds(), "200 residual blocks");
    }

    /** The SVG of a clean model with every block open. */
    private static String fullPicture(AnalyzedModel model) {
        return GraphSvg.render(ModelGraph.of(model, ModelGraph.FULL_DEPTH, List.of(), Messages.diagnostics(Locale.ROOT)));
    }

    /** The parameters of resnet18's BasicBlocks, in order, as PyTorch counted them. */
    @SuppressWarnings("unchecked")
    private static List<Long> basicBlockParameters() {
        List<Map<String, Object>> layers = (List<Map<String, Object>>) TestFiles.oracleModel("resnet18").get("layers");
        return layers.stream().filter(layer -> layer.get("type").equals("BasicBlock"))
            .map(layer -> ((Number) layer.get("total_params")).longValue()).toList();
    }

    /** The picture of a text, errors and all, as netc graph draws it. */
    static String render(String text, String path, int depth) {
        Diagnostics diagnostics = new Diagnostics();
        Analyzer.Result result = Analyzer.analyze(new SourceText(path, text), new Analyzer.Options(null, Map.of()),
            diagnostics);
        List<Diagnostic> errors = diagnostics.all().stream().filter(Diagnostic::isError).toList();
        return GraphSvg.render(ModelGraph.of(result.models().get(0), depth, errors, Messages.diagnostics(Locale.ROOT)));
    }

    private static int outputsOf(AnalyzedModel model) {
        return model.returnedTuple() == null ? 1 : model.trace().tensorIdsIn(model.returnedTuple().value()).size();
    }

    private static boolean isState(String label) {
        return label.matches("\\[\\d+, -1, .*");
    }

    private static String withoutDtype(String label) {
        return label.replaceFirst(" (int64|bool)$", "");
    }

    /** {@code path label Class} of each layer call, not looking into a layer's own sub-modules. */
    private static void layerCalls(Invocation call, List<String> out) {
        for (Invocation child : call.children()) {
            Module module = child.module();
            if (module.kind() == Module.Kind.LAYER) {
                out.add(module.path() + " " + module.name() + " " + module.torchClass());
            } else {
                layerCalls(child, out);
            }
        }
    }

    private static void layerCallsByPath(Invocation call, Map<String, List<Invocation>> out) {
        for (Invocation child : call.children()) {
            if (child.module().kind() == Module.Kind.LAYER) {
                out.computeIfAbsent(child.module().path(), path -> new ArrayList<>()).add(child);
            } else {
                layerCallsByPath(child, out);
            }
        }
    }

    /** The blocks and groups under a call, nested: {@code [layer1: Sequential[0: BasicBlock, ...], ...]}. */
    private static String clusterTree(Invocation call) {
        List<String> parts = new ArrayList<>();
        for (Invocation child : call.children()) {
            if (child.module().kind() != Module.Kind.LAYER) {
                parts.add(child.module().name() + ": " + child.module().torchClass() + subtree(clusterTree(child)));
            }
        }
        return "[" + String.join(", ", parts) + "]";
    }

    private static String clusterTree(Element parent) {
        List<String> parts = new ArrayList<>();
        for (Element cluster : children(parent, "g")) {
            if (cluster.getAttribute("class").equals("cluster")) {
                parts.add(child(cluster, "text").getTextContent() + subtree(clusterTree(cluster)));
            }
        }
        return "[" + String.join(", ", parts) + "]";
    }

    private static String subtree(String tree) {
        return tree.equals("[]") ? "" : tree;
    }

    private static int clusters(Element parent) {
        int n = 0;
        for (Element cluster : children(parent, "g")) {
            if (cluster.getAttribute("class").equals("cluster")) {
                n += 1 + clusters(cluster);
            }
        }
        return n;
    }

    /**
     * The boxes right inside {@code parent} (its nodes and blocks) lie inside {@code bounds} and do not
     * overlap one another; the same inside each block.
     */
    private static void checkBoxes(Element parent, double[] bounds, String where) {
        List<double[]> boxes = new ArrayList<>();
        Map<double[], Element> elements = new HashMap<>();
        for (Element g : children(parent, "g")) {
            if (g.getAttribute("class").startsWith("edge")) {
                continue;
            }
            double[] box = box(child(g, "rect"));
            assertTrue(box[0] >= bounds[0] && box[1] >= bounds[1] && box[2] <= bounds[2] && box[3] <= bounds[3],
                where + ": " + g.getAttribute("id") + " outside its box");
            for (double[] other : boxes) {
                boolean apart = box[2] <= other[0] || other[2] <= box[0] || box[3] <= other[1] || other[3] <= box[1];
                assertTrue(apart, where + ": " + g.getAttribute("id") + " overlaps " + elements.get(other).getAttribute("id"));
            }
            boxes.add(box);
            elements.put(box, g);
            if (g.getAttribute("class").equals("cluster")) {
                checkBoxes(g, box, where);
            }
        }
    }

    private static double[] box(Element rect) {
        double x = Double.parseDouble(rect.getAttribute("x"));
        double y = Double.parseDouble(rect.getAttribute("y"));
        return new double[] {x, y, x + Double.parseDouble(rect.getAttribute("width")),
            y + Double.parseDouble(rect.getAttribute("height"))};
    }

    private static int count(String dot, char c) {
        int n = 0;
        boolean quoted = false;
        for (int i = 0; i < dot.length(); i++) {
            char at = dot.charAt(i);
            if (at == '\\') {
                i++;
            } else if (at == '"') {
                quoted = !quoted;
            } else if (!quoted && at == c) {
                n++;
            }
        }
        return n;
    }

    static List<String> texts(Element parent) {
        return children(parent, "text").stream().map(Element::getTextContent).toList();
    }

    static Element child(Element parent, String tag) {
        return children(parent, tag).get(0);
    }

    static List<Element> children(Element parent, String tag) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element element && element.getTagName().equals(tag)) {
                out.add(element);
            }
        }
        return out;
    }

    /** An SVG parsed by the JDK's XML parser, which fails on text that is not well-formed. */
    static final class Svg {
        final Document document;

        Svg(String svg) throws Exception {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
            assertEquals("svg", document.getDocumentElement().getTagName());
        }

        Element root() {
            return document.getDocumentElement();
        }

        double[] bounds() {
            return new double[] {0, 0, Double.parseDouble(root().getAttribute("width")),
                Double.parseDouble(root().getAttribute("height"))};
        }

        /** The node elements of a kind (layer, input, error...) in document order. */
        List<Element> nodes(String kind) {
            List<Element> out = new ArrayList<>();
            NodeList groups = document.getElementsByTagName("g");
            for (int i = 0; i < groups.getLength(); i++) {
                Element g = (Element) groups.item(i);
                List<String> classes = List.of(g.getAttribute("class").split(" "));
                if (classes.get(0).equals("node") && classes.contains(kind)) {
                    out.add(g);
                }
            }
            return out;
        }

        List<Element> edges() {
            return children(root(), "g").stream().filter(g -> g.getAttribute("class").equals("edge")).toList();
        }

        /** The labels of the edges whose {@code end} attribute names node {@code id}. */
        Set<String> labelsOfEdges(String end, String id) {
            Set<String> labels = new HashSet<>();
            for (Element edge : edges()) {
                if (edge.getAttribute(end).equals(id)) {
                    List<String> texts = texts(edge);
                    labels.add(texts.isEmpty() ? "" : texts.get(0));
                }
            }
            return labels;
        }
    }
}
