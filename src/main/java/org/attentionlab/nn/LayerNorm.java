package org.attentionlab.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * y = (x - mean) / sqrt(var + eps) * weight + bias over the last axis of each position, with the
 * biased variance, as {@code torch.nn.LayerNorm}. Parameters "weight" (ones) and "bias" (zeros).
 *
 * <p>Forward and backward are each one Java loop over the rows ({@link Flat}), computing in float64
 * for float64 arrays (gradient checks) and in float32 with float64 row sums for float32 arrays
 * ({@link LayerNormFloat}, faster again). Measured, for the float64 loops, at [1024, 128] float32 on one thread, interleaved runs on a shared 2-core VM (best of 40;
 * medians were 2-4x higher under load): forward 0.5 ms against 1.15 ms for ND4J's {@code layer_norm}
 * op; backward 0.5 ms against 9 ms for {@code layer_norm_bp}. The same maths in 7-10 ND4J ops was
 * also slower than the loops (forward ~0.7-3 ms, backward ~1-9 ms).
 *
 * <p>Backward, with xhat the normalised input and g = dy * weight (per row, means over the d features):
 * dx = rstd * (g - mean(g) - xhat * mean(g * xhat)).
 *
 * <p>Memory: forward keeps a reference to its input (which, as for {@link Linear}, must not be
 * changed before backward) and each row's mean and 1/std, and backward recomputes xhat from them,
 * bit for bit as forward computed it. Keeping xhat itself took a float64 Java array of rows x d per
 * norm, twice the input's size: 100 MB of Java heap at length 256 with 12 norms.
 */
public final class LayerNorm extends Norm {
    private final Parameter weight;
    private final Parameter bias;
    private INDArray lastInput; // [rows, d], the forward's input (a view of it)
    private double[] lastMean; // [rows] or longer: reused while large enough
    private double[] lastRstd; // [rows] or longer
    private int lastRows;
    // Row-sized work buffers (one module is never run by two threads at once).
    private final double[] row;
    private final double[] row2;
    private final double[] xhat;
    private final double[] dw;
    private final double[] db;
    private long[] lastShape;
    private LayerNormFloat floats; // made on first float32 use
    private float[] floatWeight = new float[0];   // the parameters' float32 values, read each forward
    private float[] floatBias = new float[0];

    public LayerNorm(int d, double eps, Init init) {
        super(d, eps);
        this.weight = parameter("weight", init.ones(d));
        this.bias = parameter("bias", init.zeros(d));
        this.row = new double[d];
        this.row2 = new double[d];
        this.xhat = new double[d];
        this.dw = new double[d];
        this.db = new double[d];
    }

    @Override
    public Parameter weight() {
        return weight;
    }

    @Override
    public Parameter bias() {
        return bias;
    }

    /** x [..., d] -> same shape; {@code keep} is checked but not needed: each position is normalised alone. */
    @Override
    public INDArray forward(INDArray x, INDArray keep) {
        checkInput(x);
        keepMask(x, keep);
        INDArray x2 = Arrays2.rows(x, d); // [rows, d]
        int rows = Math.toIntExact(x2.rows());
        INDArray y2 = Nd4j.createUninitialized(x.dataType(), rows, d);
        // Each row's mean and 1/std are kept for backward; the buffers are reused from call to call
        // (grown when a batch is larger) instead of allocated each time, which kept the Java heap,
        // and resident memory, growing between collections.
        double[] mean = lastMean == null || lastMean.length < rows ? new double[rows] : lastMean;
        double[] rstd = lastRstd == null || lastRstd.length < rows ? new double[rows] : lastRstd;
        if (x.dataType() == org.nd4j.linalg.api.buffer.DataType.FLOAT
                && weight.value().dataType() == org.nd4j.linalg.api.buffer.DataType.FLOAT
                && bias.value().dataType() == org.nd4j.linalg.api.buffer.DataType.FLOAT) {
            // The parameters read as floats directly: no float64 copies and no views of the
            // float64 path, which cost more than the normalisation of a decoding step's 32 rows.
            float[] wf = floatWeight.length == d ? floatWeight : (floatWeight = new float[d]);
            float[] bf = floatBias.length == d ? floatBias : (floatBias = new float[d]);
            Flat.floats(weight.value()).get(0, wf, 0, d);
            Flat.floats(bias.value()).get(0, bf, 0, d);
            floatKernels().forward(Flat.floats(x2), Flat.floats(y2), rows, wf, bf, eps, mean, rstd);
            return remember(x2, mean, rstd, rows, x, y2);
        }
        Flat in = Flat.of(x2);
        Flat out = Flat.of(y2);
        double[] w = Flat.of(weight.value()).toArray(0, d);
        double[] b = Flat.of(bias.value()).toArray(0, d);
        double[] xhat = this.row2;
        double[] row = this.row;
        for (int r = 0; r < rows; r++) {
            int o = r * d;
            in.read(o, xhat, 0, d);
            double sum = 0;
            for (int k = 0; k < d; k++) {
                sum += xhat[k];
            }
            double m = sum / d;
            double ss = 0; // two passes: sum of squared deviations, not E[x^2] - mean^2, which cancels
            for (int k = 0; k < d; k++) {
                double c = xhat[k] - m;
                ss += c * c;
            }
            double rs = 1 / Math.sqrt(ss / d + eps);
            mean[r] = m;
            rstd[r] = rs;
            for (int k = 0; k < d; k++) {
                row[k] = (xhat[k] - m) * rs * w[k] + b[k];
            }
            out.write(o, row, 0, d);
        }
        return remember(x2, mean, rstd, rows, x, y2);
    }

    private INDArray remember(INDArray x2, double[] mean, double[] rstd, int rows, INDArray x, INDArray y2) {
        lastInput = x2;
        lastMean = mean;
        lastRstd = rstd;
        lastRows = rows;
        lastShape = x.shape();
        return y2.reshape('c', lastShape);
    }

    private LayerNormFloat floatKernels() {
        if (floats == null) {
            floats = new LayerNormFloat(d);
        }
        return floats;
    }

    private static float[] floats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    @Override
    public INDArray backward(INDArray dy) {
        if (lastInput == null) {
            throw new IllegalStateException("LayerNorm.backward called before forward");
        }
        Checks.shape("LayerNorm output gradient", dy, lastShape);
        INDArray dy2 = Arrays2.rows(dy, d); // [rows, d]
        int rows = lastRows;
        INDArray dx2 = Nd4j.createUninitialized(dy.dataType(), rows, d);
        Flat g = Flat.of(dy2);
        Flat dx = Flat.of(dx2);
        double[] w = Flat.of(weight.value()).toArray(0, d);
        double[] dw = this.dw;
        double[] db = this.db;
        java.util.Arrays.fill(dw, 0);
        java.util.Arrays.fill(db, 0);
        if (dy.dataType() == org.nd4j.linalg.api.buffer.DataType.FLOAT
                && lastInput.dataType() == org.nd4j.linalg.api.buffer.DataType.FLOAT) {
            floatKernels().backward(Flat.floats(lastInput), Flat.floats(dy2), Flat.floats(dx2), rows, floats(w),
                    lastMean, lastRstd, dw, db);
            addParameterGradients(dw, db);
            return dx2.reshape('c', lastShape);
        }
        double[] gRow = this.row;
        double[] eRow = this.row2;
        double[] xhat = this.xhat;
        Flat in = Flat.of(lastInput);
        for (int r = 0; r < rows; r++) {
            int o = r * d;
            double meanG = 0;
            double meanGX = 0;
            double m = lastMean[r];
            double rs = lastRstd[r];
            in.read(o, xhat, 0, d);
            g.read(o, eRow, 0, d);
            for (int k = 0; k < d; k++) {
                double e = eRow[k];
                double h = (xhat[k] - m) * rs;  // forward's xhat, recomputed exactly
                xhat[k] = h;
                dw[k] += e * h;
                db[k] += e;
                double gk = e * w[k];
                gRow[k] = gk;
                meanG += gk;
                meanGX += gk * h;
            }
            meanG /= d;
            meanGX /= d;
            for (int k = 0; k < d; k++) {
                eRow[k] = rs * (gRow[k] - meanG - xhat[k] * meanGX);
            }
            dx.write(o, eRow, 0, d);
        }
        addParameterGradients(dw, db);
        return dx2.reshape('c', lastShape);
    }

    private void addParameterGradients(double[] dw, double[] db) {
        Flat gw = Flat.of(weight.grad());
        Flat gb = Flat.of(bias.grad());
        for (int k = 0; k < d; k++) {
            gw.add(k, dw[k]);
            gb.add(k, db[k]);
        }
    }
}
