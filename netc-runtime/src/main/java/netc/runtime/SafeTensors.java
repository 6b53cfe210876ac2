package netc.runtime;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A safetensors file: an 8-byte little-endian header length N, N bytes of UTF-8 JSON describing each
 * tensor's dtype, shape and byte range, then the data. The file is treated as untrusted: {@link #read}
 * validates the whole header against the file before any tensor is read, and tensor data is memory-mapped
 * on demand rather than loaded whole.
 */
public final class SafeTensors {
    /** Headers larger than this are rejected rather than read. */
    public static final long MAX_HEADER_BYTES = 100_000_000L;

    private static final String METADATA_KEY = "__metadata__";
    /** Tensors are mapped in pieces of at most this many bytes, below the 2 GiB limit of one mapping. */
    private static final int MAP_CHUNK_BYTES = 1 << 30;
    private static final int WRITE_CHUNK_BYTES = 1 << 20;

    /** The element types this reader understands. */
    public enum Dtype {
        F32(4), F16(2), BF16(2), F64(8), I64(8), I32(4);

        /** Bytes per element. */
        public final int bytes;

        Dtype(int bytes) {
            this.bytes = bytes;
        }

        boolean isInteger() {
            return this == I64 || this == I32;
        }
    }

    private record Entry(String name, Dtype dtype, int[] shape, long numel, long begin, long end) {
    }

    private final Path path;
    private final long dataStart;
    private final long fileSize;
    private final Map<String, Entry> entries;
    private final Map<String, String> metadata;

    private SafeTensors(Path path, long dataStart, long fileSize, Map<String, Entry> entries,
                        Map<String, String> metadata) {
        this.path = path;
        this.dataStart = dataStart;
        this.fileSize = fileSize;
        this.entries = entries;
        this.metadata = metadata;
    }

    /** Reads and validates the header of a safetensors file; tensor data is read later, on request. */
    public static SafeTensors read(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long fileSize = channel.size();
            if (fileSize < 8) {
                throw fault(path, "file is " + fileSize + " bytes, too short for the 8-byte header length");
            }
            long headerLength = readBytes(channel, path, 0, 8).getLong();
            if (headerLength < 0 || headerLength > MAX_HEADER_BYTES) {
                throw fault(path, "header length " + Long.toUnsignedString(headerLength) + " exceeds the limit of "
                        + MAX_HEADER_BYTES + " bytes");
            }
            if (8 + headerLength > fileSize) {
                throw fault(path, "header length " + headerLength + " runs past the end of the " + fileSize
                        + "-byte file");
            }
            String header = decodeUtf8(path, readBytes(channel, path, 8, (int) headerLength));
            HeaderReader reader = new HeaderReader(path, fileSize - 8 - headerLength);
            reader.readHeader(header);
            return new SafeTensors(path, 8 + headerLength, fileSize, reader.entries, reader.metadata);
        }
    }

    /** The tensor names in header order. */
    public Set<String> names() {
        return Collections.unmodifiableSet(entries.keySet());
    }

    /** The {@code __metadata__} string map (empty when absent). */
    public Map<String, String> metadata() {
        return Collections.unmodifiableMap(metadata);
    }

    /** Whether the file holds a tensor of this name. */
    public boolean contains(String name) {
        return entries.containsKey(name);
    }

    /** The stored element type of a tensor. */
    public Dtype dtype(String name) throws SafeTensorsException {
        return entry(name).dtype;
    }

    /** The shape of a tensor. */
    public int[] shape(String name) throws SafeTensorsException {
        return entry(name).shape.clone();
    }

    /** A tensor converted to float32 (from F32, F16, BF16, F64, I64 or I32). */
    public Tensor tensor(String name) throws IOException {
        Entry entry = entry(name);
        float[] out = new float[arrayLength(entry)];
        forEachChunk(entry, (chunk, offset) -> decodeFloats(entry.dtype, chunk, out, offset));
        return new Tensor(out, entry.shape);
    }

    /** Every tensor converted to float32, by name in header order: a model's weights, looked up by key. */
    public Map<String, Tensor> floatTensors() throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (String name : entries.keySet()) {
            tensors.put(name, tensor(name));
        }
        return tensors;
    }

    /** An integer tensor (from I64 or I32). */
    public LongTensor longTensor(String name) throws IOException {
        Entry entry = entry(name);
        if (!entry.dtype.isInteger()) {
            throw fault(path, "tensor '" + name + "' has dtype " + entry.dtype + ", not an integer dtype");
        }
        long[] out = new long[arrayLength(entry)];
        forEachChunk(entry, (chunk, offset) -> decodeLongs(entry.dtype, chunk, out, offset));
        return new LongTensor(out, entry.shape);
    }

    /**
     * Checks the file against the parameters a model expects (names and shapes, in model order) and
     * reports every missing key, unexpected key and shape mismatch together.
     */
    public void checkWeights(Map<String, int[]> expected) throws WeightsException {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, int[]> want : expected.entrySet()) {
            Entry have = entries.get(want.getKey());
            if (have == null) {
                problems.add("missing key '" + want.getKey() + "' (expected shape " + Shapes.toString(want.getValue()) + ")");
            } else if (!Arrays.equals(have.shape, want.getValue())) {
                problems.add("shape mismatch for '" + want.getKey() + "': expected " + Shapes.toString(want.getValue())
                        + ", file has " + Shapes.toString(have.shape));
            }
        }
        for (Entry have : entries.values()) {
            if (!expected.containsKey(have.name)) {
                problems.add("unexpected key '" + have.name + "' (shape " + Shapes.toString(have.shape) + ")");
            }
        }
        if (!problems.isEmpty()) {
            throw new WeightsException(path + ": weights do not match the model (" + problems.size()
                    + (problems.size() == 1 ? " problem):" : " problems):"), problems);
        }
    }

    /** Writes tensors (in map order) as a safetensors file that PyTorch's safetensors reads, whole or not at all. */
    public static void write(Path path, Map<String, ? extends AnyTensor> tensors) throws IOException {
        write(path, tensors, Map.of());
    }

    /** Writes tensors (in map order) with a {@code __metadata__} string map. */
    public static void write(Path path, Map<String, ? extends AnyTensor> tensors, Map<String, String> metadata)
            throws IOException {
        Map<String, Layout> layouts = new LinkedHashMap<>();
        tensors.forEach((name, tensor) -> layouts.put(name, new Layout(tensor instanceof Tensor ? Dtype.F32 : Dtype.I64,
            tensor.shape())));
        write(path, layouts, metadata, channel -> {
            ByteBuffer chunk = ByteBuffer.allocate(WRITE_CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            for (AnyTensor tensor : tensors.values()) {
                writeData(channel, chunk, tensor);
            }
        });
    }

    /**
     * A tensor as the file stores it: its dtype, its shape and its data as little-endian bytes (from the
     * buffer's position to its limit), which may be a view of another file's bytes, written without a copy.
     */
    public record Stored(Dtype dtype, int[] shape, ByteBuffer data) {
        /** The tensor's data as little-endian bytes. */
        public static Stored of(AnyTensor tensor) {
            boolean isFloat = tensor instanceof Tensor;
            ByteBuffer data = ByteBuffer.allocate(tensor.numel() * (isFloat ? 4 : 8)).order(ByteOrder.LITTLE_ENDIAN);
            if (isFloat) {
                data.asFloatBuffer().put(((Tensor) tensor).data);
            } else {
                data.asLongBuffer().put(((LongTensor) tensor).data);
            }
            return new Stored(isFloat ? Dtype.F32 : Dtype.I64, tensor.shape(), data);
        }
    }

    /** Writes tensors stored as bytes (in map order), each buffer's bytes as they are. */
    public static void writeStored(Path path, Map<String, Stored> tensors) throws IOException {
        Map<String, Layout> layouts = new LinkedHashMap<>();
        tensors.forEach((name, tensor) -> {
            Layout layout = new Layout(tensor.dtype(), tensor.shape());
            if (layout.bytes() != tensor.data().remaining()) {
                throw new IllegalArgumentException(name + " has " + tensor.data().remaining() + " bytes for " + layout.bytes());
            }
            layouts.put(name, layout);
        });
        write(path, layouts, Map.of(), channel -> {
            for (Stored tensor : tensors.values()) {
                AtomicWrite.writeFully(channel, tensor.data().duplicate());
            }
        });
    }

    /** What the header says of a tensor. */
    private record Layout(Dtype dtype, int[] shape) {
        long bytes() {
            return Arrays.stream(shape).asLongStream().reduce(1, (a, b) -> a * b) * dtype.bytes;
        }
    }

    private static void write(Path path, Map<String, Layout> layouts, Map<String, String> metadata,
                              AtomicWrite.Content data) throws IOException {
        byte[] header = headerJson(layouts, metadata).getBytes(StandardCharsets.UTF_8);
        int padded = (header.length + 7) / 8 * 8;
        ByteBuffer prefix = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        prefix.putLong(padded).put(header);
        while (prefix.hasRemaining()) {
            prefix.put((byte) ' ');
        }
        AtomicWrite.write(path, channel -> {
            AtomicWrite.writeFully(channel, prefix.flip());
            data.writeTo(channel);
        });
    }

    // ---- reading tensor data

    /** Receives one mapped piece of a tensor and the index of its first element. */
    private interface ChunkConsumer {
        void accept(ByteBuffer chunk, int elementOffset);
    }

    private Entry entry(String name) throws SafeTensorsException {
        Entry entry = entries.get(name);
        if (entry == null) {
            throw fault(path, "no tensor named '" + name + "'");
        }
        return entry;
    }

    private int arrayLength(Entry entry) throws SafeTensorsException {
        if (entry.numel > Integer.MAX_VALUE - 8) {
            throw fault(path, "tensor '" + entry.name + "' has " + entry.numel + " elements, more than a Java array holds");
        }
        return (int) entry.numel;
    }

    /** Maps the tensor's bytes piece by piece, each piece a whole number of elements. */
    private void forEachChunk(Entry entry, ChunkConsumer consumer) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            if (channel.size() != fileSize) {
                throw fault(path, "file changed size from " + fileSize + " to " + channel.size() + " bytes since it was opened");
            }
            long chunkBytes = MAP_CHUNK_BYTES / entry.dtype.bytes * (long) entry.dtype.bytes;
            for (long at = entry.begin; at < entry.end; at += chunkBytes) {
                long size = Math.min(chunkBytes, entry.end - at);
                ByteBuffer chunk = channel.map(FileChannel.MapMode.READ_ONLY, dataStart + at, size);
                consumer.accept(chunk.order(ByteOrder.LITTLE_ENDIAN), (int) ((at - entry.begin) / entry.dtype.bytes));
            }
        }
    }

    private static void decodeFloats(Dtype dtype, ByteBuffer in, float[] out, int offset) {
        int count = in.remaining() / dtype.bytes;
        switch (dtype) {
            case F32:
                in.asFloatBuffer().get(out, offset, count);
                break;
            case F16:
                for (int i = 0; i < count; i++) {
                    out[offset + i] = halfToFloat(in.getShort());
                }
                break;
            case BF16:
                for (int i = 0; i < count; i++) {
                    out[offset + i] = Float.intBitsToFloat((in.getShort() & 0xffff) << 16);
                }
                break;
            case F64:
                for (int i = 0; i < count; i++) {
                    out[offset + i] = (float) in.getDouble();
                }
                break;
            case I64:
                for (int i = 0; i < count; i++) {
                    out[offset + i] = in.getLong();
                }
                break;
            case I32:
                for (int i = 0; i < count; i++) {
                    out[offset + i] = in.getInt();
                }
                break;
            default:
                throw new AssertionError(dtype);
        }
    }

    private static void decodeLongs(Dtype dtype, ByteBuffer in, long[] out, int offset) {
        int count = in.remaining() / dtype.bytes;
        if (dtype == Dtype.I64) {
            in.asLongBuffer().get(out, offset, count);
        } else {
            for (int i = 0; i < count; i++) {
                out[offset + i] = in.getInt();
            }
        }
    }

    /** IEEE 754 half precision to float, including subnormals, infinities and NaN. */
    static float halfToFloat(short half) {
        int sign = (half & 0x8000) << 16;
        int exponent = (half >>> 10) & 0x1f;
        int mantissa = half & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent != 0) {
            return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
        }
        float magnitude = mantissa * 0x1p-24f;
        return sign == 0 ? magnitude : -magnitude;
    }

    // ---- header validation

    /** Parses and validates a header against a data section of known length. */
    private static final class HeaderReader {
        private final Path path;
        private final long dataLength;
        final Map<String, Entry> entries = new LinkedHashMap<>();
        Map<String, String> metadata = Map.of();

        HeaderReader(Path path, long dataLength) {
            this.path = path;
            this.dataLength = dataLength;
        }

        void readHeader(String header) throws SafeTensorsException {
            Object json;
            try {
                json = Json.parse(header);
            } catch (Json.JsonException e) {
                throw fault(path, "header is not valid JSON: " + e.getMessage());
            }
            if (!(json instanceof Map)) {
                throw fault(path, "header is not a JSON object");
            }
            for (Map.Entry<?, ?> item : ((Map<?, ?>) json).entrySet()) {
                String name = (String) item.getKey();
                if (name.equals(METADATA_KEY)) {
                    metadata = readMetadata(item.getValue());
                } else {
                    entries.put(name, readEntry(name, item.getValue()));
                }
            }
            checkCoverage();
        }

        private Map<String, String> readMetadata(Object json) throws SafeTensorsException {
            if (!(json instanceof Map)) {
                throw fault(path, "__metadata__ is not a JSON object");
            }
            Map<String, String> map = new LinkedHashMap<>();
            for (Map.Entry<?, ?> item : ((Map<?, ?>) json).entrySet()) {
                if (!(item.getValue() instanceof String)) {
                    throw fault(path, "__metadata__ value of '" + item.getKey() + "' is not a string");
                }
                map.put((String) item.getKey(), (String) item.getValue());
            }
            return map;
        }

        private Entry readEntry(String name, Object json) throws SafeTensorsException {
            if (!(json instanceof Map)) {
                throw fault(path, "tensor '" + name + "': entry is not a JSON object");
            }
            Map<?, ?> fields = (Map<?, ?>) json;
            Dtype dtype = readDtype(name, fields.get("dtype"));
            int[] shape = readShape(name, fields.get("shape"));
            long numel = elementCount(name, shape, dtype);
            long[] offsets = readOffsets(name, fields.get("data_offsets"));
            long bytes = offsets[1] - offsets[0];
            if (bytes != numel * dtype.bytes) {
                throw fault(path, "tensor '" + name + "': data_offsets " + Arrays.toString(offsets) + " hold " + bytes
                        + " bytes but dtype " + dtype + " with shape " + Shapes.toString(shape) + " needs "
                        + numel * dtype.bytes);
            }
            return new Entry(name, dtype, shape, numel, offsets[0], offsets[1]);
        }

        private Dtype readDtype(String name, Object json) throws SafeTensorsException {
            if (json == null) {
                throw fault(path, "tensor '" + name + "': missing dtype");
            }
            for (Dtype dtype : Dtype.values()) {
                if (dtype.name().equals(json)) {
                    return dtype;
                }
            }
            throw fault(path, "tensor '" + name + "': unsupported dtype " + json + " (supported: "
                    + Arrays.toString(Dtype.values()) + ")");
        }

        private int[] readShape(String name, Object json) throws SafeTensorsException {
            if (json == null) {
                throw fault(path, "tensor '" + name + "': missing shape");
            }
            List<Long> dims = longList(json);
            if (dims == null) {
                throw fault(path, "tensor '" + name + "': shape " + json + " is not an array of integers");
            }
            int[] shape = new int[dims.size()];
            for (int i = 0; i < shape.length; i++) {
                long dim = dims.get(i);
                if (dim < 0 || dim > Integer.MAX_VALUE) {
                    throw fault(path, "tensor '" + name + "': dimension " + dim + " of shape " + dims
                            + " is negative or too large");
                }
                shape[i] = (int) dim;
            }
            return shape;
        }

        private long elementCount(String name, int[] shape, Dtype dtype) throws SafeTensorsException {
            long count = 1;
            for (int dim : shape) {
                if (dim != 0 && count > Long.MAX_VALUE / dtype.bytes / dim) {
                    throw fault(path, "tensor '" + name + "': shape " + Shapes.toString(shape)
                            + " has too many elements (byte size overflows 64 bits)");
                }
                count *= dim;
            }
            return count;
        }

        private long[] readOffsets(String name, Object json) throws SafeTensorsException {
            if (json == null) {
                throw fault(path, "tensor '" + name + "': missing data_offsets");
            }
            List<Long> pair = longList(json);
            if (pair == null || pair.size() != 2) {
                throw fault(path, "tensor '" + name + "': data_offsets " + json + " is not an array of two integers");
            }
            long begin = pair.get(0);
            long end = pair.get(1);
            if (begin < 0 || end < begin || end > dataLength) {
                throw fault(path, "tensor '" + name + "': data_offsets " + pair + " are out of range of the "
                        + dataLength + "-byte data section");
            }
            return new long[] {begin, end};
        }

        /** The tensors, in offset order, must tile the data section exactly: no overlap, no gap. */
        private void checkCoverage() throws SafeTensorsException {
            List<Entry> sorted = new ArrayList<>(entries.values());
            sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
            long covered = 0;
            Entry previous = null;
            for (Entry entry : sorted) {
                if (entry.begin < covered) {
                    throw fault(path, "tensors '" + previous.name + "' and '" + entry.name + "' overlap in the data section");
                }
                if (entry.begin > covered) {
                    throw fault(path, "bytes [" + covered + ", " + entry.begin + ") of the data section belong to no tensor");
                }
                covered = entry.end;
                previous = entry;
            }
            if (covered < dataLength) {
                throw fault(path, "bytes [" + covered + ", " + dataLength + ") of the data section belong to no tensor");
            }
        }

        /** The list as longs, or null when it is not a JSON array of integers. */
        private static List<Long> longList(Object json) {
            if (!(json instanceof List)) {
                return null;
            }
            List<Long> longs = new ArrayList<>();
            for (Object item : (List<?>) json) {
                if (!(item instanceof Long)) {
                    return null;
                }
                longs.add((Long) item);
            }
            return longs;
        }
    }

    // ---- file helpers

    private static SafeTensorsException fault(Path path, String message) {
        return new SafeTensorsException(path + ": " + message);
    }

    private static ByteBuffer readBytes(FileChannel channel, Path path, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw fault(path, "file ended while reading bytes " + position + " to " + (position + length));
            }
        }
        return buffer.flip();
    }

    private static String decodeUtf8(Path path, ByteBuffer bytes) throws SafeTensorsException {
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes);
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw fault(path, "header is not valid UTF-8");
        }
    }

    // ---- writing

    private static String headerJson(Map<String, Layout> tensors, Map<String, String> metadata) {
        StringBuilder json = new StringBuilder("{");
        long offset = 0;
        for (Map.Entry<String, Layout> item : tensors.entrySet()) {
            if (item.getKey().equals(METADATA_KEY)) {
                throw new IllegalArgumentException("a tensor cannot be named " + METADATA_KEY);
            }
            Layout tensor = item.getValue();
            long bytes = tensor.bytes();
            json.append(json.length() > 1 ? "," : "").append(Json.quote(item.getKey()))
                    .append(":{\"dtype\":\"").append(tensor.dtype().name())
                    .append("\",\"shape\":").append(Arrays.toString(tensor.shape()).replace(" ", ""))
                    .append(",\"data_offsets\":[").append(offset).append(',').append(offset + bytes).append("]}");
            offset += bytes;
        }
        if (!metadata.isEmpty()) {
            json.append(json.length() > 1 ? "," : "").append(Json.quote(METADATA_KEY)).append(":{");
            String separator = "";
            for (Map.Entry<String, String> item : metadata.entrySet()) {
                json.append(separator).append(Json.quote(item.getKey())).append(':').append(Json.quote(item.getValue()));
                separator = ",";
            }
            json.append('}');
        }
        return json.append('}').toString();
    }


    private static void writeData(FileChannel channel, ByteBuffer chunk, AnyTensor tensor) throws IOException {
        int elementBytes = tensor instanceof Tensor ? 4 : 8;
        int perChunk = chunk.capacity() / elementBytes;
        for (int from = 0; from < tensor.numel(); from += perChunk) {
            int count = Math.min(perChunk, tensor.numel() - from);
            chunk.clear();
            if (tensor instanceof Tensor) {
                chunk.asFloatBuffer().put(((Tensor) tensor).data, from, count);
            } else {
                chunk.asLongBuffer().put(((LongTensor) tensor).data, from, count);
            }
            chunk.limit(count * elementBytes);
            AtomicWrite.writeFully(channel, chunk);
        }
    }
}
