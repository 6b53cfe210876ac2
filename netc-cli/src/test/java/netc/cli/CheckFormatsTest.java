package netc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import netc.ErrorCorpusTest;
import netc.TestFiles;
import netc.diagnostics.Code;
import netc.diagnostics.Diagnostic;
import netc.diagnostics.Diagnostics;
import netc.diagnostics.Edit;
import netc.diagnostics.Fix;
import netc.diagnostics.Related;
import netc.diagnostics.SourceSpan;
import netc.semantic.Analyzer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** netc check --format json and --format sarif: what CI reads. */
class CheckFormatsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonSchema SARIF_SCHEMA = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4)
        .getSchema(TestFiles.read(Path.of("netc-cli/src/test/resources/sarif/sarif-schema-2.1.0.json")), InputFormat.JSON);

    static List<Path> corpus() throws IOException {
        return ErrorCorpusTest.corpus().collect(Collectors.toList());
    }

    @Test
    void jsonOfTheReadmeExample() {
        CliRunner.Run run = CliRunner.run("check", "docs/examples/bad.net", "--format", "json");
        assertEquals(1, run.exitCode());
        assertEquals("", run.err());
        String expected = TestFiles.read(Path.of("netc-cli/src/test/resources/formats/bad.json"));
        assertEquals(expected, run.out());
        assertTrue(TestFiles.read(Path.of("docs/ci.md")).contains("```json\n" + expected + "```\n"),
            "docs/ci.md shows the output as it is");
    }

    @Test
    void oneJsonDocumentForAllTheFilesCountsErrorsAndWarnings() throws IOException {
        CliRunner.Run run = CliRunner.run("check", "samples/simple.net", "netc-compiler/src/test/resources/errors/implicit_dim.net",
            "--format", "json");
        assertEquals(0, run.exitCode());
        JsonNode json = MAPPER.readTree(run.out());
        assertEquals(List.of("diagnostics", "errors", "warnings"), names(json));
        assertEquals(0, json.get("errors").asInt());
        assertEquals(json.get("diagnostics").size(), json.get("warnings").asInt());
        JsonNode first = json.get("diagnostics").get(0);
        assertEquals(List.of("file", "range", "severity", "code", "message", "notes", "help", "fixes"), names(first));
        assertEquals("warning", first.get("severity").asText());
        assertEquals("W502", first.get("code").asText());
    }

    @Test
    void theTextFormatIsTheDefaultAndGoesToStandardError() {
        CliRunner.Run text = CliRunner.run("check", "docs/examples/bad.net", "--format", "text", "--color", "never");
        CliRunner.Run byDefault = CliRunner.run("check", "docs/examples/bad.net", "--color", "never");
        assertEquals(byDefault, text);
        assertEquals("", text.out());
        assertEquals("docs/examples/bad.net:7:5: error[E201]: linear expects 2048 input features, but the incoming "
            + "tensor is [-1, 4096]", text.err().lines().findFirst().orElseThrow());
    }

    @Test
    void sarifOfTheReadmeExampleHoldsExactValues() throws IOException {
        CliRunner.Run run = CliRunner.run("check", "docs/examples/bad.net", "--format", "sarif");
        assertEquals(1, run.exitCode());
        JsonNode sarif = MAPPER.readTree(run.out());
        assertEquals("2.1.0", sarif.get("version").asText());
        assertEquals("https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json",
            sarif.get("$schema").asText());
        JsonNode run0 = sarif.get("runs").get(0);
        assertEquals(1, sarif.get("runs").size());
        assertEquals("unicodeCodePoints", run0.get("columnKind").asText());
        JsonNode driver = run0.get("tool").get("driver");
        assertEquals("netc", driver.get("name").asText());
        assertEquals(Version.number(), driver.get("version").asText());
        assertEquals(Code.values().length, driver.get("rules").size());
        JsonNode e201 = driver.get("rules").get(Code.FEATURES_MISMATCH.ordinal());
        assertEquals("E201", e201.get("id").asText());
        assertEquals("linear's in_features differs from the last dimension of the incoming tensor.",
            e201.get("shortDescription").get("text").asText());
        assertEquals("`linear`'s in_features differs from the last dimension of the incoming tensor. The help shows "
            + "the call with the right number, and the `_` form that infers it.",
            e201.get("fullDescription").get("markdown").asText());
        assertEquals("error", e201.get("defaultConfiguration").get("level").asText());
        // a warning's level is SARIF's default, which java-sarif leaves out
        assertEquals(MAPPER.readTree("{}"), driver.get("rules").get(Code.IMPLICIT_DIM.ordinal()).get("defaultConfiguration"));

        JsonNode result = run0.get("results").get(0);
        assertEquals(1, run0.get("results").size());
        assertEquals("E201", result.get("ruleId").asText());
        assertEquals(Code.FEATURES_MISMATCH.ordinal(), result.get("ruleIndex").asInt());
        assertEquals("error", result.get("level").asText());
        assertEquals("linear expects 2048 input features, but the incoming tensor is [-1, 4096]",
            result.get("message").get("text").asText());
        JsonNode location = result.get("locations").get(0).get("physicalLocation");
        assertEquals("docs/examples/bad.net", location.get("artifactLocation").get("uri").asText());
        assertEquals(MAPPER.readTree("{\"startLine\": 7, \"startColumn\": 5, \"endLine\": 7, \"endColumn\": 24}"),
            location.get("region"));
        JsonNode note = result.get("relatedLocations").get(0);
        assertEquals("[-1, 64, 8, 8] comes from maxpool(2) at 5:41, flattened by flatten at 6:5",
            note.get("message").get("text").asText());
        assertEquals(MAPPER.readTree("{\"startLine\": 6, \"startColumn\": 5, \"endLine\": 6, \"endColumn\": 12}"),
            note.get("physicalLocation").get("region"));
        JsonNode fix = result.get("fixes").get(0);
        assertEquals("write linear(4096, 128)", fix.get("description").get("text").asText());
        JsonNode replacement = fix.get("artifactChanges").get(0).get("replacements").get(0);
        assertEquals(MAPPER.readTree("{\"startLine\": 7, \"startColumn\": 12, \"endLine\": 7, \"endColumn\": 18}"),
            replacement.get("deletedRegion"));
        assertEquals("4096", replacement.get("insertedContent").get("text").asText());
        assertEquals("infer it with _", result.get("fixes").get(1).get("description").get("text").asText());
        assertEquals("write linear(4096, 128), or linear(_, 128) to infer it",
            result.get("properties").get("help").asText());
    }

    /** Every file of the error corpus: valid SARIF 2.1.0, one result per diagnostic, field by field. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void sarifOfTheErrorCorpusIsValidAndHoldsEveryDiagnostic(Path file) throws IOException {
        CliRunner.Run run = CliRunner.run("check", file.toString(), "--format", "sarif");
        Set<ValidationMessage> invalid = SARIF_SCHEMA.validate(run.out(), InputFormat.JSON);
        assertEquals(Set.of(), invalid);

        Diagnostics diagnostics = new Diagnostics();
        Analyzer.analyze(TestFiles.source(file), Analyzer.Options.check(Analyzer.Options.DEFAULT_MAX_LAYERS), diagnostics);
        assertEquals(diagnostics.hasErrors() ? 1 : 0, run.exitCode());
        JsonNode results = MAPPER.readTree(run.out()).get("runs").get(0).get("results");
        List<Diagnostic> expected = diagnostics.all();
        assertEquals(expected.size(), results.size());
        for (int i = 0; i < expected.size(); i++) {
            assertResult(expected.get(i), results.get(i));
        }
    }

    /** Files that cannot be read, or read as nothing: a directory, Latin-1, empty standard input. */
    @Test
    void errorsAboutWholeFilesAreValidSarifToo() throws IOException {
        CliRunner.Run run = CliRunner.runWithInput("", "check", "netc-compiler/src/test/resources/hostile",
            "netc-compiler/src/test/resources/hostile/latin1.net", "-", "--format", "sarif");
        assertEquals(1, run.exitCode());
        assertEquals(Set.of(), SARIF_SCHEMA.validate(run.out(), InputFormat.JSON));
        List<String> results = new ArrayList<>();
        for (JsonNode result : MAPPER.readTree(run.out()).get("runs").get(0).get("results")) {
            JsonNode location = result.get("locations").get(0).get("physicalLocation");
            results.add(result.get("ruleId").asText() + " " + location.get("artifactLocation").get("uri").asText() + ":"
                + location.get("region").get("startLine").asInt() + ":" + location.get("region").get("startColumn").asInt());
        }
        assertEquals(List.of("E001 netc-compiler/src/test/resources/hostile:1:1", "E002 netc-compiler/src/test/resources/hostile/latin1.net:2:24",
            "E407 %3Cstdin%3E:1:1"), results);
    }

    @Test
    void theSchemaRefusesWhatIsNotSarif() {
        assertEquals(1, SARIF_SCHEMA.validate("{\"version\": \"2.1.0\", \"runs\": [{\"tool\": {}}]}", InputFormat.JSON)
            .size());
    }

    private static void assertResult(Diagnostic d, JsonNode result) {
        assertEquals(d.code().id(), result.get("ruleId").asText());
        assertEquals(d.code().ordinal(), result.get("ruleIndex").asInt());
        // java-sarif leaves out a level that is SARIF's default, warning
        assertEquals(d.severity().label(), result.has("level") ? result.get("level").asText() : "warning");
        assertEquals(d.message().english(), result.get("message").get("text").asText());
        assertEquals(1, result.get("locations").size());
        assertLocation(d.span(), result.get("locations").get(0));
        JsonNode notes = result.get("relatedLocations");
        assertEquals(d.related().size(), notes == null ? 0 : notes.size());
        for (int i = 0; i < d.related().size(); i++) {
            Related note = d.related().get(i);
            assertEquals(i, notes.get(i).get("id").asInt());
            assertEquals(note.message().english(), notes.get(i).get("message").get("text").asText());
            assertLocation(note.span(), notes.get(i));
        }
        JsonNode fixes = result.get("fixes");
        assertEquals(d.fixes().size(), fixes == null ? 0 : fixes.size());
        for (int i = 0; i < d.fixes().size(); i++) {
            Fix fix = d.fixes().get(i);
            assertEquals(fix.title().english(), fixes.get(i).get("description").get("text").asText());
            JsonNode replacements = fixes.get(i).get("artifactChanges").get(0).get("replacements");
            assertEquals(fix.edits().size(), replacements.size());
            for (int j = 0; j < fix.edits().size(); j++) {
                Edit edit = fix.edits().get(j);
                assertEquals(edit.replacement(), replacements.get(j).get("insertedContent").get("text").asText());
                assertRegion(edit.span(), replacements.get(j).get("deletedRegion"));
            }
        }
        if (d.help() == null) {
            assertNull(result.get("properties"));
        } else {
            assertEquals(d.help().english(), result.get("properties").get("help").asText());
        }
    }

    private static void assertLocation(SourceSpan span, JsonNode location) {
        JsonNode physical = location.get("physicalLocation");
        assertEquals(span.file(), physical.get("artifactLocation").get("uri").asText());
        assertRegion(span, physical.get("region"));
    }

    private static void assertRegion(SourceSpan span, JsonNode region) {
        assertEquals(List.of(span.startLine(), span.startColumn(), span.endLine(), span.endColumn()),
            List.of(region.get("startLine").asInt(), region.get("startColumn").asInt(), region.get("endLine").asInt(),
                region.get("endColumn").asInt()));
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        Iterator<String> it = object.fieldNames();
        it.forEachRemaining(names::add);
        return names;
    }
}
