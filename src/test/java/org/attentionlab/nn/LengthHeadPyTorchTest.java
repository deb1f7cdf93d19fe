package org.attentionlab.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A checkpoint with a length head loads into the PyTorch twin (src/test/python/reference_model.py),
 * whose {@code predict_length} gives our length logits: the head's tensors and its pooling over
 * real source positions mean the same thing on both sides. Skipped without Debian's python3-torch.
 */
class LengthHeadPyTorchTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void torchIsInstalled() throws Exception {
        CheckpointPyTorchTest.torchIsInstalled();
    }

    @Test
    void pytorchReproducesOurLengthLogits() throws Exception {
        TransformerConfig config = TransformerConfig.builder().dModel(16).heads(4).dFf(24).layers(2).srcVocab(12)
                .tgtVocab(10).maxLen(20).dropout(0).lengthClasses(6).build();
        Transformer model = new Transformer(config, new Init(77, DataType.DOUBLE));
        model.train(false);
        Path checkpoint = dir.resolve("model.safetensors");
        Checkpoint.save(model, checkpoint);
        int[][] src = {{5, 9, 2, 7, 11}, {4, 8, 3, 0, 0}};
        INDArray keep = model.keepMask(src, 0);
        double[][] ours = model.predictLength(model.encode(src, keep), keep).toDoubleMatrix();

        String script = "import sys, torch\n"
                + "sys.path.insert(0, 'src/test/python')\n"
                + "from reference_model import load_checkpoint\n"
                + "m, cfg = load_checkpoint(sys.argv[1])\n"
                + "m.eval()\n"
                + "src = torch.tensor([[5, 9, 2, 7, 11], [4, 8, 3, 0, 0]])\n"
                + "with torch.no_grad():\n"
                + "    out = m.predict_length(src, (src != 0).double())\n"
                + "print(' '.join(repr(v) for v in out.flatten().tolist()))\n";
        Process p = new ProcessBuilder(CheckpointPyTorchTest.PYTHON, "-c", script, checkpoint.toString()).start();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "python timed out");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "python failed: " + err);
        String[] values = out.split(" ");
        assertEquals(12, values.length, out);
        double worst = 0;
        for (int i = 0; i < values.length; i++) {
            worst = Math.max(worst, Math.abs(Double.parseDouble(values[i]) - ours[i / 6][i % 6]));
        }
        assertTrue(worst < 1e-9, "max |length logit difference| between Attention Lab and PyTorch: " + worst);
    }
}
