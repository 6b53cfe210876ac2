package netc.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import netc.TestFiles;
import netc.grammar.NetcLexer;
import netc.semantic.catalog.Catalog;
import org.antlr.v4.runtime.Vocabulary;
import org.junit.jupiter.api.Test;

/** The VS Code grammar's word lists, written out for TextMate, must not drift from the lexer and the catalogue. */
class EditorGrammarTest {
    private static final Path GRAMMAR = Path.of("editors/vscode/syntaxes/netc.tmLanguage.json");
    private static final Pattern WORD_LIST = Pattern.compile("\\\\b\\(([a-z0-9_|]+)\\)\\\\b");

    @Test
    void keywordsAndBooleansAreTheLexersKeywords() {
        Set<String> highlighted = new TreeSet<>(words("keywords"));
        highlighted.addAll(words("booleans"));
        assertEquals(lexerKeywords(), highlighted);
    }

    @Test
    void layerNamesAreTheCataloguesNames() {
        Set<String> catalogue = new TreeSet<>(Catalog.standard().names());
        assertEquals(catalogue, new TreeSet<>(words("layer-names")),
            "write the layer-names match as \\b(" + String.join("|", Catalog.standard().names()) + ")\\b");
    }

    /** The words of a repository rule whose match is {@code \b(a|b|c)\b}. */
    private static List<String> words(String rule) {
        JsonObject grammar = JsonParser.parseString(TestFiles.read(GRAMMAR)).getAsJsonObject();
        String match = grammar.getAsJsonObject("repository").getAsJsonObject(rule).get("match").getAsString();
        Matcher list = WORD_LIST.matcher(match);
        if (!list.matches()) {
            throw new AssertionError(rule + " is not a list of words: " + match);
        }
        return Arrays.asList(list.group(1).split("\\|"));
    }

    /** Tokens spelled as one word, such as 'model': the language's keywords. */
    private static Set<String> lexerKeywords() {
        Vocabulary vocabulary = NetcLexer.VOCABULARY;
        Set<String> keywords = new TreeSet<>();
        for (int type = 1; type <= vocabulary.getMaxTokenType(); type++) {
            String literal = vocabulary.getLiteralName(type);
            if (literal != null && literal.matches("'[a-z]+'")) {
                keywords.add(literal.substring(1, literal.length() - 1));
            }
        }
        return keywords;
    }
}
