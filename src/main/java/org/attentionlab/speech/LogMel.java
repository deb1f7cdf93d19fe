package org.attentionlab.speech;

import org.jtransforms.fft.DoubleFFT_1D;

/**
 * Log-mel spectrogram: what the encoder of listen-attend-spell reads instead of token embeddings.
 *
 * <p>For each frame f (starting at sample {@code f * hop}; a waveform shorter than one window is
 * zero-padded to one frame, and a last partial window is dropped):
 * <ol>
 *   <li>pre-emphasis over the whole signal, {@code y[n] = x[n] - a x[n-1]} ({@code y[0] = x[0]}):
 *       lifts high frequencies, whose energy in speech is much lower, so they weigh more;</li>
 *   <li>a periodic Hann window {@code w[n] = 0.5 - 0.5 cos(2 pi n / N)}, N = window length, which
 *       tapers the frame's edges so the FFT does not see a jump;</li>
 *   <li>the power spectrum {@code |X[k]|^2}, k = 0..fftSize/2, of the window zero-padded to
 *       fftSize, by JTransforms' real FFT;</li>
 *   <li>mel energies {@code E[m] = sum_k F[m][k] |X[k]|^2} (see {@link #filterbank()});</li>
 *   <li>{@code ln(max(E[m], logFloor))}: the log compresses loudness to roughly how it is heard,
 *       and turns a gain into an offset that normalisation removes.</li>
 * </ol>
 * Arithmetic in double, result in float. Not thread-safe (the FFT's scratch buffer is shared):
 * use one instance a thread.
 */
public final class LogMel {
    private final LogMelConfig config;
    private final double[] window;
    private final double[][] filters;
    private final int[] firstBin;
    private final int[] endBin;
    private final DoubleFFT_1D fft;
    private final double[] buffer;

    public LogMel(LogMelConfig config) {
        this.config = config;
        int n = config.windowLength();
        window = new double[n];
        for (int i = 0; i < n; i++) {
            window[i] = 0.5 - 0.5 * StrictMath.cos(2 * StrictMath.PI * i / n);
        }
        filters = MelFilterbank.htk(config.melBins(), config.fftSize(), config.sampleRate(), config.minHz(),
                config.maxHz());
        // Each triangle is zero outside a short run of bins; summing only that run is ~10x less work.
        firstBin = new int[filters.length];
        endBin = new int[filters.length];
        for (int m = 0; m < filters.length; m++) {
            int k = 0;
            while (filters[m][k] == 0) {
                k++;
            }
            firstBin[m] = k;
            int end = filters[m].length;
            while (filters[m][end - 1] == 0) {
                end--;
            }
            endBin[m] = end;
        }
        fft = new DoubleFFT_1D(config.fftSize());
        buffer = new double[config.fftSize()];
    }

    public LogMelConfig config() {
        return config;
    }

    /** The mel filter weights [melBins][fftSize/2 + 1] (a copy). */
    public double[][] filterbank() {
        double[][] copy = new double[filters.length][];
        for (int m = 0; m < filters.length; m++) {
            copy[m] = filters[m].clone();
        }
        return copy;
    }

    /** Log-mel frames [frames][melBins] of a waveform at the configured sample rate. */
    public float[][] compute(Waveform wave) {
        if (wave.sampleRate() != config.sampleRate()) {
            throw new IllegalArgumentException("log-mel features expect " + config.sampleRate() + " Hz audio, got "
                    + wave.sampleRate() + " Hz (resample it first: Resampler.resample(wave, " + config.sampleRate() + "))");
        }
        float[] x = wave.samples();
        double a = config.preEmphasis();
        double[] y = new double[Math.max(x.length, config.windowLength())];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i] - (i > 0 ? a * x[i - 1] : 0);
        }
        int frames = config.frames(x.length);
        int bins = config.fftSize() / 2 + 1;
        double[] power = new double[bins];
        float[][] out = new float[frames][config.melBins()];
        for (int f = 0; f < frames; f++) {
            int start = f * config.hopLength();
            java.util.Arrays.fill(buffer, 0);
            for (int i = 0; i < window.length; i++) {
                buffer[i] = y[start + i] * window[i];
            }
            powerSpectrum(power);
            for (int m = 0; m < filters.length; m++) {
                double[] w = filters[m];
                double e = 0;
                for (int k = firstBin[m]; k < endBin[m]; k++) {
                    e += w[k] * power[k];
                }
                out[f][m] = (float) Math.log(Math.max(e, config.logFloor()));
            }
        }
        return out;
    }

    /**
     * {@code |X[k]|^2} of {@link #buffer} into {@code power}. JTransforms' {@code realForward} leaves,
     * for an even length n, {@code a[0] = Re X[0]}, {@code a[1] = Re X[n/2]} and
     * {@code a[2k], a[2k+1] = Re, Im X[k]} for 0 < k < n/2.
     */
    private void powerSpectrum(double[] power) {
        fft.realForward(buffer);
        int half = buffer.length / 2;
        power[0] = buffer[0] * buffer[0];
        power[half] = buffer[1] * buffer[1];
        for (int k = 1; k < half; k++) {
            double re = buffer[2 * k];
            double im = buffer[2 * k + 1];
            power[k] = re * re + im * im;
        }
    }
}
