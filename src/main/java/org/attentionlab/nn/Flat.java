package org.attentionlab.nn;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Element access to a c-contiguous float32 or float64 array's off-heap memory, for fused Java loops.
 *
 * <p>Why: on ND4J 1.0.0-M2.1 every op costs tens of microseconds of overhead, and a row-wise
 * normalisation written with ops needs 7-10 of them. One Java loop over the memory that reads each
 * element once or twice beat the ops clearly: LayerNorm's backward 0.5 ms against 9 ms for
 * {@code layer_norm_bp}, an embedding scatter-add 0.17 ms against 1.8 ms for an in-place
 * {@code scatter_add} op ([1024, 128] float32, one thread). Values travel as {@code double}, so the
 * arithmetic is float64 whatever the storage.
 *
 * <p>Two final subclasses keep call sites at most bimorphic, which the JIT inlines.
 */
abstract class Flat {

    /** A view on {@code a}'s elements in c order; {@code a} must be c-contiguous (see {@link Arrays2#rows}). */
    static Flat of(INDArray a) {
        if (!isCContiguous(a)) {
            throw new IllegalStateException("fused loops need a c-contiguous array, got ordering " + a.ordering()
                    + " strides " + Arrays.toString(a.stride()));
        }
        // data() is the whole underlying buffer; a view starts offset() elements into it.
        ByteBuffer bytes = a.data().asNio().order(ByteOrder.nativeOrder());
        int offset = Math.toIntExact(a.offset());
        switch (a.dataType()) {
            case FLOAT:
                return new F(bytes.asFloatBuffer(), offset);
            case DOUBLE:
                return new D(bytes.asDoubleBuffer(), offset);
            default:
                throw new IllegalArgumentException("expected a float32 or float64 array, got " + a.dataType());
        }
    }

    /**
     * The float32 elements of a c-contiguous array as a buffer whose index 0 is the array's first
     * element (a view starts offset() elements into the shared buffer), for bulk copies.
     */
    static java.nio.FloatBuffer floats(INDArray a) {
        if (!isCContiguous(a) || a.dataType() != org.nd4j.linalg.api.buffer.DataType.FLOAT) {
            throw new IllegalStateException("expected a c-contiguous float32 array, got " + a.dataType()
                    + " strides " + Arrays.toString(a.stride()));
        }
        java.nio.FloatBuffer all = a.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
        return all.slice(Math.toIntExact(a.offset()), Math.toIntExact(a.length()));
    }

    /** A small array's elements in c order as a new float array (any layout, float32 or float64). */
    static float[] floatArray(INDArray a) {
        INDArray c = isCContiguous(a) ? a : a.dup('c');
        double[] v = of(c).toArray(0, Math.toIntExact(c.length()));
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    /**
     * Whether the elements lie densely in c order. Written out because {@code Shape.hasDefaultStridesForShape}
     * rejects some valid layouts (a fresh [1, 1, 3] array); axes of size 1 may have any stride.
     */
    static boolean isCContiguous(INDArray a) {
        long expected = 1;
        for (int i = a.rank() - 1; i >= 0; i--) {
            long size = a.size(i);
            if (size != 1 && a.stride(i) != expected) {
                return false;
            }
            expected *= size;
        }
        return true;
    }

    /**
     * Below this many elements a float32 element-wise sum is a Java loop rather than an ND4J op,
     * whose fixed cost (tens of microseconds, docs/benchmarks.md) dominates at a
     * decoding step's sizes ([32, 128]: about 2 µs as a loop). Linear uses the same bound for its
     * bias adds.
     */
    static final long SMALL = 32_768;

    /**
     * y += x for two c-contiguous arrays of the same length: a Java loop for small float32 arrays
     * (the residual sums of a decoding step, three a decoder layer), else {@code y.addi(x)}.
     * Returns y.
     */
    static INDArray addInPlace(INDArray y, INDArray x) {
        if (y.length() > SMALL || y.length() != x.length() || y.dataType() != DataType.FLOAT
                || x.dataType() != DataType.FLOAT || !isCContiguous(y) || !isCContiguous(x)) {
            return y.addi(x);
        }
        int n = Math.toIntExact(y.length());
        float[] a = new float[n];
        float[] b = new float[n];
        FloatBuffer ys = floats(y);
        ys.get(0, a, 0, n);
        floats(x).get(0, b, 0, n);
        for (int i = 0; i < n; i++) {
            a[i] += b[i];
        }
        ys.put(0, a, 0, n);
        return y;
    }

    abstract double get(int i);

    abstract void set(int i, double v);

    final void add(int i, double v) {
        set(i, get(i) + v);
    }

    /** Copies {@code n} elements starting at {@code from} into a Java array. */
    final double[] toArray(int from, int n) {
        double[] out = new double[n];
        read(from, out, 0, n);
        return out;
    }

    /**
     * Bulk copy of elements from..from+n into dst[at..at+n]: one memory copy (plus a widening loop
     * for float32), several times faster than n calls of {@link #get} on a direct buffer.
     */
    abstract void read(int from, double[] dst, int at, int n);

    /** Bulk copy of src[at..at+n] into elements from..from+n (narrowed to float32 if needed). */
    abstract void write(int from, double[] src, int at, int n);

    /** Writes {@code row} into each of the first {@code rows} rows of {@code row.length} elements. */
    abstract void fillRows(double[] row, int rows);

    private static final class F extends Flat {
        private final FloatBuffer buf;
        private final int offset;

        F(FloatBuffer buf, int offset) {
            this.buf = buf;
            this.offset = offset;
        }

        @Override
        double get(int i) {
            return buf.get(offset + i);
        }

        @Override
        void set(int i, double v) {
            buf.put(offset + i, (float) v);
        }

        /**
         * The float32 staging buffer of bulk copies, one per thread and shared by all views: a Flat
         * is made for each call of a fused loop, and a buffer of its own per view was the largest
         * remaining source of garbage in a training step. Safe because read and write never nest.
         */
        private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[][] {new float[256]});

        private final float[][] scratch = SCRATCH.get();

        private float[] scratch(int n) {
            float[] s = scratch[0];
            if (s.length < n) {
                s = new float[Math.max(n, 2 * s.length)];
                scratch[0] = s;
            }
            return s;
        }

        @Override
        void read(int from, double[] dst, int at, int n) {
            float[] tmp = scratch(n);
            buf.get(offset + from, tmp, 0, n);
            for (int i = 0; i < n; i++) {
                dst[at + i] = tmp[i];
            }
        }

        @Override
        void write(int from, double[] src, int at, int n) {
            float[] tmp = scratch(n);
            for (int i = 0; i < n; i++) {
                tmp[i] = (float) src[at + i];
            }
            buf.put(offset + from, tmp, 0, n);
        }

        @Override
        void fillRows(double[] row, int rows) {
            int n = row.length;
            float[] tmp = scratch(n);
            for (int i = 0; i < n; i++) {
                tmp[i] = (float) row[i];
            }
            buf.put(offset, tmp, 0, n);
            // Doubling: rows [0, k) copied to [k, 2k) in one bulk copy each time, so the copies are
            // few and long (a copy per row cost about as much as the product it prepares).
            for (int done = 1; done < rows; done *= 2) {
                int k = Math.min(done, rows - done);
                buf.put(offset + done * n, buf, offset, k * n);
            }
        }
    }

    private static final class D extends Flat {
        private final DoubleBuffer buf;
        private final int offset;

        D(DoubleBuffer buf, int offset) {
            this.buf = buf;
            this.offset = offset;
        }

        @Override
        double get(int i) {
            return buf.get(offset + i);
        }

        @Override
        void set(int i, double v) {
            buf.put(offset + i, v);
        }

        @Override
        void read(int from, double[] dst, int at, int n) {
            buf.get(offset + from, dst, at, n);
        }

        @Override
        void write(int from, double[] src, int at, int n) {
            buf.put(offset + from, src, at, n);
        }

        @Override
        void fillRows(double[] row, int rows) {
            int n = row.length;
            buf.put(offset, row, 0, n);
            for (int done = 1; done < rows; done *= 2) {
                int k = Math.min(done, rows - done);
                buf.put(offset + done * n, buf, offset, k * n);
            }
        }
    }
}
