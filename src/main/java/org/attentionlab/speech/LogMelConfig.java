package org.attentionlab.speech;

/**
 * How {@link LogMel} turns 16 kHz audio into log-mel frames.
 *
 * @param sampleRate   samples a second the waveform must have (16,000 by default)
 * @param windowLength samples a frame covers (400 = 25 ms)
 * @param hopLength    samples between frame starts (160 = 10 ms)
 * @param fftSize      FFT length, a power of two at least {@code windowLength} (512); the window is
 *                     zero-padded to it, giving {@code fftSize / 2 + 1} frequency bins
 * @param melBins      mel filters (40 or 80)
 * @param minHz        lowest filter edge (0)
 * @param maxHz        highest filter edge (the Nyquist frequency, 8,000)
 * @param preEmphasis  a in {@code y[n] = x[n] - a x[n-1]} (0.97); 0 for none
 * @param logFloor     energies below this are raised to it before the logarithm (1e-10)
 */
public record LogMelConfig(int sampleRate, int windowLength, int hopLength, int fftSize, int melBins, double minHz,
                           double maxHz, double preEmphasis, double logFloor) {
    public LogMelConfig {
        if (sampleRate <= 0 || windowLength <= 0 || hopLength <= 0 || melBins <= 0) {
            throw new IllegalArgumentException("sample rate, window, hop and mel bins must be positive, got "
                    + sampleRate + ", " + windowLength + ", " + hopLength + ", " + melBins);
        }
        if (Integer.bitCount(fftSize) != 1 || fftSize < windowLength) {
            throw new IllegalArgumentException("fftSize must be a power of two at least the window length "
                    + windowLength + ", got " + fftSize);
        }
        if (!(minHz >= 0 && minHz < maxHz && maxHz <= sampleRate / 2.0)) {
            throw new IllegalArgumentException("mel filters need 0 <= minHz < maxHz <= " + sampleRate / 2.0
                    + " (the Nyquist frequency), got " + minHz + " and " + maxHz);
        }
        if (!(preEmphasis >= 0 && preEmphasis < 1)) {
            throw new IllegalArgumentException("preEmphasis must be in [0, 1), got " + preEmphasis);
        }
        if (!(logFloor > 0)) {
            throw new IllegalArgumentException("logFloor must be positive, got " + logFloor);
        }
    }

    /** 16 kHz, 25 ms Hann windows every 10 ms, 512-point FFT, 40 mel filters 0-8 kHz, pre-emphasis 0.97. */
    public static LogMelConfig defaults() {
        return new LogMelConfig(16_000, 400, 160, 512, 40, 0, 8_000, 0.97, 1e-10);
    }

    public LogMelConfig withMelBins(int bins) {
        return new LogMelConfig(sampleRate, windowLength, hopLength, fftSize, bins, minHz, maxHz, preEmphasis, logFloor);
    }

    public LogMelConfig withPreEmphasis(double a) {
        return new LogMelConfig(sampleRate, windowLength, hopLength, fftSize, melBins, minHz, maxHz, a, logFloor);
    }

    /** Frames a waveform of {@code samples} samples gives: 1 + (samples - window) / hop, and 1 for a shorter one. */
    public int frames(int samples) {
        return samples <= windowLength ? 1 : 1 + (samples - windowLength) / hopLength;
    }
}
