package org.attentionlab.lesson;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.attentionlab.data.Batch;
import org.attentionlab.data.Batcher;
import org.attentionlab.data.EncodedPair;
import org.attentionlab.data.Task;
import org.attentionlab.data.TaskOptions;
import org.attentionlab.data.Tasks;
import org.attentionlab.nn.NormType;
import org.attentionlab.nn.Transformer;
import org.attentionlab.nn.TransformerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

class NormProbesTest {
    @TempDir
    Path dir;

    private Task task() {
        return Tasks.forName("reverse", TaskOptions.defaults().withExamples(200).withLengths(4, 8).withCacheDir(dir));
    }

    private Transformer model(Task task, NormType type, boolean excludePadding) {
        return new Transformer(TransformerConfig.builder().dModel(16).heads(2).dFf(32).layers(1)
                .srcVocab(task.sourceVocabulary().size()).tgtVocab(task.targetVocabulary().size())
                .maxLen(64).dropout(0.0).normType(type).batchNormExcludePadding(excludePadding).build(), 1);
    }

    @Test
    void paddedAddsMaskedPadColumns() {
        Task task = task();
        Batch b = Batcher.inOrder(task.encode(task.test()), 4).get(0);
        Batch p = NormProbes.padded(b, 3);
        assertEquals(b.srcLength() + 3, p.srcLength());
        assertEquals(b.tgtLength() + 3, p.tgtLength());
        assertEquals(0, p.tgtIn()[0][b.tgtLength() + 2]);
        assertEquals(0f, p.srcMask()[0][b.srcLength()]);
        assertArrayEquals(b.indices(), p.indices());
    }

    @Test
    void layerNormIgnoresBatchSizePaddingAndTheFuture() {
        Task task = task();
        List<EncodedPair> pairs = task.encode(task.test().subList(0, 16));
        Transformer m = model(task, NormType.LAYER, true);
        double whole = NormProbes.loss(m, pairs, 16, true, 0);
        assertEquals(whole, NormProbes.loss(m, pairs, 1, true, 0), 1e-4);
        assertEquals(whole, NormProbes.loss(m, pairs, 16, true, 5), 1e-4);
        assertEquals(0, NormProbes.futureLeak(m, pairs, true), 1e-5);
    }

    @Test
    void batchStatisticsLeakTheFutureAndPaddingUnlessMasked() {
        Task task = task();
        List<EncodedPair> pairs = task.encode(task.test().subList(0, 16));
        Transformer masked = model(task, NormType.BATCH, true);
        Transformer counted = NormProbes.rebuilt(masked, masked.config().toBuilder().batchNormExcludePadding(false).build());
        Transformer copy = NormProbes.rebuilt(masked, masked.config());
        assertEquals(NormProbes.loss(masked, pairs, 16, true, 0), NormProbes.loss(copy, pairs, 16, true, 0), 1e-6);
        assertTrue(NormProbes.futureLeak(masked, pairs, true) > 1e-4);
        assertEquals(0, NormProbes.futureLeak(masked, pairs, false), 1e-5);
        assertEquals(NormProbes.loss(masked, pairs, 16, true, 0), NormProbes.loss(masked, pairs, 16, true, 6), 1e-4);
        assertTrue(Math.abs(NormProbes.loss(counted, pairs, 16, true, 0)
                - NormProbes.loss(counted, pairs, 16, true, 6)) > 1e-4);
    }

    @Test
    void measurementsLeaveRunningStatisticsAsTheyWere() {
        Task task = task();
        Transformer m = model(task, NormType.BATCH, true);
        Map<String, INDArray> before = new HashMap<>();
        m.namedBuffers().forEach((k, v) -> before.put(k, v.dup()));
        NormProbes.loss(m, task.encode(task.test().subList(0, 8)), 4, true, 2);
        m.namedBuffers().forEach((k, v) -> assertEquals(before.get(k), v, k));
    }
}
