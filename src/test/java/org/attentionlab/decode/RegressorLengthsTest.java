package org.attentionlab.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.attentionlab.baseline.RegressionScores;
import org.attentionlab.data.EncodedPair;
import org.attentionlab.data.Task;
import org.attentionlab.data.TaskOptions;
import org.attentionlab.data.Tasks;
import org.junit.jupiter.api.Test;

class RegressorLengthsTest {
    @Test
    void learnsThatACopyIsAsLongAsItsSource() {
        Task task = Tasks.forName("copy", TaskOptions.defaults().withExamples(300).withLengths(3, 12));
        List<EncodedPair> train = task.encode(task.train());
        RegressorLengths lengths = RegressorLengths.train(train,
                RegressorLengths.bagOfTokens(task.sourceVocabulary()), 50, 1);
        List<EncodedPair> test = task.encode(task.test());
        RegressionScores scores = lengths.scores(test);
        assertTrue(scores.mae() < 0.5 && scores.r2() > 0.95, scores.toString());
        int exact = 0;
        for (EncodedPair p : test) {
            exact += lengths.applyAsInt(p.source()) == p.target().length ? 1 : 0;
        }
        assertTrue(exact > 0.9 * test.size(), exact + " of " + test.size() + " exact");
        assertTrue(lengths.features().contains("tokens"), lengths.features().toString());
    }

    @Test
    void constantFeaturesFallBackToTheMeanLength() {
        // Every dates source is 10 characters: counts of tokens, characters and '-' never vary and
        // are dropped; the digit counts remain.
        Task task = Tasks.forName("dates", TaskOptions.defaults().withExamples(200));
        List<EncodedPair> train = task.encode(task.train());
        RegressorLengths lengths = RegressorLengths.train(train,
                RegressorLengths.bagOfTokens(task.sourceVocabulary()), 20, 1);
        assertTrue(!lengths.features().contains("tokens") && !lengths.features().contains("chars"),
                lengths.features().toString());
        double p = lengths.predict(train.get(0).source());
        assertTrue(p > 9 && p < 18, "a date's target is 10-17 characters, predicted " + p);

        RegressorLengths mean = RegressorLengths.train(train, src -> java.util.Map.of("constant", 1.0), 5, 1);
        double average = train.stream().mapToInt(e -> e.target().length).average().orElseThrow();
        assertEquals(average, mean.predict(train.get(3).source()), 1e-12);
        assertTrue(mean.features().isEmpty());
    }
}
