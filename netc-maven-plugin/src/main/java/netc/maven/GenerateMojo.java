package netc.maven;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.lang.model.SourceVersion;
import netc.backend.JavaGenerator;
import netc.backend.UnsupportedLayerException;
import netc.diagnostics.Code;
import netc.diagnostics.Diagnostic;
import netc.diagnostics.DiagnosticRenderer;
import netc.diagnostics.Messages;
import netc.diagnostics.Diagnostics;
import netc.diagnostics.SourceReader;
import netc.diagnostics.SourceText;
import netc.runtime.AtomicWrite;
import netc.semantic.Analyzer;
import netc.semantic.model.AnalyzedModel;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Generates a Java class for every model of the {@code .net} files below {@code sourceDirectory},
 * as {@code netc java} does, into {@code outputDirectory}, which it adds to the compile source roots.
 * A file's package is its folder below {@code sourceDirectory} ({@code demo/Tiny.net}: {@code demo})
 * unless {@code packageName} names one for all. Diagnostics are Maven errors and warnings in netc's
 * {@code file:line:col: error[E...]} form; a file with errors fails the build after every file was
 * checked. A file is generated again only when it, or a file it imports, changed since it was last
 * generated: what each generation read and wrote is recorded in {@code stateDirectory}.
 */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.GENERATE_SOURCES, threadSafe = true)
public final class GenerateMojo extends AbstractMojo {
    @Parameter(defaultValue = "${project.basedir}/src/main/netc", required = true)
    private File sourceDirectory;

    @Parameter(defaultValue = "${project.build.directory}/generated-sources/netc", required = true)
    private File outputDirectory;

    /** The package of every generated class; by default each file's folder below sourceDirectory. */
    @Parameter
    private String packageName;

    @Parameter(defaultValue = "${project.build.directory}/netc-maven-plugin", required = true, readonly = true)
    private File stateDirectory;

    @Parameter(defaultValue = "${project}", required = true, readonly = true)
    private MavenProject project;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        project.addCompileSourceRoot(outputDirectory.getPath());
        Path sources = sourceDirectory.toPath();
        if (!Files.isDirectory(sources)) {
            getLog().info("netc: no model files: " + sources + " is not a directory");
            return;
        }
        List<Path> files = modelFiles(sources);
        int generated = 0;
        int failed = 0;
        for (Path file : files) {
            Path relative = sources.relativize(file);
            GenerationRecord last = new GenerationRecord(stateDirectory.toPath(), relative);
            String pkg = packageOf(relative);
            if (last.isUpToDate(pkg, outputDirectory.toPath())) {
                continue;
            }
            if (generate(file, pkg, last)) {
                generated++;
            } else {
                failed++;
            }
        }
        if (failed > 0) {
            throw new MojoFailureException("netc: " + failed + (failed == 1 ? " model file has" : " model files have")
                + " errors (see above)");
        }
        int upToDate = files.size() - generated;
        getLog().info(generated == 0
            ? "netc: nothing to generate: " + files.size() + (files.size() == 1 ? " model file is" : " model files are")
                + " up to date"
            : "netc: generated " + generated + " of " + files.size() + " model files (" + upToDate + " up to date)");
    }

    private static List<Path> modelFiles(Path sources) throws MojoExecutionException {
        try (Stream<Path> walk = Files.walk(sources)) {
            return walk.filter(p -> p.toString().endsWith(".net") && Files.isRegularFile(p)).sorted()
                .collect(Collectors.toList());
        } catch (IOException e) {
            throw new MojoExecutionException("netc: cannot list " + sources + ": " + e.getMessage(), e);
        }
    }

    /** The configured package, else the file's folder below sourceDirectory, checked as javac would. */
    private String packageOf(Path relative) throws MojoFailureException {
        String name = packageName;
        if (name == null) {
            Path folder = relative.getParent();
            name = folder == null ? "" : folder.toString().replace(File.separatorChar, '.');
        }
        if (!name.isEmpty() && (!SourceVersion.isName(name) || name.equals("java") || name.startsWith("java."))) {
            throw new MojoFailureException("netc: " + relative + ": " + name + " is not a package name a class"
                + " can have (set packageName, or move the file to a folder whose path is one)");
        }
        return name;
    }

    /** Analyses one file and writes its models' classes; false when it has errors (reported). */
    private boolean generate(Path file, String pkg, GenerationRecord last) throws MojoExecutionException {
        Diagnostics diagnostics = new Diagnostics();
        SourceText source = SourceReader.read(file, file.toString(), diagnostics);
        Analyzer.Result result = source == null ? null : Analyzer.analyze(source, Analyzer.Options.all(), diagnostics);
        List<JavaGenerator.GeneratedJava> classes = result == null || diagnostics.hasErrors() ? List.of()
            : generateClasses(result, pkg, diagnostics);
        // a file of blocks that other files import has no model, and so no class: not an error here
        List<Diagnostic> reported = diagnostics.all().stream().filter(d -> d.code() != Code.NO_MODEL)
            .collect(Collectors.toList());
        report(reported, result);
        if (reported.stream().anyMatch(Diagnostic::isError)) {
            return false;
        }
        List<Path> written = new ArrayList<>();
        try {
            last.deleteGenerated(outputDirectory.toPath());
            for (JavaGenerator.GeneratedJava java : classes) {
                Path relative = Path.of(pkg.replace('.', '/'), java.className() + ".java");
                AtomicWrite.writeString(createParents(outputDirectory.toPath().resolve(relative)), java.source());
                written.add(relative);
                getLog().info("netc: generated " + relative + " from " + file.getFileName());
            }
            last.write(pkg, result.sources().paths(), written);
        } catch (IOException e) {
            throw new MojoExecutionException("netc: cannot write the classes of " + file + ": " + e.getMessage(), e);
        }
        return true;
    }

    private static List<JavaGenerator.GeneratedJava> generateClasses(Analyzer.Result result, String pkg,
                                                                     Diagnostics diagnostics) {
        List<JavaGenerator.GeneratedJava> classes = new ArrayList<>();
        for (AnalyzedModel model : result.models()) {
            try {
                classes.add(JavaGenerator.generate(model, pkg));
            } catch (UnsupportedLayerException e) {
                diagnostics.report(Diagnostic.error(e.code(), e.span(), e.text()));
            }
        }
        return classes;
    }

    private static Path createParents(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        return file;
    }

    /** Every diagnostic as netc prints it, the first line {@code file:line:col: error[E...]: message}. */
    private void report(List<Diagnostic> diagnostics, Analyzer.Result result) {
        // Maven's log is English: the build's messages are
        DiagnosticRenderer renderer = new DiagnosticRenderer(false, Messages.diagnostics(Locale.ENGLISH));
        for (Diagnostic d : diagnostics) {
            SourceText text = result == null ? null : result.sources().get(d.span().file());
            String rendered = renderer.render(d, text).stripTrailing();
            if (d.isError()) {
                getLog().error(rendered);
            } else {
                getLog().warn(rendered);
            }
        }
    }
}
