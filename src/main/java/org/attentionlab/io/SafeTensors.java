package org.attentionlab.io;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
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
 * every tensor can be checked against the file size before anything is read: the header length,
 * the byte ranges and the file size must agree exactly ({@link SafeTensorsHeader} lists the rules).
 *
 * <p>Supported element types: F32, F64, I64, I32. Reading loads every tensor (or those a
 * {@link Selection} chose after seeing the header) into memory at once (bulk channel reads straight
 * into ND4J's buffers), so the returned object needs no closing. Since the ranges must tile the
 * file, what a read allocates is bounded by the file's real size, whatever the header claims.
 */
public final class SafeTensors {
    private static final String METADATA = SafeTensorsHeader.METADATA;
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private final SafeTensorsHeader header;
    private final Map<String, INDArray> tensors;

    private SafeTensors(SafeTensorsHeader header, Map<String, INDArray> tensors) {
        this.header = header;
        this.tensors = Collections.unmodifiableMap(tensors);
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

    /**
     * Chooses, from a checked header, the tensors to read; called before any tensor data is read, so
     * it may also refuse the file (an IOException) before anything is allocated for it.
     */
    @FunctionalInterface
    public interface Selection {
        /** The names to read, or null for all of them. */
        Set<String> select(SafeTensorsHeader header) throws IOException;
    }

    /** Reads and validates a whole file; every problem is an IOException naming the file. */
    public static SafeTensors read(Path file) throws IOException {
        return read(file, header -> null);
    }

    /**
     * Reads the header ({@link SafeTensorsHeader}'s checks), lets {@code selection} judge it, then
     * reads the tensors it chose, in file order, from the same open file.
     */
    public static SafeTensors read(Path file, Selection selection) throws IOException {
        if (file == null) {
            throw new IllegalArgumentException("file is null");
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            SafeTensorsHeader header = SafeTensorsHeader.read(file, ch);
            Set<String> names = selection.select(header);
            if (names != null && !header.tensors().keySet().containsAll(names)) {
                throw new IllegalArgumentException("selection names tensors that " + file + " does not hold");
            }
            Map<String, INDArray> tensors = new LinkedHashMap<>();
            for (SafeTensorsHeader.Tensor t : header.tensors().values()) {
                if (names == null || names.contains(t.name())) {
                    tensors.put(t.name(), NativeBytes.read(ch, header.dataStart() + t.begin(), t.type(), t.shape(), 'c',
                            file, "tensor " + SafeTensorsHeader.quote(t.name())));
                }
            }
            return new SafeTensors(header, tensors);
        }
    }

    /** The file this was read from. */
    public Path file() {
        return header.file();
    }

    /** The checked header: metadata and every tensor's dtype, shape and byte range (read or not). */
    public SafeTensorsHeader header() {
        return header;
    }

    /** The string metadata (__metadata__), empty when the file has none. */
    public Map<String, String> metadata() {
        return header.metadata();
    }

    /** Names of the tensors read, in the order of their data in the file (the order they were written in). */
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
            throw new IllegalArgumentException("no tensor '" + name + "' in " + file() + " (it has " + describeNames() + ")");
        }
        return a;
    }

    public long[] shape(String name) {
        return get(name).shape().clone();
    }

    /** The safetensors dtype name: F32, F64, I64 or I32. */
    public String dtype(String name) {
        get(name);
        return header.tensors().get(name).dtype();
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
