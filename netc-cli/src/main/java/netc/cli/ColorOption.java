package netc.cli;

import picocli.CommandLine.Option;

/** {@code --color auto|always|never}: colour diagnostics only on a terminal by default. */
final class ColorOption {
    enum When { auto, always, never }

    @Option(names = "--color", defaultValue = "auto", paramLabel = "WHEN")
    When when = When.auto;

    boolean enabled() {
        if (when == When.auto) {
            return System.console() != null && !"dumb".equals(System.getenv("TERM"));
        }
        return when == When.always;
    }
}
