package org.attentionlab.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Axis;
import org.knowm.xchart.internal.chartpart.AxisTickCalculator;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Round, non-overlapping ticks: the step function directly, and the labels XChart actually
 * drew, read back from its (package-private) axes after rendering.
 */
class TicksTest {
    /** A loss logged at every step 1..steps, the case where XChart 3.8 alone labels 23, 46, 69, ... */
    private static List<History> everyStep(int steps) {
        History h = new History("run");
        for (int s = 1; s <= steps; s++) {
            h.step(s, 2 + 6 * Math.exp(-s / (steps / 4.0)), Double.NaN, Double.NaN);
            if (s % Math.max(1, steps / 10) == 0) {
                h.validation(s, 2.2 + 6 * Math.exp(-s / (steps / 4.0)));
            }
        }
        return List.of(h);
    }

    @ParameterizedTest
    @ValueSource(ints = {2300, 700, 60})
    void lossCurveTicksAreRoundAndApart(int steps) {
        XYChart c = LossCurves.chart(everyStep(steps), CurveOptions.defaults());
        assertRoundAndApart(c, true, 4, 10);
        assertRoundAndApart(c, false, 3, 10);
    }

    @Test
    void lossCurveOnlyTrainingEveryStepStillRound() {
        // one series alone at 1..2300: the pure equally-spaced case
        History h = new History("run");
        for (int s = 1; s <= 2300; s++) {
            h.step(s, 3 - s / 2300.0, Double.NaN, Double.NaN);
        }
        XYChart c = LossCurves.chart(h, CurveOptions.defaults().withValidation(false));
        assertRoundAndApart(c, true, 4, 10);
        // A notebook shows this as the chart's text/plain alternative, not Ticks$1@1b2c3d.
        org.junit.jupiter.api.Assertions.assertEquals("XYChart \"Loss\" (1 series)", c.toString());
        org.junit.jupiter.api.Assertions.assertEquals("CategoryChart \"t\" (0 series)",
                Style.bars("t", "x", "y").toString());
    }

    @Test
    void narrowChartGetsFewerTicks() {
        XYChart wide = Style.xy("t", "step", "loss", 800, 400);
        XYChart narrow = Style.xy("t", "step", "loss", 360, 300);
        double[] x = new double[700];
        double[] y = new double[700];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
            y[i] = Math.sin(i / 50.0);
        }
        wide.addSeries("s", x, y);
        narrow.addSeries("s", x, y);
        int w = assertRoundAndApart(wide, true, 4, 10);
        int n = assertRoundAndApart(narrow, true, 2, 8);
        assertTrue(n < w, "narrow " + n + " vs wide " + w);
    }

    @Test
    void builderChartWithRoundTicks() {
        XYChart c = new XYChartBuilder().width(600).height(400).build();
        double[] x = new double[101];
        for (int i = 0; i < x.length; i++) {
            x[i] = i * 0.01; // 0 .. 1 in steps of 0.01, equally spaced
        }
        c.addSeries("s", x, x);
        Style.roundTicks(c);
        assertRoundAndApart(c, true, 3, 10);
    }

    @Test
    void logAxisShowsPowersOfTenOrDigits() {
        XYChart c = LossCurves.chart(everyStep(2300), CurveOptions.defaults().withLogScale(true));
        for (double v : visibleValues(c, false)) {
            double m = v / Math.pow(10, Math.floor(Math.log10(v) + 1e-9));
            assertEquals(Math.rint(m), m, 1e-9, "log tick " + v + " is a digit times a power of ten");
        }
        XYChart wide = Style.xy("t", "x", "y");
        wide.getStyler().setYAxisLogarithmic(true);
        wide.addSeries("s", new double[] {1, 2, 3}, new double[] {0.003, 2, 400});
        List<Double> ys = visibleValues(wide, false);
        assertTrue(ys.size() >= 3, "labels " + ys);
        for (double v : ys) {
            assertEquals(Math.rint(Math.log10(v)), Math.log10(v), 1e-9, "decades only over 5 decades: " + ys);
        }
    }

    @Test
    void stepIsRoundAndGrowsWithRange() {
        for (double hi : new double[] {1, 7, 60, 700, 2300, 40000, 1e6}) {
            double s = Ticks.step(0, hi, 650, Style.TICK, true);
            assertTrue(Ticks.isRoundStep(s), hi + " -> " + s);
            double[] b = Ticks.bounds(0, hi, s);
            int n = Ticks.values(b[0], b[1], s).size();
            assertTrue(n >= 3 && n <= 11, hi + ": " + n + " ticks of " + s);
        }
        assertEquals(500, Ticks.step(1, 2300, 650, Style.TICK, true), 1e-9);
        assertEquals("0.3", Ticks.label(0.30000000000000004, 0.1));
        assertEquals(List.of(0.0, 0.1, 0.2, 0.3), Ticks.values(0, 0.3, 0.1));
        assertFalse(Ticks.isRoundStep(23));
        assertTrue(Ticks.isRoundStep(0.05));
    }

    @Test
    void roundTicksKeepsLimitsTheCallerSet() {
        XYChart c = Style.xy("t", "x", "y");
        c.addSeries("s", new double[] {0, 1, 2}, new double[] {3, 4, 5});
        c.getStyler().setYAxisMin(0.0);
        Charts.toImage(c);
        assertEquals(0.0, c.getStyler().getYAxisMin());
        Charts.toImage(c); // painting twice changes nothing
        assertEquals(0.0, c.getStyler().getYAxisMin());
        assertEquals(5.0, c.getStyler().getYAxisMax(), 1e-3);
    }

    /**
     * Renders the chart, reads the labels XChart drew on one axis, and checks that there are
     * between {@code min} and {@code max} of them, at a constant round step, and that on the x
     * axis neighbouring labels leave a gap. Returns the number of labels.
     */
    static int assertRoundAndApart(XYChart c, boolean xAxis, int min, int max) {
        Charts.toImage(c);
        AxisTickCalculator t = calculator(c, xAxis);
        List<Double> loc = new ArrayList<>();
        List<String> lab = new ArrayList<>();
        double length = xAxis ? axis(c, true).getBounds().getWidth() : axis(c, false).getBounds().getHeight();
        for (int i = 0; i < t.getTickLabels().size(); i++) {
            double p = t.getTickLocations().get(i);
            if (t.getTickLabels().get(i) != null && p > 0 && p < length) {
                loc.add(p);
                lab.add(t.getTickLabels().get(i));
            }
        }
        String what = (xAxis ? "x" : "y") + " labels " + lab;
        assertTrue(lab.size() >= min && lab.size() <= max, what);
        double step = value(lab.get(1)) - value(lab.get(0));
        assertTrue(Ticks.isRoundStep(step), what + ": step " + step);
        for (int i = 1; i < lab.size(); i++) {
            assertEquals(step, value(lab.get(i)) - value(lab.get(i - 1)), step * 1e-6, what);
            assertEquals(0, Math.IEEEremainder(value(lab.get(i)), step), step * 1e-6, what + " not multiples of the step");
            if (xAxis) {
                double room = loc.get(i) - loc.get(i - 1);
                double need = (Paint.textWidth(Style.TICK, lab.get(i)) + Paint.textWidth(Style.TICK, lab.get(i - 1))) / 2.0;
                assertTrue(room >= need + 8, what + ": " + room + " px between labels needing " + need);
            }
        }
        return lab.size();
    }

    static List<Double> visibleValues(XYChart c, boolean xAxis) {
        Charts.toImage(c);
        AxisTickCalculator t = calculator(c, xAxis);
        double length = xAxis ? axis(c, true).getBounds().getWidth() : axis(c, false).getBounds().getHeight();
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < t.getTickLabels().size(); i++) {
            double p = t.getTickLocations().get(i);
            if (t.getTickLabels().get(i) != null && p > 0 && p < length) {
                out.add(value(t.getTickLabels().get(i)));
            }
        }
        return out;
    }

    private static double value(String label) {
        return Double.parseDouble(label.replace(",", ""));
    }

    private static AxisTickCalculator calculator(XYChart c, boolean xAxis) {
        return axis(c, xAxis).getAxisTickCalculator();
    }

    /** XChart keeps its axes package-private; the test reads them to see what was really drawn. */
    private static Axis<?, ?> axis(XYChart c, boolean xAxis) {
        try {
            Method m = Chart.class.getDeclaredMethod(xAxis ? "getXAxis" : "getYAxis");
            m.setAccessible(true);
            return (Axis<?, ?>) m.invoke(c);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("XChart's internals changed: " + e, e);
        }
    }
}
