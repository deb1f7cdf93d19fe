package org.attentionlab.speech;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ResamplerTest {
    private static Waveform tone(int rate, double hz, int n) {
        float[] s = new float[n];
        for (int i = 0; i < n; i++) {
            s[i] = (float) (0.5 * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return new Waveform(rate, s);
    }

    /** Largest difference from the ideal tone, away from the edges where the filter sees zeros. */
    private static double error(Waveform w, double hz, int edge) {
        double worst = 0;
        for (int i = edge; i < w.length() - edge; i++) {
            worst = Math.max(worst, Math.abs(w.samples()[i] - 0.5 * Math.sin(2 * Math.PI * hz * i / w.sampleRate())));
        }
        return worst;
    }

    @Test
    void tonesInTheBandSurviveDownAndUpSampling() {
        Waveform down = Resampler.resample(tone(22_050, 1000, 22_050), 16_000);
        assertEquals(16_000, down.sampleRate());
        assertEquals(16_000, down.length());
        assertTrue(error(down, 1000, 128) < 1e-3, "1 kHz at 22,050 -> 16,000 Hz: " + error(down, 1000, 128));
        Waveform six = Resampler.resample(tone(22_050, 6000, 22_050), 16_000);
        assertTrue(error(six, 6000, 128) < 3e-3, "6 kHz: " + error(six, 6000, 128));
        Waveform seven = Resampler.resample(tone(22_050, 7000, 22_050), 16_000);
        assertTrue(error(seven, 7000, 128) < 0.5 * (1 - Math.pow(10, -0.5 / 20)), "7 kHz within 0.5 dB: " + error(seven, 7000, 128));
        Waveform up = Resampler.resample(tone(8_000, 500, 8_000), 16_000);
        assertEquals(16_000, up.length());
        assertTrue(error(up, 500, 128) < 1e-3, "500 Hz at 8,000 -> 16,000 Hz: " + error(up, 500, 128));
    }

    @Test
    void tonesAboveTheNewNyquistAreRemovedNotFoldedBack() {
        // 8.5 kHz at 22,050 Hz would alias to 7.5 kHz at 16 kHz without the low-pass filter.
        Waveform out = Resampler.resample(tone(22_050, 8500, 22_050), 16_000);
        double rms = 0;
        for (int i = 128; i < out.length() - 128; i++) {
            rms += out.samples()[i] * out.samples()[i];
        }
        rms = Math.sqrt(rms / (out.length() - 256));
        double db = 20 * Math.log10(rms / (0.5 / Math.sqrt(2)));
        assertTrue(db < -80, "8.5 kHz after resampling to 16 kHz: " + db + " dB");
    }

    @Test
    void constantsStayExactlyConstantAndResultsAreRepeatable() {
        float[] c = new float[5000];
        java.util.Arrays.fill(c, 0.25f);
        Waveform out = Resampler.resample(new Waveform(44_100, c), 16_000);
        for (int i = 100; i < out.length() - 100; i++) {
            assertEquals(0.25f, out.samples()[i], 1e-6f);
        }
        Waveform t = tone(22_050, 440, 3000);
        assertArrayEquals(Resampler.resample(t, 16_000).samples(), Resampler.resample(t, 16_000).samples());
        assertSame(t, Resampler.resample(t, 22_050));
        assertEquals(1.0, Resampler.besselI0(0), 0);
        assertEquals(27.239871823604442, Resampler.besselI0(5), 1e-12); // I0(5) from tables
    }
}
