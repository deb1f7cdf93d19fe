package org.attentionlab.speech;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Frame stacking, normalisation and the whole feature path. */
class FeaturesTest {
    @TempDir
    Path dir;

    private static float[][] frames(int n, int dim) {
        float[][] f = new float[n][dim];
        for (int t = 0; t < n; t++) {
            for (int d = 0; d < dim; d++) {
                f[t][d] = 100 * t + d;
            }
        }
        return f;
    }

    @Test
    void stackingJoinsNeighboursAndDropsTheRemainder() {
        FrameStacking s = new FrameStacking(3, 3);
        float[][] out = s.apply(frames(8, 2));
        assertEquals(2, out.length, "8 frames, stack 3 stride 3: positions at frames 0 and 3, frames 6-7 dropped");
        assertArrayEquals(new float[] {0, 1, 100, 101, 200, 201}, out[0]);
        assertArrayEquals(new float[] {300, 301, 400, 401, 500, 501}, out[1]);
        float[][] overlap = new FrameStacking(3, 2).apply(frames(7, 1));
        assertEquals(3, overlap.length);
        assertArrayEquals(new float[] {400, 500, 600}, overlap[2]);
        float[][] shortOne = s.apply(frames(2, 1));
        assertArrayEquals(new float[] {0, 100, 100}, shortOne[0], "too short: the last frame repeated");
        assertEquals(33, s.positions(100));
        assertEquals(100, FrameStacking.none().positions(100));
        assertThrows(IllegalArgumentException.class, () -> new FrameStacking(0, 1));
    }

    @Test
    void normalizerGivesZeroMeanUnitDeviationOnItsDataAndSavesExactly() throws IOException {
        SplittableRandom r = new SplittableRandom(3);
        float[][] a = new float[50][3];
        float[][] b = new float[70][3];
        for (float[][] u : List.of(a, b)) {
            for (float[] f : u) {
                f[0] = (float) (5 + 2 * r.nextGaussian());
                f[1] = (float) (-3 + 0.1 * r.nextGaussian());
                f[2] = 7; // constant: std floored, not divided by zero
            }
        }
        FeatureNormalizer n = FeatureNormalizer.fit(List.of(a, b));
        assertEquals(FeatureNormalizer.MIN_STD, n.std()[2]);
        double[] sum = new double[3];
        double[] sq = new double[3];
        for (float[][] u : List.of(n.apply(a), n.apply(b))) {
            for (float[] f : u) {
                for (int d = 0; d < 3; d++) {
                    sum[d] += f[d];
                    sq[d] += f[d] * f[d];
                }
            }
        }
        for (int d = 0; d < 2; d++) {
            assertEquals(0, sum[d] / 120, 1e-5, "mean of dimension " + d);
            assertEquals(1, Math.sqrt(sq[d] / 120), 1e-4, "deviation of dimension " + d);
        }
        Path f = dir.resolve("norm.txt");
        n.save(f);
        FeatureNormalizer back = FeatureNormalizer.load(f);
        assertArrayEquals(n.mean(), back.mean());
        assertArrayEquals(n.std(), back.std());
        Files.writeString(f, "# something else\n1 2\n");
        IOException e = assertThrows(IOException.class, () -> FeatureNormalizer.load(f));
        assertTrue(e.getMessage().contains("not a feature normalizer"), e.getMessage());
    }

    @Test
    void pipelineResamplesNormalisesAndStacks() throws IOException {
        Waveform chirp = WavFile.read(LogMelTest.resource("chirp.wav"));
        SpeechFeatures features = SpeechFeatures.defaults();
        float[][] logMel = features.logMel(chirp);
        assertEquals(48, logMel.length);
        FeatureNormalizer norm = FeatureNormalizer.fit(List.<float[][]>of(logMel));
        float[][] input = features.encoderInput(chirp, norm);
        assertEquals(16, input.length, "48 frames stacked by 3");
        assertEquals(120, input[0].length);
        assertEquals(120, features.dim());
        // The same chirp at 22,050 Hz gives nearly the same features after resampling.
        float[][] fromOtherRate = features.logMel(Resampler.resample(chirp, 22_050));
        assertEquals(48, fromOtherRate.length);
        // Compared where the energy is within 60 dB (13.8 in natural log of power) of the loudest
        // value: the chirp, not the 16-bit quantisation noise 120 dB below it, which the filters'
        // -90 dB stop band and ringing reshape.
        float loudest = Float.NEGATIVE_INFINITY;
        for (float[] row : logMel) {
            for (float v : row) {
                loudest = Math.max(loudest, v);
            }
        }
        double worst = 0;
        String where = "";
        int compared = 0;
        for (int t = 2; t < 46; t++) {
            for (int m = 0; m < 34; m++) { // filters below 6.5 kHz, where both resamplings are flat
                if (logMel[t][m] > loudest - 13.8) {
                    compared++;
                    double d = Math.abs(fromOtherRate[t][m] - logMel[t][m]);
                    if (d > worst) {
                        worst = d;
                        where = "frame " + t + " mel " + m + ": " + logMel[t][m] + " vs " + fromOtherRate[t][m];
                    }
                }
            }
        }
        assertTrue(compared > 200, compared + " values compared");
        assertTrue(worst < 0.05, "log-mel after 16 -> 22.05 -> 16 kHz differs by " + worst + " at " + where);
        assertThrows(IllegalArgumentException.class, () -> features.encoderInput(logMel,
                FeatureNormalizer.fit(List.<float[][]>of(new float[][] {{1, 2}}))));
    }
}
