package org.attentionlab.train;

/** The same rate at every step. */
public record ConstantSchedule(double rate) implements LearningRateSchedule {
    public ConstantSchedule {
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("rate must be non-negative and finite, got " + rate);
        }
    }

    @Override
    public double rate(long step) {
        if (step < 1) {
            throw new IllegalArgumentException("step must be at least 1, got " + step);
        }
        return rate;
    }
}
