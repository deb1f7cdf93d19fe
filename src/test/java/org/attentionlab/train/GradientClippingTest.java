package org.attentionlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.attentionlab.nn.Parameter;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class GradientClippingTest {
    @Test
    void matchesTorchClipGradNorm() {
        JsonObject f = Fixtures.load("clipping.json");
        JsonArray grads = f.getAsJsonArray("grads");
        List<Parameter> ps = new ArrayList<>();
        for (int i = 0; i < grads.size(); i++) {
            Parameter p = new Parameter(Nd4j.zeros(DataType.DOUBLE, Fixtures.longs(f.getAsJsonArray("shapes").get(i).getAsJsonArray())));
            p.grad().assign(Fixtures.array(grads.get(i).getAsJsonArray(), f.getAsJsonArray("shapes").get(i).getAsJsonArray(), DataType.DOUBLE));
            ps.add(p);
        }
        double norm = GradientClipping.clipByGlobalNorm(ps, f.get("maxNorm").getAsDouble());
        assertEquals(f.get("norm").getAsDouble(), norm, 1e-12);
        for (int i = 0; i < ps.size(); i++) {
            Fixtures.assertClose("grad " + i, Fixtures.doubles(f.getAsJsonArray("clipped").get(i).getAsJsonArray()),
                    ps.get(i).grad(), 1e-12);
        }
    }

    @Test
    void globalNormMeasuresWithoutClipping() {
        Parameter a = new Parameter(Nd4j.zeros(DataType.FLOAT, 2));
        a.grad().assign(Nd4j.create(new float[] {3, 4}));
        assertEquals(5.0, GradientClipping.globalNorm(List.of(a)), 1e-6);
        assertEquals(3.0, a.grad().getDouble(0), 0, "gradients untouched");
    }

    @Test
    void clipsToTheBoundAndLeavesSmallGradientsAlone() {
        Parameter a = new Parameter(Nd4j.zeros(DataType.FLOAT, 2));
        Parameter b = new Parameter(Nd4j.zeros(DataType.FLOAT, 1));
        a.grad().assign(Nd4j.create(new float[] {3, 0}));
        b.grad().assign(4);
        assertEquals(5.0, GradientClipping.clipByGlobalNorm(List.of(a, b), 10.0), 1e-6);
        assertEquals(3.0, a.grad().getDouble(0), 0);
        assertEquals(5.0, GradientClipping.clipByGlobalNorm(List.of(a, b), 1.0), 1e-6);
        assertEquals(0.6, a.grad().getDouble(0), 1e-6);
        assertEquals(0.8, b.grad().getDouble(0), 1e-6);
        assertEquals(1.0, GradientClipping.clipByGlobalNorm(List.of(a, b), 1.0), 1e-6);
    }

    @Test
    void worksOnGradientsOfViewParametersAndInDouble() {
        Parameter view = new Parameter(Nd4j.zeros(DataType.DOUBLE, 3, 2).getRow(2));
        view.grad().assign(Nd4j.create(new double[] {6, 8}));
        Parameter other = new Parameter(Nd4j.zeros(DataType.DOUBLE, 2, 2).transpose());
        other.grad().assign(0);
        assertEquals(10.0, GradientClipping.clipByGlobalNorm(List.of(view, other), 5.0), 1e-12);
        assertEquals(3.0, view.grad().getDouble(0), 1e-6);
        assertEquals(4.0, view.grad().getDouble(1), 1e-6);
    }

    @Test
    void nonFiniteNormIsReturnedWithGradientsUntouched() {
        Parameter a = new Parameter(Nd4j.zeros(DataType.FLOAT, 2));
        a.grad().assign(Nd4j.create(new float[] {Float.NaN, 1}));
        assertTrue(Double.isNaN(GradientClipping.clipByGlobalNorm(List.of(a), 1.0)));
        assertEquals(1.0, a.grad().getDouble(1), 0);
    }

    @Test
    void rejectsNonPositiveBound() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GradientClipping.clipByGlobalNorm(List.of(), 0));
        assertTrue(e.getMessage().contains("maxNorm") && e.getMessage().contains("0.0"), e.getMessage());
    }
}
