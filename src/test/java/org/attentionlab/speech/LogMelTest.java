package org.attentionlab.speech;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.attentionlab.io.Npy;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Log-mel features against NumPy ({@code src/test/python/logmel_reference.py}) on a committed chirp. */
class LogMelTest {
    static Path resource(String name) {
        try {
            return Path.of(LogMelTest.class.getResource("/speech/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing test resource speech/" + name, e);
        }
    }

    private static void assertMatchesReference(LogMelConfig config, String fixture) throws IOException {
        Waveform chirp = WavFile.read(resource("chirp.wav"));
        float[][] java = new LogMel(config).compute(chirp);
        INDArray ref = Npy.read(resource(fixture));
        assertEquals(ref.rows(), java.length, "frames");
        assertEquals(ref.columns(), java[0].length, "mel bins");
        double worst = 0;
        String where = "";
        for (int f = 0; f < java.length; f++) {
            for (int m = 0; m < java[f].length; m++) {
                double d = Math.abs(java[f][m] - ref.getDouble(f, m));
                if (d > worst) {
                    worst = d;
                    where = "frame " + f + " mel " + m + ": java " + java[f][m] + " numpy " + ref.getDouble(f, m);
                }
            }
        }
        // float32 storage of values up to ~20 in magnitude: a few units in the 6th digit.
        assertTrue(worst < 1e-4, "largest difference " + worst + " at " + where);
    }

    @Test
    void defaultFeaturesMatchNumPy() throws IOException {
        assertMatchesReference(LogMelConfig.defaults(), "chirp_logmel40.npy");
    }

    @Test
    void eightyFiltersWithoutPreEmphasisMatchNumPy() throws IOException {
        LogMelConfig c = new LogMelConfig(16_000, 400, 160, 512, 80, 20, 8_000, 0, 1e-10);
        assertMatchesReference(c, "chirp_logmel80_plain.npy");
    }

    @Test
    void frameCountsFollowWindowAndHop() {
        LogMelConfig c = LogMelConfig.defaults();
        assertEquals(1, c.frames(0));
        assertEquals(1, c.frames(400));
        assertEquals(1, c.frames(559));
        assertEquals(2, c.frames(560));
        assertEquals(98, c.frames(16_000));
        assertEquals(1, new LogMel(c).compute(new Waveform(16_000, new float[10])).length, "short audio: one padded frame");
    }

    @Test
    void filtersAreTrianglesWithPeakOneCoveringTheBand() {
        double[][] w = new LogMel(LogMelConfig.defaults()).filterbank();
        assertEquals(40, w.length);
        assertEquals(257, w[0].length);
        for (double[] filter : w) {
            double max = 0;
            for (double v : filter) {
                assertTrue(v >= 0 && v <= 1);
                max = Math.max(max, v);
            }
            assertTrue(max > 0.4, "every filter reaches a bin near its peak: " + max);
        }
        // Centres rise: the first filter's weight sits at lower bins than the last's.
        assertTrue(argmax(w[0]) < argmax(w[20]) && argmax(w[20]) < argmax(w[39]));
        assertEquals(0, MelFilterbank.hzToMel(0), 1e-12);
        assertEquals(1000, MelFilterbank.melToHz(MelFilterbank.hzToMel(1000)), 1e-9);
    }

    @Test
    void badSettingsFailWithClearMessages() {
        IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class,
                () -> new LogMel(LogMelConfig.defaults().withMelBins(200)));
        assertTrue(tooMany.getMessage().contains("covers no FFT bin"), tooMany.getMessage());
        IllegalArgumentException rate = assertThrows(IllegalArgumentException.class,
                () -> new LogMel(LogMelConfig.defaults()).compute(new Waveform(22_050, new float[1000])));
        assertTrue(rate.getMessage().contains("16000 Hz") && rate.getMessage().contains("22050"), rate.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LogMelConfig(16_000, 400, 160, 300, 40, 0, 8_000, 0.97, 1e-10));
        assertThrows(IllegalArgumentException.class, () -> new LogMelConfig(16_000, 400, 160, 512, 40, 0, 9_000, 0.97, 1e-10));
    }

    private static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
