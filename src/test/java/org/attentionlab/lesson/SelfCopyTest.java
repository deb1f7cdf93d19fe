package org.attentionlab.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.attentionlab.data.Example;
import org.attentionlab.data.Task;
import org.attentionlab.nn.Transformer;
import org.attentionlab.nn.TransformerConfig;
import org.junit.jupiter.api.Test;

class SelfCopyTest {
    @Test
    void stringsRepeatTheirFirstBlockUpToEachLength() {
        List<Example> s = SelfCopy.strings(3, 6, 8, 5, 1);
        assertEquals(15, s.size());
        for (Example e : s) {
            String t = e.target();
            assertEquals(SelfCopy.SOURCE, e.source());
            for (int i = 3; i < t.length(); i++) {
                assertEquals(t.charAt(i - 3), t.charAt(i), t);
            }
        }
        assertEquals(List.of(6, 7, 8), s.stream().map(e -> e.target().length()).distinct().toList());
        assertEquals(s, SelfCopy.strings(3, 6, 8, 5, 1));
        assertThrows(IllegalArgumentException.class, () -> SelfCopy.strings(3, 2, 8, 5, 1));
    }

    @Test
    void taskHoldsOutATenthAndScoresPositionsAfterTheFirstBlock() {
        Task task = SelfCopy.task(2, 4, 6, 20, 1);
        assertEquals(54, task.train().size());
        assertEquals(6, task.valid().size());
        Transformer model = new Transformer(TransformerConfig.builder().dModel(8).heads(2).dFf(16).layers(1)
                .srcVocab(task.sourceVocabulary().size()).tgtVocab(task.targetVocabulary().size()).maxLen(16)
                .dropout(0.0).build(), 1);
        double a = SelfCopy.accuracy(model, task, SelfCopy.strings(2, 6, 6, 4, 9), 2);
        assertTrue(a >= 0 && a <= 1, "accuracy " + a);
        assertThrows(IllegalArgumentException.class, () -> SelfCopy.accuracy(model, task, task.train(), 2));
    }
}
