package org.attentionlab.decode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import org.attentionlab.baseline.LengthRegressor;
import org.attentionlab.baseline.RegressionScores;
import org.attentionlab.data.EncodedPair;
import org.attentionlab.data.Vocabulary;

/**
 * The baseline's glue: trains {@link LengthRegressor} (Tribuo's linear SGD regression) to map
 * source features to target length on a task's training pairs, and predicts rounded lengths, so
 * that {@link LengthStrategy#givenLengths} can decode exactly the regressor's length.
 *
 * <p>The default features ({@link #bagOfTokens}) are {@link LengthRegressor#sourceFeatures}
 * (token, character and punctuation counts) plus the count of every source token: enough for
 * "the output is about as long as the input", nothing about token order. Features that are
 * constant over the training pairs are dropped before fitting (their standardisation would
 * divide by a zero deviation).
 */
public final class RegressorLengths implements ToIntFunction<int[]> {
    private final LengthRegressor regressor;
    private final Function<int[], Map<String, Double>> features;
    private final Set<String> kept;
    private final double meanLength; // the prediction when no feature varies (then regressor is null)

    private RegressorLengths(LengthRegressor regressor, Function<int[], Map<String, Double>> features,
            Set<String> kept, double meanLength) {
        this.regressor = regressor;
        this.features = features;
        this.kept = kept;
        this.meanLength = meanLength;
    }

    /** Default features of a source of ids: counts (tokens, characters, punctuation) and one count per vocabulary token. */
    public static Function<int[], Map<String, Double>> bagOfTokens(Vocabulary sourceVocabulary) {
        return ids -> {
            List<String> tokens = new ArrayList<>(ids.length);
            for (int id : ids) {
                tokens.add(sourceVocabulary.token(id));
            }
            Map<String, Double> f = new LinkedHashMap<>(LengthRegressor.sourceFeatures(tokens));
            // Dense: every vocabulary entry, zeros included, so standardisation sees the zeros.
            for (int id = Vocabulary.SPECIALS.size(); id < sourceVocabulary.size(); id++) {
                f.put("count:" + sourceVocabulary.token(id), 0.0);
            }
            for (String t : tokens) {
                f.merge("count:" + t, 1.0, Double::sum);
            }
            return f;
        };
    }

    /** Fits target length on the features of each training pair's source. */
    public static RegressorLengths train(List<EncodedPair> pairs, Function<int[], Map<String, Double>> features,
            int epochs, long seed) {
        if (pairs == null || pairs.size() < 2) {
            throw new IllegalArgumentException("the length regressor needs at least 2 training pairs, got "
                    + (pairs == null ? "null" : pairs.size()));
        }
        List<Map<String, Double>> all = new ArrayList<>(pairs.size());
        double[] targets = new double[pairs.size()];
        for (int i = 0; i < targets.length; i++) {
            all.add(features.apply(pairs.get(i).source()));
            targets[i] = pairs.get(i).target().length;
        }
        double mean = java.util.Arrays.stream(targets).average().orElse(0);
        Set<String> kept = varying(all);
        if (kept.isEmpty()) {
            // Nothing varies: the least-squares prediction is the mean length; no model to fit.
            return new RegressorLengths(null, features, kept, mean);
        }
        List<Map<String, Double>> rows = new ArrayList<>(all.size());
        for (Map<String, Double> f : all) {
            rows.add(select(f, kept));
        }
        return new RegressorLengths(LengthRegressor.train(rows, targets, epochs, seed), features, kept, mean);
    }

    /** The unrounded predicted length of a source. */
    public double predict(int[] source) {
        return regressor == null ? meanLength : regressor.predict(select(features.apply(source), kept));
    }

    /** The predicted length rounded to the nearest integer, at least 0. */
    @Override
    public int applyAsInt(int[] source) {
        double p = predict(source);
        return Double.isFinite(p) ? (int) Math.max(0, Math.round(p)) : 0;
    }

    /** RMSE, MAE and R^2 of the unrounded predictions on held-out pairs. */
    public RegressionScores scores(List<EncodedPair> pairs) {
        double[] predicted = new double[pairs.size()];
        double[] gold = new double[pairs.size()];
        for (int i = 0; i < gold.length; i++) {
            predicted[i] = predict(pairs.get(i).source());
            gold[i] = pairs.get(i).target().length;
        }
        return RegressionScores.of(predicted, gold);
    }

    /** Names of the features the model uses (those that varied in training; empty: it predicts the mean). */
    public Set<String> features() {
        return Set.copyOf(kept);
    }

    private static Map<String, Double> select(Map<String, Double> f, Set<String> kept) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String k : kept) {
            out.put(k, f.getOrDefault(k, 0.0));
        }
        return out;
    }

    private static Set<String> varying(List<Map<String, Double>> rows) {
        Set<String> names = new HashSet<>();
        rows.forEach(r -> names.addAll(r.keySet()));
        Set<String> kept = new java.util.TreeSet<>();
        for (String n : names) {
            double first = rows.get(0).getOrDefault(n, 0.0);
            for (Map<String, Double> r : rows) {
                if (r.getOrDefault(n, 0.0) != first) {
                    kept.add(n);
                    break;
                }
            }
        }
        return kept;
    }
}
