package org.attentionlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.attentionlab.data.EncodedPair;
import org.attentionlab.data.Task;
import org.attentionlab.nn.TransformerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LengthTrainingTest {
    @TempDir
    Path dir;

    static TransformerConfig headed(Task task) {
        return TrainerTest.model(task).toBuilder().lengthClasses(8).build();
    }

    /** Records each step's length loss. */
    static final class LengthLosses implements TrainingListener {
        final List<Double> token = new ArrayList<>();
        final List<Double> length = new ArrayList<>();

        @Override
        public void onStep(StepEvent e) {
            token.add(e.loss());
            length.add(e.lengthLoss());
        }
    }

    @Test
    void resumedRunWithLengthHeadTakesExactlyTheSameSteps() throws Exception {
        Task task = TrainerTest.copyTask();
        List<EncodedPair> train = task.encode(task.train());
        int n = 5;
        TrainingConfig cfg = TrainerTest.training(2 * n).lengthLossWeight(0.5).build();
        LengthLosses straight = new LengthLosses();
        Trainer.create(headed(task), cfg).listen(straight).fit(train, List.of(), null);

        Path file = dir.resolve("half.safetensors");
        LengthLosses a = new LengthLosses();
        Trainer.create(headed(task), cfg.toBuilder().steps(n).build()).listen(a).fit(train, List.of(), file);
        Trainer second = Trainer.resume(file, cfg);
        assertEquals(8, second.model().config().lengthClasses());
        LengthLosses b = new LengthLosses();
        second.listen(b).fit(train, List.of(), null);
        List<Double> tokens = new ArrayList<>(a.token);
        tokens.addAll(b.token);
        List<Double> lengths = new ArrayList<>(a.length);
        lengths.addAll(b.length);
        assertEquals(straight.token, tokens);
        assertEquals(straight.length, lengths);
    }

    @Test
    void lengthLossFallsAndOnlyModelsWithAHeadReportIt() throws Exception {
        Task task = TrainerTest.copyTask();
        List<EncodedPair> train = task.encode(task.train());
        LengthLosses headed = new LengthLosses();
        Trainer.create(headed(task), TrainerTest.training(60).learningRate(1e-2).lengthLossWeight(1).build())
                .listen(headed).fit(train, List.of(), null);
        double first = headed.length.subList(0, 5).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double last = headed.length.subList(55, 60).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        assertTrue(last < 0.7 * first, "length loss went from " + first + " to " + last);

        LengthLosses plain = new LengthLosses();
        Trainer.create(TrainerTest.model(task), TrainerTest.training(2).build()).listen(plain).fit(train, List.of(), null);
        assertTrue(plain.length.stream().allMatch(v -> v.isNaN()), plain.length.toString());
    }

    @Test
    void zeroWeightLeavesTheHeadUntrained() throws Exception {
        Task task = TrainerTest.copyTask();
        Trainer t = Trainer.create(headed(task), TrainerTest.training(3).lengthLossWeight(0).build());
        var before = t.model().lengthHead().linear().weight().value().dup();
        t.fit(task.encode(task.train()), List.of(), null);
        assertEquals(before, t.model().lengthHead().linear().weight().value());
    }

    @Test
    void negativeWeightIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingConfig.builder().lengthLossWeight(-1).build());
        assertTrue(e.getMessage().contains("length loss weight") && e.getMessage().contains("-1"), e.getMessage());
    }
}
