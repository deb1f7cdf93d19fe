package org.attentionlab.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Issue 17, findings 2 and 3: the header length, the byte ranges and the file size must agree
 * exactly, and a deeply nested header is a one-line error. Each of these files loaded (or crashed
 * the reader) before the checks existed.
 */
class SafeTensorsStrictTest {
    @TempDir
    Path dir;

    /** A file written by SafeTensors.write whose JSON needs padding, so that its last header byte is a space. */
    private Path padded() throws IOException {
        Map<String, INDArray> t = new LinkedHashMap<>();
        t.put("a", Nd4j.createFromArray(1f, 2f, 3f));
        t.put("b", Nd4j.createFromArray(4f, 5f));
        for (String note : new String[] {"", "x", "xx", "xxx", "xxxx", "xxxxx", "xxxxxx", "xxxxxxx"}) {
            Path f = dir.resolve("padded.safetensors");
            SafeTensors.write(f, t, Map.of("note", note));
            byte[] b = Files.readAllBytes(f);
            if (b[8 + (int) headerLength(b) - 1] == ' ') {
                return f;
            }
        }
        throw new AssertionError("no padded header");
    }

    private static long headerLength(byte[] file) {
        return ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    private static byte[] withHeaderLength(byte[] file, long n) {
        byte[] out = file.clone();
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putLong(0, n);
        return out;
    }

    private static String refusal(Path f) {
        IOException e = assertThrows(IOException.class, () -> SafeTensors.read(f));
        String m = e.getMessage();
        assertTrue(m.startsWith(f.toString()), m);
        assertFalse(m.contains("\n") || m.contains("\r"), "one line: " + m);
        return m;
    }

    @Test
    void headerLengthOneShortIsRefusedInsteadOfReadingEveryTensorOneByteOff() throws IOException {
        Path f = padded();
        byte[] good = Files.readAllBytes(f);
        Files.write(f, withHeaderLength(good, headerLength(good) - 1));
        String m = refusal(f);
        assertTrue(m.contains("1 bytes after the end of the last tensor"), m);
        assertTrue(m.contains("is the header length right?"), m);
    }

    @Test
    void headerLengthOneLongIsRefused() throws IOException {
        Path f = padded();
        byte[] good = Files.readAllBytes(f);
        Files.write(f, withHeaderLength(good, headerLength(good) + 1));
        refusal(f);
    }

    @Test
    void bytesAfterTheLastTensorAreRefused() throws IOException {
        Path f = padded();
        byte[] good = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(good, good.length + 4));
        String m = refusal(f);
        assertTrue(m.contains("4 bytes after the end of the last tensor ('b' ends at 20)"), m);
    }

    @Test
    void gapsBetweenTensorsAreRefused() throws IOException {
        Path f = dir.resolve("gap.safetensors");
        Files.write(f, file("{\"a\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4]},"
                + " \"b\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [8, 12]}}", 12));
        String m = refusal(f);
        assertTrue(m.contains("bytes [4, 8) of the data section belong to no tensor (a gap before 'b')"), m);
        Files.write(f, file("{\"a\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [4, 8]}}", 8));
        assertTrue(refusal(f).contains("bytes [0, 4)"));
    }

    @Test
    void paddingMustBeSpaces() throws IOException {
        Path f = dir.resolve("pad.safetensors");
        String json = "{\"a\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4]}}";
        Files.write(f, file(json + "   ", 4));
        SafeTensors.read(f); // spaces: fine
        Files.write(f, file(json + "\n\t ", 4));
        assertTrue(refusal(f).contains("does not end with '}'"));
        Files.write(f, file(json + "\0\0\0", 4));
        assertTrue(refusal(f).contains("0x00"));
        Files.write(f, file(" " + json, 4));
        assertTrue(refusal(f).contains("does not start with '{'"));
    }

    @Test
    void aNameGivenTwiceIsRefused() throws IOException {
        Path f = dir.resolve("twice.safetensors");
        Files.write(f, file("{\"a\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4]},"
                + " \"a\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4]}}", 4));
        assertTrue(refusal(f).contains("names 'a' twice"));
    }

    @Test
    void emptyTensorsAnywhereStillTileTheData() throws IOException {
        Path f = dir.resolve("empty.safetensors");
        Map<String, INDArray> t = new LinkedHashMap<>();
        t.put("first", Nd4j.create(DataType.FLOAT, 0));
        t.put("a", Nd4j.createFromArray(1.0, 2.0));
        t.put("middle", Nd4j.create(DataType.INT64, 2, 0));
        t.put("b", Nd4j.createFromArray(7, 8));
        t.put("last", Nd4j.create(DataType.FLOAT, 0, 3));
        SafeTensors.write(f, t, null);
        assertEquals(t.keySet(), SafeTensors.read(f).names());
        // Listed out of file order in the header, the ranges still tile the data.
        Files.write(f, file("{\"b\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [4, 8]},"
                + " \"e\": {\"dtype\": \"F32\", \"shape\": [0], \"data_offsets\": [4, 4]},"
                + " \"a\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4]}}", 8));
        assertEquals(java.util.List.of("a", "e", "b"), java.util.List.copyOf(SafeTensors.read(f).names()));
        // An empty tensor whose other dimension is huge is still empty, not an overflow.
        Files.write(f, file("{\"e\": {\"dtype\": \"F32\", \"shape\": [4611686018427387904, 0], \"data_offsets\": [0, 0]}}", 0));
        assertEquals(0, SafeTensors.read(f).get("e").length());
    }

    @Test
    void deeplyNestedHeaderIsAOneLineErrorNotAStackOverflow() throws IOException {
        Path f = dir.resolve("deep.safetensors");
        String deep = "[".repeat(200_000) + "]".repeat(200_000);
        for (String json : new String[] {"{\"a\": " + deep + "}", "{\"__metadata__\": {\"config\": " + deep + "}}",
                "{\"a\": {\"dtype\": \"F32\", \"shape\": " + deep + ", \"data_offsets\": [0, 0]}}"}) {
            Files.write(f, file(json, 0));
            String m = refusal(f);
            assertTrue(m.contains("nests JSON more than 32 levels deep"), m);
            assertTrue(m.length() < 300, m);
        }
        // Brackets inside strings are not nesting.
        Files.write(f, file("{\"__metadata__\": {\"note\": \"" + "[{".repeat(1000) + "\"}}", 0));
        assertEquals("[{".repeat(1000), SafeTensors.read(f).metadata().get("note"));
    }

    @Test
    void namesWithControlCharactersStayOnOneLine() throws IOException {
        Path f = dir.resolve("names.safetensors");
        Files.write(f, file("{\"bad\\nname\": {\"dtype\": \"F16\", \"shape\": [1], \"data_offsets\": [0, 2]}}", 2));
        assertTrue(refusal(f).contains("'bad\\u000aname'"));
    }

    /** A file with the given header text (no padding) and dataBytes zero bytes of data. */
    static byte[] file(String json, int dataBytes) {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        return b.array();
    }
}
