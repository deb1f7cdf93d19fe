package org.attentionlab.speech;

/**
 * Mono audio: samples in [-1, 1] at {@code sampleRate} samples a second.
 *
 * <p>Floats because every step after reading (resampling, noise, the spectrogram) is arithmetic
 * on them; 16-bit integers only at the file boundary ({@link WavFile}). A record of an array:
 * {@code equals} compares the array's identity, not its contents.
 */
public record Waveform(int sampleRate, float[] samples) {
    public Waveform {
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sample rate must be positive, got " + sampleRate);
        }
        if (samples == null) {
            throw new IllegalArgumentException("samples must not be null");
        }
    }

    /** Number of samples. */
    public int length() {
        return samples.length;
    }

    /** Length in seconds. */
    public double seconds() {
        return samples.length / (double) sampleRate;
    }

    /** Root mean square of the samples (0 for no samples). */
    public double rms() {
        if (samples.length == 0) {
            return 0;
        }
        double sum = 0;
        for (float s : samples) {
            sum += (double) s * s;
        }
        return Math.sqrt(sum / samples.length);
    }

    /** Largest absolute sample. */
    public double peak() {
        double max = 0;
        for (float s : samples) {
            max = Math.max(max, Math.abs(s));
        }
        return max;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "Waveform[%d Hz, %d samples, %.3f s]", sampleRate, samples.length,
                seconds());
    }
}
