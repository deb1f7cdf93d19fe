package org.attentionlab.lesson;

import org.attentionlab.nn.Transformer;
import org.attentionlab.train.Evaluation;
import org.attentionlab.train.Trainer;
import org.attentionlab.viz.History;

/**
 * A finished training run: the trainer (and so the model), its loss history, its last teacher-forced
 * evaluation on the validation split and its wall time.
 */
public record Fit(String name, Trainer trainer, History history, Evaluation validation, double seconds) {
    public Transformer model() {
        return trainer.model();
    }

    /** Steps taken. */
    public long steps() {
        return trainer.step();
    }

    @Override
    public String toString() {
        return name + ": " + steps() + " steps in " + Unit.SECONDS.format(seconds)
                + (validation == null ? "" : ", validation loss " + Unit.LOSS.format(validation.loss())
                        + ", token accuracy " + Unit.PERCENT.format(validation.tokenAccuracy()) + " (teacher forced)");
    }
}
