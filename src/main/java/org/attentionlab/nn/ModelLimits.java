package org.attentionlab.nn;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Upper bounds on a model's sizes, checked by {@link TransformerConfig} on creation, so before
 * anything is allocated, whether the sizes come from the command line or from a checkpoint.
 *
 * <p>Why these numbers: each is far above anything this CPU toolkit trains (the paper's big model
 * has d_model 1,024, d_ff 4,096, 6+6 layers, 213 million values) and far below what breaks it.
 * One tensor is at most 2^27 values because tensors travel through Java arrays and byte buffers
 * indexed by {@code int} (2^27 float64 values are 1 GiB); a whole model is at most 2^30 values
 * (4 GiB in float32, and training holds about four times its weights: gradients and Adam's two
 * moments). Before these checks, a checkpoint whose configuration said {@code d_model: 1000000}
 * allocated 8.8 GB and died of an integer overflow. docs/checkpoint-format.md lists the limits.
 */
public final class ModelLimits {
    public static final int MAX_D_MODEL = 1 << 16;
    public static final int MAX_HEADS = 1 << 10;
    public static final int MAX_D_FF = 1 << 18;
    /** Of each stack, encoder and decoder. */
    public static final int MAX_LAYERS = 1 << 10;
    /** Of each vocabulary, source and target. */
    public static final int MAX_VOCAB = 1 << 22;
    public static final int MAX_LEN = 1 << 20;
    public static final int MAX_RELATIVE_CLIP = 1 << 16;
    public static final int MAX_LENGTH_CLASSES = 1 << 16;
    /** Values of one tensor, stored or computed (the sinusoidal tables). */
    public static final long MAX_TENSOR_VALUES = 1L << 27;
    /** Values of the whole model, stored or computed. */
    public static final long MAX_MODEL_VALUES = 1L << 30;

    /** Training holds each weight, its gradient and Adam's two moments. */
    private static final int TRAINING_COPIES = 4;

    private ModelLimits() {
    }

    /** Throws a {@link ModelSizeException} naming the first size over its limit. */
    static void check(TransformerConfig c) {
        dimension(c, "d_model", MAX_D_MODEL);
        dimension(c, "heads", MAX_HEADS);
        dimension(c, "d_ff", MAX_D_FF);
        dimension(c, "encoder_layers", MAX_LAYERS);
        dimension(c, "decoder_layers", MAX_LAYERS);
        dimension(c, "src_vocab", MAX_VOCAB);
        dimension(c, "source_features", MAX_D_MODEL);
        dimension(c, "tgt_vocab", MAX_VOCAB);
        dimension(c, "max_len", MAX_LEN);
        dimension(c, "relative_clip", MAX_RELATIVE_CLIP);
        dimension(c, "length_classes", MAX_LENGTH_CLASSES);
        ModelLayout.Entry big = ModelLayout.largest(c);
        if (big.values() > MAX_TENSOR_VALUES) {
            throw new ModelSizeException(n -> "tensor '" + big.name() + "' " + java.util.Arrays.toString(big.shape())
                    + " would hold " + count(big.values()) + " values, more than the limit of "
                    + count(MAX_TENSOR_VALUES) + " for one tensor; it grows with " + sizes(c, big.keys(), n)
                    + " (" + estimate(c) + ")");
        }
        double total = ModelLayout.values(c);
        if (total > MAX_MODEL_VALUES) {
            throw new ModelSizeException(n -> "a model of these sizes (" + sizes(c, modelKeys(c), n) + ") would hold "
                    + count(total) + " values, " + bytes(4 * total) + " in float32 (training needs about "
                    + TRAINING_COPIES + " times that), more than the limit of " + count(MAX_MODEL_VALUES) + " values ("
                    + bytes(4.0 * MAX_MODEL_VALUES) + ")");
        }
    }

    /** "a model of these sizes would hold about N values, B in float32; training needs about 4 times that". */
    public static String estimate(TransformerConfig c) {
        double total = ModelLayout.values(c);
        return "a model of these sizes would hold about " + count(total) + " values, " + bytes(4 * total)
                + " in float32; training needs about " + TRAINING_COPIES + " times that";
    }

    private static void dimension(TransformerConfig c, String key, int limit) {
        int value = valueOf(c, key);
        if (value > limit) {
            throw new ModelSizeException(n -> n.apply(key) + " " + count(value) + " exceeds the limit of "
                    + count(limit) + " (" + estimate(c) + ")");
        }
    }

    private static List<String> modelKeys(TransformerConfig c) {
        List<String> keys = new ArrayList<>(List.of("d_model", "d_ff", "encoder_layers", "decoder_layers",
                c.hasFeatureSource() ? "source_features" : "src_vocab", "tgt_vocab"));
        if (c.position() == PositionEncoding.LEARNED || c.position() == PositionEncoding.SINUSOIDAL) {
            keys.add("max_len");
        }
        if (c.hasLengthHead()) {
            keys.add("length_classes");
        }
        return keys;
    }

    /**
     * "d_model 64, d_ff 256" with the caller's names; a name given for two keys (--layers) once,
     * and a key the caller names null (a size not known yet) left out.
     */
    private static String sizes(TransformerConfig c, List<String> keys, UnaryOperator<String> naming) {
        Set<String> parts = new LinkedHashSet<>();
        for (String k : keys) {
            String name = naming.apply(k);
            if (name != null) {
                parts.add(name + " " + count(valueOf(c, k)));
            }
        }
        return String.join(", ", parts);
    }

    private static int valueOf(TransformerConfig c, String key) {
        return switch (key) {
            case "d_model" -> c.dModel();
            case "heads" -> c.heads();
            case "d_ff" -> c.dFf();
            case "encoder_layers" -> c.encoderLayers();
            case "decoder_layers" -> c.decoderLayers();
            case "src_vocab" -> c.srcVocab();
            case "source_features" -> c.sourceFeatures();
            case "tgt_vocab" -> c.tgtVocab();
            case "max_len" -> c.maxLen();
            case "relative_clip" -> c.relativeClip();
            case "length_classes" -> c.lengthClasses();
            default -> throw new IllegalArgumentException("no size named " + key);
        };
    }

    private static String count(double n) {
        return String.format(Locale.ROOT, "%,.0f", n);
    }

    /** Bytes in binary units with three significant digits: 87.3 TiB. */
    static String bytes(double b) {
        String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        int u = 0;
        while (b >= 1024 && u < units.length - 1) {
            b /= 1024;
            u++;
        }
        return u == 0 ? String.format(Locale.ROOT, "%.0f bytes", b) : String.format(Locale.ROOT, "%.3g %s", b, units[u]);
    }
}
