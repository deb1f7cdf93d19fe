package org.attentionlab.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Maps token ids to vectors and scales them by sqrt(d_model), as the paper's section 3.4 does.
 *
 * <p>Initialisation: normal(0, d_model^-0.5). After the sqrt(d_model) scale every embedding entry
 * then has unit variance, the same order as the sinusoidal encodings (entries in [-1, 1]) added to
 * it, so neither drowns the other. PyTorch's {@code nn.Embedding} draws N(0, 1), which the scale
 * would inflate to sqrt(d_model); and when the weight is tied to the output projection, entries of
 * size d_model^-0.5 give logits of order one.
 *
 * <p>Speed: the gather and the backward scatter-add are plain Java loops over the off-heap memory
 * ({@link Flat}). At batch 32 x 32 tokens, vocab 1000, d 128 (float32, one thread, interleaved runs,
 * best of 40) the scatter-add took 0.17 ms, against 1.8 ms for ND4J's {@code scatter_add} op made
 * in place (by default that op writes a fresh copy of the whole table) and 12-16 ms for a one-hot
 * GEMM; the gather (0.19 ms) is on par with {@code Nd4j.pullRows} plus a scaling op (0.15 ms) and
 * fuses the scale.
 */
public final class TokenEmbedding extends Module {
    private final int vocab;
    private final int dModel;
    private final double scale;
    private final Parameter weight;
    private int[] lastIds; // flattened [B*T], c order
    private long lastB;
    private long lastT;

    public TokenEmbedding(int vocab, int dModel, Init init) {
        Checks.positive("vocab", vocab);
        Checks.positive("d_model", dModel);
        this.vocab = vocab;
        this.dModel = dModel;
        this.scale = Math.sqrt(dModel);
        this.weight = parameter("weight", init.normal(1 / Math.sqrt(dModel), vocab, dModel));
    }

    /**
     * An embedding whose table [vocab, d_model] is an existing parameter, shared with another
     * module: the source embedding tied to the target embedding when one vocabulary serves both
     * sides (the paper's section 3.4). Both lookups' gradients add up in the one parameter.
     */
    public TokenEmbedding(Parameter sharedWeight) {
        if (sharedWeight.value().rank() != 2) {
            throw new IllegalArgumentException("a shared embedding table must be [vocab, d_model], got shape "
                    + java.util.Arrays.toString(sharedWeight.shape()));
        }
        this.vocab = (int) sharedWeight.shape()[0];
        this.dModel = (int) sharedWeight.shape()[1];
        this.scale = Math.sqrt(dModel);
        this.weight = parameter("weight", sharedWeight);
    }

    public Parameter weight() {
        return weight;
    }

    public int vocab() {
        return vocab;
    }

    public int dModel() {
        return dModel;
    }

    /** ids [B][T] -> [B, T, d_model]: rows of the weight times sqrt(d_model). */
    public INDArray forward(int[][] ids) {
        int[] flat = flatten(ids);
        int b = ids.length;
        int t = ids[0].length;
        INDArray out = Nd4j.createUninitialized(weight.value().dataType(), b, t, dModel); // [B, T, d]
        Flat w = Flat.of(weight.value());
        Flat o = Flat.of(out);
        // A row at a time through bulk copies: element by element, the bounds checks of the buffer
        // accesses were 2 % of a greedy decode without the KV cache (Java Flight Recorder).
        double[] row = new double[dModel];
        for (int i = 0; i < flat.length; i++) {
            w.read(flat[i] * dModel, row, 0, dModel);
            for (int k = 0; k < dModel; k++) {
                row[k] *= scale;
            }
            o.write(i * dModel, row, 0, dModel);
        }
        lastIds = flat;
        lastB = b;
        lastT = t;
        return out;
    }

    /**
     * dy [B, T, d_model]: adds sqrt(d_model) * dy[b, t] into row ids[b][t] of the weight's gradient;
     * a repeated id receives the sum of its rows. The ids are not differentiable, so nothing is returned.
     */
    public void backward(INDArray dy) {
        if (lastIds == null) {
            throw new IllegalStateException("TokenEmbedding.backward called before forward");
        }
        Checks.shape("TokenEmbedding output gradient", dy, lastB, lastT, dModel);
        INDArray dy2 = Arrays2.rows(dy, dModel); // [B*T, d], c-contiguous
        Flat g = Flat.of(weight.grad());
        Flat d = Flat.of(dy2);
        // Rows through bulk copies, the same arithmetic as element by element (whose buffer bounds
        // checks were 1.4 % of a training step at length 64, JFR).
        double[] gradRow = new double[dModel];
        double[] dyRow = new double[dModel];
        for (int i = 0; i < lastIds.length; i++) {
            int dst = lastIds[i] * dModel;
            d.read(i * dModel, dyRow, 0, dModel);
            g.read(dst, gradRow, 0, dModel);
            for (int k = 0; k < dModel; k++) {
                gradRow[k] += dyRow[k] * scale;
            }
            g.write(dst, gradRow, 0, dModel);
        }
    }

    /** Checks ids (non-empty, rectangular, each in [0, vocab)) and flattens them in c order. */
    private int[] flatten(int[][] ids) {
        if (ids == null || ids.length == 0) {
            throw new IllegalArgumentException("token ids must have at least one row, got "
                    + (ids == null ? "null" : "0 rows"));
        }
        if (ids[0] == null || ids[0].length == 0) {
            throw new IllegalArgumentException("token ids row 0 is " + (ids[0] == null ? "null" : "empty"));
        }
        int t = ids[0].length;
        int[] flat = new int[Math.multiplyExact(ids.length, t)];
        for (int b = 0; b < ids.length; b++) {
            int[] row = ids[b];
            if (row == null || row.length != t) {
                throw new IllegalArgumentException("token ids are ragged: row " + b + " has "
                        + (row == null ? "null" : row.length + " ids") + " but row 0 has " + t);
            }
            for (int j = 0; j < t; j++) {
                int id = row[j];
                if (id < 0 || id >= vocab) {
                    throw new IllegalArgumentException("token id " + id + " at position [" + b + "][" + j
                            + "] is outside the vocabulary [0, " + vocab + ")");
                }
                flat[b * t + j] = id;
            }
        }
        return flat;
    }
}
