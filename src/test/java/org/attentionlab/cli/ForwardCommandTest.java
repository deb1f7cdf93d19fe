package org.attentionlab.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.attentionlab.io.Npy;
import org.attentionlab.nn.Checkpoint;
import org.attentionlab.nn.Transformer;
import org.attentionlab.nn.TransformerConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

class ForwardCommandTest {
    @TempDir
    Path dir;
    Path checkpoint;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void writeCheckpoint() throws Exception {
        checkpoint = dir.resolve("model.safetensors");
        Checkpoint.save(new Transformer(TransformerConfig.builder().dModel(8).heads(2).dFf(8).layers(1).vocab(10)
                .maxLen(16).build(), 1), checkpoint);
    }

    int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void writesLogitsOfTargetLengthByVocabulary() throws Exception {
        Path npy = dir.resolve("logits.npy");
        assertEquals(0, run("forward", "--checkpoint", checkpoint.toString(), "--src", "5,9,2,7", "--tgt", "1,4,4",
                "--out", npy.toString()), err());
        INDArray logits = Npy.read(npy);
        assertArrayEquals(new long[] {3, 10}, logits.shape());
    }

    @Test
    void printsLogitsWithoutOut() {
        assertEquals(0, run("forward", "--checkpoint", checkpoint.toString(), "--src", "5,9", "--tgt", "1"), err());
        assertEquals(10, out.toString(StandardCharsets.UTF_8).trim().split(" ").length);
    }

    @Test
    void missingCheckpointIsAUsageError() {
        assertEquals(2, run("forward", "--checkpoint", dir.resolve("nope").toString(), "--src", "1", "--tgt", "1"));
        assertTrue(err().contains("no such file") && err().contains("nope"), err());
    }

    @Test
    void unknownOptionIsAUsageError() {
        assertEquals(2, run("forward", "--checkpoint", checkpoint.toString(), "--src", "1", "--tgt", "1", "--beam", "3"));
        assertTrue(err().contains("unknown option --beam"), err());
    }

    @Test
    void badIdsAreAUsageError() {
        assertEquals(2, run("forward", "--checkpoint", checkpoint.toString(), "--src", "1,x", "--tgt", "1"));
        assertTrue(err().contains("--src") && err().contains("1,x"), err());
    }

    @Test
    void tokenOutsideVocabularyFailsWithAMessageNotAStackTrace() {
        assertEquals(1, run("forward", "--checkpoint", checkpoint.toString(), "--src", "1,42", "--tgt", "1"));
        assertTrue(err().contains("42") && !err().contains("\tat "), err());
    }

    @Test
    void unknownCommandListsTheCommands() {
        assertEquals(2, run("fly"));
        assertTrue(err().contains("unknown command 'fly'") && err().contains("forward"), err());
    }
}
