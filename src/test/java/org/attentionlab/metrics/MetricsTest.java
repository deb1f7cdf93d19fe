package org.attentionlab.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsTest {
    private static List<String> t(String s) {
        return s.isEmpty() ? List.of() : List.of(s.split(" "));
    }

    @Test
    void levenshteinCountsInsertionsDeletionsAndSubstitutions() {
        assertEquals(3, EditDistance.levenshtein(t("k i t t e n"), t("s i t t i n g")));
        assertEquals(0, EditDistance.levenshtein(t("a b"), t("a b")));
        assertEquals(2, EditDistance.levenshtein(t(""), t("a b")));
        assertEquals(2, EditDistance.levenshtein(t("a b"), t("")));
        assertEquals(3, EditDistance.levenshtein(new int[] {1, 2, 3, 4, 5, 6}, new int[] {7, 2, 3, 4, 6, 8}));
    }

    @Test
    void levenshteinIsSymmetricOnTokensAndIds() {
        assertEquals(EditDistance.levenshtein(t("a b c d"), t("b a d d e")),
                EditDistance.levenshtein(t("b a d d e"), t("a b c d")));
        assertEquals(EditDistance.levenshtein(new int[] {1, 2, 3, 4}, new int[] {2, 1, 4, 4, 5}),
                EditDistance.levenshtein(t("a b c d"), t("b a d d e")));
    }

    @Test
    void errorRateSumsEditsOverTotalReferenceLength() {
        // 1 edit over 4 reference phones, 2 edits over 2: (1 + 2) / (4 + 2), not the mean of 1/4 and 1.
        double per = ErrorRate.of(List.of(t("hh ax l ow"), t("ay ax")), List.of(t("hh eh l ow"), t("")));
        assertEquals(3.0 / 6, per, 1e-15);
        assertEquals(0.0, new ErrorRate().rate());
    }

    @Test
    void tokenAccuracyCountsMissingAndExtraTokensAsErrors() {
        Accuracy.Count c = Accuracy.tokens(List.of(t("a b c"), t("d e")), List.of(t("a x"), t("d e f")));
        // a matches, x wrong, c missing; d e match, f extra: 3 of max(3,2) + max(2,3) = 6
        assertEquals(new Accuracy.Count(3, 6), c);
        assertEquals(0.5, c.rate(), 1e-15);
    }

    @Test
    void teacherForcedTokenAccuracyIgnoresPadding() {
        int[][] gold = {{5, 6, 2}, {7, 2, 0}};
        int[][] pred = {{5, 9, 2}, {7, 2, 7}};
        float[][] mask = {{1, 1, 1}, {1, 1, 0}};
        assertEquals(new Accuracy.Count(4, 5), Accuracy.tokens(gold, pred, mask));
    }

    @Test
    void sequenceAccuracyNeedsWholeMatches() {
        Accuracy.Count c = Accuracy.sequences(List.of(t("a b"), t("c"), t("d e")), List.of(t("a b"), t("c c"), t("d")));
        assertEquals(1.0 / 3, c.rate(), 1e-15);
        assertEquals(new Accuracy.Count(2, 7), new Accuracy.Count(1, 3).plus(new Accuracy.Count(1, 4)));
    }

    @Test
    void perplexityOfUniformGuessIsVocabularySize() {
        // Uniform over 50 tokens: NLL per token ln 50, over 12 tokens.
        assertEquals(50.0, Perplexity.of(12 * Math.log(50), 12), 1e-9);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Perplexity.of(1.0, 0));
        assertTrue(e.getMessage().contains("tokens"), e.getMessage());
    }
}
