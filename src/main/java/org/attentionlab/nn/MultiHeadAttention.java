package org.attentionlab.nn;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Multi-head attention as {@code torch.nn.MultiheadAttention} computes it, plus the in-attention
 * position schemes (RoPE, ALiBi, Shaw relative keys) and a cached one-position step for decoding.
 *
 * <p>Parameters carry PyTorch's state_dict names: {@code in_proj_weight} [3d, d] whose rows 0..d,
 * d..2d and 2d..3d are the Q, K and V projections, {@code in_proj_bias} [3d], and a child
 * {@code out_proj} (Linear d -> d). Head h uses features h*dh..(h+1)*dh of each projection. With
 * RELATIVE positions there is also {@code relative_key.weight} [2k+1, dh].
 *
 * <p>Layout, with no head-transposing copies at all: self-attention projects Q, K and V with one
 * GEMM to [B*T, 3d]; Q, K and V are strided [B,H,T,dh] views of it (as [B,T,3,H,dh] permuted),
 * which ND4J's batched matmul consumes directly. The attention output is written through a
 * permuted view into a [B,T,H,dh] buffer, which is the [B,T,d] input of out_proj; backward writes
 * dQ, dK, dV through views into one [B,T,3,H,dh] buffer that is the [B*T, 3d] gradient of the fused
 * projection. Cross-attention projects the query with rows 0..d and the memory with rows d..3d of
 * the same tensors (views, no copies of the weights).
 *
 * <p>Position schemes act only in self-attention; cross-attention is always position-free.
 */
public final class MultiHeadAttention extends Module {
    private final int d;
    private final int heads;
    private final int dh;
    private final boolean selfAttention;
    private final Parameter inWeight;   // [3d, d]
    private final Parameter inBias;     // [3d]
    private final Linear outProj;
    private final ScaledDotProductAttention attention;
    private final RotaryEmbedding rope;          // null unless self-attention with ROPE
    private final AlibiBias alibi;               // null unless self-attention with ALIBI
    private final RelativePositionKeys relative; // null unless self-attention with RELATIVE

    // Saved by forward for backward.
    private INDArray queryRows;   // [B*Tq, d]
    private INDArray memoryRows;  // [B*Tk, d] (cross only)
    private long batch;
    private long tq;
    private long tk;
    private INDArray memoryGrad;
    private INDArray lastWeights;
    private INDArray causal;      // cached causal bias [1,1,Tq,Tk]
    private AttentionStepFloat floatStep;   // the float32 decoding step and its scratch, made on first use

    /** selfAttention=true: fused Q/K/V projection; false: cross-attention (Q from query, K/V from memory). */
    public MultiHeadAttention(TransformerConfig config, boolean selfAttention, Init init) {
        this.d = config.dModel();
        this.heads = config.heads();
        this.dh = config.headDim();
        this.selfAttention = selfAttention;
        this.inWeight = parameter("in_proj_weight", init.xavier(3L * d, d));
        this.inBias = parameter("in_proj_bias", init.zeros(3L * d));
        this.outProj = child("out_proj", new Linear(d, d, true, init));
        Dropout dropout = child("dropout", new Dropout(config.dropout(), init.split()));
        this.attention = new ScaledDotProductAttention(dropout);
        PositionEncoding position = selfAttention ? config.position() : PositionEncoding.NONE;
        DataType type = init.dataType();
        this.rope = position == PositionEncoding.ROPE ? new RotaryEmbedding(dh, type) : null;
        this.alibi = position == PositionEncoding.ALIBI ? new AlibiBias(heads, type) : null;
        this.relative = position == PositionEncoding.RELATIVE
                ? child("relative_key", new RelativePositionKeys(config.relativeClip(), dh, init)) : null;
    }

    /** Whether no position scheme acts inside this attention (no RoPE, ALiBi or relative keys). */
    boolean positionFree() {
        return rope == null && alibi == null && relative == null;
    }

    public boolean isSelfAttention() {
        return selfAttention;
    }

    public Parameter inProjWeight() {
        return inWeight;
    }

    public Parameter inProjBias() {
        return inBias;
    }

    public Linear outProj() {
        return outProj;
    }

    /**
     * query [B,Tq,d]; memory [B,Tk,d] for cross-attention, must be null for self-attention;
     * keyPadding [B,Tk] with 1 = real token, 0 = padding (any float dtype), or null; causal: position
     * i sees keys &lt;= i. Returns [B,Tq,d].
     */
    public INDArray forward(INDArray query, INDArray memory, INDArray keyPadding, boolean causal) {
        checkQuery("query", query);
        long b = query.size(0);
        long tq = query.size(1);
        long tk = tq;
        if (selfAttention && memory != null) {
            throw new IllegalArgumentException("memory must be null for self-attention, got shape "
                    + Arrays.toString(memory.shape()));
        }
        if (!selfAttention) {
            checkMemory(memory, b);
            tk = memory.size(1);
        }
        if (keyPadding != null) {
            Checks.shape("keyPadding", keyPadding, b, tk);
        }
        INDArray x2 = Arrays2.rows(query, d);                                // [B*Tq, d]
        INDArray q;
        INDArray k;
        INDArray v;
        // Q, K, V stay strided views of the projection output: batched matmul reads them as they are.
        if (selfAttention) {
            INDArray qkv = Linear.project(x2, inWeight.value(), inBias.value()) // [B*T, 3d]
                    .reshape(b, tq, 3, heads, dh)                                // [B,T,3,H,dh]
                    .permute(2, 0, 3, 1, 4);                                     // [3,B,H,T,dh] view
            q = qkv.get(NDArrayIndex.point(0));
            k = qkv.get(NDArrayIndex.point(1));
            v = qkv.get(NDArrayIndex.point(2));
            memoryRows = null;
        } else {
            q = Linear.project(x2, rows(inWeight.value(), 0, 1), rows(inBias.value(), 0, 1)) // [B*Tq, d]
                    .reshape(b, tq, heads, dh).permute(0, 2, 1, 3);              // [B,H,Tq,dh] view
            INDArray m2 = Arrays2.rows(memory, d);                           // [B*Tk, d]
            INDArray kv = Linear.project(m2, rows(inWeight.value(), 1, 3), rows(inBias.value(), 1, 3)) // [B*Tk, 2d]
                    .reshape(b, tk, 2, heads, dh)                                // [B,Tk,2,H,dh]
                    .permute(2, 0, 3, 1, 4);                                     // [2,B,H,Tk,dh] view
            k = kv.get(NDArrayIndex.point(0));
            v = kv.get(NDArrayIndex.point(1));
            memoryRows = m2;
        }
        if (rope != null) {
            q = rope.rotate(q, 0);
            k = rope.rotate(k, 0);
        }
        // The heads' outputs go straight into [B,Tq,H,dh] = [B,Tq,d], PyTorch's concatenation order.
        INDArray merged = Nd4j.createUninitialized(x2.dataType(), b, tq, heads, dh);
        INDArray relKeys = relative == null ? null : relative.keys(0, tq, tk);
        if (MaskedSoftmax.available(x2.dataType())) {
            // The masks applied inside the softmax, not as bias arrays (MaskedSoftmax says why).
            attention.forwardMaskedInto(merged.permute(0, 2, 1, 3), q, k, v, relKeys,
                    keyPadding == null ? null : flatFloats(keyPadding), causal,
                    alibi == null ? null : alibi.bias(0, tq, tk));
        } else {
            attention.forwardInto(merged.permute(0, 2, 1, 3), q, k, v, relKeys,
                    keyPadding == null ? null : paddingBias(keyPadding.castTo(x2.dataType())),
                    causal ? causalBias(tq, tk, x2.dataType()) : null,
                    alibi == null ? null : alibi.bias(0, tq, tk));
        }
        lastWeights = attention.weights();
        queryRows = x2;
        this.batch = b;
        this.tq = tq;
        this.tk = tk;
        this.memoryGrad = null;
        return outProj.forward(merged.reshape(b, tq, d));
    }

    /**
     * dOut [B,Tq,d] -> dQuery [B,Tq,d]; adds parameter gradients. For cross-attention the memory
     * gradient is then available from {@link #memoryGradient()}.
     */
    public INDArray backward(INDArray dOut) {
        if (queryRows == null) {
            throw new IllegalStateException("MultiHeadAttention.backward called before forward");
        }
        Checks.shape("attention output gradient", dOut, batch, tq, d);
        INDArray dO = outProj.backward(dOut)                                  // [B,Tq,d]
                .reshape(batch, tq, heads, dh).permute(0, 2, 1, 3);           // [B,H,Tq,dh] view
        // dQ, dK, dV are written as strided views into buffers laid out like the projection outputs,
        // so that the projection backward reads them as [rows, 3d] (or [rows, d] and [rows, 2d]) for free.
        DataType type = queryRows.dataType();
        INDArray dq;
        INDArray dk;
        INDArray dv;
        INDArray dqkv = null;
        INDArray dqBuf = null;
        INDArray dkv = null;
        if (selfAttention) {
            dqkv = Nd4j.createUninitialized(type, batch, tq, 3, heads, dh);         // [B,T,3,H,dh]
            INDArray view = dqkv.permute(2, 0, 3, 1, 4);                           // [3,B,H,T,dh]
            dq = view.get(NDArrayIndex.point(0));
            dk = view.get(NDArrayIndex.point(1));
            dv = view.get(NDArrayIndex.point(2));
        } else {
            dqBuf = Nd4j.createUninitialized(type, batch, tq, heads, dh);           // [B,Tq,H,dh]
            dq = dqBuf.permute(0, 2, 1, 3);
            dkv = Nd4j.createUninitialized(type, batch, tk, 2, heads, dh);          // [B,Tk,2,H,dh]
            INDArray view = dkv.permute(2, 0, 3, 1, 4);                            // [2,B,H,Tk,dh]
            dk = view.get(NDArrayIndex.point(0));
            dv = view.get(NDArrayIndex.point(1));
        }
        if (rope != null) {
            INDArray dqRot = Nd4j.createUninitialized(type, batch, heads, tq, dh);
            INDArray dkRot = Nd4j.createUninitialized(type, batch, heads, tk, dh);
            attention.backward(dO, dqRot, dkRot, dv);
            dq.assign(rope.rotateBackward(dqRot, 0));
            dk.assign(rope.rotateBackward(dkRot, 0));
        } else {
            attention.backward(dO, dq, dk, dv);
        }
        if (relative != null) {
            relative.backward(attention.relativeGradient());
        }
        INDArray dx2 = Nd4j.createUninitialized(type, queryRows.rows(), d);
        if (selfAttention) {
            INDArray d2 = dqkv.reshape(batch * tq, 3L * d);                          // [B*T, 3d]
            accumulate(d2, queryRows, inWeight.grad(), inBias.grad());
            Gemm.gemm(d2, inWeight.value(), dx2, false, false, 1.0, 0.0);
        } else {
            INDArray dq2 = dqBuf.reshape(batch * tq, d);                             // [B*Tq, d]
            accumulate(dq2, queryRows, rows(inWeight.grad(), 0, 1), rows(inBias.grad(), 0, 1));
            Gemm.gemm(dq2, rows(inWeight.value(), 0, 1), dx2, false, false, 1.0, 0.0);
            INDArray dkv2 = dkv.reshape(batch * tk, 2L * d);                         // [B*Tk, 2d]
            accumulate(dkv2, memoryRows, rows(inWeight.grad(), 1, 3), rows(inBias.grad(), 1, 3));
            INDArray dm2 = Nd4j.createUninitialized(type, batch * tk, d);
            Gemm.gemm(dkv2, rows(inWeight.value(), 1, 3), dm2, false, false, 1.0, 0.0);
            memoryGrad = dm2.reshape(batch, tk, d);
        }
        return dx2.reshape(batch, tq, d);
    }

    /** [B,Tk,d] after backward of a cross-attention; null for self-attention. */
    public INDArray memoryGradient() {
        return memoryGrad;
    }

    /**
     * [B,H,Tq,Tk] softmax weights of the last forward (after masking, before dropout), for plotting.
     * After a {@link #step} these are the step's weights, [B,H,1,Tk]. Valid until the next call;
     * when the forward ran inside an ND4J workspace, {@code detach()} them to keep them longer.
     */
    public INDArray lastAttentionWeights() {
        return lastWeights;
    }

    /**
     * A cache for incremental decoding. Self-attention: memory must be null; keyPadding is null or
     * [B, L] covering every position that will be stepped (for left-padded prompts). Cross-attention:
     * memory [B,Tk,d] is projected to keys and values once, here; keyPadding null or [B,Tk].
     */
    public KeyValueCache newCache(INDArray memory, INDArray keyPadding) {
        DataType type = inWeight.value().dataType();
        INDArray mask = keyPadding == null ? null : keyPadding.castTo(type);
        if (selfAttention) {
            if (memory != null) {
                throw new IllegalArgumentException("memory must be null for a self-attention cache, got shape "
                        + Arrays.toString(memory.shape()));
            }
            if (mask != null) {
                Checks.rank("keyPadding", mask, 2);
            }
            return new KeyValueCache(this, true, null, null, null, mask == null ? null : mask.detach());
        }
        if (memory == null) {
            throw new IllegalArgumentException("memory is required for a cross-attention cache");
        }
        Checks.rank("memory", memory, 3);
        checkMemory(memory, memory.size(0));
        long b = memory.size(0);
        long tk = memory.size(1);
        if (mask != null) {
            Checks.shape("keyPadding", mask, b, tk);
        }
        // The cache outlives any per-step workspace of a decoding loop.
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray projected = Linear.project(Arrays2.rows(memory, d), rows(inWeight.value(), 1, 3),
                    rows(inBias.value(), 1, 3));
            INDArray kv = projected.reshape(b, tk, 2, heads, dh).permute(2, 0, 3, 1, 4).dup('c');   // [2,B,H,Tk,dh]
            KeyValueCache.release(projected);
            INDArray m = mask == null ? null : mask.detach();
            return new KeyValueCache(this, false, kv, kv.get(NDArrayIndex.point(0)), kv.get(NDArrayIndex.point(1)), m);
        }
    }

    /**
     * One decoding position, inference only (no dropout, nothing kept for backward). x [B,1,d] is the
     * input at position cache.position(); self-attention appends its key and value to the cache and
     * attends to positions 0..position (causal by construction); RoPE, ALiBi and relative keys use
     * that absolute position. Returns [B,1,d], equal to row `position` of a causal full forward.
     */
    public INDArray step(INDArray x, KeyValueCache cache) {
        if (cache == null || cache.owner() != this) {
            throw new IllegalArgumentException("cache must come from this layer's newCache");
        }
        checkQuery("step input", x);
        if (x.size(1) != 1) {
            throw new IllegalArgumentException("step input must have shape [B, 1, " + d + "], got "
                    + Arrays.toString(x.shape()));
        }
        int b = Math.toIntExact(x.size(0));
        long pos = cache.position();
        DataType type = x.dataType();
        INDArray x2 = Arrays2.rows(x, d);                                         // [B, d]
        INDArray q;          // rows of queries: head h at columns h*dh.., row stride qStride
        int qStride;
        if (selfAttention) {
            INDArray qkv = Nd4j.createUninitialized(type, b, 3L * d);              // [B, 3d] = [B,3,H,dh]
            Linear.projectInto(x2, inWeight.value(), inBias.value(), qkv);
            if (rope != null) {
                INDArray view = qkv.reshape(b, 3, heads, 1, dh).permute(1, 0, 2, 3, 4); // [3,B,H,1,dh]
                q = rope.rotate(view.get(NDArrayIndex.point(0)), pos);              // contiguous [B,H,1,dh]
                INDArray k = rope.rotate(view.get(NDArrayIndex.point(1)), pos);
                cache.appendRows(k, d, 0, qkv, 3 * d, 2 * d, b, heads, dh);
                qStride = d;
            } else {
                cache.appendRows(qkv, 3 * d, d, qkv, 3 * d, 2 * d, b, heads, dh);
                q = qkv;
                qStride = 3 * d;
            }
        } else {
            if (b != cache.batchSize()) {
                throw new IllegalArgumentException("step input has batch size " + b + " but the cache holds "
                        + cache.batchSize());
            }
            q = Nd4j.createUninitialized(type, b, d);
            Linear.projectInto(x2, rows(inWeight.value(), 0, 1), rows(inBias.value(), 0, 1), q);
            qStride = d;
        }
        int tk = Math.toIntExact(cache.length());
        INDArray mask = cache.keyPadding();
        INDArray weights = Nd4j.createUninitialized(type, b, heads, 1, tk);
        INDArray merged = Nd4j.createUninitialized(type, b, d);                  // [B, H*dh]
        if (type == DataType.FLOAT) {
            if (floatStep == null) {
                floatStep = new AttentionStepFloat(heads, dh);
            }
            floatStep.attend(q, qStride, cache.keyBuffer(), cache.valueBuffer(), cache.capacity(), tk, b,
                    mask == null ? null : Flat.floats(mask), mask == null ? 0 : Math.toIntExact(mask.size(1)),
                    (float) ScaledDotProductAttention.maskValue(type),
                    alibi == null ? null : Flat.floatArray(alibi.bias(pos, 1, tk)),
                    relative == null ? null : Flat.floatArray(relative.keys(pos, 1, tk)),
                    weights, merged);
        } else {
            AttentionStep.attend(Flat.of(q), qStride, Flat.of(cache.keyBuffer()), Flat.of(cache.valueBuffer()),
                    cache.capacity(), tk, b, heads, dh,
                    mask == null ? null : Flat.of(mask), mask == null ? 0 : Math.toIntExact(mask.size(1)),
                    ScaledDotProductAttention.maskValue(type),
                    alibi == null ? null : Flat.of(alibi.bias(pos, 1, tk)),
                    relative == null ? null : Flat.of(relative.keys(pos, 1, tk)),
                    Flat.of(weights), Flat.of(merged));
        }
        lastWeights = weights;
        cache.advance();
        INDArray y = Nd4j.createUninitialized(type, b, d);
        Linear.projectInto(merged, outProj.weight().value(), outProj.bias().value(), y);
        return y.reshape(b, 1, d);
    }

    /**
     * A [B,Tk] mask's entries in c order as floats (any layout and type), by bulk reads: ND4J's
     * {@code toFloatMatrix} reads element by element, 6 % of an uncached greedy decode at the
     * reference size (JFR).
     */
    private static float[] flatFloats(INDArray mask) {
        DataType type = mask.dataType();
        return Flat.floatArray(type == DataType.FLOAT || type == DataType.DOUBLE ? mask : mask.castTo(DataType.FLOAT));
    }

    /** [B,Tk] float mask, 1 = real -> additive bias [B,1,1,Tk]: 0 for real keys, maskValue for padding. */
    static INDArray paddingBias(INDArray mask) {
        double neg = ScaledDotProductAttention.maskValue(mask.dataType());
        return mask.rsub(1.0).muli(neg).reshape(mask.size(0), 1, 1, mask.size(1));
    }

    /** dW += dy2^T x2 and db += the column sums of dy2 (a GEMM with a row of ones, see {@link Linear}). */
    private static void accumulate(INDArray dy2, INDArray x2, INDArray dW, INDArray db) {
        Linear.accumulate(dy2, x2, dW, db);
    }

    /** [1,1,Tq,Tk]: 0 where query i may see key j &lt;= i, the mask value elsewhere; kept while shapes repeat. */
    private INDArray causalBias(long tq, long tk, DataType type) {
        if (causal != null && causal.size(2) == tq && causal.size(3) == tk) {
            return causal;
        }
        double neg = ScaledDotProductAttention.maskValue(type);
        double[] v = new double[Math.toIntExact(tq * tk)];
        for (int i = 0; i < tq; i++) {
            for (int j = i + 1; j < tk; j++) {
                v[Math.toIntExact(i * tk + j)] = neg;
            }
        }
        // Kept across calls, so it must not live in a training loop's workspace.
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            causal = Nd4j.create(v, new long[] {1, 1, tq, tk}, type);
        }
        return causal;
    }

    /** Rows [from*d, to*d) of a [3d, ...] parameter: a view. */
    private INDArray rows(INDArray w, int from, int to) {
        return w.rank() == 1
                ? w.get(NDArrayIndex.interval((long) from * d, (long) to * d))
                : w.get(NDArrayIndex.interval((long) from * d, (long) to * d), NDArrayIndex.all());
    }

    private void checkQuery(String what, INDArray x) {
        Checks.rank(what, x, 3);
        Checks.lastDim(what, x, d);
    }

    private void checkMemory(INDArray memory, long b) {
        if (memory == null) {
            throw new IllegalArgumentException("memory is required for cross-attention");
        }
        Checks.rank("memory", memory, 3);
        Checks.lastDim("memory", memory, d);
        if (memory.size(0) != b) {
            throw new IllegalArgumentException("memory batch size " + memory.size(0) + " differs from the query's "
                    + b + " (memory shape " + Arrays.toString(memory.shape()) + ")");
        }
    }
}
