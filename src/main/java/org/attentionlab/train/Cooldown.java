package org.attentionlab.train;

/**
 * Another schedule whose rate is scaled down linearly to zero over the last {@code cooldown} of
 * {@code steps} steps: rate(step) = base(step) * min(1, (steps - step + 1) / cooldown).
 *
 * <p>Why: the paper's schedule decays only as step^-0.5, so at the end of a short run the rate is
 * still high enough that Adam's noise keeps a model a few tenths of a percent short of what it
 * can reach (validation token accuracy moving between 95.8 % and 99.7 % from one evaluation to
 * the next on the reverse task). Annealing to zero at the end settles it.
 */
public record Cooldown(LearningRateSchedule base, long steps, long cooldown) implements LearningRateSchedule {
    public Cooldown {
        if (base == null) {
            throw new IllegalArgumentException("base schedule must be set");
        }
        if (cooldown < 1 || cooldown > steps) {
            throw new IllegalArgumentException("cooldown must be between 1 and the number of steps (" + steps
                    + "), got " + cooldown);
        }
    }

    @Override
    public double rate(long step) {
        double left = steps - step + 1;               // steps still to take, this one included
        return base.rate(step) * Math.max(0, Math.min(1, left / cooldown));
    }
}
