package org.attentionlab.lesson;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;
import org.attentionlab.data.Batcher;
import org.attentionlab.data.EncodedPair;
import org.attentionlab.train.Trainer;
import org.attentionlab.train.TrainingDivergedException;

/**
 * How one training run ended, when it may not end well: its held-out loss before and after training,
 * or the step at which its loss or gradient stopped being a number ({@link TrainingDivergedException}).
 * A diverged run has no loss (NaN), which a {@link Spread} cannot hold: {@link #loss(Runs)} leaves it
 * out and {@link #count} counts it separately.
 *
 * @param startLoss  teacher-forced held-out loss before the first step
 * @param loss       the same after the last step; NaN when the run diverged
 * @param divergedAt the step at which the run diverged; 0 when it did not
 */
public record Outcome(double startLoss, double loss, long divergedAt) {
    public boolean diverged() {
        return divergedAt > 0;
    }

    /** Diverged, or ended with a held-out loss above the one it started with. */
    public boolean failed() {
        return diverged() || loss > startLoss;
    }

    /** Evaluates {@code trainer}'s model on {@code valid}, trains it on {@code train} and evaluates again. */
    public static Outcome of(Trainer trainer, List<EncodedPair> train, List<EncodedPair> valid) throws IOException {
        if (valid.isEmpty()) {
            throw new IllegalArgumentException("an outcome needs held-out pairs");
        }
        double start = trainer.evaluate(Batcher.inOrder(valid, trainer.config().batchSize())).loss();
        try {
            return new Outcome(start, trainer.fit(train, valid, null).loss(), 0);
        } catch (TrainingDivergedException e) {
            return new Outcome(start, Double.NaN, e.step());
        }
    }

    /** The final held-out loss over the runs that did not diverge; null when all of them did. */
    public static Spread loss(Runs<Outcome> runs) {
        double[] v = runs.results().stream().filter(o -> !o.diverged()).mapToDouble(Outcome::loss).toArray();
        return v.length == 0 ? null : new Spread(v);
    }

    /** How many runs, over all of {@code runs}, match {@code which} (e.g. {@code Outcome::diverged}). */
    public static long count(Collection<Runs<Outcome>> runs, Predicate<Outcome> which) {
        return runs.stream().flatMap(r -> r.results().stream()).filter(which).count();
    }
}
