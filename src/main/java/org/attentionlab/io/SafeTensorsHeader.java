package org.attentionlab.io;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.MalformedJsonException;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The header of a safetensors file, read and checked without reading any tensor data, so that a
 * caller can judge a file (a checkpoint's configuration against its shapes) before it allocates
 * anything for it.
 *
 * <p>The checks are strict because a header that is almost right is worse than one that is wrong:
 * with the length field one short, the file still parsed (the last byte of the header is padding)
 * and every tensor was read one byte off, a model of NaNs. So the declared header length, the
 * tensors' byte ranges and the file size must agree exactly:
 * <ul>
 *   <li>the header is a JSON object starting at its first byte, followed by nothing but spaces
 *       (0x20), nested at most {@link #MAX_DEPTH} levels, with no name twice;</li>
 *   <li>each tensor's range holds exactly its shape times its dtype's width in bytes;</li>
 *   <li>the ranges tile the data section: the first starts at 0, each starts where the previous one
 *       ends (no gap, no overlap), the last ends at the end of the file (no trailing bytes).</li>
 * </ul>
 * These are the rules of Hugging Face's own reader, except that it allows any JSON whitespace
 * after the object; the writer of the format pads with spaces only.
 */
public final class SafeTensorsHeader {
    /** Headers of real checkpoints are kilobytes; refuse absurd lengths before allocating. */
    public static final long MAX_HEADER_BYTES = 100L << 20;
    /** A header needs three levels (object, entry, shape); anything far deeper is not a header. */
    public static final int MAX_DEPTH = 32;

    static final String METADATA = "__metadata__";
    private static final TypeAdapter<JsonElement> JSON = new Gson().getAdapter(JsonElement.class);

    /** One tensor's entry: its safetensors dtype, its shape and its byte range in the data section. */
    public record Tensor(String name, String dtype, long[] shape, long begin, long end) {
        @Override
        public long[] shape() {
            return shape.clone();
        }

        /** F32 or F64 (the other supported dtypes are integers). */
        public boolean floating() {
            return dtype.startsWith("F");
        }

        DataType type() {
            return SafeTensors.dataType(dtype);
        }
    }

    private final Path file;
    private final Map<String, String> metadata;
    private final Map<String, Tensor> tensors;
    private final long dataStart;

    private SafeTensorsHeader(Path file, Map<String, String> metadata, Map<String, Tensor> tensors, long dataStart) {
        this.file = file;
        this.metadata = Collections.unmodifiableMap(metadata);
        this.tensors = Collections.unmodifiableMap(tensors);
        this.dataStart = dataStart;
    }

    /** Reads and checks the header of a file; every problem is an IOException naming the file. */
    public static SafeTensorsHeader read(Path file) throws IOException {
        if (file == null) {
            throw new IllegalArgumentException("file is null");
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return read(file, ch);
        }
    }

    static SafeTensorsHeader read(Path file, FileChannel ch) throws IOException {
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
        if (n > MAX_HEADER_BYTES) {
            throw new IOException(file + ": header length " + n + " exceeds the limit of " + MAX_HEADER_BYTES
                    + " bytes");
        }
        ByteBuffer headBuf = ByteBuffer.allocate((int) n);
        NativeBytes.readFully(ch, headBuf, 8, file, "the header");
        return parse(file, text(file, headBuf), 8 + n, size - 8 - n);
    }

    /** The header as text: UTF-8, a JSON object from the first byte, then only space padding. */
    private static String text(Path file, ByteBuffer bytes) throws IOException {
        int end = bytes.limit();
        while (end > 0 && bytes.get(end - 1) == ' ') {
            end--;
        }
        if (end == 0) {
            throw new IOException(file + ": header is empty (" + bytes.limit() + " bytes of padding)");
        }
        if (bytes.get(0) != '{') {
            throw new IOException(file + ": header does not start with '{' (byte 0 is " + describeByte(bytes.get(0))
                    + "); is the header length right?");
        }
        if (bytes.get(end - 1) != '}') {
            throw new IOException(file + ": header does not end with '}' followed by space padding (the last "
                    + "non-space byte, at " + (end - 1) + " of " + bytes.limit() + ", is " + describeByte(bytes.get(end - 1))
                    + "); is the header length right?");
        }
        bytes.limit(end);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw new IOException(file + ": header is not valid UTF-8");
        }
    }

    private static String describeByte(byte b) {
        return b >= 0x21 && b < 0x7f ? "'" + (char) b + "'" : String.format("0x%02x", b & 0xff);
    }

    private static SafeTensorsHeader parse(Path file, String text, long dataStart, long dataLength) throws IOException {
        int deep = JsonText.firstExcess(text, MAX_DEPTH);
        if (deep >= 0) {
            throw new IOException(file + ": header nests JSON more than " + MAX_DEPTH + " levels deep (at character "
                    + deep + "); a safetensors header needs 3");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Tensor> entries = new ArrayList<>();
        try {
            JsonReader reader = new JsonReader(new StringReader(text));
            reader.setStrictness(Strictness.STRICT);
            reader.beginObject();
            Set<String> seen = new HashSet<>();
            while (reader.hasNext()) {
                String name = reader.nextName();
                if (!seen.add(name)) {
                    throw new IOException(file + ": header names " + quote(name) + " twice");
                }
                JsonElement value = JSON.read(reader);
                if (name.equals(METADATA)) {
                    readMetadata(file, value, metadata);
                } else {
                    entries.add(entry(file, name, value, dataLength));
                }
            }
            reader.endObject();
            boolean more;
            try {
                more = reader.peek() != JsonToken.END_DOCUMENT;
            } catch (MalformedJsonException e) {
                more = true; // a second value, which a strict reader calls malformed
            }
            if (more) {
                throw new IOException(file + ": header has text after the JSON object");
            }
        } catch (IOException | RuntimeException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(file.toString())) {
                throw e;
            }
            throw new IOException(file + ": header is not valid JSON: " + JsonText.describeError(e), e);
        }
        return new SafeTensorsHeader(file, metadata, tile(file, entries, dataLength), dataStart);
    }

    /** Orders the tensors by offset and checks that they cover the data section exactly. */
    private static Map<String, Tensor> tile(Path file, List<Tensor> entries, long dataLength) throws IOException {
        entries.sort(Comparator.comparingLong(Tensor::begin).thenComparingLong(Tensor::end)); // stable
        long expected = 0;
        Tensor previous = null;
        for (Tensor t : entries) {
            if (t.begin() < expected) {
                throw new IOException(file + ": tensors " + quote(previous.name()) + " [" + previous.begin() + ", "
                        + previous.end() + ") and " + quote(t.name()) + " [" + t.begin() + ", " + t.end() + ") overlap");
            }
            if (t.begin() > expected) {
                throw new IOException(file + ": bytes [" + expected + ", " + t.begin() + ") of the data section belong "
                        + "to no tensor (a gap before " + quote(t.name()) + "); is the header length right?");
            }
            expected = t.end();
            previous = t;
        }
        if (expected != dataLength) {
            throw new IOException(file + ": " + (dataLength - expected) + " bytes after the end of the last tensor"
                    + (previous == null ? "" : " (" + quote(previous.name()) + " ends at " + expected + ")")
                    + " in a data section of " + dataLength + " bytes; is the header length right?");
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        entries.forEach(t -> out.put(t.name(), t));
        return out;
    }

    private static void readMetadata(Path file, JsonElement value, Map<String, String> out) throws IOException {
        if (!value.isJsonObject()) {
            throw new IOException(file + ": " + METADATA + " must be a JSON object of strings, got " + abbreviate(value));
        }
        for (Map.Entry<String, JsonElement> m : value.getAsJsonObject().entrySet()) {
            JsonElement v = m.getValue();
            if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
                throw new IOException(file + ": " + METADATA + " value of " + quote(m.getKey()) + " must be a string, got "
                        + abbreviate(v));
            }
            out.put(m.getKey(), v.getAsString());
        }
    }

    private static Tensor entry(Path file, String name, JsonElement value, long dataLength) throws IOException {
        String where = file + ": tensor " + quote(name);
        if (!value.isJsonObject()) {
            throw new IOException(where + ": header entry must be an object, got " + abbreviate(value));
        }
        JsonObject o = value.getAsJsonObject();
        JsonElement dt = o.get("dtype");
        if (dt == null || !dt.isJsonPrimitive() || !dt.getAsJsonPrimitive().isString()) {
            throw new IOException(where + ": missing or non-string dtype: " + abbreviate(dt));
        }
        String dtype = dt.getAsString();
        DataType type = SafeTensors.dataType(dtype);
        if (type == null) {
            throw new IOException(where + ": unsupported dtype " + printable(dtype) + " (supported: F32, F64, I64, I32)");
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
        return new Tensor(name, dtype, shape, begin, end);
    }

    /** A JSON array of non-negative integers (of the given length, unless it is -1). */
    private static long[] longs(String where, String field, JsonElement value, int length) throws IOException {
        String expected = where + ": " + field + " must be an array of " + (length >= 0 ? length + " " : "")
                + "non-negative integers, got " + abbreviate(value);
        if (value == null || !value.isJsonArray() || (length >= 0 && value.getAsJsonArray().size() != length)) {
            throw new IOException(expected);
        }
        JsonArray a = value.getAsJsonArray();
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) {
            long v;
            try {
                JsonPrimitive p = a.get(i).getAsJsonPrimitive();
                v = p.isNumber() ? p.getAsBigDecimal().longValueExact() : -1;
            } catch (RuntimeException e) {
                v = -1;
            }
            if (v < 0) {
                throw new IOException(expected);
            }
            out[i] = v;
        }
        return out;
    }

    /** A name for a message: quoted, control characters escaped, long names shortened. */
    static String quote(String s) {
        return "'" + printable(s) + "'";
    }

    /** Text for a message: control characters escaped, long text shortened. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && i < 100; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || Character.isSurrogate(c) || c == '\u2028' || c == '\u2029') {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append(s.length() > 100 ? "..." : "").toString();
    }

    /** A JSON value for a message: compact, one line, at most about 80 characters. */
    static String abbreviate(JsonElement value) {
        String s = String.valueOf(value); // Gson escapes control characters; the depth is bounded above
        return oneLine(s.length() <= 80 ? s : s.substring(0, 77) + "...");
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("[\\r\\n\\u2028\\u2029]+", " ");
    }

    /** The file this header was read from. */
    public Path file() {
        return file;
    }

    /** The string metadata (__metadata__), empty when the file has none. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** Every tensor's entry by name, in the order of their data in the file. */
    public Map<String, Tensor> tensors() {
        return tensors;
    }

    /** Where the data section starts in the file (8 + the header length). */
    long dataStart() {
        return dataStart;
    }
}
