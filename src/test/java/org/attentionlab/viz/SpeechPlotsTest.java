package org.attentionlab.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

class SpeechPlotsTest {
    @Test
    void aLongWaveformIsDrawnAsItsEnvelopeKeepingEveryPeak() {
        float[] samples = new float[48_000];
        samples[12_345] = 0.9f;
        samples[40_000] = -0.7f;
        XYChart c = SpeechPlots.waveform("w", samples, 16_000);
        XYSeries s = c.getSeriesMap().get("waveform");
        assertTrue(s.getXData().length <= 4000, "points: " + s.getXData().length);
        assertEquals(0.9, s.getYMax(), 1e-6);
        assertEquals(-0.7, s.getYMin(), 1e-6);
        assertEquals(3.0, s.getXMax(), 0.01, "time in seconds");
        assertThrows(IllegalArgumentException.class, () -> SpeechPlots.waveform("w", new float[0], 16_000));
    }

    @Test
    void aSpectrogramHasTheLowestFilterAtTheBottom() {
        float[][] frames = new float[10][4];
        for (float[] f : frames) {
            f[0] = 5; // energy in the lowest filter only
        }
        frames[7][3] = 2;
        double[][] m = SpeechPlots.filtersByFrames(frames);
        assertEquals(4, m.length);
        assertEquals(10, m[0].length);
        assertEquals(5, m[3][0], "filter 0 in the bottom row");
        assertEquals(2, m[0][7], "the highest filter in the top row");
        HeatMap h = SpeechPlots.spectrogram("s", frames, "frame");
        assertTrue(h.width() > 0 && h.height() > 0);
        float[][] pooled = {{1, 0}, {3, 0}, {5, 0}, {7, 0}, {9, 0}, {11, 0}, {13, 0}};
        HeatMap a = SpeechPlots.alignment("a", pooled, 3, 3, new double[][] {{1, 0}, {0, 1}, {0.5, 0.5}},
                List.of("x", "y", "<end>"));
        assertTrue(a.width() > 0 && a.height() > 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SpeechPlots.alignment("a",
                pooled, 3, 3, new double[][] {{1, 0, 0}}, List.of("x")));
        assertTrue(e.getMessage().contains("need 9 frames"), e.getMessage());
    }
}
