package org.attentionlab.decode;

/**
 * The END-token strategy's safety net: decoding stops at END or after {@code a * srcLen + b}
 * tokens, whichever comes first. A cap that is too small truncates correct outputs; one too large
 * only costs time on sequences that never emit END.
 */
public record LengthCap(double a, int b) {
    public LengthCap {
        if (!(a >= 0) || b < 0) {
            throw new IllegalArgumentException("length cap a * src_len + b needs a >= 0 and b >= 0, got a=" + a
                    + ", b=" + b);
        }
    }

    /** A cap of exactly {@code n} tokens whatever the source length. */
    public static LengthCap fixed(int n) {
        return new LengthCap(0, n);
    }

    /** The maximum number of output tokens for a source of {@code srcLen} real tokens (at least 1). */
    public int maxTokens(int srcLen) {
        return Math.max(1, (int) Math.floor(a * srcLen + b));
    }
}
