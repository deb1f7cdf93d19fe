package org.attentionlab.nn;

import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The keys and values one {@link MultiHeadAttention} has seen while decoding one position at a time,
 * so that each step costs O(t) instead of re-running the whole prefix.
 *
 * <p>Self-attention: starts empty; every {@link MultiHeadAttention#step} appends its position's key
 * and value (after RoPE, if used) into buffers [B,H,capacity,dh] that double when full, so the total
 * copying stays linear in the length. Cross-attention: the memory's keys and values are projected
 * once, when the cache is made, and only read afterwards.
 *
 * <p>Made by {@link MultiHeadAttention#newCache}; a cache belongs to the layer that made it. Its
 * buffers are allocated outside any active ND4J workspace, so a decoding loop may run each step in
 * a workspace.
 */
public final class KeyValueCache {
    private final MultiHeadAttention owner;
    private final boolean selfAttention;
    private boolean released;
    private final INDArray keyPadding; // [B, L] float mask (1 real, 0 pad) in the layer's type, or null
    private INDArray keys;             // [B,H,capacity,dh]
    private INDArray values;
    private INDArray keysAndValues;    // cross-attention: the [2,B,H,Tk,dh] array keys and values are views of
    private long length;               // filled key positions
    private long position;             // queries processed so far = position of the next query

    KeyValueCache(MultiHeadAttention owner, boolean selfAttention, INDArray keysAndValues, INDArray keys,
            INDArray values, INDArray keyPadding) {
        this.owner = owner;
        this.selfAttention = selfAttention;
        this.keysAndValues = keysAndValues;
        this.keys = keys;
        this.values = values;
        if (keyPadding != null && !Flat.isCContiguous(keyPadding)) {
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                keyPadding = keyPadding.dup('c');
            }
        }
        this.keyPadding = keyPadding;
        this.length = keys == null ? 0 : keys.size(2);
    }

    MultiHeadAttention owner() {
        return owner;
    }

    public boolean isSelfAttention() {
        return selfAttention;
    }

    /** Position of the next query: the number of steps taken so far. */
    public long position() {
        return position;
    }

    /** Number of key positions held (self: equal to {@link #position()}; cross: the memory length). */
    public long length() {
        return length;
    }

    /** Batch size, or -1 for a self-attention cache that has not seen a step yet. */
    public long batchSize() {
        return keys != null ? keys.size(0) : keyPadding != null ? keyPadding.size(0) : -1;
    }

    /**
     * Keeps batch rows {@code rows} in that order (repeats allowed), as beam search needs after
     * choosing which hypotheses survive. The key-padding mask is not reordered: it must be the same
     * for all rows that can be reordered into one another, or null.
     */
    public void reorder(int... rows) {
        if (keys == null) {
            return;
        }
        long b = keys.size(0);
        for (int r : rows) {
            if (r < 0 || r >= b) {
                throw new IllegalArgumentException("reorder row " + r + " out of range for batch size " + b);
            }
        }
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            keys = replaced(keys, pull(keys, rows));
            values = replaced(values, pull(values, rows));
        }
    }

    private static INDArray pull(INDArray x, int[] rows) {
        long[] shape = x.shape();
        INDArray flat = x.reshape(shape[0], x.length() / shape[0]);          // [B, H*cap*dh]
        INDArray picked = Nd4j.pullRows(flat, 1, rows);
        shape[0] = rows.length;
        return picked.reshape(shape);
    }

    /**
     * Appends one position from rows of (fused) projections, in a Java loop (no ND4J op): for batch
     * row b and head h the key is {@code k[b * kStride + kOffset + h*dh + i]} and the value
     * {@code v[b * vStride + vOffset + h*dh + i]}, i &lt; dh. Both arrays must be c-contiguous.
     */
    void appendRows(INDArray k, int kStride, int kOffset, INDArray v, int vStride, int vOffset, int batch,
            int heads, int dh) {
        if (k.dataType() == org.nd4j.linalg.api.buffer.DataType.FLOAT) {
            appendRows(Flat.floats(k), kStride, kOffset, Flat.floats(v), vStride, vOffset, batch, heads, dh);
            return;
        }
        checkNotReleased();
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            ensureRoom(k.dataType(), batch, heads, dh);
        }
        Flat kin = Flat.of(k);
        Flat vin = Flat.of(v);
        Flat kout = Flat.of(keys);
        Flat vout = Flat.of(values);
        int cap = (int) keys.size(2);
        int d = heads * dh;
        double[] krow = new double[d];
        double[] vrow = new double[d];
        for (int b = 0; b < batch; b++) {
            kin.read(b * kStride + kOffset, krow, 0, d);
            vin.read(b * vStride + vOffset, vrow, 0, d);
            for (int h = 0; h < heads; h++) {
                int o = ((b * heads + h) * cap + (int) length) * dh;
                kout.write(o, krow, h * dh, dh);
                vout.write(o, vrow, h * dh, dh);
            }
        }
        length++;
    }

    /**
     * {@link #appendRows} from float32 rows in buffers (index 0 at the first row), for
     * {@link FloatDecoderStep}.
     */
    void appendRows(java.nio.FloatBuffer k, int kStride, int kOffset, java.nio.FloatBuffer v, int vStride,
            int vOffset, int batch, int heads, int dh) {
        checkNotReleased();
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            ensureRoom(org.nd4j.linalg.api.buffer.DataType.FLOAT, batch, heads, dh);
        }
        appendFloatRows(k, kStride, kOffset, v, vStride, vOffset, batch, heads, dh);
        length++;
    }

    /** {@link #appendRows} for float32: rows copied as floats, with no float64 staging. */
    private void appendFloatRows(java.nio.FloatBuffer kin, int kStride, int kOffset, java.nio.FloatBuffer vin,
            int vStride, int vOffset, int batch, int heads, int dh) {
        java.nio.FloatBuffer kout = Flat.floats(keys);
        java.nio.FloatBuffer vout = Flat.floats(values);
        int cap = (int) keys.size(2);
        int d = heads * dh;
        int t = (int) length;
        float[] krow = new float[d];
        float[] vrow = new float[d];
        for (int b = 0; b < batch; b++) {
            kin.get(b * kStride + kOffset, krow, 0, d);
            vin.get(b * vStride + vOffset, vrow, 0, d);
            for (int h = 0; h < heads; h++) {
                int o = ((b * heads + h) * cap + t) * dh;
                kout.put(o, krow, h * dh, dh);
                vout.put(o, vrow, h * dh, dh);
            }
        }
    }

    /** The c-contiguous [B,H,cap,dh] buffers, allocated, grown or compacted so one more position fits. */
    private void ensureRoom(org.nd4j.linalg.api.buffer.DataType type, long batch, long heads, long dh) {
        if (keys == null) {
            long cap = 16;
            keys = Nd4j.createUninitialized(type, batch, heads, cap, dh);
            values = keys.ulike();
        } else if (batch != keys.size(0)) {
            throw new IllegalArgumentException("step input has batch size " + batch
                    + " but the cache holds " + keys.size(0));
        } else if (length == keys.size(2)) {
            keys = replaced(keys, grow(keys, length));
            values = replaced(values, grow(values, length));
        }
        if (!Flat.isCContiguous(keys)) {       // after a reorder, for instance
            keys = replaced(keys, keys.dup('c'));
        }
        if (!Flat.isCContiguous(values)) {
            values = replaced(values, values.dup('c'));
        }
    }

    /** Capacity of the key/value buffers along the position axis. */
    int capacity() {
        return (int) keys.size(2);
    }

    /** The whole [B,H,capacity,dh] key buffer (positions past {@link #length()} are garbage). */
    INDArray keyBuffer() {
        checkNotReleased();
        return keys;
    }

    /** The whole [B,H,capacity,dh] value buffer. */
    INDArray valueBuffer() {
        return values;
    }

    /** A pointer at the float32 key buffer's first element (it moves when the cache grows or is reordered). */
    org.bytedeco.javacpp.FloatPointer floatKeys() {
        checkNotReleased();
        return new org.bytedeco.javacpp.FloatPointer(keys.data().addressPointer());
    }

    /** A pointer at the float32 value buffer's first element. */
    org.bytedeco.javacpp.FloatPointer floatValues() {
        return new org.bytedeco.javacpp.FloatPointer(values.data().addressPointer());
    }

    /** The [B, L] key-padding mask (1 real, 0 padding) in the layer's type, or null. */
    INDArray keyPadding() {
        if (keyPadding != null && keyPadding.size(1) < length) {
            throw new IllegalArgumentException("cache keyPadding covers " + keyPadding.size(1)
                    + " positions but the cache now holds " + length + " keys");
        }
        return keyPadding;
    }

    private static INDArray grow(INDArray x, long filled) {
        INDArray bigger = Nd4j.createUninitialized(x.dataType(), x.size(0), x.size(1), 2 * x.size(2), x.size(3));
        if (x.dataType() == org.nd4j.linalg.api.buffer.DataType.FLOAT && Flat.isCContiguous(x)) {
            // Bulk copies of each (sequence, head)'s filled rows: the views and assign op below cost
            // a few percent of a cached decode at the reference size (JFR).
            java.nio.FloatBuffer from = Flat.floats(x);
            java.nio.FloatBuffer to = Flat.floats(bigger);
            int cap = (int) x.size(2);
            int dh = (int) x.size(3);
            int n = (int) filled * dh;
            float[] rows = new float[n];
            for (int g = 0; g < x.size(0) * x.size(1); g++) {
                from.get(g * cap * dh, rows, 0, n);
                to.put(g * 2 * cap * dh, rows, 0, n);
            }
            return bigger;
        }
        bigger.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, filled), NDArrayIndex.all())
                .assign(x.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, filled), NDArrayIndex.all()));
        return bigger;
    }

    /** Keys [B,H,length,dh] (a view). */
    INDArray keys() {
        return keys.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, length), NDArrayIndex.all());
    }

    /** Values [B,H,length,dh] (a view). */
    INDArray values() {
        return values.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, length), NDArrayIndex.all());
    }

    /**
     * Frees the cache's native memory now instead of when the garbage collector finds it. Why: the
     * buffers live outside any workspace (they outlive a decoding step), and a decode that makes
     * little Java garbage triggers few collections, so the buffers of finished decodes piled up
     * (about 250 MB of resident memory after a benchmark's few hundred cached decodes at the
     * reference size, docs/benchmarks.md "Fifth pass"). The cache cannot be used afterwards.
     */
    public void release() {
        if (keysAndValues != null) {
            release(keysAndValues);
        } else {
            release(keys);
            release(values);
        }
        keysAndValues = null;
        keys = null;
        values = null;
        length = 0;
        released = true;
    }

    private void checkNotReleased() {
        if (released) {
            throw new IllegalStateException("this KeyValueCache was released (its decode has ended); start a new decode");
        }
    }

    /** Returns {@code fresh}, made from {@code old}, after freeing old (see {@link #release(INDArray)}). */
    private static INDArray replaced(INDArray old, INDArray fresh) {
        release(old);
        return fresh;
    }

    /** Closes an array that owns its buffer (not a view, not in a workspace); others are left to the GC. */
    static void release(INDArray x) {
        if (x != null && !x.isView() && x.closeable()) {
            x.close();
        }
    }

    void advance() {
        position++;
    }
}
