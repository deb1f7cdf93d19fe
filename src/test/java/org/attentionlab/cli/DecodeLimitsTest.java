package org.attentionlab.cli;

import static org.attentionlab.cli.TrainDecodeEvalTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.attentionlab.cli.TrainDecodeEvalTest.Result;
import org.attentionlab.data.Vocabulary;
import org.attentionlab.decode.LengthCap;
import org.attentionlab.nn.Init;
import org.attentionlab.nn.Transformer;
import org.attentionlab.nn.TransformerConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The documented limits of decoding (issue 17, finding 9): the beam's width and the model's last position. */
class DecodeLimitsTest {
    @TempDir
    static Path tmp;
    /**
     * A tiny run whose model never writes END, so that every output runs to the cap or to the last
     * position; its positions end at 16 rather than train's 512, so that running out of them is cheap
     * (511 steps of greedy decoding take about 4 s of CPU even for this model).
     */
    static Path endless;

    @BeforeAll
    static void trainAndSilenceEnd() throws Exception {
        endless = tmp.resolve("endless");
        TinyRuns.train(endless, "--steps", "1", "--eval-every", "0");
        TinyRuns.forceEnd(endless, false, 16);
    }

    @Test
    void aBeamWiderThanTheLimitIsRefusedNamingTheLimit() {
        // Before: --beam 100000 ran for minutes.
        Result wide = cli("decode", "--checkpoint", endless.toString(), "--input", "abc", "--beam", "101");
        assertEquals(2, wide.code(), wide.err());
        assertTrue(wide.err().contains("option --beam must be 1 to " + Decoding.MAX_BEAM), wide.err());
        Result eval = cli("eval", "--checkpoint", endless.toString(), "--beam", "100000");
        assertEquals(2, eval.code(), eval.err());
        Result widest = cli("decode", "--checkpoint", endless.toString(), "--input", "abc", "--beam", "100",
                "--cap-b", "2", "--cap-a", "0");
        assertEquals(0, widest.code(), widest.err());
    }

    @Test
    void anOutputCutAtTheLastPositionIsReported() {
        // Before: the cap asked for 600 tokens, the output silently stopped at max_len - 1 (511 for train's models).
        Result cut = cli("decode", "--checkpoint", endless.toString(), "--input", "abc", "--cap-b", "600");
        assertEquals(0, cut.code(), cut.err());
        assertTrue(cut.err().contains("note: an output stopped at 15 tokens, the most this model can write "
                + "(its max_len of 16 positions, one taken by BOS)"), cut.err());
        Result capped = cli("decode", "--checkpoint", endless.toString(), "--input", "abc", "--cap-a", "1");
        assertEquals(0, capped.code(), capped.err());
        assertFalse(capped.err().contains("note:"), "a cap of 13 tokens is reached first: " + capped.err());
        Result eval = cli("eval", "--checkpoint", endless.toString(), "--limit", "2", "--cap-b", "16", "--cap-a", "0");
        assertEquals(0, eval.code(), eval.err());
        assertTrue(eval.out().contains("outputs cut at max_len  2"), eval.out());
        Result within = cli("eval", "--checkpoint", endless.toString(), "--limit", "2", "--cap-b", "15", "--cap-a", "0");
        assertEquals(0, within.code(), within.err());
        assertFalse(within.out().contains("outputs cut"), "15 tokens fit: " + within.out());
    }

    @Test
    void onlyOutputsWhoseCapAskedForMoreThanTheLastPositionCount() {
        // A model of 8 positions that never writes END: outputs of up to 7 tokens.
        TransformerConfig config = TransformerConfig.builder().dModel(8).heads(2).dFf(16).encoderLayers(1)
                .decoderLayers(1).srcVocab(12).tgtVocab(12).maxLen(8).dropout(0).build();
        Transformer model = new Transformer(config, new Init(3, DataType.FLOAT));
        model.namedParameters().get("generator.bias").value().putScalar(Vocabulary.END, -1e4);
        model.train(false);
        int[][] src = {{5, 6, 7}, {5, 6, 7}, {5, 6, 7}};
        int[] lengths = {3, 3, 3};
        for (int b : new int[] {6, 7, 8, 100}) {
            Decoding.Settings s = new Decoding.Settings(1, 0.6, Decoding.Length.END, new LengthCap(0, b));
            int[][] out = Decoding.decode(model, s, src, null, lengths);
            assertEquals(Math.min(b, 7), out[0].length, "cap " + b);
            assertEquals(b > 7 ? 3 : 0, Decoding.stoppedAtPositionLimit(model, s, lengths, out), "cap " + b);
        }
        Decoding.Settings predicted = new Decoding.Settings(1, 0.6, Decoding.Length.PREDICTED, new LengthCap(0, 100));
        assertEquals(0, Decoding.stoppedAtPositionLimit(model, predicted, lengths, new int[][] {new int[7]}));
    }
}
