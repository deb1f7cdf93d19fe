package org.attentionlab.data;

/**
 * A source given as feature vectors (one row a frame: a log-mel spectrogram of an utterance, say)
 * and its target as vocabulary ids without BOS or END, which {@link FeatureBatcher} adds. The
 * feature counterpart of {@link EncodedPair}.
 *
 * <p>Checked once here, so that a ragged or non-finite spectrogram fails with its position rather
 * than as a NaN loss a thousand steps later. The arrays are kept, not copied.
 *
 * @param features [frames][featureDim], at least one frame, every row of one width, all finite
 * @param target   target ids [tokens]
 */
public record FeaturePair(float[][] features, int[] target) {
    public FeaturePair {
        if (features == null || target == null) {
            throw new IllegalArgumentException("feature pair: features and target must not be null");
        }
        if (features.length == 0 || features[0] == null || features[0].length == 0) {
            throw new IllegalArgumentException("feature pair: the source needs at least one frame of at least one"
                    + " feature, got " + (features.length == 0 ? "no frames" : "an empty first frame"));
        }
        int width = features[0].length;
        for (int t = 0; t < features.length; t++) {
            float[] row = features[t];
            if (row == null || row.length != width) {
                throw new IllegalArgumentException("feature pair: frame " + t + " has "
                        + (row == null ? "no array" : row.length + " features") + " but frame 0 has " + width);
            }
            for (int k = 0; k < width; k++) {
                if (!Float.isFinite(row[k])) {
                    throw new IllegalArgumentException("feature pair: feature " + k + " of frame " + t + " is "
                            + row[k]);
                }
            }
        }
    }

    /** Number of frames (source positions). */
    public int frames() {
        return features.length;
    }

    /** Width of one feature vector. */
    public int featureDim() {
        return features[0].length;
    }
}
