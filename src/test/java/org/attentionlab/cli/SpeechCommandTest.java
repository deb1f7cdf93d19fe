package org.attentionlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.attentionlab.nn.Checkpoint;
import org.attentionlab.nn.Transformer;
import org.attentionlab.speech.FeatureNormalizer;
import org.attentionlab.speech.SpeechFeatures;
import org.attentionlab.speech.WavFile;
import org.attentionlab.speech.Waveform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code speech}'s usage errors, and {@code speech decode} from a run directory written by hand (an
 * untrained model, so only that it writes letters and spaces is checked): training needs espeak-ng
 * and minutes, which the lesson's quick run covers.
 */
class SpeechCommandTest {
    @TempDir
    Path dir;

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    int run(String... args) {
        out.reset();
        err.reset();
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void usageErrorsAreOneLineAndExitTwo() {
        assertEquals(2, run("speech"));
        assertTrue(err().startsWith("attention-lab speech: missing sub-command"), err());
        assertEquals(2, run("speech", "listen"));
        assertTrue(err().contains("unknown sub-command 'listen'"), err());
        assertEquals(2, run("speech", "eval", "--run", dir.toString()));
        assertTrue(err().contains("is not a speech run directory: it has no model.safetensors"), err());
        assertEquals(2, run("speech", "train", "--out", dir.toString(), "--steps", "0"));
        assertTrue(err().contains("--steps must be at least 1"), err());
        assertEquals(2, run("speech", "eval", "--run", dir.toString(), "--part", "train"));
        assertTrue(err().contains("--part must be test, heldout or valid"), err());
    }

    @Test
    void decodeWritesDownAWavFile() throws Exception {
        int dim = SpeechFeatures.defaults().dim();
        int mel = SpeechFeatures.defaults().logMel().melBins();
        Transformer model = new Transformer(SpeechCommand.model(dim), 3L);
        Checkpoint.save(model, dir.resolve(SpeechCommand.MODEL));
        float[] ones = new float[mel];
        Arrays.fill(ones, 1f);
        new FeatureNormalizer(new float[mel], ones).save(dir.resolve(SpeechCommand.NORMALIZER));
        Files.writeString(dir.resolve(SpeechCommand.SETTING), "quick=true\nseed=1\n");
        float[] tone = new float[22_050 / 2];
        for (int i = 0; i < tone.length; i++) {
            tone[i] = (float) (0.3 * Math.sin(2 * Math.PI * 440 * i / 22_050.0));
        }
        Path wav = dir.resolve("tone.wav");
        WavFile.write(wav, new Waveform(22_050, tone));
        assertEquals(0, run("speech", "decode", "--run", dir.toString(), "--audio", wav.toString()), err());
        String text = out.toString(StandardCharsets.UTF_8).strip();
        // an untrained model may write any token but BOS and PAD, <unk> included, at most MAX_CHARS of them
        assertTrue(text.matches("([a-z ]|<unk>){0," + SpeechCommand.MAX_CHARS + "}"), "a transcript: '" + text + "'");
        assertEquals(0, run("speech", "decode", "--run", dir.toString(), "--audio", wav.toString(), "--beam", "2"), err());
        assertEquals(2, run("speech", "decode", "--run", dir.toString(), "--audio", dir.resolve("none.wav").toString()));
    }
}
