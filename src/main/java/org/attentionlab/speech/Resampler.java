package org.attentionlab.speech;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Changes a waveform's sample rate by band-limited interpolation with a Kaiser-windowed sinc.
 *
 * <p>Why: espeak-ng speaks at 22,050 Hz and the features expect 16 kHz (and a user's WAV may have
 * any rate). Output sample m lies at input time {@code t = m * in / out}; it is
 * {@code sum_k x[k] h(t - k)}, with h a low-pass filter: a sinc cut off at 92 % of the lower of the
 * two Nyquist frequencies, times a Kaiser window (beta 8.6) {@value #ZERO_CROSSINGS} zero crossings
 * wide on each side. Going from 22,050 to 16,000 Hz (96 taps) that passes up to 7 kHz within
 * 0.5 dB and stops 8 kHz and above by more than 90 dB, so nothing folds back into the band. With the ratio reduced to {@code L/M} ({@code out/in}), t's fractional
 * part takes only L values, so the filter taps are tabulated once per phase; each phase's taps are
 * scaled to sum to 1, so a constant signal stays exactly constant. Samples outside the input count as 0.
 *
 * <p>Deterministic to the bit: the taps use {@link StrictMath}, and the sums run in a fixed order in
 * double precision, so the same input gives the same output on every JVM.
 */
public final class Resampler {
    /** Zero crossings of the sinc kept on each side of the centre. */
    public static final int ZERO_CROSSINGS = 32;
    private static final double ROLLOFF = 0.92;
    private static final double KAISER_BETA = 8.6;

    private static final Map<Long, Taps> TABLES = new ConcurrentHashMap<>();

    /** Tabulated filter: {@code weights[phase][j]} multiplies {@code x[floor(t) - half + 1 + j]}. */
    private record Taps(int up, int down, int half, double[][] weights) {
    }

    private Resampler() {
    }

    /** The waveform at {@code targetRate}; the same object when the rate already matches. */
    public static Waveform resample(Waveform wave, int targetRate) {
        if (targetRate <= 0) {
            throw new IllegalArgumentException("target sample rate must be positive, got " + targetRate);
        }
        int from = wave.sampleRate();
        if (from == targetRate) {
            return wave;
        }
        int g = gcd(from, targetRate);
        int up = targetRate / g;
        int down = from / g;
        Taps taps = TABLES.computeIfAbsent(((long) up << 32) | down, k -> tabulate(up, down));
        float[] x = wave.samples();
        int outLength = (int) ((long) x.length * up / down);
        float[] y = new float[outLength];
        int width = 2 * taps.half;
        for (int m = 0; m < outLength; m++) {
            long position = (long) m * down; // t = position / up input samples
            int base = (int) (position / up);
            int phase = (int) (position % up);
            double[] w = taps.weights[phase];
            int first = base - taps.half + 1;
            double sum = 0;
            int jStart = Math.max(0, -first);
            int jEnd = Math.min(width, x.length - first);
            for (int j = jStart; j < jEnd; j++) {
                sum += w[j] * x[first + j];
            }
            y[m] = (float) sum;
        }
        return new Waveform(targetRate, y);
    }

    private static Taps tabulate(int up, int down) {
        // Cut-off in cycles per input sample: below both Nyquist frequencies (0.5 and 0.5 * up / down).
        double cutoff = 0.5 * ROLLOFF * Math.min(1.0, (double) up / down);
        // The window covers ZERO_CROSSINGS zeros of sinc(2 cutoff x) on each side.
        double radius = ZERO_CROSSINGS / (2 * cutoff);
        int half = (int) Math.ceil(radius);
        double[][] weights = new double[up][2 * half];
        double i0Beta = besselI0(KAISER_BETA);
        for (int phase = 0; phase < up; phase++) {
            double frac = (double) phase / up;
            double sum = 0;
            for (int j = 0; j < 2 * half; j++) {
                double d = (j - half + 1) - frac; // tap position relative to t, in input samples
                double v = 0;
                if (Math.abs(d) < radius) {
                    double r = d / radius;
                    double window = besselI0(KAISER_BETA * StrictMath.sqrt(1 - r * r)) / i0Beta;
                    v = 2 * cutoff * sinc(2 * cutoff * d) * window;
                }
                weights[phase][j] = v;
                sum += v;
            }
            for (int j = 0; j < 2 * half; j++) {
                weights[phase][j] /= sum;
            }
        }
        return new Taps(up, down, half, weights);
    }

    private static double sinc(double x) {
        if (x == 0) {
            return 1;
        }
        double px = StrictMath.PI * x;
        return StrictMath.sin(px) / px;
    }

    /** Modified Bessel function of the first kind, order 0, by its power series (converges fast for x < 20). */
    static double besselI0(double x) {
        double term = 1;
        double sum = 1;
        double q = x * x / 4;
        for (int k = 1; k < 200 && term > 1e-17 * sum; k++) {
            term *= q / ((double) k * k);
            sum += term;
        }
        return sum;
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
