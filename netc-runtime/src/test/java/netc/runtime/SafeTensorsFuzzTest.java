package netc.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile files must only ever produce {@link SafeTensorsException}, never another exception or error. */
class SafeTensorsFuzzTest {
    private static final String VALID_HEADER = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]},"
            + "\"b\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[24,40]},"
            + "\"c\":{\"dtype\":\"F16\",\"shape\":[3],\"data_offsets\":[40,46]},"
            + "\"__metadata__\":{\"format\":\"pt\"}}";
    private static final String ALPHABET = "{}[]\",:-0123456789eE.abcdtypeshaF3216I4BNQ \\u";

    @TempDir
    Path dir;

    private final Random random = new Random(20240601);
    private int accepted;

    @Test
    void randomBytes() throws IOException {
        for (int i = 0; i < 1000; i++) {
            byte[] bytes = new byte[random.nextInt(64)];
            random.nextBytes(bytes);
            if (bytes.length >= 8 && random.nextBoolean()) {
                // a plausible small length so the header is actually parsed
                ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(random.nextInt(bytes.length));
            }
            check(bytes);
        }
    }

    @Test
    void mutatedHeaders() throws IOException {
        for (int i = 0; i < 3000; i++) {
            StringBuilder header = new StringBuilder(VALID_HEADER);
            int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits; e++) {
                mutate(header);
            }
            check(fileBytes(header.toString().getBytes(StandardCharsets.UTF_8), 46));
        }
        assertTrue(accepted > 0, "some mutations should still be valid files");
    }

    @Test
    void truncatedAndMislabelledFiles() throws IOException {
        byte[] valid = fileBytes(VALID_HEADER.getBytes(StandardCharsets.UTF_8), 46);
        for (int length = 0; length <= valid.length; length++) {
            check(Arrays.copyOf(valid, length));
        }
        for (int i = 0; i < 1000; i++) {
            byte[] bytes = valid.clone();
            long declared = random.nextBoolean() ? random.nextLong() : random.nextInt(valid.length + 16);
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(declared);
            check(bytes);
        }
    }

    private void mutate(StringBuilder header) {
        int at = random.nextInt(header.length());
        switch (random.nextInt(4)) {
            case 0:
                header.setCharAt(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                break;
            case 1:
                header.deleteCharAt(at);
                break;
            case 2:
                header.insert(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                break;
            default:
                header.insert(at, random.nextInt(3) == 0 ? Long.toString(random.nextLong()) : "9");
        }
    }

    private static byte[] fileBytes(byte[] header, int dataBytes) {
        ByteBuffer bytes = ByteBuffer.allocate(8 + header.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putLong(header.length).put(header);
        return bytes.array();
    }

    /** Reads the file and every tensor in it; anything but SafeTensorsException fails the test. */
    private void check(byte[] bytes) throws IOException {
        Path path = dir.resolve("fuzz.safetensors");
        Files.write(path, bytes);
        try {
            SafeTensors file = SafeTensors.read(path);
            for (String name : file.names()) {
                file.tensor(name);
                if (file.dtype(name) == SafeTensors.Dtype.I64) {
                    file.longTensor(name);
                }
            }
            accepted++;
        } catch (SafeTensorsException expected) {
            // the only acceptable failure
        } catch (RuntimeException | Error e) {
            fail("unexpected " + e + " for file bytes " + Arrays.toString(bytes), e);
        }
    }
}
