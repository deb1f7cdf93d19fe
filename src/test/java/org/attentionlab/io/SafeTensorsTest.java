package org.attentionlab.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SafeTensorsTest {
    @TempDir
    Path dir;

    private static INDArray seq(DataType type, long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        return Nd4j.arange(n).castTo(DataType.DOUBLE).muli(0.25).subi(1).castTo(type).reshape(shape);
    }

    @Test
    void roundTripKeepsTypesShapesOrderValuesAndMetadata() throws IOException {
        Map<String, INDArray> t = new LinkedHashMap<>();
        t.put("z.weight", seq(DataType.FLOAT, 3, 4));
        t.put("a.bias", seq(DataType.DOUBLE, 5));
        t.put("ids", Nd4j.create(new long[] {1L << 40, -3, 0, 9}, new long[] {2, 2}, DataType.INT64));
        t.put("small", Nd4j.create(new int[] {7, -1, 2}, new long[] {1, 3, 1}, DataType.INT32));
        t.put("scalar", Nd4j.scalar(DataType.FLOAT, 1.5f));
        t.put("empty", Nd4j.create(DataType.FLOAT, 2, 0));
        t.put("row_view", seq(DataType.FLOAT, 4, 3).getRow(2));        // a view with an offset
        t.put("transposed", seq(DataType.DOUBLE, 2, 3).transpose());    // not c-ordered
        Map<String, String> meta = Map.of("format", "pt", "step", "1200", "quote", "a=\"b\" <c>");
        Path f = dir.resolve("model.safetensors");
        SafeTensors.write(f, t, meta);

        SafeTensors r = SafeTensors.read(f);
        assertEquals(List.copyOf(t.keySet()), List.copyOf(r.names()));
        assertEquals(meta, r.metadata());
        for (Map.Entry<String, INDArray> e : t.entrySet()) {
            INDArray got = r.get(e.getKey());
            assertArrayEquals(e.getValue().shape(), got.shape(), e.getKey());
            assertArrayEquals(e.getValue().shape(), r.shape(e.getKey()), e.getKey());
            assertEquals(e.getValue().dataType(), got.dataType(), e.getKey());
            assertEquals(e.getValue(), got, e.getKey());
        }
        assertEquals("F32", r.dtype("z.weight"));
        assertEquals("F64", r.dtype("a.bias"));
        assertEquals("I64", r.dtype("ids"));
        assertEquals("I32", r.dtype("small"));
        assertEquals(1L << 40, r.get("ids").getLong(0, 0));
        // seq(2, 3) is [[-1, -.75, -.5], [-.25, 0, .25]]; its transpose is stored in C order as written.
        assertEquals(-0.75, r.get("transposed").getDouble(1, 0), 0);
        assertEquals(Nd4j.create(new float[] {0.5f, 0.75f, 1f}), r.get("row_view"));
    }

    @Test
    void headerIsSpacePaddedSoDataStartsEightByteAligned() throws IOException {
        Path f = dir.resolve("pad.safetensors");
        SafeTensors.write(f, Map.of("x", seq(DataType.FLOAT, 3)), null);
        byte[] b = Files.readAllBytes(f);
        long n = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, n % 8);
        assertEquals(8 + n + 12, b.length);
        String header = new String(b, 8, (int) n, StandardCharsets.UTF_8);
        assertEquals("{\"x\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,12]}}", header.strip());
    }

    @Test
    void readsAFileWrittenByPython() throws Exception {
        SafeTensors r = SafeTensors.read(fixture("python_written.safetensors"));
        assertEquals(Map.of("format", "pt", "note", "written by make_io_fixtures.py"), r.metadata());
        assertEquals(List.of("encoder.weight", "encoder.bias", "token_ids", "counts", "scale"), List.copyOf(r.names()));
        assertEquals(Nd4j.create(new float[] {-1, -0.5f, 0, 0.5f, 1, 1.5f}, 2, 3), r.get("encoder.weight"));
        assertEquals(Nd4j.create(new double[] {0.1, -2.5, 3e-7}), r.get("encoder.bias"));
        assertEquals(Nd4j.create(new long[] {1, -2, 1L << 40, 7}, new long[] {2, 2}, DataType.INT64), r.get("token_ids"));
        assertEquals(Nd4j.create(new int[] {-1, 0, 1, 2}, new long[] {1, 4, 1}, DataType.INT32), r.get("counts"));
        assertArrayEquals(new long[0], r.shape("scale"));
        assertEquals(2.25, r.get("scale").getDouble(0), 0);
        assertEquals("F64", r.dtype("encoder.bias"));
    }

    static Path fixture(String name) throws Exception {
        return Paths.get(SafeTensorsTest.class.getResource("/fixtures/" + name).toURI());
    }

    @Test
    void absentTensorNamesFileAndTensor() throws IOException {
        Path f = dir.resolve("one.safetensors");
        SafeTensors.write(f, Map.of("present", seq(DataType.FLOAT, 2)), Map.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SafeTensors.read(f).get("absent"));
        assertTrue(e.getMessage().contains("'absent'") && e.getMessage().contains(f.toString())
                && e.getMessage().contains("present"), e.getMessage());
    }

    @Test
    void truncatedFilesAreReportedWithTheFileName() throws IOException {
        Path f = dir.resolve("trunc.safetensors");
        SafeTensors.write(f, Map.of("w", seq(DataType.FLOAT, 4, 4)), null);
        byte[] full = Files.readAllBytes(f);

        Files.write(f, java.util.Arrays.copyOf(full, 5));
        assertMessage(f, "shorter than the 8-byte header length");

        Files.write(f, java.util.Arrays.copyOf(full, 20)); // header cut short
        assertMessage(f, "runs past the end of the file");

        Files.write(f, java.util.Arrays.copyOf(full, full.length - 4)); // data cut short
        assertMessage(f, "tensor 'w'", "outside the data section");
    }

    @Test
    void corruptedHeaderIsReported() throws IOException {
        Path f = dir.resolve("corrupt.safetensors");
        SafeTensors.write(f, Map.of("w", seq(DataType.FLOAT, 2)), null);
        byte[] b = Files.readAllBytes(f);
        b[8] = 'X'; // the opening brace
        Files.write(f, b);
        assertMessage(f, "does not start with '{'");
        Files.write(f, fileWithHeader("{\"w\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4]}} trailing", 4));
        assertMessage(f, "does not end with '}'");
        Files.write(f, fileWithHeader("{\"w\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4]}} {}", 4));
        assertMessage(f, "after the JSON object");
        Files.write(f, fileWithHeader("[1, 2]", 0));
        assertMessage(f, "does not start with '{'");
        Files.write(f, fileWithHeader("{\"__metadata__\": {\"k\": 3}}", 0));
        assertMessage(f, "__metadata__", "'k'");
        Files.write(f, fileWithHeader("{\"w\": {\"dtype\": \"F32\", \"shape\": [-1], \"data_offsets\": [0, 4]}}", 4));
        assertMessage(f, "tensor 'w'", "shape");
    }

    @Test
    void wrongByteRangesAreReportedWithTheTensor() throws IOException {
        Path f = dir.resolve("ranges.safetensors");
        Files.write(f, fileWithHeader("{\"w\": {\"dtype\": \"F32\", \"shape\": [2, 3], \"data_offsets\": [0, 20]}}", 24));
        assertMessage(f, "tensor 'w'", "hold 20 bytes", "need 24");
        Files.write(f, fileWithHeader("{\"w\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [16, 24]}}", 20));
        assertMessage(f, "tensor 'w'", "[16, 24]", "outside the data section of 20 bytes");
        Files.write(f, fileWithHeader("{\"a\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 8]},"
                + " \"b\": {\"dtype\": \"I32\", \"shape\": [2], \"data_offsets\": [4, 12]}}", 12));
        assertMessage(f, "'a'", "'b'", "overlap");
        Files.write(f, fileWithHeader("{\"h\": {\"dtype\": \"F16\", \"shape\": [2], \"data_offsets\": [0, 4]}}", 4));
        assertMessage(f, "tensor 'h'", "unsupported dtype F16");
    }

    @Test
    void failedWriteLeavesPreviousFileAndNoTemporaryFile() throws IOException {
        Path f = dir.resolve("ckpt.safetensors");
        SafeTensors.write(f, Map.of("w", seq(DataType.FLOAT, 8)), Map.of("step", "1"));
        byte[] before = Files.readAllBytes(f);

        Map<String, INDArray> t = new LinkedHashMap<>();
        t.put("w", seq(DataType.FLOAT, 1000));
        t.put("bad", failingOnData(seq(DataType.FLOAT, 1000)));
        RuntimeException e = assertThrows(RuntimeException.class, () -> SafeTensors.write(f, t, Map.of("step", "2")));
        assertTrue(e.getMessage().contains("simulated"), e.getMessage());

        assertArrayEquals(before, Files.readAllBytes(f));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(f), files.toList());
        }
        assertEquals("1", SafeTensors.read(f).metadata().get("step"));
    }

    @Test
    void writingIntoMissingDirectoryFailsCleanly() {
        Path f = dir.resolve("no-such-dir").resolve("x.safetensors");
        assertThrows(IOException.class, () -> SafeTensors.write(f, Map.of("w", seq(DataType.FLOAT, 2)), null));
    }

    @Test
    void rejectsUnsupportedTypesAndReservedNamesBeforeWriting() {
        Path f = dir.resolve("never.safetensors");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SafeTensors.write(f, Map.of("h", seq(DataType.HALF, 2)), null));
        assertTrue(e.getMessage().contains("'h'") && e.getMessage().contains("HALF"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> SafeTensors.write(f, Map.of("__metadata__", seq(DataType.FLOAT, 2)), null));
        assertTrue(e.getMessage().contains("__metadata__"), e.getMessage());
        assertTrue(Files.notExists(f));
    }

    /** An array that works until its data buffer is asked for, as a disk-full stand-in in the middle of a write. */
    private static INDArray failingOnData(INDArray real) {
        return (INDArray) Proxy.newProxyInstance(INDArray.class.getClassLoader(), new Class<?>[] {INDArray.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("data") || method.getName().equals("dup")) {
                        throw new IllegalStateException("simulated failure reading the tensor");
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException ex) {
                        throw ex.getCause();
                    }
                });
    }

    /** A file with the given header text and dataBytes zero bytes of data. */
    private static byte[] fileWithHeader(String json, int dataBytes) {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        return b.array();
    }

    private static void assertMessage(Path f, String... parts) {
        IOException e = assertThrows(IOException.class, () -> SafeTensors.read(f));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "expected '" + p + "' in: " + e.getMessage());
        }
    }
}
