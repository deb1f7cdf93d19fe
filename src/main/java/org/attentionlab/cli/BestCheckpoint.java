package org.attentionlab.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.attentionlab.train.Trainer;
import org.attentionlab.train.TrainingListener;

/**
 * {@code train --keep-best}: after every evaluation whose validation loss is the lowest of the run
 * so far, writes the training checkpoint to {@code DIR/best.safetensors} as well.
 *
 * <p>Why: on a small real data set the validation loss reaches its minimum early and then rises
 * while the training loss keeps falling (German-English: best at step 1,500 of 11,889), and the
 * last checkpoint may be an over-fitted one; {@code eval --best} and {@code decode --best} score
 * the one from the minimum, so the two can be compared. (On German-English the minimum's model
 * decoded no better: docs/results.md.) A resumed run starts from the lowest validation loss in its metrics.csv,
 * so an earlier session's best is replaced only by a better one.
 */
final class BestCheckpoint implements TrainingListener {
    private final Trainer trainer;
    private final Path file;
    private final PrintStream err;
    private double best;

    private BestCheckpoint(Trainer trainer, Path file, double best, PrintStream err) {
        this.trainer = trainer;
        this.file = file;
        this.best = best;
        this.err = err;
    }

    /** For the run in {@code run}: the best so far is read from its metrics when a best checkpoint exists. */
    static BestCheckpoint of(RunDirectory run, Trainer trainer, PrintStream err) throws IOException {
        Path file = run.file(RunDirectory.BEST);
        double best = Double.POSITIVE_INFINITY;
        Path metrics = run.file(RunDirectory.METRICS);
        if (Files.isRegularFile(file) && Files.isRegularFile(metrics)) {
            for (double loss : Progress.readHistory(metrics, "run").validationLoss()) {
                best = Math.min(best, loss);
            }
        }
        return new BestCheckpoint(trainer, file, best, err);
    }

    @Override
    public void onEvaluation(EvaluationEvent e) {
        double loss = e.evaluation().loss();
        if (!(loss < best)) {
            return;
        }
        best = loss;
        try {
            trainer.save(file);
        } catch (IOException x) {
            throw new UncheckedIOException("could not write the best checkpoint " + file + ": " + x.getMessage(), x);
        }
        err.printf("step %d: lowest validation loss so far (%.4f); wrote %s%n", e.step(), loss, file.getFileName());
    }
}
