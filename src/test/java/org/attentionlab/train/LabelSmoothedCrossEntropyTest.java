package org.attentionlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.point;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.List;
import org.attentionlab.nn.GradientCheck;
import org.attentionlab.nn.Init;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class LabelSmoothedCrossEntropyTest {
    private final JsonObject fixture = Fixtures.load("label_smoothing.json");
    private final int[][] targets = Fixtures.ints2(fixture.getAsJsonArray("targets"));

    private INDArray fixtureLogits(DataType type) {
        return Fixtures.array(fixture.getAsJsonArray("logits"), fixture.getAsJsonArray("shape"), type);
    }

    @Test
    void lossAndGradientMatchTorchInFloat64() {
        int checked = 0;
        for (JsonElement e : fixture.getAsJsonArray("cases")) {
            JsonObject c = e.getAsJsonObject();
            double s = c.get("smoothing").getAsDouble();
            LabelSmoothedCrossEntropy loss = new LabelSmoothedCrossEntropy(s, c.get("padId").getAsInt());
            double value = loss.forward(fixtureLogits(DataType.DOUBLE), targets);
            String what = "smoothing " + s + " pad " + c.get("padId");
            assertEquals(c.get("loss").getAsDouble(), value, 1e-12, what);
            Fixtures.assertClose(what + " grad", Fixtures.doubles(c.getAsJsonArray("grad")), loss.backward(), 1e-12);
            checked++;
        }
        assertEquals(6, checked);
    }

    @Test
    void lossAndGradientMatchTorchInFloat32() {
        JsonObject c = fixture.getAsJsonArray("cases").get(2).getAsJsonObject(); // smoothing 0.1, pad 0
        LabelSmoothedCrossEntropy loss = new LabelSmoothedCrossEntropy(0.1, 0);
        double value = loss.forward(fixtureLogits(DataType.FLOAT), targets);
        assertEquals(c.get("loss").getAsDouble(), value, 1e-5);
        INDArray grad = loss.backward();
        assertEquals(DataType.FLOAT, grad.dataType());
        Fixtures.assertClose("grad", Fixtures.doubles(c.getAsJsonArray("grad")), grad, 1e-6);
    }

    @Test
    void halfPrecisionLogitsAreAccepted() {
        LabelSmoothedCrossEntropy loss = new LabelSmoothedCrossEntropy(0.1, 0);
        double value = loss.forward(fixtureLogits(DataType.HALF), targets);
        assertEquals(fixture.getAsJsonArray("cases").get(2).getAsJsonObject().get("loss").getAsDouble(), value, 1e-2);
        assertEquals(DataType.HALF, loss.backward().dataType());
    }

    @Test
    void gradientMatchesCentralDifferences() {
        Init init = new Init(11, DataType.DOUBLE);
        INDArray logits = init.normal(1, 2, 4, 7);
        int[][] t = {{1, 0, 6, 2}, {0, 0, 3, 5}};
        LabelSmoothedCrossEntropy loss = new LabelSmoothedCrossEntropy(0.2, 0);
        GradientCheck.of(() -> Nd4j.scalar(loss.forward(logits, t)))
                .backward(dy -> List.of(loss.backward().mul(dy.getDouble(0))))
                .input("logits", logits)
                .samples(84)
                .verify();
    }

    @Test
    void paddedPositionsAreIgnored() {
        Init init = new Init(3, DataType.DOUBLE);
        INDArray logits = init.normal(1, 2, 3, 5);
        int[][] t = {{2, 4, 0}, {0, 1, 3}};
        LabelSmoothedCrossEntropy loss = new LabelSmoothedCrossEntropy(0.1, 0);
        double before = loss.forward(logits, t);
        assertEquals(4, loss.lastTokenCount());
        INDArray grad = loss.backward().dup();
        assertEquals(0.0, grad.get(point(0), point(2), all()).norm2Number().doubleValue(), 0.0);
        assertEquals(0.0, grad.get(point(1), point(0), all()).norm2Number().doubleValue(), 0.0);
        assertTrue(grad.get(point(1), point(1), all()).norm2Number().doubleValue() > 0);
        // Changing the logits where the target is padding changes nothing.
        logits.get(point(1), point(0), all()).assign(50);
        logits.get(point(0), point(2), all()).assign(-7);
        assertEquals(before, loss.forward(logits, t), 1e-14);
    }

    @Test
    void zeroSmoothingIsPlainCrossEntropy() {
        Init init = new Init(5, DataType.DOUBLE);
        INDArray logits = init.normal(3, 1, 2, 4);
        int[][] t = {{3, 1}};
        double expected = 0;
        for (int j = 0; j < 2; j++) {
            double[] z = logits.get(point(0), point(j), all()).toDoubleVector();
            double sum = 0;
            for (double x : z) {
                sum += Math.exp(x);
            }
            expected += Math.log(sum) - z[t[0][j]];
        }
        expected /= 2;
        LabelSmoothedCrossEntropy loss = new LabelSmoothedCrossEntropy(0, -1);
        assertEquals(expected, loss.forward(logits, t), 1e-12);
        // Without smoothing a confident, correct prediction has a loss near zero.
        INDArray confident = Nd4j.zeros(DataType.DOUBLE, 1, 1, 4);
        confident.putScalar(new long[] {0, 0, 2}, 40);
        assertEquals(0.0, loss.forward(confident, new int[][] {{2}}), 1e-15);
        // With smoothing it is not: the target distribution keeps mass on the other ids.
        assertTrue(new LabelSmoothedCrossEntropy(0.1, -1).forward(confident, new int[][] {{2}}) > 1);
    }

    @Test
    void viewsAndNonContiguousLogitsGiveTheSameLoss() {
        INDArray big = new Init(9, DataType.FLOAT).normal(1, 3, 2, 4, 5);
        INDArray view = big.get(point(1), all(), all(), all()); // c-contiguous, starts inside the buffer
        int[][] t = {{1, 2, 3, 4}, {0, 1, 2, 3}};
        LabelSmoothedCrossEntropy loss = new LabelSmoothedCrossEntropy(0.1, -1);
        double expected = loss.forward(view.dup(), t);
        INDArray expectedGrad = loss.backward().dup();
        assertEquals(expected, loss.forward(view, t), 1e-6);
        assertEquals(expectedGrad, loss.backward());
        INDArray permuted = view.permute(1, 0, 2).dup().permute(1, 0, 2); // same values, not c-ordered
        assertEquals(expected, loss.forward(permuted, t), 1e-6);
    }

    @Test
    void confidentlyWrongPredictionsGiveFiniteLoss() {
        // The target's probability underflows to 0 in float32; the loss must still be about 200.
        INDArray logits = Nd4j.create(new float[] {200, 0, 0}, new long[] {1, 1, 3}, DataType.FLOAT);
        LabelSmoothedCrossEntropy loss = new LabelSmoothedCrossEntropy(0, -1);
        assertEquals(200.0, loss.forward(logits, new int[][] {{1}}), 1e-4);
        assertEquals(-1.0, loss.backward().getDouble(0, 0, 1), 1e-6);
        assertEquals(0, loss.lastCorrectCount());
    }

    @Test
    void allPaddingGivesZeroLossAndZeroGradient() {
        LabelSmoothedCrossEntropy loss = new LabelSmoothedCrossEntropy(0.1, 0);
        INDArray logits = new Init(1, DataType.FLOAT).normal(1, 2, 2, 3);
        assertEquals(0.0, loss.forward(logits, new int[][] {{0, 0}, {0, 0}}));
        assertEquals(0, loss.lastTokenCount());
        assertEquals(0.0, loss.backward().norm2Number().doubleValue());
    }

    @Test
    void countsCorrectArgmaxPredictionsOfNonPadTokens() {
        INDArray logits = Nd4j.create(new double[] {
            0, 5, 1, /**/ 3, 0, 0, /**/ 0, 0, 9, /**/ 1, 2, 3}, new long[] {2, 2, 3}, DataType.FLOAT);
        LabelSmoothedCrossEntropy loss = new LabelSmoothedCrossEntropy(0.1, 0);
        loss.forward(logits, new int[][] {{1, 0}, {1, 2}}); // correct, pad (argmax 0), wrong, correct
        loss.backward(); // must not disturb the count
        assertEquals(3, loss.lastTokenCount());
        assertEquals(2, loss.lastCorrectCount());
    }

    @Test
    void backwardTwiceReturnsTheSameGradient() {
        LabelSmoothedCrossEntropy loss = new LabelSmoothedCrossEntropy(0.1, -1);
        loss.forward(new Init(2, DataType.DOUBLE).normal(1, 1, 2, 3), new int[][] {{1, 2}});
        INDArray first = loss.backward();
        INDArray copy = first.dup();
        assertArrayEquals(new long[] {1, 2, 3}, first.shape());
        assertEquals(copy, loss.backward());
    }

    @Test
    void rejectsSmoothingOutsideUnitInterval() {
        for (double s : new double[] {-0.1, 1.0, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new LabelSmoothedCrossEntropy(s, 0));
            assertTrue(e.getMessage().contains("smoothing") && e.getMessage().contains(String.valueOf(s)), e.getMessage());
        }
    }

    @Test
    void rejectsTargetOutsideVocabularyWithItsPosition() {
        LabelSmoothedCrossEntropy loss = new LabelSmoothedCrossEntropy(0.1, 0);
        INDArray logits = Nd4j.zeros(DataType.FLOAT, 2, 2, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> loss.forward(logits, new int[][] {{1, 2}, {3, 4}}));
        assertTrue(e.getMessage().contains("4") && e.getMessage().contains("[1][1]")
                && e.getMessage().contains("[0, 4)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> loss.forward(logits, new int[][] {{1, -3}, {3, 1}}));
        assertTrue(e.getMessage().contains("-3") && e.getMessage().contains("[0][1]"), e.getMessage());
    }

    @Test
    void rejectsShapeMismatchNamingBothShapes() {
        LabelSmoothedCrossEntropy loss = new LabelSmoothedCrossEntropy(0.1, 0);
        INDArray logits = Nd4j.zeros(DataType.FLOAT, 2, 3, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> loss.forward(logits, new int[][] {{1, 2, 3}}));
        assertTrue(e.getMessage().contains("[2, 3, 4]") && e.getMessage().contains("[2][3]")
                && e.getMessage().contains("1 rows"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> loss.forward(logits, new int[][] {{1, 2, 3}, {1, 2}}));
        assertTrue(e.getMessage().contains("row 1 of length 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> loss.forward(Nd4j.zeros(DataType.FLOAT, 6, 4), new int[][] {}));
        assertTrue(e.getMessage().contains("rank 3") && e.getMessage().contains("[6, 4]"), e.getMessage());
    }

    @Test
    void backwardBeforeForwardIsAnError() {
        assertThrows(IllegalStateException.class, () -> new LabelSmoothedCrossEntropy(0, 0).backward());
    }
}
