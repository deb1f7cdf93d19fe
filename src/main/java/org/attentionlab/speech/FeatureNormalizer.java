package org.attentionlab.speech;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Global mean and variance normalisation: each feature dimension minus its mean, divided by its
 * standard deviation, both measured over every frame of the training split.
 *
 * <p>Why global and from training: log-mel values sit around -5 to 5 with very different ranges per
 * filter, while the model's first linear layer is initialised for inputs of unit scale; statistics
 * from training alone keep test data unseen, and global (not per utterance) statistics keep a
 * word's loudness and the silence around it visible. Standard deviations are floored at
 * {@value #MIN_STD}, so a constant dimension does not divide by zero.
 *
 * <p>Saved as text ({@link #save}): a header, then one line a dimension {@code mean std}, exact
 * (shortest float round-trip representation), so a trained model's inputs can be rebuilt.
 *
 * @param mean per dimension
 * @param std  per dimension, at least {@value #MIN_STD}
 */
public record FeatureNormalizer(float[] mean, float[] std) {
    public static final float MIN_STD = 1e-5f;
    static final String HEADER = "# attention-lab feature normalizer v1: mean std, one dimension a line";

    public FeatureNormalizer {
        if (mean.length != std.length || mean.length == 0) {
            throw new IllegalArgumentException("mean and std must have the same, non-zero length, got " + mean.length
                    + " and " + std.length);
        }
    }

    /** Mean and standard deviation of every dimension over all frames of all {@code utterances}. */
    public static FeatureNormalizer fit(Iterable<float[][]> utterances) {
        double[] sum = null;
        double[] sumSq = null;
        long count = 0;
        for (float[][] u : utterances) {
            for (float[] frame : u) {
                if (sum == null) {
                    sum = new double[frame.length];
                    sumSq = new double[frame.length];
                } else if (frame.length != sum.length) {
                    throw new IllegalArgumentException("frames of different sizes: " + sum.length + " and " + frame.length);
                }
                for (int d = 0; d < frame.length; d++) {
                    sum[d] += frame[d];
                    sumSq[d] += (double) frame[d] * frame[d];
                }
                count++;
            }
        }
        if (count == 0) {
            throw new IllegalArgumentException("cannot fit a normalizer to no frames");
        }
        float[] mean = new float[sum.length];
        float[] std = new float[sum.length];
        for (int d = 0; d < sum.length; d++) {
            double mu = sum[d] / count;
            double var = Math.max(0, sumSq[d] / count - mu * mu);
            mean[d] = (float) mu;
            std[d] = (float) Math.max(MIN_STD, Math.sqrt(var));
        }
        return new FeatureNormalizer(mean, std);
    }

    public int dim() {
        return mean.length;
    }

    /** A normalised copy of {@code frames} [n][dim]. */
    public float[][] apply(float[][] frames) {
        float[][] out = new float[frames.length][];
        for (int t = 0; t < frames.length; t++) {
            if (frames[t].length != mean.length) {
                throw new IllegalArgumentException("frame " + t + " has " + frames[t].length
                        + " values, the normalizer expects " + mean.length);
            }
            out[t] = new float[mean.length];
            for (int d = 0; d < mean.length; d++) {
                out[t][d] = (frames[t][d] - mean[d]) / std[d];
            }
        }
        return out;
    }

    public void save(Path file) throws IOException {
        List<String> lines = new ArrayList<>(mean.length + 1);
        lines.add(HEADER);
        for (int d = 0; d < mean.length; d++) {
            lines.add(Float.toString(mean[d]) + " " + Float.toString(std[d]));
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    public static FeatureNormalizer load(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new IOException(file + " is not a feature normalizer file (first line should be '" + HEADER + "')");
        }
        int n = lines.size() - 1;
        float[] mean = new float[n];
        float[] std = new float[n];
        for (int d = 0; d < n; d++) {
            String[] parts = lines.get(d + 1).trim().split(" ");
            try {
                if (parts.length != 2) {
                    throw new NumberFormatException("expected 2 numbers");
                }
                mean[d] = Float.parseFloat(parts[0]);
                std[d] = Float.parseFloat(parts[1]);
            } catch (NumberFormatException e) {
                throw new IOException(file + ":" + (d + 2) + ": expected 'mean std', got '" + lines.get(d + 1) + "'");
            }
            if (!(std[d] > 0)) {
                throw new IOException(file + ":" + (d + 2) + ": std must be positive, got " + std[d]);
            }
        }
        if (n == 0) {
            throw new IOException(file + " holds no dimensions");
        }
        return new FeatureNormalizer(mean, std);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "FeatureNormalizer[%d dims]", mean.length);
    }
}
