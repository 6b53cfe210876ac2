package netc.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import netc.lsp.LanguageServerLauncher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "lsp", mixinStandardHelpOptions = true)
final class LspCommand implements Callable<Integer> {
    private final InputStream in;
    private final PrintStream protocolOut;

    @Option(names = "--stdio")
    private boolean stdio;

    LspCommand(InputStream in, PrintStream protocolOut) {
        this.in = in;
        this.protocolOut = protocolOut;
    }

    /** Standard output carries the protocol alone: anything else printed there goes to standard error. */
    @Override
    public Integer call() {
        if (protocolOut == System.out) {
            System.setOut(System.err);
        }
        return LanguageServerLauncher.serve(in, protocolOut);
    }
}
