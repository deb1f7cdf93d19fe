package org.attentionlab.decode;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.attentionlab.nn.IncrementalDecoder;
import org.attentionlab.nn.Module;
import org.attentionlab.nn.StepWorkspace;
import org.attentionlab.nn.Transformer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Ancestral sampling with a temperature and top-k: at every step the next token is drawn from
 * softmax(logits / temperature) restricted to the k most probable tokens, until END or the cap.
 *
 * <p>Temperature below 1 sharpens the distribution (towards greedy as it goes to 0), above 1
 * flattens it; top-k removes the long tail of unlikely tokens that makes pure sampling wander, and
 * k = 1 is greedy decoding. Draws come from a Java {@link SplittableRandom} seeded by the
 * sampler's seed and the row index, so the same seed and batch give the same outputs on every run.
 * Decoding uses the KV cache.
 */
public final class Sampler {
    private final double temperature;
    private final int topK;
    private final long seed;
    private final int bos;
    private final int end;

    /**
     * @param temperature positive; divides the logits
     * @param topK        tokens kept at each step, 0 for all
     * @param seed        seeds the draws
     */
    public Sampler(double temperature, int topK, long seed, int bos, int end) {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be positive and finite, got " + temperature);
        }
        if (topK < 0) {
            throw new IllegalArgumentException("top-k must be 0 (all tokens) or positive, got " + topK);
        }
        this.temperature = temperature;
        this.topK = topK;
        this.seed = seed;
        this.bos = bos;
        this.end = end;
    }

    /** Samples an output for each source; {@code maxTokens[b]} caps row b. Rows hold no BOS and no END. */
    public int[][] decode(Transformer model, int[][] src, INDArray srcKeep, int[] maxTokens) {
        Decoding.requireCaps(src, maxTokens);
        return Decoding.inEvaluationMode(model, () -> sample(model, src, srcKeep, maxTokens));
    }

    private int[][] sample(Transformer model, int[][] src, INDArray srcKeep, int[] maxTokens) {
        int batch = src.length;
        SplittableRandom[] random = new SplittableRandom[batch];
        for (int b = 0; b < batch; b++) {
            random[b] = new SplittableRandom(Module.mix(seed, b));
        }
        IncrementalDecoder state = model.startDecoding(model.encode(src, srcKeep), srcKeep);
        int steps = Arrays.stream(maxTokens).max().orElse(0);
        int[][] out = new int[batch][steps];
        int[] length = new int[batch];
        boolean[] done = new boolean[batch];
        int[] last = new int[batch];
        Arrays.fill(last, bos);
        for (int t = 0; t < steps; t++) {
            double[][] logits;                                         // [B][V]
            try (StepWorkspace.Scope ignored = StepWorkspace.open(StepWorkspace.DECODE)) {
                logits = state.step(last).toDoubleMatrix();            // the step's temporaries are reused
            }
            boolean allDone = true;
            for (int b = 0; b < batch; b++) {
                if (!done[b]) {
                    int token = draw(logits[b], random[b]);
                    if (token == end) {
                        done[b] = true;
                    } else {
                        out[b][length[b]++] = token;
                        done[b] = length[b] >= maxTokens[b];
                    }
                    last[b] = done[b] ? end : token;
                }
                allDone &= done[b];
            }
            if (allDone) {
                break;
            }
        }
        state.close();           // the caches' native memory, now rather than at some later collection
        for (int b = 0; b < batch; b++) {
            out[b] = Arrays.copyOf(out[b], length[b]);
        }
        return out;
    }

    /** One token from softmax(z / T) over the top-k logits of {@code z}. */
    int draw(double[] z, SplittableRandom random) {
        int v = z.length;
        int k = topK == 0 ? v : Math.min(topK, v);
        // Indices of the k largest logits, best first (ties: lower id first, as arg-max takes them).
        Integer[] order = new Integer[v];
        for (int i = 0; i < v; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> z[a] != z[b] ? Double.compare(z[b], z[a]) : Integer.compare(a, b));
        // p_i proportional to exp((z_i - z_max) / T): subtracting the largest logit keeps exp finite
        // even as T goes to 0, where every token but the best gets weight 0 (greedy).
        double max = z[order[0]];
        double[] w = new double[k];
        double sum = 0;
        for (int i = 0; i < k; i++) {
            w[i] = Math.exp((z[order[i]] - max) / temperature);
            sum += w[i];
        }
        double u = random.nextDouble() * sum;
        for (int i = 0; i < k; i++) {
            u -= w[i];
            if (u < 0) {
                return order[i];
            }
        }
        // Only reached through rounding, when u is within an ulp of sum: the last token with weight.
        int i = k - 1;
        while (i > 0 && w[i] == 0) {
            i--;
        }
        return order[i];
    }
}
