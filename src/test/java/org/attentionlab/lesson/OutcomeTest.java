package org.attentionlab.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.attentionlab.data.EncodedPair;
import org.attentionlab.train.Trainer;
import org.attentionlab.train.TrainingConfig;
import org.junit.jupiter.api.Test;

/** Runs that may diverge: their losses over seeds without the diverged ones, and the counts. */
class OutcomeTest {
    @Test
    void divergedRunsAreLeftOutOfTheLossAndCounted() {
        Outcome fine = new Outcome(4, 3, 0), worse = new Outcome(4, 5, 0), nan = new Outcome(4, Double.NaN, 7);
        assertFalse(fine.failed());
        assertTrue(worse.failed() && !worse.diverged());
        assertTrue(nan.failed() && nan.diverged());
        Runs<Outcome> mixed = new Runs<>(new long[] {1, 2, 3}, List.of(fine, worse, nan));
        Runs<Outcome> allNan = new Runs<>(new long[] {1}, List.of(nan));
        assertEquals(Spread.of(3, 5), Outcome.loss(mixed));
        assertNull(Outcome.loss(allNan));
        assertEquals(2, Outcome.count(List.of(mixed, allNan), Outcome::diverged));
        assertEquals(3, Outcome.count(List.of(mixed, allNan), Outcome::failed));
    }

    @Test
    void aTrainingRunEndsWithItsLossOrItsDivergence() throws Exception {
        var task = ScoresAndTrainingTest.COPY;
        List<EncodedPair> train = task.encode(task.train()), valid = task.encode(task.valid());
        TrainingConfig tc = TrainingConfig.builder().steps(4).batchSize(16).learningRate(1e-3).seed(1).build();
        Outcome ok = Outcome.of(Trainer.create(ScoresAndTrainingTest.tiny(task), tc), train, valid);
        assertFalse(ok.diverged());
        assertTrue(ok.loss() < ok.startLoss(), ok.toString());
        Outcome blown = Outcome.of(Trainer.create(ScoresAndTrainingTest.tiny(task),
                tc.toBuilder().steps(20).learningRate(1e30).clipNorm(0).build()), train, valid);
        assertTrue(blown.diverged(), blown.toString());
        assertTrue(Double.isNaN(blown.loss()));
    }
}
