package org.attentionlab.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.attentionlab.data.EncodedPair;
import org.attentionlab.decode.BeamSearch;
import org.attentionlab.nn.Init;
import org.attentionlab.nn.Transformer;
import org.attentionlab.nn.TransformerConfig;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class OutputScoresTest {
    private static final int BOS = 1;
    private static final int END = 2;
    private static final int[][] SRC = {{5, 6, 7, 8, 9, 10}, {4, 11, 12}, {13, 5, 5, 7}};
    private static final int[][] PADDED = {{5, 6, 7, 8, 9, 10}, {4, 11, 12, 0, 0, 0}, {13, 5, 5, 7, 0, 0}};

    private static Transformer model() {
        TransformerConfig c = TransformerConfig.builder().dModel(16).heads(4).dFf(32).layers(2).vocab(16).maxLen(40)
                .dropout(0.1).build();
        return new Transformer(c, new Init(3, DataType.DOUBLE));
    }

    private static List<EncodedPair> sources() {
        List<EncodedPair> pairs = new ArrayList<>();
        for (int[] s : SRC) {
            pairs.add(new EncodedPair(s, new int[0]));
        }
        return pairs;
    }

    @Test
    void teacherForcedScoresEqualTheSearchsOwnScores() {
        Transformer m = model();
        m.generator().bias().value().putScalar(END, 2.5); // an untrained model that ends its outputs now and then
        BeamSearch search = new BeamSearch(3, 0.6, BOS, END);
        int[] caps = {30, 30, 30};
        List<List<BeamSearch.Hypothesis>> found = search.search(m, PADDED, m.keepMask(PADDED, 0), caps);
        List<EncodedPair> pairs = new ArrayList<>();
        List<int[]> outputs = new ArrayList<>();
        List<BeamSearch.Hypothesis> hyps = new ArrayList<>();
        for (int b = 0; b < SRC.length; b++) {
            for (BeamSearch.Hypothesis h : found.get(b)) {
                if (h.tokens().length < caps[b]) { // ended with END, not at the cap
                    pairs.add(sources().get(b));
                    outputs.add(h.tokens());
                    hyps.add(h);
                }
            }
        }
        assertTrue(hyps.size() > 3, "hypotheses that ended: " + hyps.size());
        int[][] out = outputs.toArray(new int[0][]);
        boolean mode = m.isTraining();
        double[] logP = OutputScores.logProbabilities(m, pairs, out);
        double[] scores = OutputScores.scores(m, pairs, out, search);
        for (int i = 0; i < hyps.size(); i++) {
            assertEquals(hyps.get(i).logProbability(), logP[i], 1e-9, "log P of hypothesis " + i);
            assertEquals(hyps.get(i).score(), scores[i], 1e-9, "score of hypothesis " + i);
            assertTrue(logP[i] < 0);
        }
        assertEquals(mode, m.isTraining(), "the model's mode is restored");
    }

    @Test
    void anEmptyOutputIsScoredByItsEndAlone() {
        Transformer m = model();
        double[] logP = OutputScores.logProbabilities(m, sources(), new int[][] {{}, {3}, {3, 4}});
        assertTrue(logP[0] < 0 && logP[1] < 0 && logP[2] < 0);
        assertThrows(IllegalArgumentException.class,
                () -> OutputScores.logProbabilities(m, sources(), new int[][] {{}}));
    }

    @Test
    void shareBelowCountsOnlyDifferencesBeyondTheTolerance() {
        double[] a = {-1.0, -2.0, -3.0, -4.0};
        double[] b = {-0.99999, -1.0, -3.0, -5.0};
        assertEquals(0.25, OutputScores.shareBelow(a, b, 1e-4), 0);
        assertEquals(0.5, OutputScores.shareBelow(a, b, 0), 0);
        assertThrows(IllegalArgumentException.class, () -> OutputScores.shareBelow(a, new double[3], 0));
    }

    @Test
    void auditSplitsTheWrongOutputsIntoSearchAndModelErrors() {
        Transformer m = model();
        List<EncodedPair> pairs = List.of(new EncodedPair(SRC[0], new int[] {3, 4}), new EncodedPair(SRC[1], new int[] {5}),
                new EncodedPair(SRC[2], new int[] {6, 7, 8}));
        int[][] greedy = {{3, 4}, {5}, {9}};
        int[][] beam = {{3, 4}, {}, {6, 7, 8, 9}};
        BeamSearch search = new BeamSearch(2, 0, BOS, END);
        OutputScores.Audit a = OutputScores.audit(m, pairs, beam, greedy, search);
        double[] sBeam = OutputScores.scores(m, pairs, beam, search);
        double[] sGreedy = OutputScores.scores(m, pairs, greedy, search);
        double[] sRef = OutputScores.scores(m, pairs, new int[][] {{3, 4}, {5}, {6, 7, 8}}, search);
        assertEquals(2.0 / 3, a.wrong(), 1e-12);
        assertEquals(OutputScores.shareBelow(sBeam, sGreedy, OutputScores.TOLERANCE), a.belowGreedy(), 0);
        assertEquals(OutputScores.shareBelow(sBeam, sRef, OutputScores.TOLERANCE), a.belowReference(), 0);
        assertEquals(sBeam[1] < sGreedy[1] - OutputScores.TOLERANCE ? 1.0 / 3 : 0, a.belowGreedyAndShorter(), 1e-12);
        assertEquals(a.wrong() - a.belowReference(), a.modelErrors(), 1e-12);
    }
}
