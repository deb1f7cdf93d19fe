package org.attentionlab.train;

/**
 * How to train: an immutable record validated on creation; {@link #builder()} holds the defaults.
 *
 * @param steps           optimiser steps in all
 * @param batchSize       sentence pairs a batch
 * @param warmup          warm-up steps of the paper's schedule; 0 means a constant learning rate
 * @param learningRate    with warm-up: the factor in front of d_model^-0.5 * min(step^-0.5, step * warmup^-1.5);
 *                        without: the constant rate
 * @param labelSmoothing  epsilon of label smoothing (the paper: 0.1)
 * @param clipNorm        clip the global gradient norm to this; 0 turns clipping off
 * @param accumulate      batches whose gradients are summed into one optimiser step
 * @param evalEvery       evaluate on the validation split every so many steps (0: only at the end)
 * @param checkpointEvery write a checkpoint every so many steps (0: only at the end, if a directory is set)
 * @param seed            seeds batch order, dropout masks and scheduled sampling
 * @param sampling        teacher forcing or scheduled sampling
 * @param lengthLossWeight weight of the length head's cross-entropy added to the token loss; used only
 *                        when the model has a length head
 * @param cooldown        the last so many steps scale the rate down linearly to zero ({@link Cooldown});
 *                        0: no cool-down
 */
public record TrainingConfig(
        int steps,
        int batchSize,
        int warmup,
        double learningRate,
        double labelSmoothing,
        double clipNorm,
        int accumulate,
        int evalEvery,
        int checkpointEvery,
        long seed,
        ScheduledSampling sampling,
        double lengthLossWeight,
        int cooldown) {

    public TrainingConfig {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be at least 1, got " + steps);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        if (warmup < 0) {
            throw new IllegalArgumentException("warmup must be 0 or more, got " + warmup);
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learning rate must be positive, got " + learningRate);
        }
        if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
            throw new IllegalArgumentException("label smoothing must be in [0, 1), got " + labelSmoothing);
        }
        if (!(clipNorm >= 0)) {
            throw new IllegalArgumentException("clip norm must be 0 (off) or positive, got " + clipNorm);
        }
        if (accumulate < 1) {
            throw new IllegalArgumentException("accumulate must be at least 1, got " + accumulate);
        }
        if (evalEvery < 0 || checkpointEvery < 0) {
            throw new IllegalArgumentException("eval/checkpoint intervals must be 0 or more, got " + evalEvery
                    + " and " + checkpointEvery);
        }
        if (sampling == null) {
            throw new IllegalArgumentException("sampling must be set (ScheduledSampling.none() for teacher forcing)");
        }
        if (!(lengthLossWeight >= 0 && Double.isFinite(lengthLossWeight))) {
            throw new IllegalArgumentException("length loss weight must be 0 or more, got " + lengthLossWeight);
        }
        if (cooldown < 0 || cooldown > steps) {
            throw new IllegalArgumentException("cooldown must be between 0 and steps (" + steps + "), got " + cooldown);
        }
    }

    /** The learning-rate schedule this configuration describes for a model of width {@code dModel}. */
    public LearningRateSchedule schedule(int dModel) {
        LearningRateSchedule base = warmup > 0 ? new NoamSchedule(dModel, warmup, learningRate)
                : new ConstantSchedule(learningRate);
        return cooldown > 0 ? new Cooldown(base, steps, cooldown) : base;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().steps(steps).batchSize(batchSize).warmup(warmup).learningRate(learningRate)
                .labelSmoothing(labelSmoothing).clipNorm(clipNorm).accumulate(accumulate).evalEvery(evalEvery)
                .checkpointEvery(checkpointEvery).seed(seed).sampling(sampling).lengthLossWeight(lengthLossWeight)
                .cooldown(cooldown);
    }

    /**
     * Defaults: 1000 steps of 32 pairs, constant rate 1e-3 (Adam), label smoothing 0.1, clipping at 1,
     * length loss weight 0.1 (for models with a length head).
     */
    public static final class Builder {
        private int steps = 1000;
        private int batchSize = 32;
        private int warmup = 0;
        private double learningRate = 1e-3;
        private double labelSmoothing = 0.1;
        private double clipNorm = 1.0;
        private int accumulate = 1;
        private int evalEvery = 0;
        private int checkpointEvery = 0;
        private long seed = 1;
        private ScheduledSampling sampling = ScheduledSampling.none();
        private double lengthLossWeight = 0.1;
        private int cooldown = 0;

        public Builder steps(int v) { steps = v; return this; }
        public Builder batchSize(int v) { batchSize = v; return this; }
        public Builder warmup(int v) { warmup = v; return this; }
        public Builder learningRate(double v) { learningRate = v; return this; }
        public Builder labelSmoothing(double v) { labelSmoothing = v; return this; }
        public Builder clipNorm(double v) { clipNorm = v; return this; }
        public Builder accumulate(int v) { accumulate = v; return this; }
        public Builder evalEvery(int v) { evalEvery = v; return this; }
        public Builder checkpointEvery(int v) { checkpointEvery = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder sampling(ScheduledSampling v) { sampling = v; return this; }
        public Builder lengthLossWeight(double v) { lengthLossWeight = v; return this; }
        public Builder cooldown(int v) { cooldown = v; return this; }

        public TrainingConfig build() {
            return new TrainingConfig(steps, batchSize, warmup, learningRate, labelSmoothing, clipNorm, accumulate,
                    evalEvery, checkpointEvery, seed, sampling, lengthLossWeight, cooldown);
        }
    }
}
