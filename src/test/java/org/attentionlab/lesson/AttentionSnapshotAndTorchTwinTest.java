package org.attentionlab.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.attentionlab.data.Task;
import org.attentionlab.decode.LengthCap;
import org.attentionlab.nn.Checkpoint;
import org.attentionlab.nn.Transformer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One source's attention kept from a greedy decode, and a checkpoint checked against the PyTorch twin. */
class AttentionSnapshotAndTorchTwinTest {
    static final Task COPY = ScoresAndTrainingTest.COPY;

    @TempDir
    Path dir;

    @Test
    void snapshotKeepsEveryLayerAndLabelsTheAxes() {
        Transformer model = new Transformer(ScoresAndTrainingTest.tiny(COPY), 2);
        int[] src = COPY.encode(COPY.test().get(0)).source();
        AttentionSnapshot s = AttentionSnapshot.of(model, COPY, src, LengthCap.fixed(5));
        assertTrue(model.isTraining(), "the model's mode is restored");
        assertEquals(1, s.encoderSelf().size());
        assertEquals(1, s.cross().size());
        assertEquals(s.output().size() + 1, s.inputTokens().size());
        assertEquals(s.inputTokens().size(), s.predictedTokens().size());
        assertEquals("<end>", s.predictedTokens().get(s.predictedTokens().size() - 1));
        assertEquals(src.length, s.sourceTokens().size());
        double[][] mean = s.crossMean(0);
        assertEquals(s.inputTokens().size(), mean.length);
        for (double[] row : mean) {
            assertEquals(1.0, java.util.Arrays.stream(row).sum(), 1e-4, "a row of attention weights sums to 1");
        }
        assertTrue(s.forwardSteps() >= 0 && s.forwardSteps() <= s.steps());
        assertEquals(s.inputTokens().size(), s.logits().size(1));
        assertNotNull(s.maps());
        assertNotNull(s.crossMap("cross"));
    }

    @Test
    void firstPicksTheFirstSourceOfTheLengthsAsked() {
        Transformer model = new Transformer(ScoresAndTrainingTest.tiny(COPY), 2);
        java.util.List<org.attentionlab.data.Example> test = COPY.test();
        int want = COPY.encodeSource(test.get(3).source()).length;
        AttentionSnapshot s = AttentionSnapshot.first(model, COPY, test.subList(3, test.size()), want, want, LengthCap.fixed(5));
        assertEquals(test.get(3), s.example());
        assertEquals(want, s.sourceTokens().size());
        assertTrue(s.toString().contains("reference: " + test.get(3).target()), s.toString());
    }

    @Test
    void withoutPythonTheCheckSaysSo() {
        TorchTwin t = TorchTwin.compare(dir.resolve("no-python"), dir, dir.resolve("x.safetensors"), new int[] {4},
                new int[] {1}, org.nd4j.linalg.factory.Nd4j.zeros(1, 1, 3));
        assertFalse(t.ran());
        assertTrue(t.message().contains("not installed"), t.message());
    }

    @Test
    void theTwinGivesOurLogits() throws Exception {
        assumeTrue(torchInstalled(), "Debian's python3-torch is not installed");
        Transformer model = new Transformer(ScoresAndTrainingTest.tiny(COPY), 3);
        int[] src = COPY.encode(COPY.test().get(1)).source();
        AttentionSnapshot s = AttentionSnapshot.of(model, COPY, src, LengthCap.fixed(4));
        Path checkpoint = dir.resolve("m.safetensors");
        Checkpoint.save(model, checkpoint);
        TorchTwin t = TorchTwin.compare(checkpoint, s.source(), s.decoderInput(), s.logits());
        assertTrue(t.ran(), t.message());
        assertTrue(t.maxDifference() < 1e-4, t.message());
    }

    static boolean torchInstalled() throws Exception {
        if (!Files.isExecutable(TorchTwin.PYTHON)) {
            return false;
        }
        Process p = new ProcessBuilder(TorchTwin.PYTHON.toString(), "-c", "import torch, numpy")
                .redirectErrorStream(true).start();
        return p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0;
    }
}
