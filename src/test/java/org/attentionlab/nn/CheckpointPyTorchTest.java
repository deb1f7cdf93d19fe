package org.attentionlab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.attentionlab.cli.Main;
import org.attentionlab.io.Npy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A checkpoint written by Attention Lab loads into PyTorch (src/test/python/torch_logits.py) and
 * gives the logits that {@code attention-lab forward} writes. Needs Debian's python3-torch, which
 * .ci/run installs; skipped where it is missing.
 */
class CheckpointPyTorchTest {
    static final String PYTHON = "/usr/bin/python3";

    @TempDir
    Path dir;

    @BeforeAll
    static void torchIsInstalled() throws Exception {
        boolean ok = false;
        if (Files.isExecutable(Path.of(PYTHON))) {
            Process p = new ProcessBuilder(PYTHON, "-c", "import torch, numpy").redirectErrorStream(true).start();
            ok = p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0;
        }
        assumeTrue(ok, "Debian's python3-torch is not installed; .ci/run installs it");
    }

    @ParameterizedTest
    @ValueSource(strings = {"post", "pre-tied-learned", "post-tied-all"})
    void pytorchReproducesOurLogits(String variant) throws Exception {
        TransformerConfig.Builder b = TransformerConfig.builder().dModel(16).heads(4).dFf(24).encoderLayers(2)
                .decoderLayers(1).srcVocab(12).tgtVocab(10).maxLen(20).dropout(0.1);
        if (variant.startsWith("pre")) {
            b.norm(NormPlacement.PRE).tieEmbeddings(true).position(PositionEncoding.LEARNED).activation(Activation.GELU);
        } else if (variant.endsWith("tied-all")) { // the paper's one matrix: a joint vocabulary of 10
            b.srcVocab(10).tieAll(true);
        }
        Transformer model = new Transformer(b.build(), 77);
        Path checkpoint = dir.resolve("model.safetensors");
        Checkpoint.save(model, checkpoint);

        Path ours = dir.resolve("ours.npy");
        int code = Main.run(new String[] {"forward", "--checkpoint", checkpoint.toString(), "--src", "5,9,2,7,1",
                "--tgt", "1,4,4", "--out", ours.toString()}, System.out, System.err);
        assertEquals(0, code, "attention-lab forward failed");

        Path theirs = dir.resolve("torch.npy");
        Process p = new ProcessBuilder(PYTHON, "src/test/python/torch_logits.py", checkpoint.toString(), "5,9,2,7,1",
                "1,4,4", theirs.toString()).inheritIO().start();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "torch_logits.py timed out");
        assertEquals(0, p.exitValue(), "torch_logits.py failed");

        INDArray a = Npy.read(ours);
        INDArray t = Npy.read(theirs);
        assertEquals(DataType.FLOAT, a.dataType(), "forward writes float32");
        assertArrayEquals(new long[] {3, 10}, a.shape());
        double err = a.castTo(DataType.DOUBLE).sub(t.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        assertTrue(err < 1e-4, "max |logit difference| between Attention Lab and PyTorch: " + err);
    }
}
