package org.attentionlab.cli;

import org.attentionlab.train.TrainingListener;

/**
 * Ends training once a wall-time budget is spent ({@code train --max-minutes}), by throwing
 * {@link Reached} out of the step event. The event comes after the optimiser step, so the model
 * and optimiser are consistent and the caller saves them. (Interrupting the thread instead would
 * leave the interrupt flag set, and the trainer's final save through a FileChannel would then fail
 * with ClosedByInterruptException.) Register it last: listeners after it miss the final step.
 */
final class TimeLimit implements TrainingListener {
    /** Thrown when the budget is spent. */
    static final class Reached extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Reached() {
            super("time limit reached", null, false, false);
        }
    }

    private final double seconds;

    TimeLimit(double seconds) {
        this.seconds = seconds;
    }

    @Override
    public void onStep(StepEvent e) {
        if (e.elapsedSeconds() >= seconds && e.step() < e.totalSteps()) {
            throw new Reached();
        }
    }
}
