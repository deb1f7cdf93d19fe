package org.attentionlab.io;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Moves array contents between files and ND4J's off-heap buffers as raw bytes, with no per-element
 * Java work: both file formats store little-endian, row-major data, which on a little-endian machine
 * is exactly the memory layout of a c-ordered ND4J array.
 */
final class NativeBytes {
    private NativeBytes() {
    }

    private static void requireLittleEndian() {
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new UnsupportedOperationException("tensor files are little-endian; this machine is "
                    + ByteOrder.nativeOrder());
        }
    }

    static long byteLength(INDArray a) {
        return a.length() * a.dataType().width();
    }

    /**
     * The array's bytes in C order as a buffer positioned at 0 with limit = the byte length. Shares
     * memory with the array when it is a plain c-ordered array; copies a view or an f-ordered array.
     */
    static ByteBuffer bytesOf(INDArray a) {
        requireLittleEndian();
        long bytes = byteLength(a);
        if (bytes == 0) {
            return ByteBuffer.allocate(0);
        }
        boolean plain = a.ordering() == 'c' && Shape.hasDefaultStridesForShape(a) && a.offset() == 0
                && a.data().length() == a.length();
        INDArray c = plain ? a : a.dup('c');
        ByteBuffer b = c.data().asNio(); // the whole buffer, ignoring any view offset: hence the dup above
        if (b.capacity() < bytes) {
            throw new IllegalStateException("ND4J buffer of " + b.capacity() + " bytes for " + bytes + " bytes of data");
        }
        b = b.duplicate();
        b.clear().limit(Math.toIntExact(bytes));
        return b;
    }

    /** A new array of the given shape and order, filled with its byte length of data read from {@code position}. */
    static INDArray read(FileChannel ch, long position, DataType type, long[] shape, char order, Path file,
            String what) throws IOException {
        requireLittleEndian();
        INDArray a = Nd4j.createUninitialized(type, shape, order);
        long bytes = byteLength(a);
        if (bytes == 0) {
            return a;
        }
        ByteBuffer dst = a.data().asNio().duplicate();
        dst.clear().limit(Math.toIntExact(bytes));
        readFully(ch, dst, position, file, what);
        return a;
    }

    static void writeFully(FileChannel ch, ByteBuffer src) throws IOException {
        while (src.hasRemaining()) {
            ch.write(src);
        }
    }

    /** Reads exactly dst.remaining() bytes from position, then flips dst for reading. */
    static void readFully(FileChannel ch, ByteBuffer dst, long position, Path file, String what) throws IOException {
        long pos = position;
        while (dst.hasRemaining()) {
            int n = ch.read(dst, pos);
            if (n < 0) {
                throw new EOFException(file + ": file ended inside " + what);
            }
            pos += n;
        }
        dst.flip();
    }

    /** Product of the dimensions times the element width, or -1 on overflow (0 when a dimension is 0). */
    static long bytesFor(long[] shape, int width) {
        for (long d : shape) {
            if (d == 0) {
                return 0; // [2^62, 0] is empty, not an overflow
            }
        }
        long n = width;
        try {
            for (long d : shape) {
                n = Math.multiplyExact(n, d);
            }
        } catch (ArithmeticException e) {
            return -1;
        }
        return n;
    }
}
