package org.attentionlab.nn;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The encoder-decoder Transformer of "Attention Is All You Need": embeddings scaled by
 * sqrt(d_model) plus position encodings, an encoder stack, a decoder stack with masked
 * self-attention and cross-attention, and an output projection to target-vocabulary logits.
 *
 * <p>Parameter names are those of a PyTorch module holding {@code src_embed}, {@code tgt_embed},
 * {@code transformer} (a {@code torch.nn.Transformer}) and {@code generator}, so checkpoints load
 * into PyTorch unchanged (see docs/checkpoint-format.md). With {@code tie_embeddings} the output
 * projection is the target embedding's table ({@code logits = y E^T + b}), and with
 * {@code tie_source_embedding} the source embedding is that table too: the paper's one matrix for a
 * joint vocabulary, which the checkpoint writes under each of the three names.
 *
 * <p>Training: {@link #forward} then {@link #backward} with dL/dlogits; every parameter's gradient
 * is accumulated into its {@link Parameter#grad()}. Masks are "keep" masks [B,T]: 1 for a real
 * token, 0 for padding ({@link #keepMask}).
 *
 * <p><b>Feature sources.</b> With {@link TransformerConfig#sourceFeatures()} F &gt; 0 the source is a
 * sequence of F-wide vectors [B, frames, F] (log-mel frames of speech, as in Listen, Attend and
 * Spell) instead of token ids: a linear projection with bias, {@code src_proj} (an
 * {@code nn.Linear(F, d_model)}), takes the place of {@code src_embed}, and everything after it,
 * position encodings, dropout, encoder, padding masks over frames, is the token path unchanged.
 * The projection's output is <em>not</em> multiplied by sqrt(d_model). The embedding's scale is there
 * because its entries are drawn at d_model^-0.5 (see {@link TokenEmbedding}); a Xavier-initialised
 * projection of standardised features (mean 0, variance 1 per dimension) already has output variance
 * 2F / (F + d_model), of order one like the sinusoidal encodings, and scaling it by sqrt(d_model)
 * (11x at d_model 128) would drown the positions the encoder needs to tell frames apart. The
 * {@code int[][]} methods serve token models and the {@code INDArray} ones feature models; calling
 * the wrong kind is an error that says which the model reads.
 */
public final class Transformer extends Module {
    private final TransformerConfig config;
    private final TokenEmbedding srcEmbed;  // null for a feature source
    private final Linear srcProj;           // null for a token source
    private final TokenEmbedding tgtEmbed;
    private final AbsolutePositionEncoding srcPos;
    private final AbsolutePositionEncoding tgtPos;
    private final Dropout srcDropout;
    private final Dropout tgtDropout;
    private final Encoder encoder;
    private final Decoder decoder;
    private final Linear generator;
    private final LengthHead lengthHead; // null without length_classes
    private long[] memoryShape;
    private INDArray featureGradient; // dL/d(features) of the last backward over a feature source

    /** The encoder and decoder under one name, as {@code torch.nn.Transformer} holds them. */
    private static final class Stacks extends Module {
        final Encoder encoder;
        final Decoder decoder;

        Stacks(TransformerConfig config, Init init) {
            encoder = child("encoder", new Encoder(config, init));
            decoder = child("decoder", new Decoder(config, init));
        }
    }

    /** A float32 model with parameters drawn from {@code seed}. */
    public Transformer(TransformerConfig config, long seed) {
        this(config, new Init(seed, DataType.FLOAT));
    }

    public Transformer(TransformerConfig config, Init init) {
        if (config == null) {
            throw new IllegalArgumentException("config must be set");
        }
        this.config = config;
        // Registered where the embedding would be, so token models draw exactly the parameters they always did.
        this.srcEmbed = config.hasFeatureSource() ? null
                : child("src_embed", new TokenEmbedding(config.srcVocab(), config.dModel(), init));
        this.srcProj = config.hasFeatureSource()
                ? child("src_proj", new Linear(config.sourceFeatures(), config.dModel(), true, init)) : null;
        // A tied target embedding reuses the source table (drawn above, so an untied model draws
        // exactly the parameters it always did); the checkpoint names it under both keys.
        this.tgtEmbed = child("tgt_embed", config.tieSourceEmbedding() ? new TokenEmbedding(srcEmbed.weight())
                : new TokenEmbedding(config.tgtVocab(), config.dModel(), init));
        this.srcPos = child("src_pos", AbsolutePositionEncoding.create(config, init));
        this.tgtPos = child("tgt_pos", AbsolutePositionEncoding.create(config, init));
        this.srcDropout = child("src_dropout", new Dropout(config.dropout(), init.split()));
        this.tgtDropout = child("tgt_dropout", new Dropout(config.dropout(), init.split()));
        Stacks stacks = child("transformer", new Stacks(config, init));
        this.encoder = stacks.encoder;
        this.decoder = stacks.decoder;
        this.generator = child("generator", config.tieEmbeddings()
                ? new Linear(tgtEmbed.weight(), true, init)
                : new Linear(config.dModel(), config.tgtVocab(), true, init));
        // Registered last, so that a model without a head draws exactly the parameters it always did.
        this.lengthHead = config.hasLengthHead()
                ? child("length_head", new LengthHead(config.dModel(), config.lengthClasses(), init)) : null;
    }

    public TransformerConfig config() {
        return config;
    }

    public Encoder encoder() {
        return encoder;
    }

    public Decoder decoder() {
        return decoder;
    }

    /** The source token embedding, or null for a model that reads feature vectors. */
    public TokenEmbedding sourceEmbedding() {
        return srcEmbed;
    }

    /** The input projection of a feature source ({@code src_proj}, F -&gt; d_model), or null for a token source. */
    public Linear sourceProjection() {
        return srcProj;
    }

    /**
     * dL/d(features) [B, frames, F] of the last {@link #backward} over a feature source (null after one
     * over tokens): what a gradient check of the input compares, and a saliency map over the frames.
     * It lives in the step's memory, so read it before the next step.
     */
    public INDArray featureGradient() {
        return featureGradient;
    }

    public TokenEmbedding targetEmbedding() {
        return tgtEmbed;
    }

    public AbsolutePositionEncoding targetPositions() {
        return tgtPos;
    }

    public Linear generator() {
        return generator;
    }

    /** The length head, or null when the configuration has no {@code length_classes}. */
    public LengthHead lengthHead() {
        return lengthHead;
    }

    /**
     * Length logits [B, lengthClasses] over an encoded batch: class k is a target of k tokens (END
     * not counted), the last class also every longer target. The head pools the memory over the
     * real source positions ({@code srcKeep}, null: all). In training, call it on the memory of the
     * last {@link #encode} and pass its gradient to {@link #backward(INDArray, INDArray)}.
     */
    public INDArray predictLength(INDArray memory, INDArray srcKeep) {
        if (lengthHead == null) {
            throw new IllegalStateException("this model has no length head (length_classes is 0)");
        }
        return lengthHead.forward(memory, srcKeep);
    }

    /** The data type of the parameters (float32 for training, float64 in gradient checks). */
    public DataType dataType() {
        return generator.weight().value().dataType();
    }

    /** Logits [B,Tt,tgtVocab] for source ids [B][Ts] and decoder inputs [B][Tt]; masks may be null. */
    public INDArray forward(int[][] src, int[][] tgtIn, INDArray srcKeep, INDArray tgtKeep) {
        INDArray memory = encode(src, srcKeep);
        return decode(tgtIn, memory, srcKeep, tgtKeep);
    }

    /**
     * Logits [B,Tt,tgtVocab] for source feature vectors [B, frames, F] and decoder inputs [B][Tt];
     * {@code srcKeep} [B, frames] marks the real frames (null: all are real).
     */
    public INDArray forward(INDArray features, int[][] tgtIn, INDArray srcKeep, INDArray tgtKeep) {
        INDArray memory = encode(features, srcKeep);
        return decode(tgtIn, memory, srcKeep, tgtKeep);
    }

    /** The encoder's output ("memory") [B,Ts,d]. */
    public INDArray encode(int[][] src, INDArray srcKeep) {
        if (srcEmbed == null) {
            throw new IllegalArgumentException("this model reads feature vectors [batch, frames, "
                    + config.sourceFeatures() + "] (source_features = " + config.sourceFeatures()
                    + "), not token ids");
        }
        checkMask("source keep mask", srcKeep, src);
        return encodeEmbedded(srcEmbed.forward(src), srcKeep);
    }

    /** The encoder's output ("memory") [B, frames, d] over source feature vectors [B, frames, F]. */
    public INDArray encode(INDArray features, INDArray srcKeep) {
        if (srcProj == null) {
            throw new IllegalArgumentException("this model reads token ids (source_features = 0), not feature vectors");
        }
        Checks.rank("source features", features, 3);
        Checks.lastDim("source features", features, config.sourceFeatures());
        if (features.size(0) == 0 || features.size(1) == 0) {
            throw new IllegalArgumentException("source features must have at least one row and one frame, got shape "
                    + Arrays.toString(features.shape()));
        }
        if (srcKeep != null && (srcKeep.rank() != 2 || srcKeep.size(0) != features.size(0)
                || srcKeep.size(1) != features.size(1))) {
            throw new IllegalArgumentException("source keep mask must have shape [" + features.size(0) + ", "
                    + features.size(1) + "] to match the features, got " + Arrays.toString(srcKeep.shape()));
        }
        INDArray f = features.dataType() == dataType() ? features : features.castTo(dataType());
        return encodeEmbedded(srcProj.forward(f), srcKeep);
    }

    /** Positions, dropout and the encoder over an embedded (or projected) source [B,Ts,d]. */
    private INDArray encodeEmbedded(INDArray embedded, INDArray srcKeep) {
        INDArray x = srcDropout.forward(srcPos.forward(embedded));
        INDArray memory = encoder.forward(x, srcKeep);
        memoryShape = memory.shape();
        return memory;
    }

    /** Logits [B,Tt,tgtVocab] of the decoder over a given memory (teacher forcing: all positions at once). */
    public INDArray decode(int[][] tgtIn, INDArray memory, INDArray srcKeep, INDArray tgtKeep) {
        checkMask("target keep mask", tgtKeep, tgtIn);
        Checks.rank("memory", memory, 3);
        if (memory.size(0) != tgtIn.length) {
            throw new IllegalArgumentException("memory has batch " + memory.size(0) + " but the target batch is "
                    + tgtIn.length);
        }
        INDArray y = tgtDropout.forward(tgtPos.forward(tgtEmbed.forward(tgtIn)));
        return generator.forward(decoder.forward(y, memory, srcKeep, tgtKeep));
    }

    /**
     * Next-token logits [B,tgtVocab] at the last decoder position only: the decoder runs over the
     * whole prefix (no cache), but the output projection, the largest product at small widths, is
     * applied to one position instead of all of them, as {@code torch.nn.Transformer} decoding does.
     */
    public INDArray decodeLast(int[][] tgtIn, INDArray memory, INDArray srcKeep, INDArray tgtKeep) {
        checkMask("target keep mask", tgtKeep, tgtIn);
        Checks.rank("memory", memory, 3);
        if (memory.size(0) != tgtIn.length) {
            throw new IllegalArgumentException("memory has batch " + memory.size(0) + " but the target batch is "
                    + tgtIn.length);
        }
        INDArray y = tgtDropout.forward(tgtPos.forward(tgtEmbed.forward(tgtIn)));
        INDArray h = decoder.forward(y, memory, srcKeep, tgtKeep);                  // [B,T,d]
        INDArray last = h.get(NDArrayIndex.all(), NDArrayIndex.point(h.size(1) - 1), NDArrayIndex.all())
                .dup('c');                                                          // [B,d]
        return generator.forward(last);                                             // [B,V]
    }

    /**
     * Starts step-by-step decoding over an encoded batch ({@link #encode}); the model must be in
     * evaluation mode. The memory's keys and values are projected once here for every layer.
     */
    public IncrementalDecoder startDecoding(INDArray memory, INDArray srcKeep) {
        if (isTraining()) {
            throw new IllegalStateException("step-by-step decoding needs evaluation mode: call train(false) first");
        }
        Checks.rank("memory", memory, 3);
        return new IncrementalDecoder(this, memory, srcKeep);
    }

    /** Back-propagates dL/dlogits [B,Tt,tgtVocab] of the last {@link #forward} into every parameter's gradient. */
    public void backward(INDArray dLogits) {
        backward(dLogits, null);
    }

    /**
     * Back-propagates dL/dlogits and dL/d(length logits) [B, lengthClasses] of the last
     * {@link #predictLength} (null: none). The memory feeds both the decoder's cross-attentions
     * and the length head, so its gradient is the sum of both paths before it enters the encoder.
     */
    public void backward(INDArray dLogits, INDArray dLengthLogits) {
        if (memoryShape == null) {
            throw new IllegalStateException("Transformer.backward called before forward");
        }
        INDArray dy = decoder.backward(generator.backward(dLogits), memoryShape);
        tgtEmbed.backward(tgtPos.backward(tgtDropout.backward(dy)));
        INDArray dMemory = decoder.memoryGradient();
        if (dLengthLogits != null) {
            if (lengthHead == null) {
                throw new IllegalStateException("length logits gradient given, but the model has no length head");
            }
            dMemory = dMemory.add(lengthHead.backward(dLengthLogits));  // [B,Ts,d], a new array
        }
        INDArray dx = srcPos.backward(srcDropout.backward(encoder.backward(dMemory)));
        if (srcEmbed != null) {
            srcEmbed.backward(dx);
            featureGradient = null;
        } else {
            featureGradient = srcProj.backward(dx);
        }
    }

    /** A keep mask [B,T] of this model's data type: 1 where {@code ids[b][t] != padId}, else 0. */
    public INDArray keepMask(int[][] ids, int padId) {
        return keepMask(ids, padId, dataType());
    }

    /** A keep mask [B,T]: 1 where {@code ids[b][t] != padId}, else 0. Rows must have equal lengths. */
    public static INDArray keepMask(int[][] ids, int padId, DataType dataType) {
        int t = ids.length == 0 ? 0 : ids[0].length;
        double[] keep = new double[ids.length * t];
        for (int b = 0; b < ids.length; b++) {
            if (ids[b].length != t) {
                throw new IllegalArgumentException("token rows must have equal lengths: row 0 has " + t
                        + ", row " + b + " has " + ids[b].length);
            }
            for (int i = 0; i < t; i++) {
                keep[b * t + i] = ids[b][i] == padId ? 0 : 1;
            }
        }
        return Nd4j.create(keep, new long[] {ids.length, t}, dataType);
    }

    private static void checkMask(String what, INDArray keep, int[][] ids) {
        if (ids == null || ids.length == 0 || ids[0].length == 0) {
            throw new IllegalArgumentException("token ids must be a non-empty [batch][time] array");
        }
        if (keep != null && (keep.rank() != 2 || keep.size(0) != ids.length || keep.size(1) != ids[0].length)) {
            throw new IllegalArgumentException(what + " must have shape [" + ids.length + ", " + ids[0].length
                    + "] to match the token ids, got " + Arrays.toString(keep.shape()));
        }
    }
}
