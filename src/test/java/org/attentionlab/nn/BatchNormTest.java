package org.attentionlab.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class BatchNormTest {
    private final Init init = new Init(31, DataType.DOUBLE);

    private BatchNorm withRandomAffine(boolean excludePadding) {
        BatchNorm bn = new BatchNorm(4, 1e-5, 0.1, excludePadding, init);
        bn.weight().value().assign(init.normal(1, 4).addi(1));
        bn.bias().value().assign(init.normal(1, 4));
        return bn;
    }

    /** [2, 3] with the last position of the second sequence padded. */
    private INDArray keep() {
        return Nd4j.create(new double[][] {{1, 1, 1}, {1, 1, 0}});
    }

    @Test
    void trainingGradientsMatchCentralDifferences() {
        BatchNorm bn = withRandomAffine(false);
        INDArray x = init.normal(2, 2, 3, 4).addi(1);
        GradientCheck.of(() -> bn.forward(x, null))
                .backward(dy -> List.of(bn.backward(dy)))
                .input("x", x)
                .parameters(bn)
                .verify();
    }

    @Test
    void trainingGradientsWithPaddingExcludedMatchCentralDifferences() {
        BatchNorm bn = withRandomAffine(true);
        INDArray x = init.normal(2, 2, 3, 4).addi(1);
        INDArray keep = keep();
        GradientCheck.of(() -> bn.forward(x, keep))
                .backward(dy -> List.of(bn.backward(dy)))
                .input("x", x)
                .parameters(bn)
                .samples(24) // all of x, including the padded position
                .verify();
    }

    @Test
    void evalGradientsMatchCentralDifferences() {
        BatchNorm bn = withRandomAffine(false);
        bn.runningMean().assign(init.normal(1, 4));
        bn.runningVar().assign(init.uniform(1, 4).addi(1.5));
        bn.train(false);
        INDArray x = init.normal(1, 2, 3, 4);
        GradientCheck.of(() -> bn.forward(x, null))
                .backward(dy -> List.of(bn.backward(dy)))
                .input("x", x)
                .parameters(bn)
                .verify();
    }

    @Test
    void runningStatisticsFollowPytorchsMomentumAndUnbiasedVariance() {
        BatchNorm bn = new BatchNorm(2, 1e-5, 0.1, false, init);
        INDArray x = init.normal(2, 3, 4, 2).addi(3);
        bn.forward(x, null);
        INDArray rows = x.reshape(12, 2);
        for (int k = 0; k < 2; k++) {
            INDArray col = rows.getColumn(k);
            double mean = col.meanNumber().doubleValue();
            double unbiased = col.varNumber().doubleValue(); // ND4J's var is the unbiased one
            assertEquals(0.9 * 0 + 0.1 * mean, bn.runningMean().getDouble(k), 1e-12);
            assertEquals(0.9 * 1 + 0.1 * unbiased, bn.runningVar().getDouble(k), 1e-12);
        }
        assertEquals(1, bn.numBatchesTracked());
        bn.forward(x, null);
        assertEquals(2, bn.numBatchesTracked());
    }

    @Test
    void evalModeUsesRunningStatisticsAndUpdatesNothing() {
        BatchNorm bn = new BatchNorm(2, 1e-5, 0.1, false, init);
        bn.runningMean().assign(Nd4j.create(new double[] {1, -2}));
        bn.runningVar().assign(Nd4j.create(new double[] {4, 0.25}));
        bn.train(false);
        INDArray x = init.normal(1, 2, 2, 2);
        INDArray y = bn.forward(x, null);
        assertEquals((x.getDouble(1, 0, 0) - 1) / Math.sqrt(4 + 1e-5), y.getDouble(1, 0, 0), 1e-12);
        assertEquals((x.getDouble(0, 1, 1) + 2) / Math.sqrt(0.25 + 1e-5), y.getDouble(0, 1, 1), 1e-12);
        assertEquals(1, bn.runningMean().getDouble(0), 0);
        assertEquals(0, bn.numBatchesTracked());
    }

    @Test
    void paddingDoesNotShiftBatchStatistics() {
        INDArray x = init.normal(1, 2, 3, 4);
        INDArray keep = keep();
        BatchNorm a = new BatchNorm(4, 1e-5, 0.1, true, init);
        BatchNorm b = new BatchNorm(4, 1e-5, 0.1, true, init);
        INDArray ya = a.forward(x, keep);
        INDArray x2 = x.dup();
        x2.get(NDArrayIndex.point(1), NDArrayIndex.point(2), NDArrayIndex.all()).assign(1000); // change the padding
        INDArray yb = b.forward(x2, keep);
        assertEquals(a.runningMean(), b.runningMean());
        assertEquals(a.runningVar(), b.runningVar());
        // real positions come out the same
        assertEquals(ya.get(NDArrayIndex.point(0), NDArrayIndex.all(), NDArrayIndex.all()),
                yb.get(NDArrayIndex.point(0), NDArrayIndex.all(), NDArrayIndex.all()));
        // and the statistics are those of the five real rows
        INDArray real = x.reshape(6, 4).get(NDArrayIndex.interval(0, 5), NDArrayIndex.all());
        assertEquals(0.1 * real.getColumn(2).meanNumber().doubleValue(), a.runningMean().getDouble(2), 1e-12);
        assertEquals(0.9 + 0.1 * real.getColumn(2).varNumber().doubleValue(), a.runningVar().getDouble(2), 1e-12);
    }

    @Test
    void paddingShiftsStatisticsWhenNotExcluded() {
        INDArray x = init.normal(1, 2, 3, 4);
        BatchNorm a = new BatchNorm(4, 1e-5, 0.1, false, init);
        BatchNorm b = new BatchNorm(4, 1e-5, 0.1, false, init);
        a.forward(x, keep());
        INDArray x2 = x.dup();
        x2.get(NDArrayIndex.point(1), NDArrayIndex.point(2), NDArrayIndex.all()).assign(1000);
        b.forward(x2, keep());
        assertTrue(Math.abs(a.runningMean().getDouble(0) - b.runningMean().getDouble(0)) > 1);
    }

    @Test
    void paddedPositionsGetNoGradientThroughTheStatistics() {
        BatchNorm bn = withRandomAffine(true);
        INDArray x = init.normal(1, 2, 3, 4);
        bn.forward(x, keep());
        INDArray dy = init.normal(1, 2, 3, 4);
        INDArray dx = bn.backward(dy);
        // the padded row's gradient is only its own path: dy * weight / sqrt(var + eps)
        INDArray real = x.reshape(6, 4).get(NDArrayIndex.interval(0, 5), NDArrayIndex.all());
        for (int k = 0; k < 4; k++) {
            double var = real.getColumn(k).varNumber().doubleValue() * 4 / 5;
            double expected = dy.getDouble(1, 2, k) * bn.weight().value().getDouble(k) / Math.sqrt(var + 1e-5);
            assertEquals(expected, dx.getDouble(1, 2, k), 1e-10);
        }
    }

    @Test
    void buffersAreNamedAsPytorch() {
        BatchNorm bn = new BatchNorm(3, 1e-5, 0.1, true, init);
        assertEquals(List.of("running_mean", "running_var", "num_batches_tracked"),
                List.copyOf(bn.namedBuffers().keySet()));
        assertEquals(List.of("weight", "bias"), List.copyOf(bn.namedParameters().keySet()));
        assertEquals(DataType.INT64, bn.namedBuffers().get("num_batches_tracked").dataType());
        assertEquals(0, bn.namedBuffers().get("num_batches_tracked").rank());
    }

    @Test
    void badInputsAreRejectedWithReasons() {
        BatchNorm bn = new BatchNorm(4, 1e-5, 0.1, true, init);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> bn.forward(init.zeros(2, 3, 5), null));
        assertTrue(e.getMessage().contains("last dimension 4") && e.getMessage().contains("[2, 3, 5]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> bn.forward(init.zeros(1, 2, 4), Nd4j.create(new double[][] {{1, 0}})));
        assertTrue(e.getMessage().contains("more than one"), e.getMessage());
    }
}
