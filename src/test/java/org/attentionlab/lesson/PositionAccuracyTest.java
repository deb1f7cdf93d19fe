package org.attentionlab.lesson;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.attentionlab.data.EncodedPair;
import org.attentionlab.data.Vocabulary;
import org.attentionlab.nn.Init;
import org.attentionlab.nn.Transformer;
import org.attentionlab.nn.TransformerConfig;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class PositionAccuracyTest {
    private static final int END = Vocabulary.END;
    private static final int PAD = Vocabulary.PAD;

    @Test
    void countsEveryPositionOfTheReferenceEndIncluded() {
        PositionAccuracy a = new PositionAccuracy("test", 4);
        a.add(new int[] {5, 6, 7, END}, new int[] {5, 6, 7, END});     // right
        a.add(new int[] {5, 6, END, PAD}, new int[] {5, 9});           // wrong at 1, too short at 2
        a.add(new int[] {7, END, PAD, PAD}, new int[] {7, END, 8, 8}); // right; the extra tokens are not scored
        assertEquals(2.0 / 3, a.sequenceAccuracy(), 1e-12);
        assertEquals(7.0 / 9, a.tokenAccuracy(), 1e-12);
        assertArrayEquals(new double[] {0, 1.0 / 3, 1.0 / 2, 0}, a.errors(), 1e-12);
        assertEquals(Double.NaN, new PositionAccuracy("empty", 2).errorAt(1));
    }

    @Test
    void aGreedyOutputEndsWithEndUnlessTheCapStoppedIt() {
        assertArrayEquals(new int[] {5, 6, END}, PositionAccuracy.withEnd(new int[] {5, 6}, 3));
        assertArrayEquals(new int[] {5, 6, 7}, PositionAccuracy.withEnd(new int[] {5, 6, 7}, 3));
    }

    @Test
    void meanErrorAboveAnotherOverARangeOfPositions() {
        PositionAccuracy worse = new PositionAccuracy("a", 2), better = new PositionAccuracy("b", 2);
        worse.add(new int[] {5, END}, new int[] {9, 9});
        better.add(new int[] {5, END}, new int[] {5, 9});
        assertEquals(0.5, worse.meanErrorAbove(better, 0, 2), 1e-12);
        assertEquals(1.0, worse.meanErrorAbove(better, 0, 1), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> worse.meanErrorAbove(better, 0, 3));
    }

    @Test
    void bothWaysAgreeAtTheFirstPositionWhereBothReadOnlyBos() {
        TransformerConfig c = TransformerConfig.builder().dModel(16).heads(2).dFf(32).layers(1).vocab(12).maxLen(20)
                .dropout(0.0).build();
        Transformer m = new Transformer(c, new Init(3, DataType.DOUBLE));
        List<EncodedPair> pairs = List.of(new EncodedPair(new int[] {4, 5, 6}, new int[] {6, 5, 4}),
                new EncodedPair(new int[] {7, 8}, new int[] {8, 7}), new EncodedPair(new int[] {9}, new int[] {9}));
        PositionAccuracy forced = PositionAccuracy.teacherForced(m, pairs);
        PositionAccuracy free = PositionAccuracy.freeRunning(m, pairs, 8);
        assertEquals(4, forced.positions());
        assertEquals(forced.errorAt(0), free.errorAt(0), 1e-12);
        assertEquals(free.meanErrorAbove(forced, 0, 1), 0, 1e-12);
        assertEquals(true, m.isTraining(), "the model's mode is restored");
    }
}
