package org.attentionlab.speech;

/**
 * Triangular filters equally spaced on the mel scale, the frequency axis of {@link LogMel}.
 *
 * <p>The mel scale is HTK's, {@code mel(f) = 2595 log10(1 + f / 700)}: about linear below 1 kHz
 * and logarithmic above, like the ear's resolution. {@code melBins + 2} points equally spaced in
 * mel from {@code mel(minHz)} to {@code mel(maxHz)} are the edges and centres: filter m rises
 * linearly from point m to point m+1 and falls to point m+2, with peak 1 (HTK's unnormalised
 * triangles, not Slaney's area-normalised ones; the same as librosa's
 * {@code filters.mel(htk=True, norm=None)}). It is evaluated at the FFT bin frequencies
 * {@code k * sampleRate / fftSize}.
 */
final class MelFilterbank {
    private MelFilterbank() {
    }

    static double hzToMel(double hz) {
        return 2595 * StrictMath.log10(1 + hz / 700);
    }

    static double melToHz(double mel) {
        return 700 * (StrictMath.pow(10, mel / 2595) - 1);
    }

    /**
     * Weights [melBins][fftSize/2 + 1].
     *
     * @throws IllegalArgumentException when a filter falls between two FFT bins and has no weight
     *                                  (too many filters for the FFT's resolution)
     */
    static double[][] htk(int melBins, int fftSize, int sampleRate, double minHz, double maxHz) {
        int bins = fftSize / 2 + 1;
        double lo = hzToMel(minHz);
        double hi = hzToMel(maxHz);
        double[] edges = new double[melBins + 2];
        for (int i = 0; i < edges.length; i++) {
            edges[i] = melToHz(lo + (hi - lo) * i / (melBins + 1));
        }
        double[][] w = new double[melBins][bins];
        for (int m = 0; m < melBins; m++) {
            double left = edges[m];
            double centre = edges[m + 1];
            double right = edges[m + 2];
            boolean any = false;
            for (int k = 0; k < bins; k++) {
                double f = (double) k * sampleRate / fftSize;
                double v = Math.max(0, Math.min((f - left) / (centre - left), (right - f) / (right - centre)));
                w[m][k] = v;
                any |= v > 0;
            }
            if (!any) {
                throw new IllegalArgumentException("mel filter " + m + " (" + Math.round(left) + "-" + Math.round(right)
                        + " Hz) covers no FFT bin: " + melBins + " filters are too many for a " + fftSize
                        + "-point FFT at " + sampleRate + " Hz; use fewer filters, a larger FFT or a higher minHz");
            }
        }
        return w;
    }
}
