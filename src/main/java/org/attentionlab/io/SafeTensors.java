package org.attentionlab.io;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The safetensors format (Hugging Face), in which PyTorch models are commonly shared, so that
 * checkpoints written here load in PyTorch and the other way round:
 * <pre>
 *   u64 little-endian N | N bytes of JSON header, space-padded | raw little-endian row-major data
 *   header: {"__metadata__": {"k": "v"}, "name": {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 24]}, ...}
 * </pre>
 * Offsets count from the first byte after the header. Unlike a pickle, the file holds no code, and
 * every tensor can be checked against the file size before anything is read.
 *
 * <p>Supported element types: F32, F64, I64, I32. Reading loads every tensor into memory at once
 * (bulk channel reads straight into ND4J's buffers), so the returned object needs no closing.
 */
public final class SafeTensors {
    private static final String METADATA = "__metadata__";
    /** Headers of real checkpoints are kilobytes; refuse absurd lengths before allocating. */
    private static final long MAX_HEADER = 100L << 20;
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private final Path file;
    private final Map<String, String> metadata;
    private final Map<String, INDArray> tensors;
    private final Map<String, String> dtypes;

    private SafeTensors(Path file, Map<String, String> metadata, Map<String, INDArray> tensors,
            Map<String, String> dtypes) {
        this.file = file;
        this.metadata = Collections.unmodifiableMap(metadata);
        this.tensors = Collections.unmodifiableMap(tensors);
        this.dtypes = dtypes;
    }

    /** The safetensors name of an ND4J type, or null when the type is not supported. */
    static String dtypeName(DataType type) {
        if (type == DataType.FLOAT) {
            return "F32";
        } else if (type == DataType.DOUBLE) {
            return "F64";
        } else if (type == DataType.INT64) {
            return "I64";
        } else if (type == DataType.INT32) {
            return "I32";
        }
        return null;
    }

    static DataType dataType(String name) {
        switch (name) {
            case "F32": return DataType.FLOAT;
            case "F64": return DataType.DOUBLE;
            case "I64": return DataType.INT64;
            case "I32": return DataType.INT32;
            default: return null;
        }
    }

    /**
     * Writes the tensors, in the map's order, and the metadata (omitted when empty or null),
     * atomically: a crash or error leaves any previous file untouched and no temporary file.
     */
    public static void write(Path file, Map<String, INDArray> tensors, Map<String, String> metadata)
            throws IOException {
        if (tensors == null) {
            throw new IllegalArgumentException("tensors is null");
        }
        JsonObject header = new JsonObject();
        if (metadata != null && !metadata.isEmpty()) {
            JsonObject meta = new JsonObject();
            metadata.forEach((k, v) -> {
                if (k == null || v == null) {
                    throw new IllegalArgumentException("metadata entries must be non-null, got " + k + " = " + v);
                }
                meta.addProperty(k, v);
            });
            header.add(METADATA, meta);
        }
        List<INDArray> arrays = new ArrayList<>(tensors.size());
        long offset = 0;
        for (Map.Entry<String, INDArray> e : tensors.entrySet()) {
            String name = e.getKey();
            INDArray a = e.getValue();
            if (name == null || name.isEmpty() || name.equals(METADATA)) {
                throw new IllegalArgumentException("tensor name must be non-empty and not " + METADATA + ", got '"
                        + name + "'");
            }
            if (a == null) {
                throw new IllegalArgumentException("tensor '" + name + "' is null");
            }
            String dtype = dtypeName(a.dataType());
            if (dtype == null) {
                throw new IllegalArgumentException("tensor '" + name + "' has data type " + a.dataType()
                        + "; supported: FLOAT (F32), DOUBLE (F64), INT64 (I64), INT32 (I32)");
            }
            long bytes = NativeBytes.byteLength(a);
            JsonObject entry = new JsonObject();
            entry.addProperty("dtype", dtype);
            JsonArray shape = new JsonArray();
            for (long d : a.shape()) {
                shape.add(d);
            }
            entry.add("shape", shape);
            JsonArray offsets = new JsonArray();
            offsets.add(offset);
            offsets.add(offset + bytes);
            entry.add("data_offsets", offsets);
            header.add(name, entry);
            arrays.add(a);
            offset += bytes;
        }
        byte[] json = GSON.toJson(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8; // so the data starts 8-byte aligned
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) {
            head.put((byte) ' ');
        }
        head.flip();
        AtomicFiles.write(file, ch -> {
            NativeBytes.writeFully(ch, head);
            for (INDArray a : arrays) {
                NativeBytes.writeFully(ch, NativeBytes.bytesOf(a));
            }
        });
    }

    /** Reads and validates a whole file; every problem is an IOException naming the file. */
    public static SafeTensors read(Path file) throws IOException {
        if (file == null) {
            throw new IllegalArgumentException("file is null");
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw new IOException(file + ": not a safetensors file: " + size
                        + " bytes, shorter than the 8-byte header length");
            }
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            NativeBytes.readFully(ch, lenBuf, 0, file, "the header length");
            long n = lenBuf.getLong();
            if (n < 0 || n > size - 8) {
                throw new IOException(file + ": header length " + Long.toUnsignedString(n)
                        + " runs past the end of the file (" + size + " bytes)");
            }
            if (n > MAX_HEADER) {
                throw new IOException(file + ": header length " + n + " exceeds the limit of " + MAX_HEADER + " bytes");
            }
            ByteBuffer headBuf = ByteBuffer.allocate((int) n);
            NativeBytes.readFully(ch, headBuf, 8, file, "the header");
            JsonObject header = parseHeader(file, headBuf);
            return decode(file, ch, header, 8 + n, size - 8 - n);
        }
    }

    private static JsonObject parseHeader(Path file, ByteBuffer bytes) throws IOException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw new IOException(file + ": header is not valid UTF-8", e);
        }
        try {
            JsonReader reader = new JsonReader(new StringReader(text));
            reader.setStrictness(Strictness.STRICT);
            JsonElement root = GSON.getAdapter(JsonElement.class).read(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new IOException(file + ": header has text after the JSON object");
            }
            if (root == null || !root.isJsonObject()) {
                throw new IOException(file + ": header is not a JSON object");
            }
            return root.getAsJsonObject();
        } catch (IOException | RuntimeException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(file.toString())) {
                throw e;
            }
            throw new IOException(file + ": header is not valid JSON: " + e.getMessage(), e);
        }
    }

    /** One tensor's header entry, checked. */
    private record Entry(String name, String dtype, DataType type, long[] shape, long begin, long end) {
    }

    private static SafeTensors decode(Path file, FileChannel ch, JsonObject header, long dataStart, long dataLength)
            throws IOException {
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, JsonElement> e : header.entrySet()) {
            if (e.getKey().equals(METADATA)) {
                readMetadata(file, e.getValue(), metadata);
            } else {
                entries.add(entry(file, e.getKey(), e.getValue(), dataLength));
            }
        }
        entries.sort(Comparator.comparingLong(Entry::begin)); // stable: header order breaks ties
        for (int i = 1; i < entries.size(); i++) {
            Entry a = entries.get(i - 1);
            Entry b = entries.get(i);
            if (b.begin() < a.end()) {
                throw new IOException(file + ": tensors '" + a.name() + "' [" + a.begin() + ", " + a.end() + ") and '"
                        + b.name() + "' [" + b.begin() + ", " + b.end() + ") overlap");
            }
        }
        Map<String, INDArray> tensors = new LinkedHashMap<>();
        Map<String, String> dtypes = new LinkedHashMap<>();
        for (Entry en : entries) {
            tensors.put(en.name(), NativeBytes.read(ch, dataStart + en.begin(), en.type(), en.shape(), 'c', file,
                    "tensor '" + en.name() + "'"));
            dtypes.put(en.name(), en.dtype());
        }
        return new SafeTensors(file, metadata, tensors, dtypes);
    }

    private static void readMetadata(Path file, JsonElement value, Map<String, String> out) throws IOException {
        if (!value.isJsonObject()) {
            throw new IOException(file + ": " + METADATA + " must be a JSON object of strings, got " + value);
        }
        for (Map.Entry<String, JsonElement> m : value.getAsJsonObject().entrySet()) {
            JsonElement v = m.getValue();
            if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
                throw new IOException(file + ": " + METADATA + " value of '" + m.getKey() + "' must be a string, got " + v);
            }
            out.put(m.getKey(), v.getAsString());
        }
    }

    private static Entry entry(Path file, String name, JsonElement value, long dataLength) throws IOException {
        String where = file + ": tensor '" + name + "'";
        if (!value.isJsonObject()) {
            throw new IOException(where + ": header entry must be an object, got " + value);
        }
        JsonObject o = value.getAsJsonObject();
        JsonElement dt = o.get("dtype");
        if (dt == null || !dt.isJsonPrimitive() || !dt.getAsJsonPrimitive().isString()) {
            throw new IOException(where + ": missing or non-string dtype: " + dt);
        }
        String dtype = dt.getAsString();
        DataType type = dataType(dtype);
        if (type == null) {
            throw new IOException(where + ": unsupported dtype " + dtype + " (supported: F32, F64, I64, I32)");
        }
        long[] shape = longs(where, "shape", o.get("shape"), -1);
        long[] offsets = longs(where, "data_offsets", o.get("data_offsets"), 2);
        long begin = offsets[0];
        long end = offsets[1];
        if (begin > end || end > dataLength) {
            throw new IOException(where + ": data_offsets [" + begin + ", " + end + "] lie outside the data section of "
                    + dataLength + " bytes");
        }
        long need = NativeBytes.bytesFor(shape, type.width());
        if (need != end - begin) {
            throw new IOException(where + ": data_offsets [" + begin + ", " + end + "] hold " + (end - begin)
                    + " bytes but dtype " + dtype + " and shape " + Arrays.toString(shape) + " need "
                    + (need < 0 ? "more than 2^63" : String.valueOf(need)));
        }
        return new Entry(name, dtype, type, shape, begin, end);
    }

    /** A JSON array of non-negative integers (of the given length, unless it is -1). */
    private static long[] longs(String where, String field, JsonElement value, int length) throws IOException {
        if (value == null || !value.isJsonArray() || (length >= 0 && value.getAsJsonArray().size() != length)) {
            throw new IOException(where + ": " + field + " must be an array of "
                    + (length >= 0 ? length + " " : "") + "non-negative integers, got " + value);
        }
        JsonArray a = value.getAsJsonArray();
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) {
            JsonElement x = a.get(i);
            long v;
            try {
                JsonPrimitive p = x.getAsJsonPrimitive();
                if (!p.isNumber()) {
                    throw new NumberFormatException();
                }
                v = p.getAsBigDecimal().longValueExact();
            } catch (RuntimeException e) {
                v = -1;
            }
            if (v < 0) {
                throw new IOException(where + ": " + field + " must be an array of non-negative integers, got " + value);
            }
            out[i] = v;
        }
        return out;
    }

    /** The file this was read from. */
    public Path file() {
        return file;
    }

    /** The string metadata (__metadata__), empty when the file has none. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** Tensor names in the order of their data in the file (the order they were written in). */
    public Set<String> names() {
        return tensors.keySet();
    }

    /** All tensors by name, in {@link #names()} order. */
    public Map<String, INDArray> tensors() {
        return tensors;
    }

    /** The named tensor (the same array on every call). */
    public INDArray get(String name) {
        INDArray a = tensors.get(name);
        if (a == null) {
            throw new IllegalArgumentException("no tensor '" + name + "' in " + file + " (it has " + describeNames() + ")");
        }
        return a;
    }

    public long[] shape(String name) {
        return get(name).shape().clone();
    }

    /** The safetensors dtype name: F32, F64, I64 or I32. */
    public String dtype(String name) {
        get(name);
        return dtypes.get(name);
    }

    private String describeNames() {
        if (tensors.isEmpty()) {
            return "no tensors";
        }
        List<String> names = new ArrayList<>(tensors.keySet());
        String shown = String.join(", ", names.subList(0, Math.min(10, names.size())));
        return names.size() + " tensors: " + shown + (names.size() > 10 ? ", ..." : "");
    }
}
