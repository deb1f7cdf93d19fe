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
    private final List<DecoderLayer.Caches> caches;
    private final int batch;
    private int position;

    IncrementalDecoder(Transformer model, INDArray memory, INDArray srcKeep) {
        this.model = model;
        this.batch = (int) memory.size(0);
        this.caches = model.decoder().newCaches(memory, srcKeep);
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
        INDArray h = model.decoder().step(x, caches);      // [B,1,d]
        position++;
        return model.generator().forward(h).reshape(batch, model.config().tgtVocab());
    }

    /** Frees every layer's caches now (see {@link KeyValueCache#release()}); no step may follow. */
    @Override
    public void close() {
        for (DecoderLayer.Caches c : caches) {
            c.self().release();
            c.cross().release();
        }
    }
}
