package org.attentionlab.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CurvesTest {
    @Test
    void emaOfConstantIsConstantFromTheFirstPoint() {
        double[] s = Smoothing.ema(new double[] {3, 3, 3, 3}, 0.9);
        assertArrayEquals(new double[] {3, 3, 3, 3}, s, 1e-12);
    }

    @Test
    void emaWeightZeroCopiesAndNaNPassesThrough() {
        assertArrayEquals(new double[] {1, 5, 2}, Smoothing.ema(new double[] {1, 5, 2}, 0), 0);
        double[] s = Smoothing.ema(new double[] {1, Double.NaN, 3}, 0.5);
        assertTrue(Double.isNaN(s[1]));
        // (0.5*0.5*1 + 0.5*3) / (0.5*0.5 + 0.5) = 1.75 / 0.75
        assertEquals(1.75 / 0.75, s[2], 1e-12);
    }

    @Test
    void historyGrowsAndCopiesOut() {
        History h = new History("r");
        for (int i = 0; i < 1000; i++) {
            h.step(i, i * 2, Double.NaN, 1);
        }
        assertEquals(1000, h.size());
        assertEquals(1998, h.trainLoss()[999]);
        assertTrue(!h.hasLearningRate());
    }

    @Test
    void duplicateRunNamesAreRejected() {
        History a = History.of("same", new double[] {1}, new double[] {1}, null);
        History b = History.of("same", new double[] {1}, new double[] {2}, null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LossCurves.chart(List.of(a, b)));
        assertTrue(e.getMessage().contains("'same' appears twice"), e.getMessage());
    }

    @Test
    void logScaleRejectsNonPositiveLoss() {
        History a = History.of("r", new double[] {1, 2}, new double[] {1, 0}, null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LossCurves.chart(a, CurveOptions.defaults().withLogScale(true)));
        assertTrue(e.getMessage().contains("r training loss has 0.0"), e.getMessage());
    }

    @Test
    void learningRateChartNeedsALearningRate() {
        History a = History.of("r", new double[] {1, 2}, new double[] {1, 0.5}, null);
        assertThrows(IllegalArgumentException.class, () -> LossCurves.learningRate(List.of(a)));
    }

    @Test
    void sinusoidsFollowThePaper() {
        double[][] pe = PositionPlots.sinusoidal(10, 6);
        assertEquals(Math.sin(3), pe[3][0], 1e-12);
        assertEquals(Math.cos(3), pe[3][1], 1e-12);
        assertEquals(Math.sin(3 / Math.pow(10000, 2.0 / 6)), pe[3][2], 1e-12);
    }

    @Test
    void sinusoidSimilarityDependsOnlyOnOffset() {
        double[][] pe = PositionPlots.sinusoidal(40, 16);
        assertEquals(PositionPlots.dot(pe[2], pe[7]), PositionPlots.dot(pe[20], pe[25]), 1e-9);
        assertEquals(8.0, PositionPlots.dot(pe[5], pe[5]), 1e-9); // d/2 (sin^2 + cos^2 per pair)
    }

    @Test
    void noamScheduleWarmsUpThenDecays() {
        var lr = SchedulePlots.noam(512, 4000);
        assertTrue(lr.applyAsDouble(2000) < lr.applyAsDouble(4000));
        assertTrue(lr.applyAsDouble(8000) < lr.applyAsDouble(4000));
        assertEquals(Math.pow(512, -0.5) * Math.pow(4000, -0.5), lr.applyAsDouble(4000), 1e-15);
    }

    @Test
    void smoothedTargetGivesGoldOneMinusEps() {
        double[] q = SchedulePlots.smoothedTarget(5, 2, 0.1);
        assertEquals(0.9, q[2], 1e-12);
        assertEquals(0.025, q[0], 1e-12);
        assertEquals(1.0, java.util.Arrays.stream(q).sum(), 1e-12);
    }

    @Test
    void barSeriesOfWrongLengthNamesTheSeries() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MetricCharts.bar("t", "x", "y",
                List.of("a", "b"), java.util.Map.of("fwd", new double[] {1})));
        assertTrue(e.getMessage().contains("'fwd' has 1 values but there are 2"), e.getMessage());
    }

    @Test
    void oneRunDrawsTrainAndValidationInTheirRoleColours() {
        org.knowm.xchart.XYChart c = LossCurves.chart(List.of(Gallery.Demo.runs().get(0)), CurveOptions.defaults());
        assertEquals(Role.TRAIN.color(), c.getSeriesMap().get("train").getLineColor());
        assertEquals(Role.VALIDATION.color(), c.getSeriesMap().get("validation").getLineColor());
        assertEquals(Role.VALIDATION.stroke(), c.getSeriesMap().get("validation").getLineStyle());
        assertEquals(Style.colorOf("val"), Style.colorOf("Validation Loss"));
    }

    @Test
    void rolesParseUsualSpellingsAndPairsDiffer() {
        assertEquals(Role.PRE_LN, Role.of("pre-norm"));
        assertEquals(Role.PRE_LN, Role.of("PRE_LN"));
        assertEquals(Role.BEAM, Role.of("Beam search"));
        assertEquals(Role.TEACHER_FORCED, Role.of("teacher forcing"));
        assertEquals(Role.LAYER_NORM, Role.of("LayerNorm"));
        Role[] r = Role.values();
        for (int i = 0; i < r.length; i += 2) {
            assertTrue(!r[i].color().equals(r[i + 1].color()), r[i] + " and " + r[i + 1] + " share a colour");
            assertTrue(!r[i].stroke().equals(r[i + 1].stroke()), r[i] + " and " + r[i + 1] + " share a line style");
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Role.of("nucleus"));
        assertTrue(e.getMessage().contains("GREEDY"), e.getMessage());
    }
}
