package org.attentionlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.attentionlab.nn.Parameter;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class AdamTest {
    private final JsonObject fixture = Fixtures.load("adam.json");

    private List<Parameter> fixtureParams(DataType type) {
        JsonArray init = fixture.getAsJsonArray("initial");
        JsonArray shapes = fixture.getAsJsonArray("shapes");
        List<Parameter> ps = new ArrayList<>();
        for (int i = 0; i < init.size(); i++) {
            ps.add(new Parameter(Fixtures.array(init.get(i).getAsJsonArray(), shapes.get(i).getAsJsonArray(), type)));
        }
        return ps;
    }

    /** Replays torch's gradients step by step and compares the parameters after each update. */
    private void replayTorch(DataType type, double tol) {
        for (JsonElement e : fixture.getAsJsonArray("cases")) {
            JsonObject c = e.getAsJsonObject();
            List<Parameter> ps = fixtureParams(type);
            double lr = c.get("lr").getAsDouble();
            Adam adam = new Adam(ps, new ConstantSchedule(lr), fixture.get("beta1").getAsDouble(),
                    fixture.get("beta2").getAsDouble(), fixture.get("eps").getAsDouble(), c.get("weightDecay").getAsDouble());
            int t = 0;
            for (JsonElement se : c.getAsJsonArray("steps")) {
                JsonObject step = se.getAsJsonObject();
                t++;
                for (int i = 0; i < ps.size(); i++) {
                    double[] g = Fixtures.doubles(step.getAsJsonArray("grads").get(i).getAsJsonArray());
                    ps.get(i).grad().assign(Nd4j.create(g, ps.get(i).shape(), DataType.DOUBLE));
                }
                adam.step();
                for (int i = 0; i < ps.size(); i++) {
                    Fixtures.assertClose("lr " + lr + " wd " + c.get("weightDecay") + " step " + t + " param " + i,
                            Fixtures.doubles(step.getAsJsonArray("params").get(i).getAsJsonArray()), ps.get(i).value(), tol);
                }
            }
            assertEquals(5, adam.stepCount());
            assertEquals(lr, adam.lastLearningRate());
        }
    }

    @Test
    void firstStepsMatchTorchAdamInFloat64() {
        replayTorch(DataType.DOUBLE, 1e-12);
    }

    @Test
    void firstStepsMatchTorchAdamInFloat32() {
        replayTorch(DataType.FLOAT, 1e-6);
    }

    @Test
    void firstStepMovesEachEntryByTheLearningRate() {
        // With bias correction the first update is lr * g / (|g| + eps'), i.e. lr * sign(g).
        Parameter p = new Parameter(Nd4j.create(new double[] {1, 2, 3}));
        p.grad().assign(Nd4j.create(new double[] {0.5, -20, 1e-3}));
        Adam adam = new Adam(List.of(p), new ConstantSchedule(0.1), 0.9, 0.98, 1e-9, 0);
        adam.step();
        Fixtures.assertClose("p", new double[] {0.9, 2.1, 2.9}, p.value(), 1e-6);
    }

    @Test
    void stepUsesTheScheduleFromStepOneAndKeepsGradients() {
        NoamSchedule noam = new NoamSchedule(16, 4, 1.0);
        Parameter p = new Parameter(Nd4j.zeros(DataType.FLOAT, 2, 2));
        p.grad().assign(1);
        Adam adam = new Adam(List.of(p), noam, 0.9, 0.98, 1e-9, 0);
        assertEquals(0, adam.stepCount());
        assertTrue(Double.isNaN(adam.lastLearningRate()));
        adam.step();
        assertEquals(noam.rate(1), adam.lastLearningRate(), 0);
        adam.step();
        assertEquals(noam.rate(2), adam.lastLearningRate(), 0);
        assertEquals(2, adam.stepCount());
        assertEquals(4.0, p.grad().sumNumber().doubleValue(), 0);
    }

    @Test
    void savedStateResumesIdentically() {
        List<Parameter> a = fixtureParams(DataType.FLOAT);
        Adam adamA = new Adam(a, new NoamSchedule(8, 3, 2.0), 0.9, 0.98, 1e-9, 0.01);
        for (int t = 0; t < 3; t++) {
            randomGrads(a, t);
            adamA.step();
        }
        Map<String, INDArray> saved = adamA.state();
        assertEquals(1 + 2 * a.size(), saved.size());
        List<Parameter> b = new ArrayList<>();
        for (Parameter p : a) {
            b.add(new Parameter(p.value().dup()));
        }
        Adam adamB = new Adam(b, new NoamSchedule(8, 3, 2.0), 0.9, 0.98, 1e-9, 0.01);
        adamB.loadState(saved);
        assertEquals(3, adamB.stepCount());
        for (int t = 3; t < 6; t++) {
            randomGrads(a, t);
            randomGrads(b, t);
            adamA.step();
            adamB.step();
        }
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).value(), b.get(i).value());
        }
        assertEquals(adamA.lastLearningRate(), adamB.lastLearningRate());
    }

    private static void randomGrads(List<Parameter> ps, int seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        for (Parameter p : ps) {
            double[] g = new double[(int) p.length()];
            for (int i = 0; i < g.length; i++) {
                g[i] = r.nextDouble() - 0.5;
            }
            p.grad().assign(Nd4j.create(g, p.shape(), DataType.DOUBLE));
        }
    }

    @Test
    void loadStateRejectsMismatchedShapesAndMissingEntries() {
        List<Parameter> ps = fixtureParams(DataType.FLOAT);
        Adam adam = new Adam(ps, new ConstantSchedule(0.1), 0.9, 0.98, 1e-9, 0);
        Map<String, INDArray> state = new HashMap<>(adam.state());
        state.put("exp_avg.1", Nd4j.zeros(DataType.FLOAT, 5));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> adam.loadState(state));
        assertTrue(e.getMessage().contains("exp_avg.1") && e.getMessage().contains("[5]")
                && e.getMessage().contains("[4]"), e.getMessage());
        state.remove("exp_avg.1");
        e = assertThrows(IllegalArgumentException.class, () -> adam.loadState(state));
        assertTrue(e.getMessage().contains("lacks 'exp_avg.1'"), e.getMessage());
        Map<String, INDArray> extra = new HashMap<>(adam.state());
        extra.put("exp_avg.2", Nd4j.zeros(DataType.FLOAT, 4));
        e = assertThrows(IllegalArgumentException.class, () -> adam.loadState(extra));
        assertTrue(e.getMessage().contains("exp_avg.2"), e.getMessage());
    }

    @Test
    void rejectsBadHyperparametersAndRepeatedParameters() {
        Parameter p = new Parameter(Nd4j.zeros(DataType.FLOAT, 2));
        ConstantSchedule lr = new ConstantSchedule(0.1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Adam(List.of(p), lr, 1.0, 0.98, 1e-9, 0));
        assertTrue(e.getMessage().contains("beta1") && e.getMessage().contains("1.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Adam(List.of(p), lr, 0.9, -0.1, 1e-9, 0));
        assertTrue(e.getMessage().contains("beta2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Adam(List.of(p), lr, 0.9, 0.98, 0, 0));
        assertTrue(e.getMessage().contains("eps"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Adam(List.of(p), lr, 0.9, 0.98, 1e-9, -1));
        assertTrue(e.getMessage().contains("weightDecay"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Adam(List.of(p, p), lr, 0.9, 0.98, 1e-9, 0));
        assertTrue(e.getMessage().contains("params[1]") && e.getMessage().contains("params[0]"), e.getMessage());
        Parameter view = new Parameter(Nd4j.zeros(DataType.FLOAT, 3, 4).getRow(1));
        e = assertThrows(IllegalArgumentException.class, () -> new Adam(List.of(p, view), lr, 0.9, 0.98, 1e-9, 0));
        assertTrue(e.getMessage().contains("params[1]") && e.getMessage().contains("view"), e.getMessage());
        Parameter half = new Parameter(Nd4j.zeros(DataType.HALF, 2));
        e = assertThrows(IllegalArgumentException.class, () -> new Adam(List.of(half), lr, 0.9, 0.98, 1e-9, 0));
        assertTrue(e.getMessage().contains("HALF"), e.getMessage());
    }
}
