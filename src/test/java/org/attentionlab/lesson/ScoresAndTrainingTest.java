package org.attentionlab.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.attentionlab.data.Example;
import org.attentionlab.data.Task;
import org.attentionlab.data.TaskOptions;
import org.attentionlab.data.Tasks;
import org.attentionlab.nn.Transformer;
import org.attentionlab.nn.TransformerConfig;
import org.attentionlab.train.TrainingConfig;
import org.junit.jupiter.api.Test;

/** Scoring outputs against references in the examples' order, and training in one call. */
class ScoresAndTrainingTest {
    static final Task COPY = Tasks.forName("copy", TaskOptions.defaults().withExamples(200).withLengths(3, 6).withSeed(3));

    static TransformerConfig tiny(Task t) {
        return TransformerConfig.builder().dModel(16).heads(2).dFf(32).layers(1).srcVocab(t.sourceVocabulary().size())
                .tgtVocab(t.targetVocabulary().size()).maxLen(32).dropout(0.0).build();
    }

    @Test
    void scoresCompareEachOutputWithItsOwnReference() {
        List<Example> test = COPY.test().subList(0, 10);
        int[] seen = new int[1];
        // A stand-in decoder: copies the source (right for copy), except for sources of odd length,
        // whose last token it drops (wrong). Batches of 3 check that the order survives batching.
        Scores.BatchDecoder fake = (model, src, keep, caps) -> {
            int[][] out = new int[src.length][];
            for (int b = 0; b < src.length; b++) {
                int[] ids = COPY.encodeTarget(COPY.decodeSource(src[b]));
                assertEquals(2 * ids.length + 10, caps[b], "the default cap: 2 * source length + 10");
                out[b] = ids.length % 2 == 1 ? Arrays.copyOf(ids, ids.length - 1) : ids;
                seen[0]++;
            }
            return out;
        };
        Transformer model = new Transformer(tiny(COPY), 1);
        Score s = Scores.decode("fake", model, COPY, test, fake, Scores.DEFAULT_CAP, 3);
        long even = test.stream().filter(e -> COPY.encodeTarget(e.target()).length % 2 == 0).count();
        assertTrue(even > 0 && even < test.size(), "the fixture needs both kinds");
        assertEquals(10, seen[0]);
        assertEquals((double) even / test.size(), s.sequenceAccuracy(), 1e-12);
        assertTrue(s.tokenAccuracy() > s.sequenceAccuracy() && s.tokenAccuracy() < 1);
        assertTrue(s.errorRate() > 0);
        for (int i = 0; i < test.size(); i++) {
            boolean right = s.references().get(i).equals(s.hypotheses().get(i));
            assertEquals(COPY.encodeTarget(test.get(i).target()).length % 2 == 0, right, "example " + i);
        }
        assertEquals(10, s.examples(10).rowCount());
    }

    @Test
    void liveTrainingTrainsAndKeepsTheHistory() {
        TrainingConfig tc = TrainingConfig.builder().steps(6).batchSize(16).learningRate(1e-3).warmup(0)
                .evalEvery(3).seed(1).build();
        Fit fit = LiveTraining.fit("copy", tiny(COPY), tc, COPY);
        assertEquals(6, fit.steps());
        assertEquals(6, fit.history().size());
        assertEquals(2, fit.history().validationSize());
        assertTrue(fit.validation().loss() > 0 && fit.seconds() > 0);
        Score greedy = Scores.greedy(fit.model(), COPY, COPY.test().subList(0, 8));
        assertEquals(8, greedy.size());
        assertTrue(greedy.tokenAccuracy() >= 0 && greedy.tokenAccuracy() <= 1);
    }
}
