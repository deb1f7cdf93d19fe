package org.attentionlab.nn;

/**
 * Everything that decides a Transformer's shape and variant; immutable and validated on creation.
 *
 * <p>Sizes are bounded by {@link ModelLimits} (d_model at most 65,536, at most 2^30 values in all,
 * and so on: docs/checkpoint-format.md), so that a configuration from a file or a command line
 * cannot ask for more memory than exists before anything is allocated.
 *
 * <p>Defaults ({@link #builder()}) are the paper's base model scaled down for a laptop: post-LN,
 * LayerNorm, ReLU, sinusoidal positions, and the final encoder and decoder norms that
 * {@code torch.nn.Transformer} always has, so that a default model and PyTorch's agree.
 *
 * @param dModel          width of every residual stream (the paper's d_model)
 * @param heads           attention heads; must divide dModel
 * @param dFf             inner width of the feed-forward network
 * @param encoderLayers   encoder blocks (0 or more)
 * @param decoderLayers   decoder blocks (1 or more)
 * @param srcVocab        source vocabulary size; 0 for a model that reads feature vectors
 * @param tgtVocab        target vocabulary size
 * @param maxLen          longest sequence a learned position table supports (and a cap for the others)
 * @param dropout         dropout probability on sub-layer outputs, embeddings and attention weights
 * @param norm            post-LN (the paper) or pre-LN
 * @param normType        LayerNorm or BatchNorm
 * @param finalNorm       a norm after the last encoder and decoder block
 * @param activation      feed-forward non-linearity
 * @param position        position encoding
 * @param relativeClip    the clipping distance k of relative positions (Shaw et al.); used only by RELATIVE
 * @param tieEmbeddings   share the target embedding and the output projection (the paper's section 3.4)
 * @param tieSourceEmbedding share the source embedding with the target embedding too (needs one
 *                        vocabulary for both sides, {@code srcVocab == tgtVocab}); with
 *                        {@code tieEmbeddings} this is the paper's three-way sharing for a joint
 *                        byte-pair vocabulary
 * @param layerNormEps    epsilon of LayerNorm and BatchNorm
 * @param batchNormExcludePadding BatchNorm statistics ignore padded positions
 * @param lengthClasses   classes of the length head (class k = target length k, longer targets in the
 *                        last class); 0 means no length head
 * @param sourceFeatures  0: the source is token ids, embedded by {@code src_embed}; F &gt; 0: the source is
 *                        a sequence of F-wide feature vectors (log-mel frames, say) mapped to d_model by a
 *                        linear projection with bias, {@code src_proj}, in place of the embedding
 */
public record TransformerConfig(
        int dModel,
        int heads,
        int dFf,
        int encoderLayers,
        int decoderLayers,
        int srcVocab,
        int tgtVocab,
        int maxLen,
        double dropout,
        NormPlacement norm,
        NormType normType,
        boolean finalNorm,
        Activation activation,
        PositionEncoding position,
        int relativeClip,
        boolean tieEmbeddings,
        boolean tieSourceEmbedding,
        double layerNormEps,
        boolean batchNormExcludePadding,
        int lengthClasses,
        int sourceFeatures) {

    /**
     * Checks every value, then the sizes against {@link ModelLimits} (a {@link ModelSizeException}
     * naming the size and what the model would need), so that no configuration can exist whose
     * model cannot be allocated. A canonical constructor rather than a compact one, because the
     * size checks need the finished record.
     */
    public TransformerConfig(int dModel, int heads, int dFf, int encoderLayers, int decoderLayers, int srcVocab,
            int tgtVocab, int maxLen, double dropout, NormPlacement norm, NormType normType, boolean finalNorm,
            Activation activation, PositionEncoding position, int relativeClip, boolean tieEmbeddings,
            boolean tieSourceEmbedding, double layerNormEps, boolean batchNormExcludePadding, int lengthClasses, int sourceFeatures) {
        Checks.positive("d_model", dModel);
        Checks.positive("heads", heads);
        if (dModel % heads != 0) {
            throw new IllegalArgumentException("d_model (" + dModel + ") must be divisible by heads (" + heads + ")");
        }
        if (position == PositionEncoding.ROPE && (dModel / heads) % 2 != 0) {
            throw new IllegalArgumentException("rope needs an even head width, got d_model/heads = " + dModel / heads);
        }
        Checks.positive("d_ff", dFf);
        if (encoderLayers < 0) {
            throw new IllegalArgumentException("encoder_layers must be 0 or more, got " + encoderLayers);
        }
        Checks.positive("decoder_layers", decoderLayers);
        if (sourceFeatures < 0) {
            throw new IllegalArgumentException("source_features must be 0 (the source is token ids) or the width of"
                    + " a feature vector, got " + sourceFeatures);
        }
        if (sourceFeatures > 0 && srcVocab != 0) {
            // A vocabulary that nothing reads would only mislead: say so rather than ignore it.
            throw new IllegalArgumentException("a model reading feature vectors (source_features = " + sourceFeatures
                    + ") has no source vocabulary: src_vocab must be 0, got " + srcVocab);
        }
        if (sourceFeatures == 0) {
            Checks.positive("src_vocab", srcVocab);
        }
        Checks.positive("tgt_vocab", tgtVocab);
        Checks.positive("max_len", maxLen);
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
        requireNonNull("norm", norm);
        requireNonNull("norm_type", normType);
        requireNonNull("activation", activation);
        requireNonNull("position", position);
        if (relativeClip < 1) {
            throw new IllegalArgumentException("relative_clip must be at least 1, got " + relativeClip);
        }
        if (tieSourceEmbedding && sourceFeatures > 0) {
            throw new IllegalArgumentException("tie_source_embedding needs a source embedding to share, but a model"
                    + " reading feature vectors (source_features = " + sourceFeatures + ") has none");
        }
        if (tieSourceEmbedding && srcVocab != tgtVocab) {
            throw new IllegalArgumentException("tie_source_embedding needs one vocabulary for both sides, got src_vocab "
                    + srcVocab + " and tgt_vocab " + tgtVocab);
        }
        if (!(layerNormEps > 0) || Double.isInfinite(layerNormEps)) {
            throw new IllegalArgumentException("layer_norm_eps must be positive and finite, got " + layerNormEps);
        }
        if (lengthClasses < 0 || lengthClasses == 1) {
            throw new IllegalArgumentException("length_classes must be 0 (no length head) or at least 2, got "
                    + lengthClasses);
        }
        this.dModel = dModel;
        this.heads = heads;
        this.dFf = dFf;
        this.encoderLayers = encoderLayers;
        this.decoderLayers = decoderLayers;
        this.srcVocab = srcVocab;
        this.tgtVocab = tgtVocab;
        this.maxLen = maxLen;
        this.dropout = dropout;
        this.norm = norm;
        this.normType = normType;
        this.finalNorm = finalNorm;
        this.activation = activation;
        this.position = position;
        this.relativeClip = relativeClip;
        this.tieEmbeddings = tieEmbeddings;
        this.tieSourceEmbedding = tieSourceEmbedding;
        this.layerNormEps = layerNormEps;
        this.batchNormExcludePadding = batchNormExcludePadding;
        this.lengthClasses = lengthClasses;
        this.sourceFeatures = sourceFeatures;
        ModelLimits.check(this);
    }

    /** Whether the source is a sequence of feature vectors ({@code sourceFeatures > 0}) rather than token ids. */
    public boolean hasFeatureSource() {
        return sourceFeatures > 0;
    }

    /** Whether the model predicts its output length ({@code lengthClasses > 0}). */
    public boolean hasLengthHead() {
        return lengthClasses > 0;
    }

    private static void requireNonNull(String name, Object value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must be set");
        }
    }

    /** Width of one attention head. */
    public int headDim() {
        return dModel / heads;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        return new Builder().dModel(dModel).heads(heads).dFf(dFf).encoderLayers(encoderLayers)
                .decoderLayers(decoderLayers).srcVocab(srcVocab).tgtVocab(tgtVocab).maxLen(maxLen)
                .dropout(dropout).norm(norm).normType(normType).finalNorm(finalNorm).activation(activation)
                .position(position).relativeClip(relativeClip).tieEmbeddings(tieEmbeddings)
                .tieSourceEmbedding(tieSourceEmbedding).layerNormEps(layerNormEps)
                .batchNormExcludePadding(batchNormExcludePadding).lengthClasses(lengthClasses)
                .sourceFeatures(sourceFeatures);
    }

    /** Fluent construction with the defaults described on the record. */
    public static final class Builder {
        private int dModel = 128;
        private int heads = 4;
        private int dFf = 512;
        private int encoderLayers = 2;
        private int decoderLayers = 2;
        private Integer srcVocab; // unset: 1000 for token sources, 0 for feature sources
        private int tgtVocab = 1000;
        private int maxLen = 512;
        private double dropout = 0.1;
        private NormPlacement norm = NormPlacement.POST;
        private NormType normType = NormType.LAYER;
        private boolean finalNorm = true;
        private Activation activation = Activation.RELU;
        private PositionEncoding position = PositionEncoding.SINUSOIDAL;
        private int relativeClip = 16;
        private boolean tieEmbeddings = false;
        private boolean tieSourceEmbedding = false;
        private double layerNormEps = 1e-5;
        private boolean batchNormExcludePadding = true;
        private int lengthClasses = 0;
        private int sourceFeatures = 0;

        public Builder dModel(int v) { dModel = v; return this; }
        public Builder heads(int v) { heads = v; return this; }
        public Builder dFf(int v) { dFf = v; return this; }
        public Builder encoderLayers(int v) { encoderLayers = v; return this; }
        public Builder decoderLayers(int v) { decoderLayers = v; return this; }
        /** Both layer counts at once. */
        public Builder layers(int v) { encoderLayers = v; decoderLayers = v; return this; }
        public Builder srcVocab(int v) { srcVocab = v; return this; }
        public Builder tgtVocab(int v) { tgtVocab = v; return this; }
        /** Both vocabularies at once. */
        public Builder vocab(int v) { srcVocab = v; tgtVocab = v; return this; }
        public Builder maxLen(int v) { maxLen = v; return this; }
        public Builder dropout(double v) { dropout = v; return this; }
        public Builder norm(NormPlacement v) { norm = v; return this; }
        public Builder normType(NormType v) { normType = v; return this; }
        public Builder finalNorm(boolean v) { finalNorm = v; return this; }
        public Builder activation(Activation v) { activation = v; return this; }
        public Builder position(PositionEncoding v) { position = v; return this; }
        public Builder relativeClip(int v) { relativeClip = v; return this; }
        public Builder tieEmbeddings(boolean v) { tieEmbeddings = v; return this; }
        public Builder tieSourceEmbedding(boolean v) { tieSourceEmbedding = v; return this; }
        /** The paper's sharing: source embedding, target embedding and output projection one matrix. */
        public Builder tieAll(boolean v) { tieEmbeddings = v; tieSourceEmbedding = v; return this; }
        public Builder layerNormEps(double v) { layerNormEps = v; return this; }
        public Builder batchNormExcludePadding(boolean v) { batchNormExcludePadding = v; return this; }
        /** Adds a length head over target lengths 0 .. v-1 (0: none). */
        public Builder lengthClasses(int v) { lengthClasses = v; return this; }
        /**
         * Makes the source a sequence of {@code v}-wide feature vectors read through a linear projection
         * (0: token ids). Leave the source vocabulary unset: it becomes 0.
         */
        public Builder sourceFeatures(int v) { sourceFeatures = v; return this; }

        public TransformerConfig build() {
            int sources = srcVocab != null ? srcVocab : sourceFeatures > 0 ? 0 : 1000;
            return new TransformerConfig(dModel, heads, dFf, encoderLayers, decoderLayers, sources, tgtVocab,
                    maxLen, dropout, norm, normType, finalNorm, activation, position, relativeClip,
                    tieEmbeddings, tieSourceEmbedding, layerNormEps, batchNormExcludePadding, lengthClasses,
                    sourceFeatures);
        }
    }
}
