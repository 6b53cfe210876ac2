package netc.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** The version Maven wrote into netc-version.properties. */
final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("/netc-version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        }
        return new String[] {"netc " + properties.getProperty("version", "unknown")};
    }
}
