package org.attentionlab.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Normalises each feature with statistics over the batch and time axes, as
 * {@code torch.nn.BatchNorm1d(d)} applied to x permuted to [B, d, T].
 *
 * <p>Parameters "weight" (ones) and "bias" (zeros); buffers "running_mean" (zeros), "running_var"
 * (ones) and "num_batches_tracked" (an int64 scalar), named as PyTorch's. In training the batch is
 * normalised with its biased variance, and the running statistics move towards the batch's mean and
 * its <em>unbiased</em> variance: running = (1 - momentum) * running + momentum * batch. In evaluation
 * ({@code !isTraining()}) the running statistics are used and nothing is updated.
 *
 * <p>With {@code excludePadding}, positions whose keep is 0 are left out of the mean and variance (so
 * the amount of padding in a batch does not shift the statistics) and receive no gradient through
 * them. Their outputs are still computed, normalised with the real tokens' statistics and the same
 * affine map, so they stay finite and bounded; masks downstream ignore them.
 *
 * <p>Backward, with m_i = 1 for a row in the statistics and 0 otherwise, M = sum m, g = dy * weight
 * and sums over <em>all</em> rows (padded outputs also depend on the statistics):
 * dx_i = rstd * (g_i - m_i * (sum g + xhat_i * sum g * xhat) / M). With every m_i = 1 this is the
 * textbook formula.
 */
public final class BatchNorm extends Norm {
    private final double momentum;
    private final boolean excludePadding;
    private final Parameter weight;
    private final Parameter bias;
    private final INDArray runningMean;
    private final INDArray runningVar;
    private final INDArray numBatchesTracked;

    private double[] lastXhat; // [rows * d]
    private double[] lastRstd; // [d]
    private double[] lastMask; // [rows], 1 = in the statistics; null when the batch statistics were not used
    private double lastCount; // M
    private long[] lastShape;

    public BatchNorm(int d, double eps, double momentum, boolean excludePadding, Init init) {
        super(d, eps);
        Checks.inRange("momentum", momentum, 0, 1);
        this.momentum = momentum;
        this.excludePadding = excludePadding;
        this.weight = parameter("weight", init.ones(d));
        this.bias = parameter("bias", init.zeros(d));
        this.runningMean = buffer("running_mean", init.zeros(d));
        this.runningVar = buffer("running_var", init.ones(d));
        this.numBatchesTracked = buffer("num_batches_tracked", Nd4j.scalar(DataType.INT64, 0L));
    }

    @Override
    public Parameter weight() {
        return weight;
    }

    @Override
    public Parameter bias() {
        return bias;
    }

    public INDArray runningMean() {
        return runningMean;
    }

    public INDArray runningVar() {
        return runningVar;
    }

    public long numBatchesTracked() {
        return numBatchesTracked.getLong(0);
    }

    public boolean excludesPadding() {
        return excludePadding;
    }

    @Override
    public INDArray forward(INDArray x, INDArray keep) {
        checkInput(x);
        double[] keepMask = keepMask(x, keep);
        INDArray x2 = Arrays2.rows(x, d); // [rows, d] with rows = B*T
        int rows = Math.toIntExact(x2.rows());
        Flat in = Flat.of(x2);
        double[] xv = in.toArray(0, rows * d);
        double[] mean;
        double[] rstd = new double[d];
        double[] mask = null;
        double count = rows;
        if (isTraining()) {
            mask = new double[rows];
            count = 0;
            for (int r = 0; r < rows; r++) {
                mask[r] = (excludePadding && keepMask != null && keepMask[r] == 0) ? 0 : 1;
                count += mask[r];
            }
            if (count < 2) {
                throw new IllegalArgumentException("BatchNorm needs more than one real position per feature in"
                        + " training, got " + (int) count + " of " + rows);
            }
            mean = new double[d];
            double[] ss = new double[d];
            for (int r = 0; r < rows; r++) {
                if (mask[r] != 0) {
                    for (int k = 0; k < d; k++) {
                        mean[k] += xv[r * d + k];
                    }
                }
            }
            for (int k = 0; k < d; k++) {
                mean[k] /= count;
            }
            for (int r = 0; r < rows; r++) {
                if (mask[r] != 0) {
                    for (int k = 0; k < d; k++) {
                        double c = xv[r * d + k] - mean[k];
                        ss[k] += c * c;
                    }
                }
            }
            Flat rm = Flat.of(runningMean);
            Flat rv = Flat.of(runningVar);
            for (int k = 0; k < d; k++) {
                double biasedVar = ss[k] / count;
                rstd[k] = 1 / Math.sqrt(biasedVar + eps);
                // PyTorch: running stats take the unbiased variance, sum of squares / (M - 1).
                rm.set(k, (1 - momentum) * rm.get(k) + momentum * mean[k]);
                rv.set(k, (1 - momentum) * rv.get(k) + momentum * ss[k] / (count - 1));
            }
            numBatchesTracked.addi(1);
        } else {
            mean = Flat.of(runningMean).toArray(0, d);
            double[] var = Flat.of(runningVar).toArray(0, d);
            for (int k = 0; k < d; k++) {
                rstd[k] = 1 / Math.sqrt(var[k] + eps);
            }
        }
        double[] w = Flat.of(weight.value()).toArray(0, d);
        double[] b = Flat.of(bias.value()).toArray(0, d);
        INDArray y2 = Nd4j.createUninitialized(x.dataType(), rows, d);
        Flat out = Flat.of(y2);
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < d; k++) {
                int i = r * d + k;
                double h = (xv[i] - mean[k]) * rstd[k];
                xv[i] = h; // xv now holds xhat
                out.set(i, h * w[k] + b[k]);
            }
        }
        lastXhat = xv;
        lastRstd = rstd;
        lastMask = mask;
        lastCount = count;
        lastShape = x.shape();
        return y2.reshape('c', lastShape);
    }

    @Override
    public INDArray backward(INDArray dy) {
        if (lastXhat == null) {
            throw new IllegalStateException("BatchNorm.backward called before forward");
        }
        Checks.shape("BatchNorm output gradient", dy, lastShape);
        INDArray dy2 = Arrays2.rows(dy, d); // [rows, d]
        int rows = Math.toIntExact(dy2.rows());
        double[] e = Flat.of(dy2).toArray(0, rows * d);
        double[] w = Flat.of(weight.value()).toArray(0, d);
        double[] sumE = new double[d]; // sum of dy: the bias gradient
        double[] sumEX = new double[d]; // sum of dy * xhat: the weight gradient
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < d; k++) {
                int i = r * d + k;
                sumE[k] += e[i];
                sumEX[k] += e[i] * lastXhat[i];
            }
        }
        INDArray dx2 = Nd4j.createUninitialized(dy.dataType(), rows, d);
        Flat dx = Flat.of(dx2);
        for (int r = 0; r < rows; r++) {
            double m = lastMask == null ? 0 : lastMask[r] / lastCount;
            for (int k = 0; k < d; k++) {
                int i = r * d + k;
                // sum g = w * sumE and sum g * xhat = w * sumEX, g = dy * w.
                double term = m == 0 ? 0 : m * w[k] * (sumE[k] + lastXhat[i] * sumEX[k]);
                dx.set(i, lastRstd[k] * (e[i] * w[k] - term));
            }
        }
        Flat gw = Flat.of(weight.grad());
        Flat gb = Flat.of(bias.grad());
        for (int k = 0; k < d; k++) {
            gw.add(k, sumEX[k]);
            gb.add(k, sumE[k]);
        }
        return dx2.reshape('c', lastShape);
    }
}
