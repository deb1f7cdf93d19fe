package org.attentionlab.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * NumPy's {@code .npy} format, so that arrays move to and from Python ({@code numpy.load},
 * {@code numpy.save}) without conversion:
 * <pre>
 *   "\x93NUMPY" | major, minor | header length (u16 for v1, u32 for v2/v3)
 *   | "{'descr': '&lt;f4', 'fortran_order': False, 'shape': (2, 3), }" space-padded, '\n'-terminated
 *   | raw data
 * </pre>
 * Writes version 1.0, little-endian, C order, with the header padded so the data starts on a
 * 64-byte boundary as NumPy does. Reads versions 1 to 3 and C or Fortran order; element types
 * {@code <f4 <f8 <i8 <i4} (float32, float64, int64, int32).
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    private static String descr(DataType type) {
        if (type == DataType.FLOAT) {
            return "<f4";
        } else if (type == DataType.DOUBLE) {
            return "<f8";
        } else if (type == DataType.INT64) {
            return "<i8";
        } else if (type == DataType.INT32) {
            return "<i4";
        }
        return null;
    }

    private static DataType dataType(String descr) {
        switch (descr) {
            case "<f4": return DataType.FLOAT;
            case "<f8": return DataType.DOUBLE;
            case "<i8": return DataType.INT64;
            case "<i4": return DataType.INT32;
            default: return null;
        }
    }

    /** Writes the array (any layout; written in C order) atomically. */
    public static void write(Path file, INDArray array) throws IOException {
        if (array == null) {
            throw new IllegalArgumentException("array is null");
        }
        String d = descr(array.dataType());
        if (d == null) {
            throw new IllegalArgumentException("array has data type " + array.dataType()
                    + "; .npy writing supports FLOAT (<f4), DOUBLE (<f8), INT64 (<i8), INT32 (<i4)");
        }
        long[] shape = array.shape();
        StringBuilder tuple = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            tuple.append(i > 0 ? ", " : "").append(shape[i]);
        }
        tuple.append(shape.length == 1 ? ",)" : ")");
        String dict = "{'descr': '" + d + "', 'fortran_order': False, 'shape': " + tuple + ", }";
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1; // + the final '\n'
        int total = (unpadded + 63) / 64 * 64;
        if (total - 10 > 0xFFFF) {
            throw new IllegalArgumentException("array of rank " + shape.length + " needs a header too long for .npy v1.0");
        }
        ByteBuffer head = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        head.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) (total - 10));
        head.put(dict.getBytes(StandardCharsets.US_ASCII));
        while (head.position() < total - 1) {
            head.put((byte) ' ');
        }
        head.put((byte) '\n').flip();
        ByteBuffer data = NativeBytes.bytesOf(array);
        AtomicFiles.write(file, ch -> {
            NativeBytes.writeFully(ch, head);
            NativeBytes.writeFully(ch, data);
        });
    }

    /** Reads a .npy file into a c-ordered array; every problem is an IOException naming the file. */
    public static INDArray read(Path file) throws IOException {
        if (file == null) {
            throw new IllegalArgumentException("file is null");
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 10) {
                throw new IOException(file + ": not a .npy file: only " + size + " bytes");
            }
            ByteBuffer pre = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
            pre.limit((int) Math.min(12, size));
            NativeBytes.readFully(ch, pre, 0, file, "the preamble");
            byte[] magic = new byte[MAGIC.length];
            pre.get(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new IOException(file + ": not a .npy file: wrong magic bytes");
            }
            int major = pre.get() & 0xFF;
            int minor = pre.get() & 0xFF;
            long headerLength;
            int headerStart;
            if (major == 1) {
                headerLength = pre.getShort() & 0xFFFF;
                headerStart = 10;
            } else if ((major == 2 || major == 3) && pre.remaining() >= 4) {
                headerLength = pre.getInt() & 0xFFFFFFFFL;
                headerStart = 12;
            } else {
                throw new IOException(file + ": unsupported .npy version " + major + "." + minor);
            }
            if (headerStart + headerLength > size) {
                throw new IOException(file + ": header length " + headerLength + " runs past the end of the file ("
                        + size + " bytes)");
            }
            ByteBuffer hb = ByteBuffer.allocate((int) headerLength);
            NativeBytes.readFully(ch, hb, headerStart, file, "the header");
            String header = StandardCharsets.UTF_8.decode(hb).toString();
            String descr = field(file, header, DESCR, "descr");
            DataType type = dataType(descr);
            if (type == null) {
                throw new IOException(file + ": unsupported dtype '" + descr + "' (supported: <f4, <f8, <i8, <i4)");
            }
            boolean fortran = field(file, header, FORTRAN, "fortran_order").equals("True");
            long[] shape = parseShape(file, field(file, header, SHAPE, "shape"));
            long dataStart = headerStart + headerLength;
            long need = NativeBytes.bytesFor(shape, type.width());
            if (need < 0 || need != size - dataStart) {
                throw new IOException(file + ": shape " + Arrays.toString(shape) + " of " + descr + " needs "
                        + (need < 0 ? "more than 2^63" : String.valueOf(need)) + " bytes of data, the file has "
                        + (size - dataStart));
            }
            INDArray a = NativeBytes.read(ch, dataStart, type, shape, fortran ? 'f' : 'c', file, "the data");
            return fortran && shape.length > 1 ? a.dup('c') : a;
        }
    }

    private static String field(Path file, String header, Pattern p, String name) throws IOException {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new IOException(file + ": header lacks a valid '" + name + "': " + header.strip());
        }
        return m.group(1);
    }

    private static long[] parseShape(Path file, String tuple) throws IOException {
        String t = tuple.strip();
        if (t.isEmpty()) {
            return new long[0];
        }
        String[] parts = t.split(",");
        int n = parts.length;
        long[] shape = new long[n];
        for (int i = 0; i < n; i++) {
            try {
                shape[i] = Long.parseLong(parts[i].strip());
            } catch (NumberFormatException e) {
                shape[i] = -1;
            }
            if (shape[i] < 0) {
                throw new IOException(file + ": bad shape (" + tuple + ")");
            }
        }
        return shape;
    }
}
