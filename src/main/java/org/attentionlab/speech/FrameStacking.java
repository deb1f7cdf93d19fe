package org.attentionlab.speech;

/**
 * Concatenates neighbouring frames and skips ahead, so that the encoder sees fewer, wider positions.
 *
 * <p>Why: at 10 ms a frame a one-second word is 100 frames, and self-attention costs grow with the
 * square of the length; listen-attend-spell shortens the sequence with a pyramid of its layers, and
 * stacking (as in many later systems) does it before the first. Output position t is the
 * concatenation of input frames {@code t * stride .. t * stride + stack - 1}, so its size is
 * {@code stack * dim}; there are {@code 1 + (frames - stack) / stride} positions (up to
 * {@code stride - 1} trailing frames are dropped, usually silence). Fewer than {@code stack} frames
 * give one position, padded by repeating the last frame.
 *
 * @param stack  frames joined into one position (3)
 * @param stride frames between positions (3: no overlap, 30 ms a position)
 */
public record FrameStacking(int stack, int stride) {
    public FrameStacking {
        if (stack < 1 || stride < 1) {
            throw new IllegalArgumentException("stack and stride must be at least 1, got " + stack + " and " + stride);
        }
    }

    /** Stack 3, stride 3. */
    public static FrameStacking defaults() {
        return new FrameStacking(3, 3);
    }

    /** No stacking: every frame as it is. */
    public static FrameStacking none() {
        return new FrameStacking(1, 1);
    }

    /** Positions {@code frames} input frames give. */
    public int positions(int frames) {
        return frames <= stack ? 1 : 1 + (frames - stack) / stride;
    }

    /** The stacked frames [positions][stack * dim] of {@code frames} [n][dim] (n >= 1). */
    public float[][] apply(float[][] frames) {
        if (frames.length == 0) {
            throw new IllegalArgumentException("cannot stack zero frames");
        }
        int dim = frames[0].length;
        int n = positions(frames.length);
        float[][] out = new float[n][stack * dim];
        for (int t = 0; t < n; t++) {
            for (int s = 0; s < stack; s++) {
                int f = Math.min(t * stride + s, frames.length - 1);
                System.arraycopy(frames[f], 0, out[t], s * dim, dim);
            }
        }
        return out;
    }
}
