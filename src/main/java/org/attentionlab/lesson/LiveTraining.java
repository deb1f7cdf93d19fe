package org.attentionlab.lesson;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.attentionlab.data.EncodedPair;
import org.attentionlab.data.FeaturePair;
import org.attentionlab.data.Task;
import org.attentionlab.nn.TransformerConfig;
import org.attentionlab.train.Evaluation;
import org.attentionlab.train.Trainer;
import org.attentionlab.train.TrainingConfig;
import org.attentionlab.train.TrainingListener;
import org.attentionlab.viz.CurveOptions;
import org.attentionlab.viz.History;
import org.attentionlab.viz.LossCurves;

/**
 * Training in one call, watched as it happens: in a notebook one progress line and one loss chart
 * (training loss, and validation loss at each evaluation) are redrawn in place; elsewhere a line is
 * printed every tenth of the run. The loop itself is {@link Trainer#fit}; this class only watches it.
 */
public final class LiveTraining {
    /** Chart redraws over a run: enough for a smooth curve, few enough to cost nothing. */
    private static final int REDRAWS = 60;
    /** And never more often than twice a second: a short run would otherwise draw a chart a step. */
    private static final long MIN_REDRAW_NANOS = 500_000_000L;

    private LiveTraining() {
    }

    /**
     * Builds a model from {@code model}, trains it on the task's training split with {@code training}
     * and evaluates on its validation split.
     */
    public static Fit fit(String name, TransformerConfig model, TrainingConfig training, Task task) {
        return fit(name, Trainer.create(model, training), task.encode(task.train()), task.encode(task.valid()));
    }

    /** Trains {@code trainer} on {@code train}, evaluating on {@code valid} (may be empty) as configured. */
    public static Fit fit(String name, Trainer trainer, List<EncodedPair> train, List<EncodedPair> valid) {
        return watch(name, trainer, () -> trainer.fit(train, valid, null));
    }

    /**
     * Trains {@code trainer}, whose model reads feature vectors ({@code source_features}), on feature
     * pairs such as spoken words' log-mel frames ({@link Trainer#fitFeatures}), watched the same way.
     */
    public static Fit fitFeatures(String name, Trainer trainer, List<FeaturePair> train, List<FeaturePair> valid) {
        return watch(name, trainer, () -> trainer.fitFeatures(train, valid, null));
    }

    /** One run of the trainer's loop, which may throw only for a checkpoint write (none is asked for). */
    private interface Run {
        Evaluation call() throws IOException;
    }

    private static Fit watch(String name, Trainer trainer, Run run) {
        History history = new History(name);
        Screen progress = Screen.open();
        Screen chart = progress.isNotebook() ? Screen.open() : null;
        long total = trainer.config().steps();
        long every = Math.max(1, total / (progress.isNotebook() ? REDRAWS : 10));
        long[] lastShown = {0};
        TrainingListener watcher = new TrainingListener() {
            @Override
            public void onStep(StepEvent e) {
                history.step(e.step(), e.loss(), e.learningRate(), e.tokensPerSecond());
                boolean due = e.step() % every == 0 && System.nanoTime() - lastShown[0] >= MIN_REDRAW_NANOS;
                if (due || e.step() == e.totalSteps()) {
                    lastShown[0] = System.nanoTime();
                    progress.show(String.format(Locale.ROOT, "%s: step %d/%d  loss %s  (%s)", name, e.step(),
                            e.totalSteps(), Unit.LOSS.format(e.loss()), Unit.SECONDS.format(e.elapsedSeconds())));
                    if (chart != null) {
                        chart.show(LossCurves.chart(history, CurveOptions.defaults()));
                    }
                }
            }

            @Override
            public void onEvaluation(EvaluationEvent e) {
                history.validation(e.step(), e.evaluation().loss());
            }
        };
        trainer.listen(watcher);
        long t0 = System.nanoTime();
        Evaluation last;
        try {
            last = run.call();
        } catch (IOException e) { // only a checkpoint write can throw, and none is asked for
            throw new java.io.UncheckedIOException(e);
        } finally {
            trainer.unlisten(watcher); // a second fit of the same trainer draws a chart of its own
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Fit fit = new Fit(name, trainer, history, last, seconds);
        progress.show(fit.toString());
        if (chart != null) {
            chart.show(LossCurves.chart(history, CurveOptions.defaults()));
        }
        return fit;
    }
}
