package org.attentionlab.nn;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tensors a {@link Transformer} of a given configuration holds (name, shape, kind), worked
 * out from the configuration alone: nothing is allocated.
 *
 * <p>Why: loading used to build the model from a checkpoint's configuration and only then look
 * at the tensors, so a configuration edited to 100,000 layers allocated gigabytes before failing.
 * With the layout, {@link Checkpoint} compares the header with what the configuration implies,
 * and {@link ModelLimits} sizes a configuration, before anything exists. The names and shapes
 * must equal what the modules register; {@code ModelLayoutTest} checks that for every variant.
 */
public final class ModelLayout {
    /**
     * One tensor.
     *
     * @param name     its checkpoint name ({@code state_dict} key)
     * @param shape    its shape
     * @param floating a weight or running statistic; false for BatchNorm's integer batch counter
     * @param stored   false for the sinusoidal tables, which the model computes and holds but does
     *                 not save (they count towards memory, not towards the checkpoint)
     * @param keys     the configuration keys its shape grows with (for messages)
     */
    public record Entry(String name, long[] shape, boolean floating, boolean stored, List<String> keys) {
        @Override
        public long[] shape() {
            return shape.clone();
        }

        /** The number of values, as a double so that absurd shapes cannot overflow. */
        public double values() {
            double n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }
    }

    private interface Sink {
        void add(String name, boolean floating, boolean stored, List<String> keys, long... shape);
    }

    private ModelLayout() {
    }

    /** Every tensor a checkpoint of this configuration holds, by name. */
    public static Map<String, Entry> of(TransformerConfig c) {
        Map<String, Entry> out = new LinkedHashMap<>();
        Sink sink = (name, floating, stored, keys, shape) -> {
            if (stored) {
                out.put(name, new Entry(name, shape, floating, true, keys));
            }
        };
        embeddings(c, sink);
        for (int i = 0; i < c.encoderLayers(); i++) {
            encoderLayer(c, "transformer.encoder.layers." + i + ".", sink);
        }
        for (int i = 0; i < c.decoderLayers(); i++) {
            decoderLayer(c, "transformer.decoder.layers." + i + ".", sink);
        }
        outputs(c, sink);
        return out;
    }

    /**
     * The values the model holds in memory, stored or computed, a tied weight once (exact while
     * below 2^53). Each layer's are counted once and multiplied, so that even an absurd layer count
     * costs nothing to size.
     */
    public static double values(TransformerConfig c) {
        double[] top = new double[1];
        double[] enc = new double[1];
        double[] dec = new double[1];
        embeddings(c, (n, f, s, k, shape) -> {
            if (!(c.tieSourceEmbedding() && n.equals("tgt_embed.weight"))) { // the same memory as src_embed.weight
                top[0] += entry(n, shape, s, k).values();
            }
        });
        outputs(c, (n, f, s, k, shape) -> {
            if (!(c.tieEmbeddings() && n.equals("generator.weight"))) { // the same memory as tgt_embed.weight
                top[0] += entry(n, shape, s, k).values();
            }
        });
        encoderLayer(c, "", (n, f, s, k, shape) -> enc[0] += entry(n, shape, s, k).values());
        decoderLayer(c, "", (n, f, s, k, shape) -> dec[0] += entry(n, shape, s, k).values());
        return top[0] + (double) c.encoderLayers() * enc[0] + (double) c.decoderLayers() * dec[0];
    }

    /** The largest single tensor, stored or computed (the first of equals). */
    public static Entry largest(TransformerConfig c) {
        Entry[] best = new Entry[1];
        Sink sink = (name, floating, stored, keys, shape) -> {
            Entry e = new Entry(name, shape, floating, stored, keys);
            if (best[0] == null || e.values() > best[0].values()) {
                best[0] = e;
            }
        };
        embeddings(c, sink);
        if (c.encoderLayers() > 0) {
            encoderLayer(c, "transformer.encoder.layers.0.", sink);
        }
        decoderLayer(c, "transformer.decoder.layers.0.", sink);
        outputs(c, sink);
        return best[0];
    }

    private static Entry entry(String name, long[] shape, boolean stored, List<String> keys) {
        return new Entry(name, shape, true, stored, keys);
    }

    private static final List<String> D = List.of("d_model");

    private static void embeddings(TransformerConfig c, Sink s) {
        long d = c.dModel();
        if (c.hasFeatureSource()) {
            // nn.Linear(F, d_model): weight [d_model, F] and a bias, in place of the source embedding.
            s.add("src_proj.weight", true, true, List.of("source_features", "d_model"), d, c.sourceFeatures());
            s.add("src_proj.bias", true, true, D, d);
        } else {
            s.add("src_embed.weight", true, true, List.of("src_vocab", "d_model"), c.srcVocab(), d);
        }
        // Stored even when tied to src_embed.weight (tie_source_embedding), as PyTorch's state_dict
        // holds a shared weight under each name; checked equal on load.
        s.add("tgt_embed.weight", true, true, List.of("tgt_vocab", "d_model"), c.tgtVocab(), d);
        if (c.position() == PositionEncoding.LEARNED || c.position() == PositionEncoding.SINUSOIDAL) {
            // Learned tables are parameters; the sinusoidal ones are computed at construction.
            boolean stored = c.position() == PositionEncoding.LEARNED;
            List<String> keys = List.of("max_len", "d_model");
            s.add(stored ? "src_pos.weight" : "src_pos (sinusoidal table)", true, stored, keys, c.maxLen(), d);
            s.add(stored ? "tgt_pos.weight" : "tgt_pos (sinusoidal table)", true, stored, keys, c.maxLen(), d);
        }
    }

    private static void outputs(TransformerConfig c, Sink s) {
        if (c.finalNorm()) {
            norm(c, "transformer.encoder.norm.", s);
            norm(c, "transformer.decoder.norm.", s);
        }
        // Stored even when tied to tgt_embed.weight, so that PyTorch finds it (checked equal on load).
        s.add("generator.weight", true, true, List.of("tgt_vocab", "d_model"), c.tgtVocab(), c.dModel());
        s.add("generator.bias", true, true, List.of("tgt_vocab"), c.tgtVocab());
        if (c.hasLengthHead()) {
            s.add("length_head.weight", true, true, List.of("length_classes", "d_model"), c.lengthClasses(), c.dModel());
            s.add("length_head.bias", true, true, List.of("length_classes"), c.lengthClasses());
        }
    }

    private static void encoderLayer(TransformerConfig c, String prefix, Sink s) {
        attention(c, prefix + "self_attn.", true, s);
        feedForward(c, prefix, s);
        norm(c, prefix + "norm1.", s);
        norm(c, prefix + "norm2.", s);
    }

    private static void decoderLayer(TransformerConfig c, String prefix, Sink s) {
        attention(c, prefix + "self_attn.", true, s);
        attention(c, prefix + "multihead_attn.", false, s);
        feedForward(c, prefix, s);
        norm(c, prefix + "norm1.", s);
        norm(c, prefix + "norm2.", s);
        norm(c, prefix + "norm3.", s);
    }

    private static void attention(TransformerConfig c, String prefix, boolean self, Sink s) {
        long d = c.dModel();
        s.add(prefix + "in_proj_weight", true, true, D, 3 * d, d);
        s.add(prefix + "in_proj_bias", true, true, D, 3 * d);
        s.add(prefix + "out_proj.weight", true, true, D, d, d);
        s.add(prefix + "out_proj.bias", true, true, D, d);
        if (self && c.position() == PositionEncoding.RELATIVE) {
            s.add(prefix + "relative_key.weight", true, true, List.of("relative_clip", "d_model", "heads"),
                    2L * c.relativeClip() + 1, c.headDim());
        }
    }

    /** PyTorch names the feed-forward weights directly under the layer. */
    private static void feedForward(TransformerConfig c, String prefix, Sink s) {
        long d = c.dModel();
        long ff = c.dFf();
        List<String> keys = List.of("d_ff", "d_model");
        s.add(prefix + "linear1.weight", true, true, keys, ff, d);
        s.add(prefix + "linear1.bias", true, true, List.of("d_ff"), ff);
        s.add(prefix + "linear2.weight", true, true, keys, d, ff);
        s.add(prefix + "linear2.bias", true, true, D, d);
    }

    private static void norm(TransformerConfig c, String prefix, Sink s) {
        long d = c.dModel();
        s.add(prefix + "weight", true, true, D, d);
        s.add(prefix + "bias", true, true, D, d);
        if (c.normType() == NormType.BATCH) {
            s.add(prefix + "running_mean", true, true, D, d);
            s.add(prefix + "running_var", true, true, D, d);
            s.add(prefix + "num_batches_tracked", false, true, List.of());
        }
    }
}
