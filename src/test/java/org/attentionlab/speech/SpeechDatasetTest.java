package org.attentionlab.speech;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.attentionlab.data.Vocabulary;
import org.junit.jupiter.api.Test;

/** The data set's assembly, with made-up audio in place of espeak-ng (see SpeechSynthesisTest for that). */
class SpeechDatasetTest {
    /** A tone whose pitch and length depend on the text, at 22,050 Hz like espeak-ng. */
    private static Waveform fakeAudio(Utterance u) {
        int n = 22_050 * (20 + u.text().length()) / 100;
        float[] s = new float[n];
        double hz = 200 + 20 * (u.text().charAt(0) - 'a') + u.pitch();
        for (int i = 0; i < n; i++) {
            s[i] = (float) (0.3 * Math.sin(2 * Math.PI * hz * i / 22_050));
        }
        return Synthesizer.addNoise(new Waveform(22_050, s), u.snrDb(), u.noiseSeed());
    }

    @Test
    void examplesHaveStackedNormalisedFeaturesAndCharacterTargets() {
        SpeechConfig config = SpeechConfig.quick().withWordCount(40);
        UtterancePlan plan = UtterancePlan.of(config, new WordSource.Numbers(999).words(Path.of("unused")));
        SpeechDataset data = SpeechDataset.build(config, SpeechFeatures.defaults(), plan, SpeechDatasetTest::fakeAudio);
        assertEquals(64, data.train().size());
        assertEquals(4, data.heldOut().size());
        assertEquals(120, data.featureDim());
        double sum = 0;
        long count = 0;
        for (SpeechExample e : data.train()) {
            int frames = (int) Math.round(16_000.0 * (20 + e.text().length()) / 100);
            assertEquals(new FrameStacking(3, 3).positions(LogMelConfig.defaults().frames(frames)), e.positions(),
                    "positions of '" + e.text() + "'");
            for (float[] row : e.features()) {
                assertEquals(120, row.length);
                for (float v : row) {
                    sum += v;
                    count++;
                }
            }
            assertEquals(e.text(), SpeechDataset.decode(e.target()));
        }
        assertEquals(0, sum / count, 0.05, "training features are normalised with their own statistics");
        assertEquals(31, SpeechDataset.vocabulary().size());
        assertArrayEquals(new int[] {24, 12, 22, 9, 9, 4, 24, 27, 9, 16, 26, 9}, SpeechDataset.encode("three twelve"),
                "space is id 4, a is 5");
        assertEquals("ab", SpeechDataset.decode(new int[] {Vocabulary.BOS, 5, 6, Vocabulary.END, 7}));
        assertThrows(IllegalArgumentException.class, () -> SpeechDataset.encode("Three"));
        assertThrows(IllegalArgumentException.class, () -> data.part("dev"));
        assertEquals(List.of("train", "valid", "test", "heldout"), UtterancePlan.SPLITS);
    }
}
