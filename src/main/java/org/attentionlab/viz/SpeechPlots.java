package org.attentionlab.viz;

import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Pictures of speech: a waveform, its log-mel spectrogram, and a decoder's cross-attention drawn
 * under the spectrogram of the frames it attends to (the alignment of characters to sound).
 *
 * <p>Spectrograms are drawn with the lowest mel filter at the bottom, as every phonetics text does,
 * so that a vowel's formants read as rising or falling bands.
 */
public final class SpeechPlots {
    /** Points a waveform is drawn with at most: its envelope, not every sample, when it is longer. */
    private static final int MAX_POINTS = 4000;

    private SpeechPlots() {
    }

    /**
     * The samples against time in seconds. A long waveform is drawn as its envelope: each of at most
     * 2,000 spans of samples contributes its minimum and its maximum, so no peak is lost.
     */
    public static XYChart waveform(String title, float[] samples, int sampleRate) {
        if (samples == null || samples.length == 0) {
            throw new IllegalArgumentException("samples is empty");
        }
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sampleRate must be positive, got " + sampleRate);
        }
        int spans = Math.min(samples.length, MAX_POINTS / 2);
        double[] t = new double[2 * spans];
        double[] y = new double[2 * spans];
        for (int s = 0; s < spans; s++) {
            int from = (int) ((long) s * samples.length / spans);
            int to = Math.max(from + 1, (int) ((long) (s + 1) * samples.length / spans));
            float lo = samples[from];
            float hi = samples[from];
            for (int i = from; i < to; i++) {
                lo = Math.min(lo, samples[i]);
                hi = Math.max(hi, samples[i]);
            }
            t[2 * s] = t[2 * s + 1] = (double) from / sampleRate;
            y[2 * s] = lo;
            y[2 * s + 1] = hi;
        }
        XYChart c = Style.xy(title, "time (s)", "amplitude", Style.WIDTH, 260);
        c.getStyler().setLegendVisible(false);
        c.addSeries("waveform", t, y).setMarker(SeriesMarkers.NONE);
        return c;
    }

    /**
     * A log-mel spectrogram [frames][filters] as a heat map: one column a frame, one row a mel filter,
     * the lowest filter at the bottom.
     */
    public static HeatMap spectrogram(String title, float[][] frames, String frameAxis) {
        int filters = rectangular("frames", frames);
        List<String> rows = new ArrayList<>(filters);
        for (int f = 0; f < filters; f++) {
            rows.add(Integer.toString(filters - 1 - f));
        }
        return new HeatMap(title, filtersByFrames(frames), rows, null, "mel filter", frameAxis, null);
    }

    /** [frames][filters] turned to [filters][frames], the highest filter in row 0. */
    static double[][] filtersByFrames(float[][] frames) {
        int filters = rectangular("frames", frames);
        double[][] m = new double[filters][frames.length];
        for (int f = 0; f < filters; f++) {
            for (int t = 0; t < frames.length; t++) {
                m[f][t] = frames[t][filters - 1 - f];
            }
        }
        return m;
    }

    /**
     * One map of two parts on the same columns, one column an encoder position: above, the
     * spectrogram averaged over the frames of each position (frame t*stride to t*stride+stack-1, as
     * the features stacked them) and scaled to 0-1 (its lowest value 0, its highest 1); below, after
     * a grey row, the cross-attention [rows][positions], row j the character written at step j. One
     * map, so that a column of sound and the attention paid to it line up exactly.
     */
    public static HeatMap alignment(String title, float[][] logMel, int stack, int stride, double[][] attention,
                                    List<String> rowLabels) {
        rectangular("logMel", logMel);
        int positions = Args.rectangular("attention", attention);
        if (stack < 1 || stride < 1) {
            throw new IllegalArgumentException("stack and stride must be positive, got " + stack + ", " + stride);
        }
        if ((positions - 1) * stride + stack > logMel.length) {
            throw new IllegalArgumentException(positions + " positions of stack " + stack + ", stride " + stride
                    + " need " + ((positions - 1) * stride + stack) + " frames, the spectrogram has " + logMel.length);
        }
        int filters = logMel[0].length;
        float[][] pooled = new float[positions][filters];
        for (int p = 0; p < positions; p++) {
            for (int k = 0; k < stack; k++) {
                for (int f = 0; f < filters; f++) {
                    pooled[p][f] += logMel[p * stride + k][f] / stack;
                }
            }
        }
        double[][] sound = filtersByFrames(pooled);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] row : sound) {
            for (double v : row) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        double[][] m = new double[filters + 1 + attention.length][];
        List<String> rows = new ArrayList<>(m.length);
        for (int f = 0; f < filters; f++) {
            double[] row = sound[f];
            for (int p = 0; p < positions; p++) {
                row[p] = hi > lo ? (row[p] - lo) / (hi - lo) : 0;
            }
            m[f] = row;
            rows.add("mel " + (filters - 1 - f));
        }
        m[filters] = new double[positions];
        java.util.Arrays.fill(m[filters], Double.NaN);
        rows.add("");
        for (int j = 0; j < attention.length; j++) {
            m[filters + 1 + j] = attention[j];
            rows.add(rowLabels == null ? Integer.toString(j) : rowLabels.get(j));
        }
        return new HeatMap(title, m, rows, null, "mel filter (spectrogram, 0-1) / character written (attention)",
                "encoder position", ColorScale.sequential(0, 1));
    }

    /** The width of a non-empty rectangular [rows][cols] array, or a one-line error naming it. */
    private static int rectangular(String name, float[][] m) {
        if (m == null || m.length == 0 || m[0] == null || m[0].length == 0) {
            throw new IllegalArgumentException(name + " is empty");
        }
        for (float[] row : m) {
            if (row == null || row.length != m[0].length) {
                throw new IllegalArgumentException(name + " is not rectangular");
            }
        }
        return m[0].length;
    }
}
