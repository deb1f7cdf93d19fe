package org.attentionlab.speech;

/**
 * The whole path from audio to encoder input: resample to the configured rate, log-mel frames
 * ({@link LogMel}), normalise each mel dimension ({@link FeatureNormalizer}), stack frames
 * ({@link FrameStacking}). Normalising before stacking keeps one mean and deviation per mel filter
 * (stacking only repeats dimensions). Thread-safe: each thread gets its own {@link LogMel}.
 */
public final class SpeechFeatures {
    private final LogMelConfig logMel;
    private final FrameStacking stacking;
    private final ThreadLocal<LogMel> extractor;

    public SpeechFeatures(LogMelConfig logMel, FrameStacking stacking) {
        this.logMel = logMel;
        this.stacking = stacking;
        this.extractor = ThreadLocal.withInitial(() -> new LogMel(logMel));
        new LogMel(logMel); // fail now, not in a worker, when the filterbank is impossible
    }

    /** 40 log-mel filters, 25/10 ms frames at 16 kHz, stacked 3 with stride 3: 120 values a position. */
    public static SpeechFeatures defaults() {
        return new SpeechFeatures(LogMelConfig.defaults(), FrameStacking.defaults());
    }

    public LogMelConfig logMel() {
        return logMel;
    }

    public FrameStacking stacking() {
        return stacking;
    }

    /** Values an encoder position holds: mel filters times frames stacked. */
    public int dim() {
        return logMel.melBins() * stacking.stack();
    }

    /** Log-mel frames [frames][melBins], resampling first when the waveform's rate differs. */
    public float[][] logMel(Waveform wave) {
        return extractor.get().compute(Resampler.resample(wave, logMel.sampleRate()));
    }

    /** Normalised and stacked frames [positions][dim] from log-mel frames. */
    public float[][] encoderInput(float[][] logMelFrames, FeatureNormalizer normalizer) {
        if (normalizer.dim() != logMel.melBins()) {
            throw new IllegalArgumentException("the normalizer has " + normalizer.dim() + " dimensions, the features "
                    + logMel.melBins() + " mel filters");
        }
        return stacking.apply(normalizer.apply(logMelFrames));
    }

    /** {@link #encoderInput} of {@link #logMel}: audio to the encoder's input in one call. */
    public float[][] encoderInput(Waveform wave, FeatureNormalizer normalizer) {
        return encoderInput(logMel(wave), normalizer);
    }

    @Override
    public String toString() {
        return "SpeechFeatures[" + logMel.melBins() + " mel, stack " + stacking.stack() + " stride "
                + stacking.stride() + ", dim " + dim() + "]";
    }
}
