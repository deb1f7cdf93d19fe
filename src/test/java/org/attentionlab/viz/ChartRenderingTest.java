package org.attentionlab.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;

/** Every chart type rendered headless to PNG: right size, not blank. */
class ChartRenderingTest {
    @TempDir
    Path dir;

    @Test
    void runsHeadless() {
        assertTrue(GraphicsEnvironment.isHeadless(), "surefire must set -Djava.awt.headless=true");
    }

    @Test
    void lossCurvesOfSeveralRunsWithSmoothingAndLogScale() throws Exception {
        XYChart c = LossCurves.chart(Gallery.Demo.runs(), CurveOptions.defaults().withSmoothing(0.9).withLogScale(true));
        Images.savedPng(c, dir.resolve("loss.png"), Style.WIDTH, Style.HEIGHT);
        // train + validation per run in the legend; the raw curves stay out of it
        assertEquals(6, c.getSeriesMap().size());
        assertEquals(4, c.getSeriesMap().values().stream().filter(s -> s.isShowInLegend()).count());
    }

    @Test
    void learningRateChart() throws Exception {
        Images.savedPng(LossCurves.learningRate(Gallery.Demo.runs()), dir.resolve("lr.png"), Style.WIDTH, Style.HEIGHT);
    }

    @Test
    void attentionHeadHeatMap() throws Exception {
        HeatMap m = AttentionMaps.head("head", Gallery.Demo.attention(1, 1, 8, 7, 1)[0][0],
                Gallery.Demo.TARGET, Gallery.Demo.SOURCE);
        Images.savedPng(m, dir.resolve("head"), m.width(), m.height());
        assertTrue(Files.exists(dir.resolve("head.png")), "a name without extension gets .png");
    }

    @Test
    void attentionGridOfLayersAndHeads() throws Exception {
        AttentionGrid g = new AttentionGrid("grid", Gallery.Demo.attention(6, 8, 8, 7, 3),
                Gallery.Demo.TARGET, Gallery.Demo.SOURCE);
        assertEquals(6, g.layers());
        assertEquals(8, g.heads());
        Images.savedPng(g, dir.resolve("grid.png"), g.width(), g.height());
    }

    @Test
    void longAttentionGridStaysReadableWidth() {
        AttentionGrid g = new AttentionGrid("long", Gallery.Demo.attention(2, 16, 100, 100, 3), null, null);
        assertTrue(g.width() < 1800, "width " + g.width());
    }

    @Test
    void positionEncodingPictures() throws Exception {
        double[][] pe = PositionPlots.sinusoidal(50, 64);
        HeatMap h = PositionPlots.encoding("pe", pe);
        Images.savedPng(h, dir.resolve("pe.png"), h.width(), h.height());
        Images.savedPng(PositionPlots.similarityByDistance("sim", pe), dir.resolve("sim.png"), Style.WIDTH, Style.HEIGHT);
        Images.savedPng(PositionPlots.similarityFrom("from", pe, 0, 25), dir.resolve("from.png"), Style.WIDTH, Style.HEIGHT);
    }

    @Test
    void scheduleAndLabelSmoothingCharts() throws Exception {
        Images.savedPng(SchedulePlots.paperSchedules(), dir.resolve("schedule.png"), Style.WIDTH, Style.HEIGHT);
        Images.savedPng(SchedulePlots.labelSmoothing(12, 4, 0, 0.1, 0.2), dir.resolve("ls.png"), Style.WIDTH, Style.HEIGHT);
    }

    @Test
    void barAndLineCharts() throws Exception {
        Map<String, double[]> s = new LinkedHashMap<>();
        s.put("forward", new double[] {1.5, 3.1, 6.8, 15});
        s.put("backward", new double[] {3.2, 6.0, 13.9, 31});
        Images.savedPng(MetricCharts.bar("time", "variant", "ms", List.of("a", "b", "c", "d"), s),
                dir.resolve("bar.png"), Style.WIDTH, Style.HEIGHT);
        Images.savedPng(MetricCharts.line("time", "length", "ms", new double[] {32, 64, 128, 256}, s),
                dir.resolve("line.png"), Style.WIDTH, Style.HEIGHT);
    }

    @Test
    void svgForChartsAndDrawings() throws Exception {
        Path chart = Charts.save(SchedulePlots.paperSchedules(), dir.resolve("s.svg"));
        Path drawing = Charts.save(PositionPlots.encoding("pe", PositionPlots.sinusoidal(8, 8)), dir.resolve("pe.svg"));
        for (Path p : List.of(chart, drawing)) {
            String svg = Files.readString(p);
            assertTrue(svg.contains("<svg"), p + " is not SVG");
            assertTrue(svg.length() > 1000, p + " is too short to hold a picture: " + svg.length());
        }
        BufferedImage img = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Charts.save(img, dir.resolve("x.svg")));
        assertTrue(e.getMessage().contains(".png"), e.getMessage());
    }

    @Test
    void unknownPictureTypeIsRejectedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Charts.toImage("a string"));
        assertTrue(e.getMessage().contains("java.lang.String"), e.getMessage());
    }

    @Test
    void pngBytesAreAPng() throws Exception {
        byte[] b = Charts.png(SchedulePlots.paperSchedules());
        assertEquals((byte) 0x89, b[0]);
        assertEquals('P', b[1]);
    }
}
