package org.attentionlab.decode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.attentionlab.nn.IncrementalDecoder;
import org.attentionlab.nn.Transformer;
import org.attentionlab.nn.StepWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Beam search with the length penalty of Wu et al. (2016).
 *
 * <p>Keeps the {@code beam} most probable prefixes of every source. A hypothesis is scored by its
 * summed log-probability divided by lp(Y) = ((5 + |Y|) / 6)^alpha, |Y| counting the END token.
 * With alpha = 0 the raw log-probability favours short outputs (every extra token multiplies in a
 * probability below 1); alpha around 0.6-1 removes most of that bias. The search over a source
 * stops at the length cap, or as soon as no live prefix can still end with a better score than the
 * best finished hypothesis: a prefix's log-probability only falls as it grows, so its best possible
 * final score is its log-probability now divided by the largest penalty it could still reach. (Stopping
 * as soon as {@code beam} hypotheses have finished, the rule of many implementations, returns short
 * outputs that score below a longer one still in the beam whenever alpha > 0.)
 *
 * <p>All beams of all sources decode together as one batch of B*K rows with the KV cache; after
 * each step the caches are reordered so that each row continues its chosen parent.
 */
public final class BeamSearch {
    /** When the search over a source ends (besides the length cap). */
    public enum Stopping {
        /** When no live prefix can still beat the best finished hypothesis (the default: no search error from stopping). */
        BOUND,
        /**
         * As soon as {@code beam} hypotheses have finished, the rule of many implementations: cheaper,
         * but with alpha > 0, or when short endings rank high early, it can return an output that scores
         * below one still being written. Kept to show that difference.
         */
        FIRST_BEAM_FINISHED
    }

    private final int beam;
    private final double alpha;
    private final int bos;
    private final int end;
    private final Stopping stopping;

    /** One finished (or, at the cap, unfinished) hypothesis. */
    public record Hypothesis(int[] tokens, double logProbability, double score) {
    }

    public BeamSearch(int beam, double alpha, int bos, int end) {
        this(beam, alpha, bos, end, Stopping.BOUND);
    }

    public BeamSearch(int beam, double alpha, int bos, int end, Stopping stopping) {
        if (stopping == null) {
            throw new IllegalArgumentException("stopping rule is null");
        }
        this.stopping = stopping;
        if (beam < 1) {
            throw new IllegalArgumentException("beam size must be at least 1, got " + beam);
        }
        if (!(alpha >= 0)) {
            throw new IllegalArgumentException("length penalty alpha must be >= 0, got " + alpha);
        }
        this.beam = beam;
        this.alpha = alpha;
        this.bos = bos;
        this.end = end;
    }

    /** lp(Y) of Wu et al.: ((5 + length) / 6)^alpha. */
    public double lengthPenalty(int length) {
        return Math.pow((5.0 + length) / 6.0, alpha);
    }

    /** The best output of each source (tokens without BOS and END). */
    public int[][] decode(Transformer model, int[][] src, INDArray srcKeep, int[] maxTokens) {
        List<List<Hypothesis>> all = search(model, src, srcKeep, maxTokens);
        int[][] out = new int[src.length][];
        for (int b = 0; b < src.length; b++) {
            out[b] = all.get(b).get(0).tokens();
        }
        return out;
    }

    /** Every source's hypotheses, best first. */
    public List<List<Hypothesis>> search(Transformer model, int[][] src, INDArray srcKeep, int[] maxTokens) {
        Decoding.requireCaps(src, maxTokens);
        return Decoding.inEvaluationMode(model, () -> run(model, model.encode(src, srcKeep), srcKeep, maxTokens));
    }

    /**
     * The best output of each feature sequence of a batch [B, frames, F] (a model with
     * {@code source_features} F); {@code srcKeep} [B, frames] marks the real frames (null: all).
     */
    public int[][] decode(Transformer model, INDArray features, INDArray srcKeep, int[] maxTokens) {
        List<List<Hypothesis>> all = search(model, features, srcKeep, maxTokens);
        int[][] out = new int[all.size()][];
        for (int b = 0; b < out.length; b++) {
            out[b] = all.get(b).get(0).tokens();
        }
        return out;
    }

    /** The best output of one feature sequence [frames][F], at most {@code maxTokens} tokens. */
    public int[] decode(Transformer model, float[][] features, int maxTokens) {
        return decode(model, Decoding.oneSequence(features), null, new int[] {maxTokens})[0];
    }

    /** Every feature sequence's hypotheses, best first. */
    public List<List<Hypothesis>> search(Transformer model, INDArray features, INDArray srcKeep, int[] maxTokens) {
        Decoding.requireFeatures(features);
        Decoding.requireCaps(features.size(0), maxTokens);
        return Decoding.inEvaluationMode(model, () -> run(model, model.encode(features, srcKeep), srcKeep,
                maxTokens));
    }

    private List<List<Hypothesis>> run(Transformer model, INDArray memory, INDArray srcKeep, int[] maxTokens) {
        int sources = (int) memory.size(0);                                 // memory: [B,Ts,d]
        int rows = sources * beam;
        int[] repeat = new int[rows];
        for (int r = 0; r < rows; r++) {
            repeat[r] = r / beam;
        }
        long ts = memory.size(1);
        long d = memory.size(2);
        INDArray memoryK = Nd4j.pullRows(memory.reshape(sources, ts * d), 1, repeat).reshape(rows, ts, d);
        INDArray keepK = srcKeep == null ? null : Nd4j.pullRows(srcKeep, 1, repeat);
        IncrementalDecoder state = model.startDecoding(memoryK, keepK);

        double[] score = new double[rows];                 // summed log-probability of each live row
        int[][] tokens = new int[rows][0];
        for (int r = 0; r < rows; r++) {
            score[r] = r % beam == 0 ? 0 : Double.NEGATIVE_INFINITY;  // one live beam at the start
        }
        List<List<Hypothesis>> finished = new ArrayList<>();
        for (int b = 0; b < sources; b++) {
            finished.add(new ArrayList<>());
        }
        boolean[] closed = new boolean[sources];
        int[] last = new int[rows];
        Arrays.fill(last, bos);
        int steps = Arrays.stream(maxTokens).max().orElse(0);
        for (int t = 0; t < steps; t++) {
            double[][] logp;                                 // [rows][V]
            try (StepWorkspace.Scope ignored = StepWorkspace.open(StepWorkspace.DECODE)) {
                logp = logSoftmax(state.step(last));         // the step's temporaries are reused (StepWorkspace)
            }
            int vocab = logp[0].length;
            int[] parent = new int[rows];
            int[] next = new int[rows];
            double[] nextScore = new double[rows];
            int[][] nextTokens = new int[rows][];
            for (int b = 0; b < sources; b++) {
                int base = b * beam;
                if (closed[b]) {
                    for (int k = 0; k < beam; k++) {
                        parent[base + k] = base + k;
                        next[base + k] = end;
                        nextScore[base + k] = Double.NEGATIVE_INFINITY;
                        nextTokens[base + k] = tokens[base + k];
                    }
                    continue;
                }
                // The best 2*beam extensions: enough that `beam` of them continue even if some end.
                int want = 2 * beam;
                double[] bestScore = new double[want];
                int[] bestRow = new int[want];
                int[] bestToken = new int[want];
                Arrays.fill(bestScore, Double.NEGATIVE_INFINITY);
                for (int k = 0; k < beam; k++) {
                    int r = base + k;
                    if (score[r] == Double.NEGATIVE_INFINITY) {
                        continue;
                    }
                    for (int v = 0; v < vocab; v++) {
                        double s = score[r] + logp[r][v];
                        if (s > bestScore[want - 1]) {
                            int i = want - 1;
                            while (i > 0 && bestScore[i - 1] < s) {
                                bestScore[i] = bestScore[i - 1];
                                bestRow[i] = bestRow[i - 1];
                                bestToken[i] = bestToken[i - 1];
                                i--;
                            }
                            bestScore[i] = s;
                            bestRow[i] = r;
                            bestToken[i] = v;
                        }
                    }
                }
                int filled = 0;
                for (int i = 0; i < want && filled < beam; i++) {
                    if (bestScore[i] == Double.NEGATIVE_INFINITY) {
                        break;
                    }
                    int[] prefix = tokens[bestRow[i]];
                    if (bestToken[i] == end || prefix.length + 1 >= maxTokens[b]) {
                        // Only an ending that ranks among the best `beam` extensions counts as finished
                        // (as in fairseq): a low-ranked END would otherwise fill the finished list with
                        // improbable short outputs and close the search before the good ones end.
                        if (i < beam) {
                            int[] out = bestToken[i] == end ? prefix : append(prefix, bestToken[i]);
                            finished.get(b).add(new Hypothesis(out, bestScore[i],
                                    bestScore[i] / lengthPenalty(prefix.length + 1)));
                        }
                        continue;
                    }
                    int r = base + filled++;
                    parent[r] = bestRow[i];
                    next[r] = bestToken[i];
                    nextScore[r] = bestScore[i];
                    nextTokens[r] = append(prefix, bestToken[i]);
                }
                for (int k = filled; k < beam; k++) {
                    parent[base + k] = base + k;
                    next[base + k] = end;
                    nextScore[base + k] = Double.NEGATIVE_INFINITY;
                    nextTokens[base + k] = tokens[base + k];
                }
                closed[b] = filled == 0 || noLivePrefixCanWin(finished.get(b), nextScore, base, maxTokens[b])
                        || stopping == Stopping.FIRST_BEAM_FINISHED && finished.get(b).size() >= beam;
            }
            score = nextScore;
            tokens = nextTokens;
            last = next;
            boolean allClosed = true;
            for (boolean c : closed) {
                allClosed &= c;
            }
            if (allClosed) {
                break;
            }
            state.reorderRows(parent);
        }
        state.close();           // the caches' native memory, now rather than at some later collection
        List<List<Hypothesis>> result = new ArrayList<>();
        for (int b = 0; b < sources; b++) {
            List<Hypothesis> hs = new ArrayList<>(finished.get(b));
            if (hs.isEmpty()) { // nothing ended before the cap: rank the live prefixes
                for (int k = 0; k < beam; k++) {
                    int r = b * beam + k;
                    if (score[r] > Double.NEGATIVE_INFINITY) {
                        hs.add(new Hypothesis(tokens[r], score[r], score[r] / lengthPenalty(tokens[r].length)));
                    }
                }
            }
            hs.sort((x, y) -> Double.compare(y.score(), x.score()));
            result.add(hs);
        }
        return result;
    }

    /**
     * True when the best finished hypothesis of a source already beats the best score that any of its
     * live prefixes could still reach: a prefix with summed log-probability s (at most 0, and only
     * falling as it grows) ends with a score of at most s / lp(maxTokens), since lp grows with the
     * length and dividing a negative number by more brings it closer to 0.
     */
    private boolean noLivePrefixCanWin(List<Hypothesis> done, double[] liveScore, int base, int maxTokens) {
        if (done.isEmpty()) {
            return false;
        }
        double best = done.stream().mapToDouble(Hypothesis::score).max().getAsDouble();
        for (int k = 0; k < beam; k++) {
            if (bestReachable(liveScore[base + k], maxTokens) > best) {
                return false;
            }
        }
        return true;
    }

    /** The best final score a live prefix with summed log-probability {@code logProbability} can reach. */
    double bestReachable(double logProbability, int maxTokens) {
        if (logProbability == Double.NEGATIVE_INFINITY) {
            return Double.NEGATIVE_INFINITY;
        }
        return logProbability >= 0 ? logProbability : logProbability / lengthPenalty(maxTokens);
    }

    static double[][] logSoftmax(INDArray logits) {
        double[][] x = logits.toDoubleMatrix();
        for (double[] row : x) {
            double max = Double.NEGATIVE_INFINITY;
            for (double v : row) {
                max = Math.max(max, v);
            }
            double sum = 0;
            for (double v : row) {
                sum += Math.exp(v - max);
            }
            double log = max + Math.log(sum);
            for (int i = 0; i < row.length; i++) {
                row[i] -= log;
            }
        }
        return x;
    }

    private static int[] append(int[] prefix, int token) {
        int[] out = Arrays.copyOf(prefix, prefix.length + 1);
        out[prefix.length] = token;
        return out;
    }
}
