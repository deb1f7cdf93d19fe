package org.attentionlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.attentionlab.data.EncodedPair;
import org.attentionlab.data.Task;
import org.attentionlab.data.TaskOptions;
import org.attentionlab.data.Tasks;
import org.attentionlab.nn.StepWorkspace;
import org.attentionlab.nn.TransformerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {
    @TempDir
    Path dir;

    static Task copyTask() {
        return Tasks.forName("copy", TaskOptions.defaults().withExamples(400).withLengths(3, 6));
    }

    static TransformerConfig model(Task task) {
        return TransformerConfig.builder().dModel(16).heads(2).dFf(32).layers(1)
                .srcVocab(task.sourceVocabulary().size()).tgtVocab(task.targetVocabulary().size()).maxLen(16)
                .dropout(0.1).build();
    }

    static TrainingConfig.Builder training(int steps) {
        return TrainingConfig.builder().steps(steps).batchSize(16).learningRate(3e-3).seed(5);
    }

    /** Records each step's loss. */
    static final class Losses implements TrainingListener {
        final List<Double> values = new ArrayList<>();

        @Override
        public void onStep(StepEvent e) {
            values.add(e.loss());
        }
    }

    @Test
    void resumedRunTakesExactlyTheStepsOfAnUninterruptedOne() throws Exception {
        Task task = copyTask();
        List<EncodedPair> train = task.encode(task.train());
        int n = 6;
        TrainingConfig cfg = training(2 * n).sampling(ScheduledSampling.linear(0.05, 0.2)).build();

        Losses straight = new Losses();
        Trainer.create(model(task), cfg).listen(straight).fit(train, List.of(), null);

        Path file = dir.resolve("half.safetensors");
        Trainer first = Trainer.create(model(task), cfg.toBuilder().steps(n).build());
        Losses a = new Losses();
        first.listen(a).fit(train, List.of(), file);
        Trainer second = Trainer.resume(file, cfg);
        assertEquals(n, second.step());
        Losses b = new Losses();
        second.listen(b).fit(train, List.of(), null);

        List<Double> joined = new ArrayList<>(a.values);
        joined.addAll(b.values);
        assertEquals(straight.values, joined, "losses of N + N steps must equal those of 2N steps, bit for bit");
    }

    @Test
    void fitFreesItsWorkspacesWhenItEnds() throws Exception {
        Task task = copyTask();
        List<EncodedPair> train = task.encode(task.train());
        Trainer trainer = Trainer.create(model(task), training(2).build());
        trainer.trainStep(List.of(task.batches(task.train(), 16).get(0)));
        assertTrue(StepWorkspace.size(StepWorkspace.TRAIN) > 0, "a step keeps its workspace for the next one");
        assertTrue(StepWorkspace.size(StepWorkspace.LAYER) > 0, "and the layers' backward workspace");
        trainer.fit(train, task.encode(task.valid()).subList(0, 20), null);
        assertEquals(0, StepWorkspace.size(StepWorkspace.TRAIN));
        assertEquals(0, StepWorkspace.size(StepWorkspace.LAYER));
        assertEquals(0, StepWorkspace.size(StepWorkspace.EVAL));
    }

    @Test
    void heldOutLossFallsOnTheCopyTask() throws Exception {
        Task task = copyTask();
        Trainer trainer = Trainer.create(model(task), training(80).learningRate(1e-2).build());
        List<org.attentionlab.data.Batch> valid = task.batches(task.valid(), 32);
        Evaluation before = trainer.evaluate(valid);
        Evaluation after = trainer.fit(task.encode(task.train()), task.encode(task.valid()), null);
        assertTrue(after.loss() < 0.75 * before.loss(), "held-out loss went from " + before + " to " + after);
        assertTrue(after.tokenAccuracy() > before.tokenAccuracy(), before + " -> " + after);
    }

    @Test
    void interruptEndsTrainingAfterTheStepAndStillSaves() throws Exception {
        Task task = copyTask();
        Path file = dir.resolve("interrupted.safetensors");
        Trainer trainer = Trainer.create(model(task), training(50).build());
        trainer.listen(new TrainingListener() {
            @Override
            public void onStep(StepEvent e) {
                if (e.step() == 3) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        try {
            trainer.fit(task.encode(task.train()), List.of(), file);
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is kept for the caller");
        } finally {
            Thread.interrupted();
        }
        assertEquals(3, trainer.step());
        assertEquals(3, Trainer.resume(file, training(50).build()).step());
    }

    @Test
    void nonFiniteLossStopsWithTheStep() {
        Task task = copyTask();
        Trainer trainer = Trainer.create(model(task), training(10).build());
        trainer.model().generator().bias().value().putScalar(3, Double.NaN);
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> trainer.fit(task.encode(task.train()), List.of(), null));
        assertEquals(1, e.step());
        assertTrue(e.getMessage().contains("step 1") && e.getMessage().contains("NaN"), e.getMessage());
    }

    @Test
    void scheduledSamplingDecaysAsDefined() {
        assertEquals(1.0, ScheduledSampling.none().goldProbability(1000), 0);
        assertEquals(0.5, ScheduledSampling.linear(0.01, 0.1).goldProbability(50), 1e-12);
        assertEquals(0.1, ScheduledSampling.linear(0.01, 0.1).goldProbability(500), 1e-12);
        assertEquals(Math.pow(0.99, 100), ScheduledSampling.exponential(0.99, 0).goldProbability(100), 1e-12);
        assertEquals(10 / (10 + Math.exp(5.0)), ScheduledSampling.inverseSigmoid(10, 0).goldProbability(50), 1e-12);
        assertEquals(ScheduledSampling.inverseSigmoid(20, 0.05), ScheduledSampling.parse("inverse-sigmoid:20:0.05"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ScheduledSampling.parse("cosine:3"));
        assertTrue(e.getMessage().contains("cosine"), e.getMessage());
    }

    @Test
    void configurationErrorsNameTheSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingConfig.builder().labelSmoothing(1.5).build());
        assertTrue(e.getMessage().contains("label smoothing") && e.getMessage().contains("1.5"), e.getMessage());
    }
}
