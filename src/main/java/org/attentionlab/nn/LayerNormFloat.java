package org.attentionlab.nn;

import java.nio.FloatBuffer;

/**
 * {@link LayerNorm}'s loops for float32 arrays: the same maths as its float64 loops, reading and
 * writing float32 directly, in blocks of rows copied to and from Java arrays in bulk.
 *
 * <p>Why: the general loops move every element through {@link Flat}'s float64 staging (a bulk copy,
 * a widening loop, the arithmetic, a narrowing loop, a bulk copy), which made LayerNorm about a
 * sixth of a greedy decode without the KV cache and a tenth of a training step (perf samples,
 * docs/benchmarks.md). Here the element-wise passes are plain float loops the JIT vectorises, and
 * only the row sums run in float64 (four accumulators each, for precision and instruction-level
 * parallelism; with the Vector API, {@link VectorRows}, float32 sums a lane added in float64,
 * because HotSpot 17 does not vectorise a reduction). Forward writes each row's mean and 1/std (as float64, rounded to float32 where
 * used) for backward, which recomputes xhat = (x - mean) * rstd exactly as forward did.
 */
final class LayerNormFloat {
    /** Rows per block: 64 rows of 512 floats are 128 KB, well inside the L2 cache. */
    private static final int BLOCK = 64;
    /** The row sums and dot products in the Vector API ({@link VectorRows}) where the JVM has it. */
    private static final boolean VECTOR = MaskedSoftmax.vectorApi();

    private final int d;
    private final float[] x;
    private final float[] y;
    private final float[] xhat;
    private final float[] rowIn;
    private final float[] rowOut;
    private final float[] gw;
    private final float[] dwBlock;
    private final float[] dbBlock;

    LayerNormFloat(int d) {
        this.d = d;
        this.x = new float[BLOCK * d];
        this.y = new float[BLOCK * d];
        this.xhat = new float[d];
        this.rowIn = new float[d];
        this.rowOut = new float[d];
        this.gw = new float[d];
        this.dwBlock = new float[d];
        this.dbBlock = new float[d];
    }

    /** out = LN(in) over {@code rows} rows of d; fills mean[r] and rstd[r]. */
    void forward(FloatBuffer in, FloatBuffer out, int rows, float[] w, float[] b, double eps, double[] mean,
            double[] rstd) {
        for (int r0 = 0; r0 < rows; r0 += BLOCK) {
            int n = Math.min(BLOCK, rows - r0);
            in.get(r0 * d, x, 0, n * d);
            for (int i = 0; i < n; i++) {
                int o = i * d;
                double m = (VECTOR ? VectorRows.sum(x, o, d) : sum(x, o)) / d;
                float mf = (float) m;
                // Two passes, not E[x^2] - mean^2, which cancels.
                double ss = VECTOR ? VectorRows.squaredDeviations(x, o, d, mf) : squaredDeviations(x, o, mf);
                double rs = 1 / Math.sqrt(ss / d + eps);
                mean[r0 + i] = m;
                rstd[r0 + i] = rs;
                float rsf = (float) rs;
                if (VECTOR) {
                    VectorRows.normalize(x, y, o, d, mf, rsf, w, b);
                    continue;
                }
                // The row is normalised in arrays indexed from 0 like w and b: HotSpot 17 vectorises
                // the loop only then (with x[o + k] beside w[k] it ran at scalar speed, most of a
                // LayerNorm's time).
                System.arraycopy(x, o, rowIn, 0, d);
                for (int k = 0; k < d; k++) {
                    rowOut[k] = (rowIn[k] - mf) * rsf * w[k] + b[k];
                }
                System.arraycopy(rowOut, 0, y, o, d);
            }
            out.put(r0 * d, y, 0, n * d);
        }
    }

    /**
     * dx = rstd * (g - mean(g) - xhat * mean(g * xhat)) with g = dy * w, for the forward input
     * {@code in}; adds dL/dw and dL/db into {@code dw} and {@code db}.
     */
    void backward(FloatBuffer in, FloatBuffer dy, FloatBuffer dx, int rows, float[] w, double[] mean, double[] rstd,
            double[] dw, double[] db) {
        float[] g = y;   // the block's dy, overwritten row by row with dx
        for (int r0 = 0; r0 < rows; r0 += BLOCK) {
            int n = Math.min(BLOCK, rows - r0);
            in.get(r0 * d, x, 0, n * d);
            dy.get(r0 * d, g, 0, n * d);
            java.util.Arrays.fill(dwBlock, 0);
            java.util.Arrays.fill(dbBlock, 0);
            for (int i = 0; i < n; i++) {
                int o = i * d;
                float mf = (float) mean[r0 + i];
                float rsf = (float) rstd[r0 + i];
                if (VECTOR) {
                    VectorRows.backwardTerms(x, g, o, d, mf, rsf, w, xhat, dwBlock, dbBlock, gw);
                    float meanG = (float) (VectorRows.sum(gw, 0, d) / d);
                    float meanGX = (float) (VectorRows.dot(gw, xhat, d) / d);
                    VectorRows.inputGradient(g, o, d, rsf, gw, meanG, xhat, meanGX);
                    continue;
                }
                for (int k = 0; k < d; k++) {
                    float h = (x[o + k] - mf) * rsf;
                    float e = g[o + k];
                    xhat[k] = h;
                    dwBlock[k] += e * h;
                    dbBlock[k] += e;
                    gw[k] = e * w[k];
                }
                float meanG = (float) (sum(gw, 0) / d);
                float meanGX = (float) (dot(gw, xhat) / d);
                for (int k = 0; k < d; k++) {
                    g[o + k] = rsf * (gw[k] - meanG - xhat[k] * meanGX);
                }
            }
            dx.put(r0 * d, g, 0, n * d);
            for (int k = 0; k < d; k++) {
                dw[k] += dwBlock[k];
                db[k] += dbBlock[k];
            }
        }
    }

    /** Sum of a[o .. o+d) in float64, four accumulators. */
    private double sum(float[] a, int o) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int k = 0;
        for (; k + 3 < d; k += 4) {
            s0 += a[o + k];
            s1 += a[o + k + 1];
            s2 += a[o + k + 2];
            s3 += a[o + k + 3];
        }
        for (; k < d; k++) {
            s0 += a[o + k];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Sum of (a[o+k] - m)^2 over the row in float64, four accumulators. */
    private double squaredDeviations(float[] a, int o, float m) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int k = 0;
        for (; k + 3 < d; k += 4) {
            double c0 = a[o + k] - m;
            double c1 = a[o + k + 1] - m;
            double c2 = a[o + k + 2] - m;
            double c3 = a[o + k + 3] - m;
            s0 += c0 * c0;
            s1 += c1 * c1;
            s2 += c2 * c2;
            s3 += c3 * c3;
        }
        for (; k < d; k++) {
            double c = a[o + k] - m;
            s0 += c * c;
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** a . b over the d entries in float64, four accumulators. */
    private double dot(float[] a, float[] b) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int k = 0;
        for (; k + 3 < d; k += 4) {
            s0 += (double) a[k] * b[k];
            s1 += (double) a[k + 1] * b[k + 1];
            s2 += (double) a[k + 2] * b[k + 2];
            s3 += (double) a[k + 3] * b[k + 3];
        }
        for (; k < d; k++) {
            s0 += (double) a[k] * b[k];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
