package org.attentionlab.train;

/**
 * The schedule of the paper's equation (3): a linear warm-up for {@code warmup} steps, then decay with
 * the inverse square root of the step,
 * <pre>
 *   lrate = factor * d_model^-0.5 * min(step^-0.5, step * warmup^-1.5)
 * </pre>
 * The two branches meet at step = warmup, where the rate peaks at factor / sqrt(d_model * warmup).
 * The paper uses factor 1, d_model 512, warmup 4000 (peak about 7.0e-4).
 */
public record NoamSchedule(int dModel, int warmup, double factor) implements LearningRateSchedule {
    public NoamSchedule {
        if (dModel <= 0) {
            throw new IllegalArgumentException("dModel must be positive, got " + dModel);
        }
        if (warmup <= 0) {
            throw new IllegalArgumentException("warmup must be positive, got " + warmup);
        }
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("factor must be positive and finite, got " + factor);
        }
    }

    @Override
    public double rate(long step) {
        if (step < 1) {
            throw new IllegalArgumentException("step must be at least 1, got " + step);
        }
        double s = step;
        return factor / Math.sqrt(dModel) * Math.min(1 / Math.sqrt(s), s * Math.pow(warmup, -1.5));
    }

    /** The largest rate, reached at step = warmup. */
    public double peakRate() {
        return factor / Math.sqrt((double) dModel * warmup);
    }
}
