package org.attentionlab.data;

/**
 * A pair as vocabulary ids, without BOS or END: the {@link Batcher} adds those when it builds the
 * decoder's input ({@code BOS + target}) and output ({@code target + END}).
 */
public record EncodedPair(int[] source, int[] target) {
    public EncodedPair {
        if (source == null || target == null) {
            throw new IllegalArgumentException("encoded source and target must not be null");
        }
    }
}
