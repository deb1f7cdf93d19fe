package org.attentionlab.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class NpyTest {
    @TempDir
    Path dir;

    @Test
    void roundTripKeepsTypeShapeAndValues() throws IOException {
        INDArray[] arrays = {
            Nd4j.arange(24).castTo(DataType.FLOAT).divi(7).reshape(2, 3, 4),
            Nd4j.arange(5).castTo(DataType.DOUBLE).muli(1e-3),
            Nd4j.create(new long[] {1L << 50, -1}, new long[] {2}, DataType.INT64),
            Nd4j.create(new int[] {3, 4, 5, 6}, new long[] {2, 2}, DataType.INT32),
            Nd4j.scalar(DataType.DOUBLE, -0.5),
            Nd4j.arange(12).castTo(DataType.FLOAT).reshape(3, 4).transpose(), // f-ordered view
        };
        for (int i = 0; i < arrays.length; i++) {
            Path f = dir.resolve("a" + i + ".npy");
            Npy.write(f, arrays[i]);
            INDArray back = Npy.read(f);
            assertArrayEquals(arrays[i].shape(), back.shape(), "array " + i);
            assertEquals(arrays[i].dataType(), back.dataType(), "array " + i);
            assertEquals(arrays[i], back, "array " + i);
        }
    }

    @Test
    void writesNumpysHeaderLayout() throws IOException {
        Path f = dir.resolve("h.npy");
        Npy.write(f, Nd4j.zeros(DataType.FLOAT, 2, 3));
        byte[] b = Files.readAllBytes(f);
        assertEquals(128 + 24, b.length); // header padded to a multiple of 64
        String header = new String(b, 10, 118, StandardCharsets.US_ASCII);
        assertTrue(header.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"), header);
        assertTrue(header.endsWith(" \n"), header);
        Npy.write(f, Nd4j.zeros(DataType.DOUBLE, 7));
        assertTrue(new String(Files.readAllBytes(f), StandardCharsets.US_ASCII).contains("'shape': (7,), }"));
    }

    @Test
    void readsFilesWrittenByNumpy() throws Exception {
        INDArray f4 = Npy.read(SafeTensorsTest.fixture("numpy_f4.npy"));
        assertEquals(DataType.FLOAT, f4.dataType());
        assertEquals(Nd4j.arange(24).castTo(DataType.FLOAT).subi(5).divi(4).reshape(2, 3, 4), f4);

        INDArray f8 = Npy.read(SafeTensorsTest.fixture("numpy_f8.npy"));
        assertEquals(DataType.DOUBLE, f8.dataType());
        assertArrayEquals(new long[] {5}, f8.shape());
        for (int i = 0; i < 5; i++) {
            assertEquals(i * 1e-3 + 7, f8.getDouble(i), 0);
        }

        INDArray fortran = Npy.read(SafeTensorsTest.fixture("numpy_f8_fortran.npy"));
        assertArrayEquals(new long[] {3, 4}, fortran.shape());
        assertEquals('c', fortran.ordering());
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 4; j++) {
                assertEquals(10 * i + j, fortran.getDouble(i, j), 0, "[" + i + ", " + j + "]");
            }
        }
    }

    @Test
    void badFilesAreReportedWithTheFileName() throws Exception {
        Path f = dir.resolve("bad.npy");
        Files.write(f, "not numpy at all".getBytes(StandardCharsets.US_ASCII));
        assertMessage(f, "magic");

        byte[] good = Files.readAllBytes(SafeTensorsTest.fixture("numpy_f4.npy"));
        Files.write(f, Arrays.copyOf(good, good.length - 1));
        assertMessage(f, "needs 96 bytes", "has 95");

        byte[] bigEndian = good.clone();
        String h = new String(bigEndian, 0, 128, StandardCharsets.ISO_8859_1).replace("'<f4'", "'>f4'");
        System.arraycopy(h.getBytes(StandardCharsets.ISO_8859_1), 0, bigEndian, 0, 128);
        Files.write(f, bigEndian);
        assertMessage(f, "unsupported dtype '>f4'");

        Files.write(f, Arrays.copyOf(good, 4));
        assertMessage(f, "only 4 bytes");
    }

    @Test
    void rejectsUnsupportedTypeOnWrite() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Npy.write(dir.resolve("h.npy"), Nd4j.zeros(DataType.HALF, 2)));
        assertTrue(e.getMessage().contains("HALF"), e.getMessage());
    }

    private static void assertMessage(Path f, String... parts) {
        IOException e = assertThrows(IOException.class, () -> Npy.read(f));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "expected '" + p + "' in: " + e.getMessage());
        }
    }
}
