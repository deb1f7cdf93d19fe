package org.attentionlab.nn;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The softmax of every row of a 2-D array, as the loss needs it over [positions, vocabulary].
 *
 * <p>Why not always ND4J's op: for float32, where the JVM has the Vector API, the rows go through
 * {@link MaskedSoftmaxVector}'s loops (a 16-lane exponential on AVX-512, about 1 ns a number
 * against about 3 for the op; the op over the loss's [2048, 1000] logits was a few percent of a
 * training step at length 64). Otherwise, and for float64, ND4J's {@code softmax} op. The two agree
 * within float rounding.
 */
public final class RowSoftmax {
    /** Numbers copied to the Java heap at a time (256 KB). */
    private static final int BLOCK = 65_536;
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[BLOCK]);

    private RowSoftmax() {
    }

    /** out[r, :] = softmax(z[r, :]) for z [R, C]; out has z's shape and type and may be z itself. */
    public static void apply(INDArray z, INDArray out) {
        Checks.rank("softmax input", z, 2);
        Checks.shape("softmax output", out, z.shape());
        int cols = Math.toIntExact(z.size(1));
        if (!MaskedSoftmax.available(z.dataType()) || out.dataType() != DataType.FLOAT || cols > BLOCK
                || !Flat.isCContiguous(z) || !Flat.isCContiguous(out)) {
            Nd4j.exec(new SoftMax(z, out, 1));
            return;
        }
        int rows = Math.toIntExact(z.size(0));
        float neg = (float) ScaledDotProductAttention.maskValue(DataType.FLOAT);
        float[] block = SCRATCH.get();
        int rowsPerBlock = BLOCK / cols;
        FloatBuffer in = Flat.floats(z);
        FloatBuffer to = Flat.floats(out);
        for (int r0 = 0; r0 < rows; r0 += rowsPerBlock) {
            int n = Math.min(rowsPerBlock, rows - r0);
            in.get(r0 * cols, block, 0, n * cols);
            for (int r = 0; r < n; r++) {
                MaskedSoftmaxVector.row(block, r * cols, cols, cols, null, neg);
            }
            to.put(r0 * cols, block, 0, n * cols);
        }
    }
}
