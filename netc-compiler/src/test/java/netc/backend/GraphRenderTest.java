package netc.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import netc.TestFiles;
import netc.diagnostics.Messages;
import netc.semantic.model.AnalyzedModel;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * netc graph's SVG in a real browser: headless Chromium (Debian's chromium package, which .ci/run
 * installs) screenshots it, and the PNG must have the picture's size and not be blank. Skipped,
 * saying so, where there is no chromium.
 */
class GraphRenderTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Pattern SIZE = Pattern.compile("<svg [^>]*width=\"(\\d+)\" height=\"(\\d+)\"");

    @TempDir
    Path temp;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"resnet18", "unet_small", "tiny_transformer"})
    void chromiumDrawsThePicture(String sample) throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "skipped: no " + CHROMIUM + " (apt-get install chromium)");
        AnalyzedModel model = TestFiles.analyzeClean(TestFiles.SAMPLES.resolve(sample + ".net")).models().get(0);
        String svg = GraphSvg.render(ModelGraph.of(model, ModelGraph.FULL_DEPTH, List.of(), Messages.diagnostics(Locale.ROOT)));
        Path file = Files.writeString(temp.resolve(sample + ".svg"), svg, StandardCharsets.UTF_8);
        Matcher size = SIZE.matcher(svg);
        assertTrue(size.find(), "the svg element has its width and height");
        int width = Integer.parseInt(size.group(1));
        int height = Integer.parseInt(size.group(2));

        Path png = temp.resolve(sample + ".png");
        Process chromium = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
            "--hide-scrollbars", "--force-device-scale-factor=1", "--user-data-dir=" + temp.resolve("profile"),
            "--screenshot=" + png, "--window-size=" + width + "," + height, file.toUri().toString())
            .redirectErrorStream(true).redirectOutput(temp.resolve("chromium.log").toFile()).start();
        assertTrue(chromium.waitFor(120, TimeUnit.SECONDS), "chromium ends within two minutes");
        assertEquals(0, chromium.exitValue(), Files.readString(temp.resolve("chromium.log")));

        assertEquals(List.of(width, height), pngSize(png), "the PNG's header (IHDR) has the picture's size");
        assertTrue(width >= 200 && width <= 4000 && height >= 200 && height <= 16000, width + " x " + height);
        BufferedImage image = ImageIO.read(png.toFile());
        long inked = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xffffff) != 0xffffff) {
                    inked++;
                }
            }
        }
        double share = (double) inked / ((long) width * height);
        assertTrue(share > 0.05 && share < 0.9, sample + ": " + inked + " of " + (long) width * height
            + " pixels are not white");
    }

    /** Width and height from the IHDR chunk, which follows the 8-byte signature and its own length and type. */
    private static List<Integer> pngSize(Path png) throws IOException {
        try (InputStream in = Files.newInputStream(png); DataInputStream data = new DataInputStream(in)) {
            assertEquals(0x89504e470d0a1a0aL, data.readLong(), "the PNG signature");
            data.readInt(); // the chunk's length
            assertEquals("IHDR", new String(data.readNBytes(4), StandardCharsets.US_ASCII));
            return List.of(data.readInt(), data.readInt());
        }
    }
}
