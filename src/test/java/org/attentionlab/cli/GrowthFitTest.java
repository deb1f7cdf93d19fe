package org.attentionlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The log-linear growth of BLEU with the data that {@code summarize --by train_pairs} reports. */
class GrowthFitTest {
    private static RunFigures.Summary run(double pairs, Double bleu) {
        Map<String, Double> f = new java.util.LinkedHashMap<>();
        f.put("train_pairs", pairs);
        if (bleu != null) {
            f.put("bleu_greedy", bleu);
        }
        double[] none = new double[0];
        return new RunFigures.Summary(Path.of("run-" + (long) pairs), f, none, none, none, none);
    }

    @Test
    void aLineThroughLogPairsGivesTheGainPerDoublingAndWhereItReachesTen() {
        // 1, 2, 3 BLEU at 1,000, 2,000, 4,000 pairs: one point a doubling, 10 at 2,000 * 2^8.
        Map<String, Double> fit = SummarizeCommand.growthFit(
                List.of(run(4000, 3.0), run(1000, 1.0), run(2000, 2.0)), "bleu_greedy");
        assertEquals(1.0, fit.get("bleu_greedy_per_doubling"), 1e-12);
        assertEquals(512_000, fit.get("bleu_greedy_pairs_for_10"), 1e-6);
    }

    @Test
    void noiseIsAveragedAndAFlatOrFallingCurveReachesTenNowhere() {
        Map<String, Double> noisy = SummarizeCommand.growthFit(
                List.of(run(1000, 1.2), run(2000, 1.8), run(4000, 3.2), run(8000, 3.8)), "bleu_greedy");
        assertEquals(0.92, noisy.get("bleu_greedy_per_doubling"), 1e-9);
        Map<String, Double> falling = SummarizeCommand.growthFit(
                List.of(run(1000, 2.0), run(2000, 1.0), run(4000, 1.0)), "bleu_greedy");
        assertTrue(falling.get("bleu_greedy_per_doubling") < 0);
        assertFalse(falling.containsKey("bleu_greedy_pairs_for_10"));
    }

    @Test
    void fewerThanThreeRunsWithTheFigureGiveNoFit() {
        assertTrue(SummarizeCommand.growthFit(List.of(run(1000, 1.0), run(2000, 2.0), run(4000, null)),
                "bleu_greedy").isEmpty());
    }
}
