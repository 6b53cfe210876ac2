package netc.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.Callable;
import netc.diagnostics.Diagnostic;
import netc.diagnostics.DiagnosticRenderer;
import netc.diagnostics.Diagnostics;
import netc.diagnostics.Messages;
import netc.diagnostics.Related;
import netc.diagnostics.SourceSpan;
import netc.diagnostics.Text;
import netc.importer.ImportException;
import netc.importer.OnnxImporter;
import netc.runtime.AtomicWrite;
import netc.runtime.SafeTensors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "import", mixinStandardHelpOptions = true)
final class ImportCommand implements Callable<Integer> {
    /** ONNX files are protobuf messages, which cannot exceed 2 GiB. */
    private static final long MAX_BYTES = Integer.MAX_VALUE - 8;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL.onnx", descriptionKey = "model")
    private Path model;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT.net")
    private Path output;

    @Option(names = "--weights-out", paramLabel = "W.safetensors")
    private Path weightsOut;

    @CommandLine.Mixin
    private ColorOption color;

    @CommandLine.Mixin
    private LanguageOption language;

    @Override
    public Integer call() throws IOException {
        CommandLine cli = spec.commandLine();
        Inputs.requireExisting(cli, List.of(model.toString()));
        Path net = output != null ? output : sibling(model, ".net");
        Path weights = weightsOut != null ? weightsOut : sibling(net, ".safetensors");
        checkOutputs(cli, net, weights);
        String file = model.toString();
        Diagnostics diagnostics = new Diagnostics();
        OnnxImporter.Imported imported = null;
        try {
            imported = OnnxImporter.importModel(read(file), modelName(net), model.getFileName().toString());
        } catch (ImportException e) {
            diagnostics.report(diagnostic(file, e.code(), e.text(), e.notes()));
        } catch (IOException e) {
            diagnostics.report(diagnostic(file, netc.diagnostics.Code.CANNOT_READ,
                Text.of("importer.cannot_read", AtomicWrite.reason(e)), List.of()));
        } catch (OutOfMemoryError e) {
            // what the import built is unreachable once the error is caught: there is memory to report it
            long megabytes = Runtime.getRuntime().maxMemory() / (1024 * 1024);
            diagnostics.report(Diagnostic.error(netc.diagnostics.Code.OUT_OF_MEMORY, SourceSpan.at(file, 1, 1),
                Text.of("import.needs_more_memory", megabytes)).withHelp(Text.of("import.run_java_larger_xmx")));
        }
        if (imported == null) {
            // no excerpt: the file is binary, and DiagnosticPrinter would show a line of it as text
            DiagnosticRenderer renderer = new DiagnosticRenderer(color.enabled(),
                Messages.diagnostics(LanguageOption.locale(cli)));
            diagnostics.all().forEach(d -> cli.getErr().print(renderer.render(d, null)));
            cli.getErr().println(LanguageOption.text(cli, "errors.one", 1));
            cli.getErr().flush();
            return 1;
        }
        try {
            SafeTensors.writeStored(weights, imported.weights());
        } catch (IOException e) {
            throw new UsageError(cli, "usage.option_failed", "--weights-out", e.getMessage());
        }
        try {
            AtomicWrite.writeString(net, imported.text());
        } catch (IOException e) {
            Files.deleteIfExists(weights); // nothing written on error, not half of the import
            throw new UsageError(cli, "usage.option_failed", "-o", e.getMessage());
        }
        cli.getOut().println(LanguageOption.text(cli, "wrote", net));
        cli.getOut().println(LanguageOption.text(cli, "wrote", weights));
        return 0;
    }

    /** The file mapped, not read: the weights' bytes are copied from it to the safetensors file as they are written. */
    private static ByteBuffer read(String file) throws IOException, ImportException {
        Path path = Path.of(file);
        if (Files.isDirectory(path)) {
            throw new ImportException(netc.diagnostics.Code.CANNOT_READ,
                Text.of("importer.cannot_read", Text.of("importer.is_a_directory", file)));
        }
        long size = Files.size(path);
        if (size > MAX_BYTES) {
            throw new ImportException(netc.diagnostics.Code.ONNX_UNREADABLE, Text.of("importer.too_large", size));
        }
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            return channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
        }
    }

    private static Diagnostic diagnostic(String file, netc.diagnostics.Code code, Text message, List<Text> notes) {
        SourceSpan start = SourceSpan.at(file, 1, 1);
        return Diagnostic.error(code, start, message)
            .withRelated(notes.stream().map(note -> new Related(start, note)).toList());
    }

    /** Before anything is read: no output may be the model or the other output, and both must be writable. */
    private void checkOutputs(CommandLine cli, Path net, Path weights) {
        if (Inputs.sameFile(net, model)) {
            throw new UsageError(cli, "usage.import_output_is_model", "-o", net, model);
        }
        if (Inputs.sameFile(weights, model)) {
            throw new UsageError(cli, "usage.import_output_is_model", "--weights-out", weights, model);
        }
        if (Inputs.sameFile(weights, net)) {
            throw new UsageError(cli, "usage.import_weights_is_net", weights, net);
        }
        for (Path out : List.of(net, weights)) {
            try {
                AtomicWrite.probe(out);
            } catch (IOException e) {
                throw new UsageError(cli, "usage.option_failed", out == net ? "-o" : "--weights-out", e.getMessage());
            }
        }
    }

    private static Path sibling(Path file, String extension) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return file.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + extension);
    }

    /** The model's name from the .net file's: resnet18.net gives Resnet18, my-model.net MyModel. */
    static String modelName(Path net) {
        StringBuilder name = new StringBuilder();
        for (String part : net.getFileName().toString().replaceFirst("\\.[^.]*$", "").split("[^A-Za-z0-9]+")) {
            if (!part.isEmpty()) {
                name.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return name.length() == 0 || !Character.isLetter(name.charAt(0)) ? "Model" + name : name.toString();
    }
}
