package org.attentionlab.train;

/** Training stopped because the loss or the gradient stopped being a finite number. */
public final class TrainingDivergedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;
    private final long step;

    public TrainingDivergedException(long step, String what, double value) {
        super(what + " became " + value + " at step " + step
                + "; try a lower learning rate, more warm-up, or gradient clipping");
        this.step = step;
    }

    public long step() {
        return step;
    }
}
