package org.attentionlab.viz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Attention weights as pictures: one head as a {@link HeatMap}, all heads of all layers as an
 * {@link AttentionGrid}, and the three grids of one example (encoder self-, decoder self- and
 * cross-attention) stacked.
 *
 * <p>Weights come as the attention layers return them: {@code [B, H, Tq, Tk]} (one INDArray a
 * layer), or {@code [H, Tq, Tk]}, or {@code [Tq, Tk]}. When the token lists are shorter than the
 * matrix (a padded batch) the matrix is cropped to them, so padding never shows; longer lists
 * are an error.
 */
public final class AttentionMaps {
    private AttentionMaps() {
    }

    /** One head of one example; {@code weights} is [B,H,Tq,Tk], [H,Tq,Tk] or [Tq,Tk] (indices then ignored). */
    public static HeatMap head(String title, INDArray weights, int example, int head,
            List<String> queryTokens, List<String> keyTokens) {
        double[][] m = matrix(weights, example, head);
        return HeatMap.attention(title, crop(m, queryTokens, keyTokens), queryTokens, keyTokens);
    }

    /** One head given as a plain [Tq][Tk] matrix. */
    public static HeatMap head(String title, double[][] weights, List<String> queryTokens, List<String> keyTokens) {
        Args.rectangular("weights", weights);
        return HeatMap.attention(title, crop(weights, queryTokens, keyTokens), queryTokens, keyTokens);
    }

    /** All heads of all layers for one example; each element of {@code layers} is [B,H,Tq,Tk] or [H,Tq,Tk]. */
    public static AttentionGrid grid(String title, List<INDArray> layers, int example,
            List<String> queryTokens, List<String> keyTokens) {
        Args.nonEmpty("layers", layers);
        double[][][][] w = new double[layers.size()][][][];
        for (int l = 0; l < layers.size(); l++) {
            INDArray a = layers.get(l);
            Args.notNull("layers[" + l + "]", a);
            if (a.rank() != 3 && a.rank() != 4) {
                throw new IllegalArgumentException("layers[" + l + "] must be [B,H,Tq,Tk] or [H,Tq,Tk], got shape "
                        + Args.shape(a.shape()));
            }
            int heads = (int) a.size(a.rank() - 3);
            w[l] = new double[heads][][];
            for (int h = 0; h < heads; h++) {
                w[l][h] = crop(matrix(a, example, h), queryTokens, keyTokens);
            }
        }
        return new AttentionGrid(title, w, queryTokens, keyTokens);
    }

    /**
     * The three attention kinds of one example, stacked: encoder self-attention (source x source),
     * decoder self-attention (target x target) and cross-attention (target x source). A null or
     * empty list leaves its grid out (e.g. a decoder-only model has no cross-attention).
     */
    public static Stack example(List<INDArray> encoderSelf, List<INDArray> decoderSelf, List<INDArray> cross,
            int example, List<String> sourceTokens, List<String> targetTokens) {
        List<Drawing> parts = new ArrayList<>();
        if (encoderSelf != null && !encoderSelf.isEmpty()) {
            parts.add(grid("Encoder self-attention", encoderSelf, example, sourceTokens, sourceTokens));
        }
        if (decoderSelf != null && !decoderSelf.isEmpty()) {
            parts.add(grid("Decoder self-attention", decoderSelf, example, targetTokens, targetTokens));
        }
        if (cross != null && !cross.isEmpty()) {
            parts.add(grid("Cross-attention (target x source)", cross, example, targetTokens, sourceTokens));
        }
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("no attention weights given: all three lists are null or empty");
        }
        return new Stack(parts);
    }

    /** The [Tq][Tk] matrix of one example and head from a rank 2, 3 or 4 array. */
    public static double[][] matrix(INDArray weights, int example, int head) {
        Args.notNull("weights", weights);
        long[] s = weights.shape();
        INDArray m;
        switch (weights.rank()) {
            case 2 -> m = weights;
            case 3 -> {
                index("head", head, s[0], s);
                m = weights.slice(head);
            }
            case 4 -> {
                index("example", example, s[0], s);
                index("head", head, s[1], s);
                m = weights.slice(example).slice(head);
            }
            default -> throw new IllegalArgumentException(
                    "weights must be [B,H,Tq,Tk], [H,Tq,Tk] or [Tq,Tk], got shape " + Arrays.toString(s));
        }
        return m.toDoubleMatrix();
    }

    private static void index(String name, int i, long size, long[] shape) {
        if (i < 0 || i >= size) {
            throw new IllegalArgumentException(name + " index " + i + " out of range [0, " + size
                    + ") for weights of shape " + Arrays.toString(shape));
        }
    }

    /** The top-left corner matching the token counts (null tokens keep that side whole). */
    static double[][] crop(double[][] m, List<String> rowTokens, List<String> colTokens) {
        int rows = rowTokens == null ? m.length : rowTokens.size();
        int cols = colTokens == null ? m[0].length : colTokens.size();
        if (rows > m.length || cols > m[0].length) {
            throw new IllegalArgumentException("more tokens than weights: " + rows + " query and " + cols
                    + " key tokens for a " + m.length + "x" + m[0].length + " attention matrix");
        }
        if (rows == m.length && cols == m[0].length) {
            return m;
        }
        double[][] out = new double[rows][];
        for (int i = 0; i < rows; i++) {
            out[i] = Arrays.copyOf(m[i], cols);
        }
        return out;
    }
}
