package org.attentionlab.viz;

/**
 * How loss curves are drawn.
 *
 * @param logScale  a logarithmic loss axis, which separates runs once their losses are small
 * @param smoothing EMA weight in [0, 1) for the training loss ({@link Smoothing#ema}); 0 is none.
 *                  The raw curve stays behind the smoothed one, faint, so noise is not hidden.
 * @param validation whether validation points are drawn (dashed, in the run's colour)
 */
public record CurveOptions(boolean logScale, double smoothing, boolean validation) {
    public CurveOptions {
        Args.inRange("smoothing", smoothing, 0, 0.999999);
    }

    /** Linear axis, no smoothing, validation shown. */
    public static CurveOptions defaults() {
        return new CurveOptions(false, 0, true);
    }

    public CurveOptions withLogScale(boolean on) {
        return new CurveOptions(on, smoothing, validation);
    }

    public CurveOptions withSmoothing(double weight) {
        return new CurveOptions(logScale, weight, validation);
    }

    public CurveOptions withValidation(boolean on) {
        return new CurveOptions(logScale, smoothing, on);
    }
}
