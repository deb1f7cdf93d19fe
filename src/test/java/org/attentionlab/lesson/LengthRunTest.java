package org.attentionlab.lesson;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.attentionlab.data.EncodedPair;
import org.attentionlab.decode.BeamSearch;
import org.attentionlab.decode.LengthCap;
import org.attentionlab.decode.LengthStrategy;
import org.attentionlab.nn.Init;
import org.attentionlab.nn.Transformer;
import org.attentionlab.nn.TransformerConfig;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class LengthRunTest {
    private static final int BOS = 1;
    private static final int END = 2;

    @Test
    void keepsTheOutputsInOrderAndMeasuresTheirBias() {
        TransformerConfig c = TransformerConfig.builder().dModel(16).heads(4).dFf(32).layers(1).vocab(16).maxLen(40)
                .dropout(0).build();
        Transformer m = new Transformer(c, new Init(5, DataType.DOUBLE));
        List<EncodedPair> pairs = List.of(new EncodedPair(new int[] {5, 6, 7}, new int[] {3, 4}),
                new EncodedPair(new int[] {8, 9}, new int[] {3, 4, 5, 6}));
        LengthCap cap = new LengthCap(1.0, 2);
        LengthRun greedy = LengthRun.decode("m", LengthStrategy.endToken(cap, BOS, END), m, pairs);
        LengthRun beam1 = LengthRun.decode("m", LengthRun.beam(1, 0, cap, BOS, END), m, pairs);
        double bias = (greedy.outputs()[0].length - 2 + greedy.outputs()[1].length - 4) / 2.0;
        assertEquals(bias, greedy.meanLengthBias(), 1e-12);
        for (int i = 0; i < 2; i++) {
            assertArrayEquals(greedy.outputs()[i], beam1.outputs()[i], "a beam of one is greedy, sentence " + i);
        }
        int[][] direct = new BeamSearch(1, 0, BOS, END).decode(m, new int[][] {{8, 9}}, null, new int[] {4});
        assertArrayEquals(direct[0], beam1.outputs()[1]);
        assertEquals("beam 1, alpha 0.0", beam1.strategy());
        ResultTable t = LengthRun.table("runs", List.of(greedy, beam1));
        assertEquals(2, t.rowCount());
        assertEquals("m", t.get(1, "model"));
        var all = LengthRun.decodeAll(java.util.Map.of("m", m), List.of(LengthStrategy.endToken(cap, BOS, END)), pairs);
        assertArrayEquals(greedy.outputs()[1], all.get("m").get(greedy.strategy()).outputs()[1]);
        assertEquals(1, LengthRun.table("all", all).rowCount());
        assertEquals(1, LengthRun.chart("bias", "tokens", all, LengthRun::meanLengthBias).getSeriesMap().size());
    }

    @Test
    void hypothesesTableScoresEachHypothesisUnderEachPenalty() {
        org.attentionlab.data.Task task = org.attentionlab.data.Tasks.forName("dates",
                org.attentionlab.data.TaskOptions.defaults().withSeed(1).withExamples(50));
        int[] ref = task.encode(task.test()).get(0).target();
        List<BeamSearch.Hypothesis> hyps = List.of(new BeamSearch.Hypothesis(ref, -1.5, -1.5),
                new BeamSearch.Hypothesis(new int[] {ref[0]}, -1.0, -1.0));
        ResultTable t = LengthRun.hypotheses("h", task, hyps, ref, 0.0, 1.0);
        assertEquals(2, t.rowCount());
        assertEquals("yes", t.get(0, "correct"));
        assertEquals("no", t.get(1, "correct"));
        assertEquals(Unit.NUMBER.format(-1.5 / ((5.0 + ref.length + 1) / 6)), t.get(0, "score, alpha 1.0"));
        assertEquals(Unit.NUMBER.format(-1.0), t.get(1, "score, alpha 0.0"));
    }
}
