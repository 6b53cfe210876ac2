package netc.diagnostics;

import com.contrastsecurity.sarif.ArtifactChange;
import com.contrastsecurity.sarif.ArtifactContent;
import com.contrastsecurity.sarif.ArtifactLocation;
import com.contrastsecurity.sarif.Location;
import com.contrastsecurity.sarif.Message;
import com.contrastsecurity.sarif.MultiformatMessageString;
import com.contrastsecurity.sarif.PhysicalLocation;
import com.contrastsecurity.sarif.PropertyBag;
import com.contrastsecurity.sarif.Region;
import com.contrastsecurity.sarif.Replacement;
import com.contrastsecurity.sarif.ReportingConfiguration;
import com.contrastsecurity.sarif.ReportingDescriptor;
import com.contrastsecurity.sarif.Result;
import com.contrastsecurity.sarif.Run;
import com.contrastsecurity.sarif.SarifSchema210;
import com.contrastsecurity.sarif.Tool;
import com.contrastsecurity.sarif.ToolComponent;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Diagnostics as SARIF 2.1.0, what code-scanning services read: one run of netc, whose rules are
 * the error codes with their docs/errors.md text, and one result per diagnostic, its notes as
 * related locations and its fixes as SARIF fixes. Columns count code points, as netc counts them.
 */
public final class SarifDiagnostics {
    static final URI SCHEMA = URI.create(
        "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json");

    private SarifDiagnostics() {
    }

    /** Results in the language of {@code messages}; the rules keep docs/errors.md's English. */
    public static String write(List<Diagnostic> diagnostics, String version, Messages messages) {
        List<Result> results = new ArrayList<>();
        for (Diagnostic d : diagnostics) {
            results.add(result(d, messages));
        }
        ToolComponent driver = new ToolComponent().withName("netc").withVersion(version).withRules(rules());
        Run run = new Run().withTool(new Tool().withDriver(driver))
            .withColumnKind(Run.ColumnKind.UNICODE_CODE_POINTS)
            .withResults(results);
        return JsonText.write(new SarifSchema210().with$schema(SCHEMA).withVersion(SarifSchema210.Version._2_1_0)
            .withRuns(List.of(run)));
    }

    /** Every code, in the order of {@link Code}: a result's ruleIndex is its code's ordinal. */
    private static Set<ReportingDescriptor> rules() {
        Set<ReportingDescriptor> rules = new LinkedHashSet<>();
        for (Code code : Code.values()) {
            CodeDocs.Entry doc = CodeDocs.of(code);
            rules.add(new ReportingDescriptor().withId(code.id())
                .withShortDescription(new MultiformatMessageString().withText(doc.summary()))
                .withFullDescription(new MultiformatMessageString().withText(doc.text()).withMarkdown(doc.markdown()))
                .withDefaultConfiguration(new ReportingConfiguration().withLevel(level(code))));
        }
        return rules;
    }

    private static ReportingConfiguration.Level level(Code code) {
        return code.severity() == Severity.ERROR ? ReportingConfiguration.Level.ERROR
            : ReportingConfiguration.Level.WARNING;
    }

    private static Result result(Diagnostic d, Messages messages) {
        Result result = new Result().withRuleId(d.code().id()).withRuleIndex(d.code().ordinal())
            .withLevel(d.isError() ? Result.Level.ERROR : Result.Level.WARNING)
            .withMessage(new Message().withText(messages.render(d.message())))
            .withLocations(List.of(location(d.span())));
        Set<Location> notes = new LinkedHashSet<>();
        for (Related note : d.related()) {
            notes.add(location(note.span()).withId(notes.size()).withMessage(new Message().withText(messages.render(note.message()))));
        }
        if (!notes.isEmpty()) {
            result.withRelatedLocations(notes);
        }
        Set<com.contrastsecurity.sarif.Fix> fixes = new LinkedHashSet<>();
        for (Fix fix : d.fixes()) {
            fixes.add(fix(fix, messages));
        }
        if (!fixes.isEmpty()) {
            result.withFixes(fixes);
        }
        if (d.help() != null) {
            PropertyBag properties = new PropertyBag();
            properties.setAdditionalProperty("help", messages.render(d.help()));
            result.withProperties(properties);
        }
        return result;
    }

    /** A fix's edits, one artifact change per file they touch, in the order they come. */
    private static com.contrastsecurity.sarif.Fix fix(Fix fix, Messages messages) {
        Map<String, List<Replacement>> byFile = new LinkedHashMap<>();
        for (Edit edit : fix.edits()) {
            byFile.computeIfAbsent(edit.span().file(), file -> new ArrayList<>()).add(new Replacement()
                .withDeletedRegion(region(edit.span()))
                .withInsertedContent(new ArtifactContent().withText(edit.replacement())));
        }
        Set<ArtifactChange> changes = new LinkedHashSet<>();
        byFile.forEach((file, replacements) ->
            changes.add(new ArtifactChange().withArtifactLocation(artifact(file)).withReplacements(replacements)));
        return new com.contrastsecurity.sarif.Fix().withDescription(new Message().withText(messages.render(fix.title())))
            .withArtifactChanges(changes);
    }

    private static Location location(SourceSpan span) {
        return new Location().withPhysicalLocation(new PhysicalLocation()
            .withArtifactLocation(artifact(span.file())).withRegion(region(span)));
    }

    private static Region region(SourceSpan span) {
        return new Region().withStartLine(span.startLine()).withStartColumn(span.startColumn())
            .withEndLine(span.endLine()).withEndColumn(span.endColumn());
    }

    private static ArtifactLocation artifact(String file) {
        return new ArtifactLocation().withUri(uri(file));
    }

    /**
     * A relative path as a relative URI reference ({@code docs/examples/bad.net}), which code
     * scanning resolves against the checkout; an absolute path as a file URI.
     */
    static String uri(String file) {
        Path path = Path.of(file);
        if (path.isAbsolute()) {
            return path.toUri().toString();
        }
        try {
            return new URI(null, null, file.replace('\\', '/'), null).toString();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("no URI for " + file, e);
        }
    }
}
