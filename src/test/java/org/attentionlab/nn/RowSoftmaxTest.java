package org.attentionlab.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

class RowSoftmaxTest {
    /**
     * Against ND4J's op, in both types, at widths with and without a remainder after whole vectors
     * and over more rows than one block of the vector path holds (70 x 1000 > 65,536 numbers).
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 7, 16, 33, 1000})
    void agreesWithNd4jsSoftmax(int cols) {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray z = new Init(7, type).normal(4, 70, cols).addi(3);
            // The reference in float64; ND4J's own float32 op is off by up to about 1e-6 here.
            INDArray wide = z.castTo(DataType.DOUBLE);
            INDArray expected = Nd4j.exec(new SoftMax(wide, wide.ulike(), 1))[0];
            double tolerance = type == DataType.FLOAT ? 2e-6 : 1e-12;
            INDArray out = z.ulike();
            RowSoftmax.apply(z, out);
            double worst = Transforms.abs(out.castTo(DataType.DOUBLE).sub(expected)).maxNumber().doubleValue();
            assertTrue(worst < tolerance, type + " width " + cols + ": off by " + worst);
            RowSoftmax.apply(z, z);                                  // in place
            assertTrue(out.equals(z), type + " width " + cols + " in place");
        }
    }
}
