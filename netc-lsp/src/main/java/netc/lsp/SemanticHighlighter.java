package netc.lsp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import netc.grammar.NetcLexer;
import netc.grammar.NetcParser;
import netc.semantic.catalog.Catalog;
import netc.semantic.evaluation.Methods;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNode;
import org.eclipse.lsp4j.SemanticTokens;
import org.eclipse.lsp4j.SemanticTokensLegend;

/**
 * Semantic tokens from the ANTLR lexer and parser. Most tokens are classified by their type; a
 * name is classified by its place in the parse tree (label, keyword argument, definition, call)
 * and, when called, by whether the catalogue or the file's blocks define it.
 */
final class SemanticHighlighter {
    enum TokenType {
        KEYWORD("keyword"), FUNCTION("function"), CLASS("class"), PROPERTY("property"), PARAMETER("parameter"),
        VARIABLE("variable"), NUMBER("number"), STRING("string"), OPERATOR("operator"), COMMENT("comment"),
        NAMESPACE("namespace"), TYPE("type"), METHOD("method");

        final String protocolName;

        TokenType(String protocolName) {
            this.protocolName = protocolName;
        }
    }

    /** Bits of the modifiers, in legend order. */
    static final int DECLARATION = 1;
    static final int DEFAULT_LIBRARY = 2;

    static final SemanticTokensLegend LEGEND = new SemanticTokensLegend(
        java.util.Arrays.stream(TokenType.values()).map(t -> t.protocolName).collect(Collectors.toList()),
        List.of("declaration", "defaultLibrary"));

    private record Style(TokenType type, int modifiers) {
    }

    private final DocumentAnalysis analysis;
    private final Set<String> blocks;
    private final Map<Integer, Style> names = new HashMap<>();

    private SemanticHighlighter(DocumentAnalysis analysis, Set<String> blocks) {
        this.analysis = analysis;
        this.blocks = blocks;
    }

    static SemanticTokens tokens(DocumentAnalysis analysis) {
        Set<String> blocks = analysis.blocks().stream().map(b -> b.name().text()).collect(Collectors.toSet());
        SemanticHighlighter highlighter = new SemanticHighlighter(analysis, blocks);
        highlighter.classifyNames();
        return new SemanticTokens(highlighter.encode());
    }

    /** Parses the tokens again (the AST keeps no tokens) and records the style of each name in the tree. */
    private void classifyNames() {
        NetcParser parser = new NetcParser(analysis.lex());
        parser.removeErrorListeners();
        parser.getInterpreter().setPredictionMode(PredictionMode.LL);
        try {
            visit(parser.file());
        } catch (StackOverflowError e) {
            names.clear(); // too deep to walk: names fall back to their spelling alone
        }
    }

    private void visit(ParseTree tree) {
        for (int i = 0; i < tree.getChildCount(); i++) {
            ParseTree child = tree.getChild(i);
            if (child instanceof TerminalNode) {
                Style style = nameStyle((TerminalNode) child);
                if (style != null) {
                    names.put(((TerminalNode) child).getSymbol().getTokenIndex(), style);
                }
            } else {
                visit(child);
            }
        }
    }

    private Style nameStyle(TerminalNode node) {
        ParserRuleContext parent = (ParserRuleContext) node.getParent();
        int type = node.getSymbol().getType();
        if (parent instanceof NetcParser.LabelContext && type != NetcLexer.LBRACK && type != NetcLexer.RBRACK) {
            return new Style(TokenType.PROPERTY, DECLARATION); // a word, a quoted label, or a ModuleList's name
        }
        if (type != NetcLexer.IDENT) {
            return null;
        }
        if (parent instanceof NetcParser.BlockDefinitionContext
            && node.getSymbol() == ((NetcParser.BlockDefinitionContext) parent).base) {
            return new Style(TokenType.CLASS, DEFAULT_LIBRARY); // the layer or Sequential it subclasses
        }
        if (parent instanceof NetcParser.ImportStatementContext) {
            return new Style(TokenType.KEYWORD, 0); // the word import, a keyword only there
        }
        if (parent instanceof NetcParser.ComprehensionContext) {
            return new Style(TokenType.KEYWORD, 0); // the word for, a keyword only in a list comprehension
        }
        if (parent instanceof NetcParser.ModelDefinitionContext || parent instanceof NetcParser.BlockDefinitionContext) {
            return new Style(TokenType.CLASS, DECLARATION);
        }
        if (parent instanceof NetcParser.StateStatementContext) {
            // param and buffer are keywords only here, before the name they declare
            return node.getSymbol() == ((NetcParser.StateStatementContext) parent).kind ? new Style(TokenType.KEYWORD, 0)
                : new Style(TokenType.VARIABLE, DECLARATION);
        }
        if (parent instanceof NetcParser.ParameterContext) {
            return new Style(TokenType.PARAMETER, DECLARATION);
        }
        if (parent instanceof NetcParser.ArgumentContext) {
            return new Style(TokenType.PARAMETER, 0);
        }
        if (parent instanceof NetcParser.InputItemContext || parent instanceof NetcParser.BindingStatementContext
            || parent instanceof NetcParser.PatternItemContext || parent instanceof NetcParser.NameTargetContext
            || parent instanceof NetcParser.RepeatPrimaryContext) {
            return new Style(TokenType.VARIABLE, DECLARATION);
        }
        if (parent instanceof NetcParser.TensorTypeContext) {
            return new Style(TokenType.TYPE, 0);
        }
        if (parent instanceof NetcParser.MethodExprContext) {
            return member(node);
        }
        if (parent instanceof NetcParser.CallPrimaryContext) {
            // the layer after F., nn. or torch.nn.; the words before it are its namespace
            List<TerminalNode> words = ((NetcParser.CallPrimaryContext) parent).IDENT();
            return node == words.get(words.size() - 1) ? new Style(TokenType.FUNCTION, DEFAULT_LIBRARY)
                : new Style(TokenType.NAMESPACE, 0);
        }
        if (parent instanceof NetcParser.NameContext) {
            boolean qualifier = !((NetcParser.CallPrimaryContext) parent.getParent()).IDENT().isEmpty();
            return qualifier ? new Style(TokenType.NAMESPACE, 0) : byName(node.getText());
        }
        return null;
    }

    /** {@code x.view(...)}: a method; {@code x.shape}: an attribute. */
    private static Style member(TerminalNode node) {
        return node.getText().equals(Methods.SHAPE) ? new Style(TokenType.PROPERTY, 0)
            : new Style(TokenType.METHOD, DEFAULT_LIBRARY);
    }

    /** A name the tree says nothing more of: a block, a layer, or a value. */
    private Style byName(String name) {
        if (blocks.contains(name)) {
            return new Style(TokenType.CLASS, 0);
        }
        if (name.equals("super")) {
            return new Style(TokenType.KEYWORD, 0); // runs the forward of the layer a block subclasses
        }
        return Catalog.standard().lookup(name) != null ? new Style(TokenType.FUNCTION, DEFAULT_LIBRARY)
            : new Style(TokenType.VARIABLE, 0);
    }

    private Style style(Token token) {
        Style name = names.get(token.getTokenIndex());
        if (name != null) {
            return name;
        }
        switch (token.getType()) {
            case NetcLexer.MODEL: case NetcLexer.BLOCK: case NetcLexer.INPUT: case NetcLexer.IF:
            case NetcLexer.ELSE: case NetcLexer.REPEAT: case NetcLexer.IN: case NetcLexer.TRUE: case NetcLexer.FALSE:
                return new Style(TokenType.KEYWORD, 0);
            case NetcLexer.IDENT:
                return byName(token.getText());
            case NetcLexer.INT: case NetcLexer.FLOAT:
                return new Style(TokenType.NUMBER, 0);
            case NetcLexer.STRING: case NetcLexer.UNTERMINATED_STRING:
                return new Style(TokenType.STRING, 0);
            case NetcLexer.LINE_COMMENT: case NetcLexer.BLOCK_COMMENT: case NetcLexer.UNTERMINATED_COMMENT:
                return new Style(TokenType.COMMENT, 0);
            case NetcLexer.ARROW: case NetcLexer.EQ: case NetcLexer.NE: case NetcLexer.LE: case NetcLexer.GE:
            case NetcLexer.LT: case NetcLexer.GT: case NetcLexer.AND: case NetcLexer.OR: case NetcLexer.NOT:
            case NetcLexer.ASSIGN: case NetcLexer.PLUS: case NetcLexer.MINUS: case NetcLexer.STAR:
            case NetcLexer.POWER: case NetcLexer.AT:
            case NetcLexer.FLOORDIV: case NetcLexer.SLASH: case NetcLexer.PERCENT: case NetcLexer.NEGATE:
            case NetcLexer.POSITIVE:
                return new Style(TokenType.OPERATOR, 0);
            default:
                return null;
        }
    }

    /** The protocol's relative encoding: five integers a token, each line of a multi-line token apart. */
    private List<Integer> encode() {
        List<Integer> data = new ArrayList<>();
        int previousLine = 0;
        int previousStart = 0;
        for (Token token : analysis.tokens()) {
            Style style = token.getType() == Token.EOF ? null : style(token);
            if (style == null) {
                continue;
            }
            String[] lines = token.getText().split("\r\n|\r|\n", -1);
            int line = token.getLine() - 1;
            int start = Positions.utf16Column(analysis.source().line(token.getLine()), token.getCharPositionInLine() + 1);
            for (String piece : lines) {
                if (!piece.isEmpty()) {
                    data.add(line - previousLine);
                    data.add(line == previousLine ? start - previousStart : start);
                    data.add(piece.length());
                    data.add(style.type().ordinal());
                    data.add(style.modifiers());
                    previousLine = line;
                    previousStart = start;
                }
                line++;
                start = 0;
            }
        }
        return data;
    }
}
