package org.attentionlab.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.attentionlab.nn.Init;
import org.attentionlab.nn.NormPlacement;
import org.attentionlab.nn.NormType;
import org.attentionlab.nn.PositionEncoding;
import org.attentionlab.nn.Transformer;
import org.attentionlab.nn.TransformerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

class DecodingTest {
    static final int BOS = 1;
    static final int END = 2;
    static final int[][] SRC = {{5, 6, 7, 8, 9, 10}, {4, 11, 12, 0, 0, 0}, {13, 5, 5, 7, 0, 0}};

    static TransformerConfig.Builder base() {
        return TransformerConfig.builder().dModel(16).heads(4).dFf(32).layers(2).vocab(16).maxLen(40).dropout(0.1)
                .relativeClip(4);
    }

    static Stream<Arguments> models() {
        return Stream.of(
                Arguments.of("sinusoidal post-LN", base().build()),
                Arguments.of("pre-LN learned", base().norm(NormPlacement.PRE).position(PositionEncoding.LEARNED).build()),
                Arguments.of("batchnorm rope", base().normType(NormType.BATCH).position(PositionEncoding.ROPE).build()),
                Arguments.of("alibi", base().position(PositionEncoding.ALIBI).build()),
                Arguments.of("relative", base().position(PositionEncoding.RELATIVE).build()));
    }

    /** An untrained model in float64 (so that no near-tie between logits can flip an argmax). */
    static Transformer model(TransformerConfig c) {
        return new Transformer(c, new Init(3, DataType.DOUBLE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void cachedDecodingGivesExactlyTheTokensOfRecomputing(String label, TransformerConfig config) {
        Transformer m = model(config);
        INDArray keep = m.keepMask(SRC, 0);
        int[] caps = {20, 20, 20};
        int[][] cached = new GreedyDecoder(BOS, END, true).decode(m, SRC, keep, caps);
        int[][] recomputed = new GreedyDecoder(BOS, END, false).decode(m, SRC, keep, caps);
        for (int b = 0; b < SRC.length; b++) {
            assertArrayEquals(recomputed[b], cached[b], label + ", sentence " + b);
        }
        assertTrue(cached[0].length > 0, "an untrained model still emits tokens");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void cachedLogitsEqualFullDecoderLogits(String label, TransformerConfig config) {
        Transformer m = model(config);
        m.train(false);
        int[][] tgt = {{1, 3, 9, 4, 4}, {1, 5, 6, 7, 8}, {1, 15, 14, 13, 2}};
        INDArray keep = m.keepMask(SRC, 0);
        INDArray memory = m.encode(SRC, keep);
        INDArray full = m.decode(tgt, memory, keep, null);             // [B,T,V]
        var state = m.startDecoding(memory, keep);
        for (int t = 0; t < tgt[0].length; t++) {
            int[] col = {tgt[0][t], tgt[1][t], tgt[2][t]};
            INDArray step = state.step(col);                            // [B,V]
            for (int b = 0; b < 3; b++) {
                INDArray expected = full.get(NDArrayIndex.point(b), NDArrayIndex.point(t), NDArrayIndex.all());
                double diff = step.getRow(b).sub(expected).amaxNumber().doubleValue();
                assertTrue(diff < 1e-9, label + ": position " + t + " sentence " + b + " differs by " + diff);
            }
        }
    }

    @Test
    void beamOfOneIsGreedy() {
        Transformer m = model(base().build());
        INDArray keep = m.keepMask(SRC, 0);
        int[] caps = {12, 12, 12};
        int[][] greedy = new GreedyDecoder(BOS, END, true).decode(m, SRC, keep, caps);
        int[][] beam = new BeamSearch(1, 0, BOS, END).decode(m, SRC, keep, caps);
        for (int b = 0; b < SRC.length; b++) {
            assertArrayEquals(greedy[b], beam[b], "sentence " + b);
        }
    }

    @Test
    void widerBeamNeverFindsALessProbableBestHypothesis() {
        Transformer m = model(base().build());
        INDArray keep = m.keepMask(SRC, 0);
        int[] caps = {8, 8, 8};
        List<List<BeamSearch.Hypothesis>> one = new BeamSearch(1, 0, BOS, END).search(m, SRC, keep, caps);
        List<List<BeamSearch.Hypothesis>> four = new BeamSearch(4, 0, BOS, END).search(m, SRC, keep, caps);
        for (int b = 0; b < SRC.length; b++) {
            List<BeamSearch.Hypothesis> hs = four.get(b);
            for (int i = 1; i < hs.size(); i++) {
                assertTrue(hs.get(i - 1).score() >= hs.get(i).score(), "hypotheses sorted best first");
            }
            assertTrue(hs.get(0).score() >= one.get(b).get(0).score() - 1e-9,
                    "beam 4 found " + hs.get(0).score() + " < greedy " + one.get(b).get(0).score());
        }
    }

    @Test
    void withALengthPenaltyTheSearchRunsOnWhileALivePrefixCanStillWin() {
        BeamSearch search = new BeamSearch(4, 0.6, BOS, END);
        // A live prefix at log-probability -2 can still end at -2 / lp(20) = -0.88 at best: it may
        // beat a finished hypothesis scored -1, not one scored -0.5.
        assertEquals(-2 / search.lengthPenalty(20), search.bestReachable(-2, 20), 1e-12);
        assertTrue(search.bestReachable(-2, 20) > -1 && search.bestReachable(-2, 20) < -0.5);
        assertEquals(-2, new BeamSearch(4, 0, BOS, END).bestReachable(-2, 20), 0);
        assertEquals(Double.NEGATIVE_INFINITY, search.bestReachable(Double.NEGATIVE_INFINITY, 20));

        assertThrows(IllegalArgumentException.class, () -> new BeamSearch(4, 0.6, BOS, END, null));
        Transformer m = model(base().build());
        INDArray keep = m.keepMask(SRC, 0);
        int[] caps = {10, 10, 10};
        for (double alpha : new double[] {0.6, 1.0}) {
            // The common rule stops earlier, so it can only find the same best or a worse one.
            List<List<BeamSearch.Hypothesis>> early = new BeamSearch(4, alpha, BOS, END,
                    BeamSearch.Stopping.FIRST_BEAM_FINISHED).search(m, SRC, keep, caps);
            List<List<BeamSearch.Hypothesis>> bound = new BeamSearch(4, alpha, BOS, END).search(m, SRC, keep, caps);
            for (int b = 0; b < SRC.length; b++) {
                assertTrue(bound.get(b).get(0).score() >= early.get(b).get(0).score() - 1e-12, "alpha " + alpha);
            }
            List<List<BeamSearch.Hypothesis>> one = new BeamSearch(1, alpha, BOS, END).search(m, SRC, keep, caps);
            List<List<BeamSearch.Hypothesis>> four = new BeamSearch(4, alpha, BOS, END).search(m, SRC, keep, caps);
            for (int b = 0; b < SRC.length; b++) {
                assertTrue(four.get(b).get(0).score() >= one.get(b).get(0).score() - 1e-9, "alpha " + alpha
                        + ": beam 4 found " + four.get(b).get(0).score() + " < greedy " + one.get(b).get(0).score());
            }
        }
    }

    @Test
    void lengthPenaltyFollowsWuEtAl() {
        BeamSearch search = new BeamSearch(4, 0.6, BOS, END);
        assertEquals(Math.pow(15.0 / 6, 0.6), search.lengthPenalty(10), 1e-12);
        assertEquals(1.0, new BeamSearch(4, 0, BOS, END).lengthPenalty(10), 0);
    }

    @Test
    void capLimitsOutputLength() {
        Transformer m = model(base().build());
        int[][] out = new GreedyDecoder(BOS, END, true).decode(m, SRC, m.keepMask(SRC, 0), new int[] {1, 2, 3});
        assertTrue(out[0].length <= 1 && out[1].length <= 2 && out[2].length <= 3);
        assertEquals(9, new LengthCap(1.5, 3).maxTokens(4));
        assertThrows(IllegalArgumentException.class, () -> new LengthCap(-1, 0));
    }
}
