package org.attentionlab.baseline;

/**
 * How well numbers were predicted: root mean squared error, mean absolute error (both in the
 * target's units, e.g. tokens) and R^2, the share of the target's variance explained (1 is
 * perfect, 0 is no better than always predicting the mean, negative is worse).
 */
public record RegressionScores(double rmse, double mae, double r2, int n) {

    /**
     * Scores for any predictor (the Tribuo baseline, the Transformer's own length head, a rule of
     * thumb) computed directly, so they can sit in one table next to each other.
     */
    public static RegressionScores of(double[] predicted, double[] gold) {
        if (predicted == null || gold == null) {
            throw new IllegalArgumentException("predicted and gold must not be null");
        }
        if (predicted.length != gold.length || gold.length == 0) {
            throw new IllegalArgumentException("predicted and gold must have the same non-zero length, got "
                    + predicted.length + " and " + gold.length);
        }
        int n = gold.length;
        double mean = 0;
        for (double g : gold) {
            mean += g / n;
        }
        double se = 0;
        double ae = 0;
        double tot = 0;
        for (int i = 0; i < n; i++) {
            double e = predicted[i] - gold[i];
            se += e * e;
            ae += Math.abs(e);
            tot += (gold[i] - mean) * (gold[i] - mean);
        }
        // R^2 = 1 - SS_res / SS_tot; a constant target has SS_tot = 0 and R^2 undefined (NaN).
        return new RegressionScores(Math.sqrt(se / n), ae / n, tot == 0 ? Double.NaN : 1 - se / tot, n);
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "RMSE %.3f, MAE %.3f, R^2 %.3f (n=%d)", rmse, mae, r2, n);
    }
}
