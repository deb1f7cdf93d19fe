package org.attentionlab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class LinearTest {
    private final Init init = new Init(1, DataType.DOUBLE);

    @Test
    void computesAffineMapOnLastAxis() {
        Linear lin = new Linear(3, 2, true, init);
        lin.weight().value().assign(Nd4j.create(new double[][] {{1, 2, 3}, {4, 5, 6}}));
        lin.bias().value().assign(Nd4j.create(new double[] {0.5, -1}));
        INDArray x = Nd4j.create(new double[] {1, 0, -1, 2, 2, 2}, new long[] {1, 2, 3}, DataType.DOUBLE);
        INDArray y = lin.forward(x);
        assertArrayEquals(new long[] {1, 2, 2}, y.shape());
        assertEquals(1 - 3 + 0.5, y.getDouble(0, 0, 0), 1e-12);
        assertEquals(4 - 6 - 1, y.getDouble(0, 0, 1), 1e-12);
        assertEquals(12 + 0.5, y.getDouble(0, 1, 0), 1e-12);
        assertEquals(30 - 1, y.getDouble(0, 1, 1), 1e-12);
    }

    @Test
    void gradientsMatchCentralDifferences() {
        Linear lin = new Linear(5, 4, true, init);
        INDArray x = init.normal(1, 2, 3, 5);
        GradientCheck.of(() -> lin.forward(x))
                .backward(dy -> List.of(lin.backward(dy)))
                .input("x", x)
                .parameters(lin)
                .verify();
    }

    @Test
    void gradientCheckCatchesAWrongGradient() {
        Linear lin = new Linear(3, 2, true, init);
        INDArray x = init.normal(1, 4, 3);
        AssertionError e = assertThrows(AssertionError.class, () -> GradientCheck.of(() -> lin.forward(x))
                .backward(dy -> List.of(lin.backward(dy).mul(1.01)))
                .input("x", x)
                .verify());
        assertTrue(e.getMessage().contains("x["), e.getMessage());
    }

    @Test
    void rejectsWrongInputWidthWithItsShape() {
        Linear lin = new Linear(3, 2, true, init);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> lin.forward(Nd4j.zeros(DataType.DOUBLE, 2, 4)));
        assertTrue(e.getMessage().contains("last dimension 3") && e.getMessage().contains("[2, 4]"), e.getMessage());
    }

    @Test
    void sameSeedGivesIdenticalParameters() {
        Linear a = new Linear(8, 8, true, new Init(42, DataType.FLOAT));
        Linear b = new Linear(8, 8, true, new Init(42, DataType.FLOAT));
        assertEquals(a.weight().value(), b.weight().value());
    }
}
