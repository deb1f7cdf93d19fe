package org.attentionlab.lesson;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.attentionlab.data.Example;
import org.attentionlab.data.Task;
import org.attentionlab.data.TaskOptions;
import org.attentionlab.data.Tasks;
import org.attentionlab.nn.Transformer;
import org.attentionlab.nn.TransformerConfig;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class AttentionWeightsTest {
    private static Task task() throws Exception {
        return Tasks.forName("reverse", TaskOptions.defaults().withExamples(60).withLengths(3, 6).withSeed(4));
    }

    private static Transformer model(Task task) {
        TransformerConfig cfg = TransformerConfig.builder().dModel(16).heads(2).dFf(32).layers(2)
                .srcVocab(task.sourceVocabulary().size()).tgtVocab(task.targetVocabulary().size())
                .maxLen(16).dropout(0.0).build();
        return new Transformer(cfg, 3);
    }

    @Test
    void collectsEveryLayerAndMeasuresTheExpectedPositionByHand() throws Exception {
        Task task = task();
        Transformer m = model(task);
        m.train(true);
        List<Example> some = task.test().subList(0, 4);
        AttentionWeights w = AttentionWeights.of(m, task, some);
        assertTrue(m.isTraining(), "the model's mode is restored");
        assertEquals(2, w.encoder().size());
        assertEquals(2, w.decoder().size());
        assertEquals(2, w.cross().size());
        assertEquals(4, w.cross().get(0).size(0));
        assertEquals(2, w.cross().get(0).size(1));

        AttentionWeights.Alignment a = w.alignment((i, n) -> n - 1 - i);
        // By hand, layer 1 head 0, from the weights over the batch (in order: row e is example e).
        INDArray c = w.cross().get(1);
        double sum = 0, uniform = 0;
        int count = 0;
        for (int e = 0; e < some.size(); e++) {
            int n = some.get(e).source().length();
            for (int i = 0; i < n; i++, count++) {
                sum += c.getDouble(e, 0, i, n - 1 - i);
                uniform += 1.0 / n;
            }
        }
        assertEquals(sum / count, a.weight()[1][0], 1e-9);
        assertEquals(uniform / count, a.uniform(), 1e-12);
        int[] best = a.best();
        for (double[] layer : a.weight()) {
            for (double v : layer) {
                assertTrue(v >= 0 && v <= 1 && v <= a.bestWeight());
            }
        }
        assertEquals(a.weight()[best[0]][best[1]], a.bestWeight());
        assertEquals(5, a.table("t").rowCount());
        assertFalse(w.maps(0).toString().isEmpty());
    }

    @Test
    void rejectsPositionsOutsideTheSource() throws Exception {
        Task task = task();
        AttentionWeights w = AttentionWeights.of(model(task), task, task.test().subList(0, 2));
        assertThrows(IllegalArgumentException.class, () -> w.alignment((i, n) -> n));
        assertThrows(IllegalArgumentException.class, () -> w.maps(5));
        assertArrayEquals(new int[] {0, 0}, new AttentionWeights.Alignment(new double[][] {{0.5}}, 0.2).best());
    }
}
