package org.attentionlab.nn;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The decoder's cached step for a float32 model, as one pass over buffers made once per decode:
 * the same arithmetic as {@link DecoderLayer#step} (the same BLAS calls on the same operands, the
 * same LayerNorm and attention loops, the residual sums in the same order), so the logits are
 * identical, but no ND4J array is made or checked inside a layer.
 *
 * <p>Why: a Java Flight Recorder profile of cached greedy decoding at the reference size
 * (docs/benchmarks.md, "Sixth pass") put about a third of a step outside any arithmetic: making
 * each sublayer's output arrays (shape buffers, data buffers, deallocator registration), views and
 * reshapes, contiguity and shape checks, while the arithmetic itself (thirteen small GEMMs, four
 * attentions, six LayerNorms) takes well under a millisecond. Here every intermediate is a native
 * buffer allocated when the decode starts: the GEMMs write into them through {@code cblas_sgemm},
 * the Java loops read and write them in bulk.
 *
 * <p>Covers what greedy, beam and sampled decoding of the lessons' models use: LayerNorm, post-LN
 * or pre-LN, ReLU, and self-attention without RoPE, ALiBi or relative keys (absolute position
 * encodings are added to the embeddings before the layers). {@link #supports} says whether a model
 * qualifies; {@link IncrementalDecoder} falls back to the layers' own steps otherwise. The
 * attention weights of the step are not kept ({@link MultiHeadAttention#lastAttentionWeights} is
 * the modules' own). The parameters are read when the decode starts (biases and norm parameters
 * copied, weight matrices used in place): a decode sees the model as it was then.
 */
final class FloatDecoderStep implements AutoCloseable {
    private static final int ROW_MAJOR = openblas_nolapack.CblasRowMajor;
    private static final int NO_TRANS = openblas_nolapack.CblasNoTrans;
    private static final int TRANS = openblas_nolapack.CblasTrans;

    private final int batch;
    private final int d;
    private final int heads;
    private final int dh;
    private final int dFf;
    private final int vocab;
    private final boolean postLn;
    private final List<Layer> layers = new ArrayList<>();
    private final NormParameters finalNorm;   // null without one
    private final FloatPointer generatorWeight;
    private final float[] generatorBias;      // null without a bias
    private final float maskValue = (float) ScaledDotProductAttention.maskValue(DataType.FLOAT);

    // Activations, [batch, width] row-major each; a Java array mirrors what the loops work on.
    private final Buffer x;       // the residual stream
    private final Buffer normed;  // pre-LN: the norm of x that a sublayer reads
    private final Buffer qkv;     // self-attention's fused projection, [B, 3d]
    private final Buffer query;   // cross-attention's query projection
    private final Buffer merged;  // the heads' outputs side by side
    private final Buffer out;     // a sublayer's output
    private final Buffer hidden;  // the feed-forward's hidden layer
    private FloatPointer weights;   // softmax weights, [B, H, keys], grown as the keys grow
    private final AttentionStepFloat attention;
    private final LayerNormFloat norm;
    private final double[] mean;
    private final double[] rstd;

    /** One decoder layer's weights as native pointers and its biases and norm parameters as floats. */
    private record Layer(FloatPointer inWeight, float[] inBias, FloatPointer selfOutWeight, float[] selfOutBias,
            FloatPointer crossQueryWeight, float[] crossQueryBias, FloatPointer crossOutWeight,
            float[] crossOutBias, FloatPointer ff1Weight, float[] ff1Bias, FloatPointer ff2Weight,
            float[] ff2Bias, NormParameters norm1, NormParameters norm2, NormParameters norm3) {
    }

    /** A LayerNorm's weight and bias read as floats when the decode starts, and its epsilon. */
    private record NormParameters(float[] weight, float[] bias, double eps) {
        static NormParameters of(Norm norm) {
            LayerNorm ln = (LayerNorm) norm;
            return new NormParameters(floats(ln.weight().value(), 0, ln.features()),
                    floats(ln.bias().value(), 0, ln.features()), ln.eps);
        }
    }

    /** A native buffer of rows, and a Java array of the same size where the Java loops need one. */
    private static final class Buffer {
        final FloatPointer pointer;
        final FloatBuffer floats;
        final float[] array;      // null for buffers only BLAS and the attention touch

        Buffer(int n, boolean withArray) {
            pointer = new FloatPointer((long) n);
            floats = pointer.asBuffer();
            array = withArray ? new float[n] : null;
        }
    }

    /** Whether {@link FloatDecoderStep} computes this model's step (see the class comment). */
    static boolean supports(Transformer model) {
        TransformerConfig c = model.config();
        if (model.dataType() != DataType.FLOAT || c.activation() != Activation.RELU
                || !(model.decoder().finalNormOrNull() == null || model.decoder().finalNormOrNull() instanceof LayerNorm)
                || !contiguous(model.generator().weight().value())) {
            return false;
        }
        for (DecoderLayer layer : model.decoder().layers().items()) {
            if (!(layer.norm1() instanceof LayerNorm) || !(layer.norm2() instanceof LayerNorm)
                    || !(layer.norm3() instanceof LayerNorm) || !layer.selfAttention().positionFree()
                    || !contiguous(layer.selfAttention().inProjWeight().value())
                    || !contiguous(layer.crossAttention().inProjWeight().value())
                    || !contiguous(layer.selfAttention().outProj().weight().value())
                    || !contiguous(layer.crossAttention().outProj().weight().value())
                    || !contiguous(layer.feedForward().linear1().weight().value())
                    || !contiguous(layer.feedForward().linear2().weight().value())) {
                return false;
            }
        }
        return true;
    }

    private static boolean contiguous(INDArray w) {
        return w.dataType() == DataType.FLOAT && Flat.isCContiguous(w);
    }

    FloatDecoderStep(Transformer model, int batch) {
        TransformerConfig c = model.config();
        this.batch = batch;
        this.d = c.dModel();
        this.heads = c.heads();
        this.dh = c.headDim();
        this.dFf = c.dFf();
        this.vocab = c.tgtVocab();
        this.postLn = c.norm() == NormPlacement.POST;
        for (DecoderLayer l : model.decoder().layers().items()) {
            MultiHeadAttention self = l.selfAttention();
            MultiHeadAttention cross = l.crossAttention();
            FeedForward ff = l.feedForward();
            layers.add(new Layer(pointer(self.inProjWeight().value()), floats(self.inProjBias().value(), 0, 3 * d),
                    pointer(self.outProj().weight().value()), bias(self.outProj()),
                    pointer(cross.inProjWeight().value()), floats(cross.inProjBias().value(), 0, d),
                    pointer(cross.outProj().weight().value()), bias(cross.outProj()),
                    pointer(ff.linear1().weight().value()), bias(ff.linear1()),
                    pointer(ff.linear2().weight().value()), bias(ff.linear2()),
                    NormParameters.of(l.norm1()), NormParameters.of(l.norm2()), NormParameters.of(l.norm3())));
        }
        Norm last = model.decoder().finalNormOrNull();
        this.finalNorm = last == null ? null : NormParameters.of(last);
        this.generatorWeight = pointer(model.generator().weight().value());
        this.generatorBias = bias(model.generator());
        this.x = new Buffer(batch * d, true);
        this.normed = new Buffer(batch * d, false);
        this.qkv = new Buffer(batch * 3 * d, false);
        this.query = new Buffer(batch * d, false);
        this.merged = new Buffer(batch * d, false);
        this.out = new Buffer(batch * d, true);
        this.hidden = new Buffer(batch * dFf, true);
        this.attention = new AttentionStepFloat(heads, dh);
        this.norm = new LayerNormFloat(d);
        this.mean = new double[batch];
        this.rstd = new double[batch];
    }

    /**
     * One position: {@code embedded} [B,1,d] (the target embedding plus its position encoding) through
     * every layer, appending to the self-attention caches, then the output projection: logits [B, V].
     */
    INDArray step(INDArray embedded, List<DecoderLayer.Caches> caches) {
        Flat.floats(Flat.isCContiguous(embedded) ? embedded : embedded.dup('c')).get(0, x.array, 0, batch * d);
        x.floats.put(0, x.array, 0, batch * d);
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            DecoderLayer.Caches c = caches.get(i);
            if (postLn) {
                selfAttention(l, c.self(), x);
                addAndNorm(l.norm1());
                crossAttention(l, c.cross(), x);
                addAndNorm(l.norm2());
                feedForward(l, x);
                addAndNorm(l.norm3());
            } else {
                normInto(l.norm1(), normed);
                selfAttention(l, c.self(), normed);
                addResidual();
                normInto(l.norm2(), normed);
                crossAttention(l, c.cross(), normed);
                addResidual();
                normInto(l.norm3(), normed);
                feedForward(l, normed);
                addResidual();
            }
        }
        Buffer last = x;
        if (finalNorm != null) {
            normInto(finalNorm, normed);
            last = normed;
        }
        INDArray logits = Nd4j.createUninitialized(DataType.FLOAT, batch, vocab);
        project(last, generatorWeight, generatorBias, vocab, d, new FloatPointer(logits.data().addressPointer()),
                Flat.floats(logits));
        return logits;
    }

    private void selfAttention(Layer l, KeyValueCache cache, Buffer input) {
        project(input, l.inWeight(), l.inBias(), 3 * d, d, qkv);
        cache.appendRows(qkv.floats, 3 * d, d, qkv.floats, 3 * d, 2 * d, batch, heads, dh);
        attend(cache, qkv, 3 * d);
        project(merged, l.selfOutWeight(), l.selfOutBias(), d, d, out);
    }

    private void crossAttention(Layer l, KeyValueCache cache, Buffer input) {
        project(input, l.crossQueryWeight(), l.crossQueryBias(), d, d, query);
        attend(cache, query, d);
        project(merged, l.crossOutWeight(), l.crossOutBias(), d, d, out);
    }

    private void feedForward(Layer l, Buffer input) {
        project(input, l.ff1Weight(), l.ff1Bias(), dFf, d, hidden);
        int n = batch * dFf;
        float[] h = hidden.array;
        hidden.floats.get(0, h, 0, n);
        for (int i = 0; i < n; i++) {
            h[i] = Math.max(h[i], 0f);   // no branch: the signs are random, a branch mispredicts half the time
        }
        hidden.floats.put(0, h, 0, n);
        project(hidden, l.ff2Weight(), l.ff2Bias(), d, dFf, out);
    }

    /** merged = attention of the query rows over the cache's keys and values. */
    private void attend(KeyValueCache cache, Buffer q, int qStride) {
        int tk = Math.toIntExact(cache.length());
        int cap = cache.capacity();
        long need = (long) batch * heads * tk;
        if (weights == null || weights.capacity() < need) {
            long size = Math.max(need, weights == null ? 0 : 2 * weights.capacity());
            if (weights != null) {
                weights.close();
            }
            weights = new FloatPointer(size);
        }
        INDArray mask = cache.keyPadding();
        attention.attend(q.pointer, null, qStride, cache.floatKeys(), cache.floatValues(), cap, tk, batch,
                mask == null ? null : Flat.floats(mask), mask == null ? 0 : Math.toIntExact(mask.size(1)),
                maskValue, null, null, weights, weights.asBuffer(), merged.pointer);
        cache.advance();
    }

    /** out = LN(out + x), written to x (post-LN's residual and norm). */
    private void addAndNorm(NormParameters ln) {
        int n = batch * d;
        float[] a = out.array;
        float[] b = x.array;
        out.floats.get(0, a, 0, n);
        for (int i = 0; i < n; i++) {
            a[i] += b[i];
        }
        out.floats.put(0, a, 0, n);
        norm.forward(out.floats, x.floats, batch, ln.weight(), ln.bias(), ln.eps(), mean, rstd);
        x.floats.get(0, x.array, 0, n);
    }

    /** x = out + x (pre-LN's residual). */
    private void addResidual() {
        int n = batch * d;
        float[] a = out.array;
        float[] b = x.array;
        out.floats.get(0, a, 0, n);
        for (int i = 0; i < n; i++) {
            b[i] = a[i] + b[i];
        }
        x.floats.put(0, b, 0, n);
    }

    private void normInto(NormParameters ln, Buffer target) {
        norm.forward(x.floats, target.floats, batch, ln.weight(), ln.bias(), ln.eps(), mean, rstd);
    }

    /** target = input w^T + bias, bias written into the rows first and the product added (as {@link Linear}). */
    private void project(Buffer input, FloatPointer w, float[] bias, int outWidth, int inWidth, Buffer target) {
        project(input, w, bias, outWidth, inWidth, target.pointer, target.floats);
    }

    private void project(Buffer input, FloatPointer w, float[] bias, int outWidth, int inWidth, FloatPointer target,
            FloatBuffer targetFloats) {
        float beta = 0f;
        if (bias != null) {
            for (int r = 0; r < batch; r++) {
                targetFloats.put(r * outWidth, bias, 0, outWidth);
            }
            beta = 1f;
        }
        openblas_nolapack.cblas_sgemm(ROW_MAJOR, NO_TRANS, TRANS, batch, outWidth, inWidth, 1f, input.pointer, inWidth,
                w, inWidth, beta, target, outWidth);
    }

    private static FloatPointer pointer(INDArray w) {
        return new FloatPointer(w.data().addressPointer());
    }

    private static float[] bias(Linear linear) {
        return linear.bias() == null ? null : floats(linear.bias().value(), 0, linear.outFeatures());
    }

    private static float[] floats(INDArray v, int from, int n) {
        float[] f = new float[n];
        Flat.floats(v).get(from, f, 0, n);
        return f;
    }

    /** Frees the activation buffers. */
    @Override
    public void close() {
        for (Buffer b : new Buffer[] {x, normed, qkv, query, merged, out, hidden}) {
            b.pointer.close();
        }
        if (weights != null) {
            weights.close();
        }
    }
}
