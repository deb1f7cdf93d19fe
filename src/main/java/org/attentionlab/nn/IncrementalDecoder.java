package org.attentionlab.nn;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Step-by-step decoding state of one {@link Transformer} over one encoded batch: feed the newest
 * token of each sequence, get the next-token logits. Keys and values of earlier positions live in
 * per-layer caches, so a step costs O(t) attention instead of re-running the decoder over the whole
 * prefix (O(t^2) per step).
 *
 * <p>Inference only: the model must be in evaluation mode, and nothing is recorded for backward.
 * {@link #close()} frees the caches' native memory when the decode ends (the decoders of
 * {@code org.attentionlab.decode} do); without it the garbage collector frees it later.
 */
public final class IncrementalDecoder implements AutoCloseable {
    private final Transformer model;
    /**
     * {@code -Dattentionlab.fusedStep=false} steps through the layers' own {@code step} methods even
     * where {@link FloatDecoderStep} applies, to measure the difference.
     */
    private static final boolean FUSED = !"false".equals(System.getProperty("attentionlab.fusedStep"));

    private final List<DecoderLayer.Caches> caches;
    private final FloatDecoderStep fused;   // null: the layers' own steps
    private final int batch;
    private int position;
    private boolean closed;

    IncrementalDecoder(Transformer model, INDArray memory, INDArray srcKeep) {
        this(model, memory, srcKeep, FUSED);
    }

    /** {@code fusedStep} false: always the layers' own steps (tests compare the two). */
    IncrementalDecoder(Transformer model, INDArray memory, INDArray srcKeep, boolean fusedStep) {
        this.model = model;
        this.batch = (int) memory.size(0);
        this.caches = model.decoder().newCaches(memory, srcKeep);
        this.fused = fusedStep && FloatDecoderStep.supports(model) ? new FloatDecoderStep(model, batch) : null;
    }

    /** Number of tokens fed so far. */
    public int position() {
        return position;
    }

    public int batchSize() {
        return batch;
    }

    /**
     * Rearranges the batch rows of every layer's self-attention cache: row i continues the sequence
     * that was in row {@code rows[i]}. Beam search calls this after choosing each beam's parent.
     * The cross-attention caches need no change as long as rows only move among copies of the same
     * source, which beam search guarantees.
     */
    public void reorderRows(int[] rows) {
        if (rows.length != batch) {
            throw new IllegalArgumentException("reorder needs " + batch + " row indices, got " + rows.length);
        }
        for (DecoderLayer.Caches c : caches) {
            c.self().reorder(rows);
        }
    }

    /** tokens[b] is sequence b's newest token; returns logits [B, tgtVocab] for the next token. */
    public INDArray step(int[] tokens) {
        if (closed) {
            throw new IllegalStateException("this decoder was closed and its caches released; start a new decode");
        }
        if (tokens.length != batch) {
            throw new IllegalArgumentException("step needs one token per sequence: batch is " + batch + ", got "
                    + tokens.length);
        }
        if (position >= model.config().maxLen()) {
            throw new IllegalArgumentException("decoding past max_len " + model.config().maxLen());
        }
        int[][] column = new int[batch][1];
        for (int b = 0; b < batch; b++) {
            column[b][0] = tokens[b];
        }
        INDArray x = model.targetPositions().forward(model.targetEmbedding().forward(column), position);
        if (fused != null) {
            INDArray logits = fused.step(x, caches);
            position++;
            return logits;
        }
        INDArray h = model.decoder().step(x, caches);      // [B,1,d]
        position++;
        return model.generator().forward(h).reshape(batch, model.config().tgtVocab());
    }

    /** Frees every layer's caches now (see {@link KeyValueCache#release()}); no step may follow. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (DecoderLayer.Caches c : caches) {
            c.self().release();
            c.cross().release();
        }
        if (fused != null) {
            fused.close();
        }
    }
}
