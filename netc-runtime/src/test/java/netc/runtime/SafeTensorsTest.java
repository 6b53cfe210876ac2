package netc.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {
    @TempDir
    Path dir;

    /** Writes an 8-byte length, the header text and the given number of data bytes (0, 1, 2, ...). */
    private Path file(String header, int dataBytes) throws IOException {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        return file(json.length, json, dataBytes);
    }

    private Path file(long declaredLength, byte[] header, int dataBytes) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(8 + header.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putLong(declaredLength).put(header);
        for (int i = 0; i < dataBytes; i++) {
            bytes.put((byte) i);
        }
        Path path = dir.resolve("t.safetensors");
        Files.write(path, bytes.array());
        return path;
    }

    private String readFault(Path path) {
        return assertThrows(SafeTensorsException.class, () -> SafeTensors.read(path)).getMessage();
    }

    private void assertFault(String header, int dataBytes, String expected) throws IOException {
        Path path = file(header, dataBytes);
        assertEquals(path + ": " + expected, readFault(path));
    }

    @Test
    void writesAndReadsFloatAndLongTensorsWithMetadata() throws IOException {
        Map<String, AnyTensor> tensors = new LinkedHashMap<>();
        tensors.put("w", new Tensor(new float[] {1.5f, -2f, 3.25f, 0f, 1e-30f, Float.MAX_VALUE}, 2, 3));
        tensors.put("ids", new LongTensor(new long[] {7, -1, Long.MAX_VALUE}, 3));
        tensors.put("empty", Tensor.zeros(0, 4));
        Path path = dir.resolve("w.safetensors");
        SafeTensors.write(path, tensors, Map.of("format", "pt"));

        SafeTensors file = SafeTensors.read(path);
        assertEquals(List.of("w", "ids", "empty"), List.copyOf(file.names()));
        assertEquals(Map.of("format", "pt"), file.metadata());
        assertEquals(SafeTensors.Dtype.I64, file.dtype("ids"));
        assertArrayEquals(new int[] {2, 3}, file.shape("w"));
        assertArrayEquals(((Tensor) tensors.get("w")).data, file.tensor("w").data);
        assertArrayEquals(((LongTensor) tensors.get("ids")).data, file.longTensor("ids").data);
        assertArrayEquals(new int[] {0, 4}, file.tensor("empty").shape);
        long headerLength = ByteBuffer.wrap(Files.readAllBytes(path), 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, headerLength % 8);
    }

    @Test
    void rewritingPyTorchFileGivesTheSameBytes() throws IOException {
        Path original = Path.of("netc-runtime/src/test/resources/oracle/lstm_classifier/io.safetensors");
        SafeTensors file = SafeTensors.read(original);
        Map<String, AnyTensor> tensors = new LinkedHashMap<>();
        tensors.put("input", file.longTensor("input"));
        tensors.put("output", file.tensor("output"));
        Path copy = dir.resolve("copy.safetensors");
        SafeTensors.write(copy, tensors, file.metadata());
        assertArrayEquals(Files.readAllBytes(original), Files.readAllBytes(copy));
    }

    @Test
    void convertsHalfBfloatDoubleAndIntToFloat() throws IOException {
        String header = "{\"h\":{\"dtype\":\"F16\",\"shape\":[4],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[8,12]},"
                + "\"d\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[12,20]},"
                + "\"i\":{\"dtype\":\"I32\",\"shape\":[1],\"data_offsets\":[20,24]}}";
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer bytes = ByteBuffer.allocate(8 + json.length + 24).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putLong(json.length).put(json);
        // F16: 1.0, -2.0, smallest subnormal 2^-24, +infinity
        bytes.putShort((short) 0x3c00).putShort((short) 0xc000).putShort((short) 0x0001).putShort((short) 0x7c00);
        // BF16: 1.0 and -0.5
        bytes.putShort((short) 0x3f80).putShort((short) 0xbf00);
        bytes.putDouble(0.125).putInt(-42);
        Path path = dir.resolve("mixed.safetensors");
        Files.write(path, bytes.array());

        SafeTensors file = SafeTensors.read(path);
        assertArrayEquals(new float[] {1f, -2f, 0x1p-24f, Float.POSITIVE_INFINITY}, file.tensor("h").data);
        assertArrayEquals(new float[] {1f, -0.5f}, file.tensor("b").data);
        assertArrayEquals(new float[] {0.125f}, file.tensor("d").data);
        assertArrayEquals(new float[] {-42f}, file.tensor("i").data);
        assertArrayEquals(new long[] {-42}, file.longTensor("i").data);
    }

    @Test
    void rejectsFileShorterThanHeaderLength() throws IOException {
        Path path = dir.resolve("short.safetensors");
        Files.write(path, new byte[5]);
        assertEquals(path + ": file is 5 bytes, too short for the 8-byte header length", readFault(path));
    }

    @Test
    void rejectsHeaderLengthOverLimit() throws IOException {
        Path path = file(100_000_001L, new byte[0], 0);
        assertEquals(path + ": header length 100000001 exceeds the limit of 100000000 bytes", readFault(path));
        Path huge = file(-1L, new byte[0], 0);
        assertEquals(huge + ": header length 18446744073709551615 exceeds the limit of 100000000 bytes", readFault(huge));
    }

    @Test
    void rejectsHeaderLengthBeyondFile() throws IOException {
        Path path = file(50, "{}".getBytes(StandardCharsets.UTF_8), 0);
        assertEquals(path + ": header length 50 runs past the end of the 10-byte file", readFault(path));
    }

    @Test
    void rejectsInvalidUtf8() throws IOException {
        Path path = file(3, new byte[] {'{', (byte) 0xff, '}'}, 0);
        assertEquals(path + ": header is not valid UTF-8", readFault(path));
    }

    @Test
    void rejectsInvalidJson() throws IOException {
        assertFault("{\"a\": }", 0, "header is not valid JSON: unexpected character '}' at offset 6");
        assertFault("[1, 2]", 0, "header is not a JSON object");
    }

    @Test
    void rejectsEntryThatIsNotAnObject() throws IOException {
        assertFault("{\"a\": 3}", 0, "tensor 'a': entry is not a JSON object");
    }

    @Test
    void rejectsMissingDtype() throws IOException {
        assertFault("{\"a\":{\"shape\":[1],\"data_offsets\":[0,4]}}", 4, "tensor 'a': missing dtype");
    }

    @Test
    void rejectsUnknownDtype() throws IOException {
        assertFault("{\"a\":{\"dtype\":\"Q4\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4,
                "tensor 'a': unsupported dtype Q4 (supported: [F32, F16, BF16, F64, I64, I32])");
    }

    @Test
    void rejectsMissingOrMalformedShape() throws IOException {
        assertFault("{\"a\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", 4, "tensor 'a': missing shape");
        assertFault("{\"a\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,4]}}", 4,
                "tensor 'a': shape [1.5] is not an array of integers");
    }

    @Test
    void rejectsNegativeDimension() throws IOException {
        assertFault("{\"a\":{\"dtype\":\"F32\",\"shape\":[2,-3],\"data_offsets\":[0,4]}}", 4,
                "tensor 'a': dimension -3 of shape [2, -3] is negative or too large");
    }

    @Test
    void rejectsElementCountOverflow() throws IOException {
        assertFault("{\"a\":{\"dtype\":\"F32\",\"shape\":[2147483647,2147483647,2147483647],\"data_offsets\":[0,4]}}", 4,
                "tensor 'a': shape [2147483647, 2147483647, 2147483647] has too many elements (byte size overflows 64 bits)");
    }

    @Test
    void rejectsOffsetsOutOfRange() throws IOException {
        assertFault("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 4,
                "tensor 'a': data_offsets [0, 8] are out of range of the 4-byte data section");
        assertFault("{\"a\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[4,0]}}", 4,
                "tensor 'a': data_offsets [4, 0] are out of range of the 4-byte data section");
        assertFault("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0]}}", 4,
                "tensor 'a': data_offsets [0] is not an array of two integers");
        assertFault("{\"a\":{\"dtype\":\"F32\",\"shape\":[1]}}", 4, "tensor 'a': missing data_offsets");
    }

    @Test
    void rejectsSizeThatDisagreesWithDtypeAndShape() throws IOException {
        assertFault("{\"a\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,12]}}", 12,
                "tensor 'a': data_offsets [0, 12] hold 12 bytes but dtype F32 with shape [2, 2] needs 16");
    }

    @Test
    void rejectsOverlappingTensors() throws IOException {
        assertFault("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12,
                "tensors 'a' and 'b' overlap in the data section");
    }

    @Test
    void rejectsDataNotCoveredByTensors() throws IOException {
        assertFault("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8,
                "bytes [0, 4) of the data section belong to no tensor");
        assertFault("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 6,
                "bytes [4, 6) of the data section belong to no tensor");
    }

    @Test
    void rejectsMetadataThatIsNotStrings() throws IOException {
        assertFault("{\"__metadata__\":{\"n\":1}}", 0, "__metadata__ value of 'n' is not a string");
    }

    @Test
    void rejectsUnknownNameAndIntegerReadOfFloats() throws IOException {
        Path path = file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4);
        SafeTensors file = SafeTensors.read(path);
        assertEquals(path + ": no tensor named 'b'",
                assertThrows(SafeTensorsException.class, () -> file.tensor("b")).getMessage());
        assertEquals(path + ": tensor 'a' has dtype F32, not an integer dtype",
                assertThrows(SafeTensorsException.class, () -> file.longTensor("a")).getMessage());
    }

    @Test
    void checkWeightsListsEveryProblem() throws IOException {
        Map<String, AnyTensor> stored = new LinkedHashMap<>();
        stored.put("conv.weight", Tensor.zeros(4, 3, 5, 5));
        stored.put("conv.bias", Tensor.zeros(4));
        stored.put("extra", Tensor.zeros(2));
        Path path = dir.resolve("w.safetensors");
        SafeTensors.write(path, stored);
        Map<String, int[]> expected = new LinkedHashMap<>();
        expected.put("conv.weight", new int[] {4, 3, 3, 3});
        expected.put("conv.bias", new int[] {4});
        expected.put("fc.weight", new int[] {10, 4});

        WeightsException e = assertThrows(WeightsException.class, () -> SafeTensors.read(path).checkWeights(expected));
        assertEquals(path + ": weights do not match the model (3 problems):\n"
                + "  shape mismatch for 'conv.weight': expected [4, 3, 3, 3], file has [4, 3, 5, 5]\n"
                + "  missing key 'fc.weight' (expected shape [10, 4])\n"
                + "  unexpected key 'extra' (shape [2])", e.getMessage());
        assertEquals(3, e.problems().size());
    }

    @Test
    void checkWeightsAcceptsExactMatch() throws IOException {
        Path path = dir.resolve("w.safetensors");
        SafeTensors.write(path, Map.of("w", Tensor.zeros(2, 3)));
        SafeTensors.read(path).checkWeights(Map.of("w", new int[] {2, 3}));
    }
}
