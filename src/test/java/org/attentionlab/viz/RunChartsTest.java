package org.attentionlab.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.junit.jupiter.api.Test;

class RunChartsTest {
    @Test
    void curvesStackTheLossAndBleuPanelsAndDropAnEmptyOne() {
        BufferedImage both = RunCharts.curves("run", new double[] {10, 20}, new double[] {2, 1.5},
                new double[] {10, 20}, new double[] {0.5, 3});
        assertEquals(2 * RunCharts.PANEL_HEIGHT, both.getHeight());
        BufferedImage lossOnly = RunCharts.curves("run", new double[] {10, 20}, new double[] {2, 1.5},
                new double[0], new double[0]);
        assertEquals(RunCharts.PANEL_HEIGHT, lossOnly.getHeight());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> RunCharts.curves("run", new double[0], new double[0], new double[0], new double[0]));
        assertTrue(none.getMessage().contains("nothing to draw"), none.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> RunCharts.curves("run", new double[] {1, 2}, new double[] {1}, new double[0], new double[0]));
    }

    @Test
    void bleuBySizeLeavesOutRunsWithoutTheDecodingAndRefusesNonPositivePairs() {
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("greedy", new double[] {1, 4, 9});
        series.put("beam", new double[] {Double.NaN, 5, Double.NaN});
        XYChart c = RunCharts.bleuBySize("t", new double[] {100, 1000, 10000}, series);
        assertEquals(3, c.getSeriesMap().get("greedy").getXData().length);
        assertEquals(1, c.getSeriesMap().get("beam").getXData().length);
        assertTrue(c.getStyler().isXAxisLogarithmic());
        Map<String, double[]> bad = Map.of("greedy", new double[] {1, 2});
        assertThrows(IllegalArgumentException.class, () -> RunCharts.bleuBySize("t", new double[] {0, 10}, bad));
        Map<String, double[]> empty = Map.of("greedy", new double[] {Double.NaN});
        assertThrows(IllegalArgumentException.class, () -> RunCharts.bleuBySize("t", new double[] {10}, empty));
    }
}
