package org.attentionlab.viz;

/**
 * Smoothing for noisy per-step curves such as training loss.
 *
 * <p>An exponential moving average with the bias correction of Adam: the plain EMA starts at
 * zero weight and so drags the first points towards the first value; dividing by
 * {@code 1 - w^t} makes every smoothed point a proper weighted mean of what came before it.
 * NaN points (missing values) are passed through and do not enter the average.
 */
public final class Smoothing {
    private Smoothing() {
    }

    /**
     * Exponential moving average with weight {@code w} in [0, 1) on the past: 0 returns a copy of
     * {@code y}, 0.9 averages over roughly the last ten points, 0.99 over a hundred.
     */
    public static double[] ema(double[] y, double w) {
        Args.notNull("y", y);
        Args.inRange("smoothing weight", w, 0, 0.999999);
        double[] out = new double[y.length];
        double acc = 0;
        double norm = 0;
        for (int i = 0; i < y.length; i++) {
            if (Double.isNaN(y[i])) {
                out[i] = Double.NaN;
                continue;
            }
            // acc = sum_k w^(t-k) (1-w) y_k; norm = sum_k w^(t-k) (1-w) = 1 - w^t over the seen points.
            acc = w * acc + (1 - w) * y[i];
            norm = w * norm + (1 - w);
            out[i] = acc / norm;
        }
        return out;
    }
}
