package org.attentionlab.lesson;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

/** Lines through means over seeds, with error bars, skipping missing points. */
class SpreadChartsTest {
    private static final double[] RATES = {1e-3, 1e-2, 1e-1};

    @Test
    void meansWithStandardDeviationsAsErrorBars() {
        Map<String, List<Spread>> series = new LinkedHashMap<>();
        series.put("a", List.of(Spread.of(1, 3), Spread.of(2, 2), Spread.of(4, 6)));
        series.put("b", Arrays.asList(Spread.of(3), null, Spread.of(1, 2, 3)));
        series.put("c", Arrays.asList(null, null, null));
        XYChart c = SpreadCharts.line("loss against rate", "rate", "loss", RATES, series, true);
        assertEquals(2, c.getSeriesMap().size(), "a line without any point is left out");
        XYSeries a = c.getSeriesMap().get("a");
        assertArrayEquals(new double[] {2, 2, 5}, a.getYData(), 1e-12);
        assertArrayEquals(new double[] {Math.sqrt(2), 0, Math.sqrt(2)}, a.getExtraValues(), 1e-12);
        XYSeries b = c.getSeriesMap().get("b");
        assertArrayEquals(new double[] {1e-3, 1e-1}, b.getXData(), 1e-15, "the missing point is skipped");
        assertTrue(c.getStyler().isXAxisLogarithmic());
        BufferedImage img = BitmapEncoder.getBufferedImage(c);
        assertTrue(img.getWidth() > 0 && img.getHeight() > 0);
    }

    @Test
    void everyLineNeedsOneValueAPoint() {
        assertThrows(IllegalArgumentException.class, () -> SpreadCharts.line("t", "x", "y", RATES,
                Map.of("a", List.of(Spread.of(1))), false));
        assertThrows(IllegalArgumentException.class, () -> SpreadCharts.line("t", "x", "y", RATES, Map.of(), false));
    }
}
