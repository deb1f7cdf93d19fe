package org.attentionlab.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.attentionlab.data.EncodedPair;
import org.attentionlab.data.Vocabulary;
import org.junit.jupiter.api.Test;

/** The unigram yardstick: the entropy of the target tokens' frequencies, END included. */
class FrequencyBaselineTest {
    @Test
    void lossOfPredictingTokenFrequencies() {
        int a = Vocabulary.END + 1, b = Vocabulary.END + 2;
        // targets a a b + END each: a 2/4, b 1/4, END 1/4 of the tokens
        List<EncodedPair> pairs = List.of(new EncodedPair(new int[] {a}, new int[] {a, a, b}));
        double expected = -(2 * Math.log(0.5) + Math.log(0.25) + Math.log(0.25)) / 4;
        assertEquals(expected, FrequencyBaseline.loss(pairs, pairs), 1e-12);
        // a held-out string of b only: b and END, each 1/4
        List<EncodedPair> other = List.of(new EncodedPair(new int[] {a}, new int[] {b}));
        assertEquals(-Math.log(0.25), FrequencyBaseline.loss(pairs, other), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> FrequencyBaseline.loss(List.of(), pairs));
    }
}
