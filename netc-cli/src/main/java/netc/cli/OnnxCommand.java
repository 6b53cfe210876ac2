package netc.cli;

import com.google.protobuf.CodedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import netc.backend.OnnxExporter;
import netc.onnx.OnnxProto;
import netc.runtime.AtomicWrite;
import netc.runtime.SafeTensors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "onnx", mixinStandardHelpOptions = true)
final class OnnxCommand implements Callable<Integer> {
    private final InputStream stdin;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    private ModelGeneration generation;

    @Option(names = "--weights", paramLabel = "W")
    private Path weights;

    @Option(names = "--random-weights")
    private boolean randomWeights;

    @Option(names = "--opset", paramLabel = "N")
    private int opset = OnnxExporter.DEFAULT_OPSET;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT")
    private Path output;

    OnnxCommand(InputStream stdin) {
        this.stdin = stdin;
    }

    @Override
    public Integer call() {
        CommandLine cli = spec.commandLine();
        checkOptions(cli);
        if (weights != null) {
            Inputs.requireExisting(cli, List.of(weights.toString()));
        }
        checkOutput(cli);
        try {
            SafeTensors state = weights == null ? null : SafeTensors.read(weights);
            ModelGeneration.Result<OnnxProto.ModelProto> result = generation.generate(cli, stdin, (model, source) -> {
                try {
                    OnnxExporter.Weights values = state == null ? OnnxExporter.randomWeights()
                        : OnnxExporter.weightsOf(state, model);
                    return OnnxExporter.export(model, values, opset, Version.number());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            if (result.generated() == null) {
                return result.exitCode();
            }
            OnnxProto.ModelProto generated = result.generated();
            // streamed to the file: its bytes are not held a second time beside the message's
            AtomicWrite.write(output, channel -> {
                CodedOutputStream out = CodedOutputStream.newInstance(Channels.newOutputStream(channel), 1 << 16);
                generated.writeTo(out);
                out.flush();
            });
        } catch (UncheckedIOException e) {
            cli.getErr().println("error: " + e.getCause().getMessage());
            return 1;
        } catch (IOException e) {
            cli.getErr().println("error: " + e.getMessage());
            return 1;
        }
        cli.getOut().println(LanguageOption.text(cli, "wrote", output));
        return 0;
    }

    /**
     * Weights are required: an ONNX file of zeros runs and gives wrong numbers silently. The opset must be
     * one the mapping is written for.
     */
    private void checkOptions(CommandLine cli) {
        if (weights == null && !randomWeights) {
            throw new UsageError(cli, "usage.onnx_needs_weights");
        }
        if (weights != null && randomWeights) {
            throw new UsageError(cli, "usage.onnx_weights_exclusive");
        }
        if (opset < OnnxExporter.MIN_OPSET || opset > OnnxExporter.MAX_OPSET) {
            throw new UsageError(cli, "usage.onnx_opset", opset, OnnxExporter.MIN_OPSET, OnnxExporter.MAX_OPSET);
        }
    }

    /** Before anything is read: the output must not be one of the inputs, and must be writable. */
    private void checkOutput(CommandLine cli) {
        Map<String, Path> inputs = new LinkedHashMap<>();
        if (weights != null) {
            inputs.put("--weights", weights);
        }
        Inputs.requireNotAnInput(cli, "-o", output, inputs, generation.options.file, "usage.the_onnx_model");
        try {
            AtomicWrite.probe(output);
        } catch (IOException e) {
            throw new UsageError(cli, "usage.option_failed", "-o", e.getMessage());
        }
    }
}
