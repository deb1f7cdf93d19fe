package org.attentionlab.viz;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The one place where the look of every chart is decided: size, fonts, colours, strokes.
 *
 * <p>Charts are meant to be read in an HTML report or a notebook cell at their natural size,
 * so the defaults are 800x500 pixels with 13-16 pt DejaVu Sans (installed with every Debian
 * JDK, so headless rendering gives the same glyphs everywhere). The palette is a set of
 * eight colours that stay distinguishable for the common forms of colour blindness
 * (Okabe and Ito's proposal), because loss curves of several variants share one chart.
 */
public final class Style {
    /** Default chart width in pixels. */
    public static final int WIDTH = 800;
    /** Default chart height in pixels. */
    public static final int HEIGHT = 500;

    /**
     * The widest a picture should be: Jupyter shows images at most about 800-900 px wide and
     * scales wider ones down, which would shrink 11 pt labels below legibility. Attention maps
     * and grids size their cells to fit it.
     */
    public static final int NOTEBOOK_WIDTH = 900;

    /** The font family; a logical name would map to different fonts on different machines. */
    public static final String FAMILY = "DejaVu Sans";
    public static final Font TITLE = new Font(FAMILY, Font.BOLD, 16);
    public static final Font AXIS_TITLE = new Font(FAMILY, Font.PLAIN, 14);
    public static final Font TICK = new Font(FAMILY, Font.PLAIN, 12);
    public static final Font LEGEND = new Font(FAMILY, Font.PLAIN, 13);
    /**
     * Token labels on attention maps and grids: 11 pt, the smallest size this package draws text
     * in; where tokens are too close for it, every 2nd, 5th or 10th is labelled instead.
     */
    public static final Font TOKEN = new Font(FAMILY, Font.PLAIN, 11);

    public static final Color BACKGROUND = Color.WHITE;
    public static final Color GRID = new Color(225, 225, 225);
    public static final Color TEXT = new Color(40, 40, 40);

    /** Okabe-Ito colours (black moved last), in the order series receive them. */
    public static final Color[] PALETTE = {
        new Color(0, 114, 178), new Color(213, 94, 0), new Color(0, 158, 115), new Color(204, 121, 167),
        new Color(230, 159, 0), new Color(86, 180, 233), new Color(240, 228, 66), new Color(0, 0, 0),
    };

    private Style() {
    }

    /** The colour of the i-th series, cycling through the palette. */
    public static Color color(int i) {
        return PALETTE[Math.floorMod(i, PALETTE.length)];
    }

    /**
     * The colour of a recurring role ("train", "validation", "greedy", "beam", "teacher-forced",
     * "free-running", "layernorm", "batchnorm", "post-ln", "pre-ln", "scaled", "unscaled"):
     * the same in every lesson. See {@link Role} for the table and the line styles.
     */
    public static Color colorOf(String role) {
        return Role.of(role).color();
    }

    /**
     * An empty line chart at the default size with the house style applied. Its ticks are round
     * (see {@link #roundTicks(XYChart)}) and are recomputed whenever it is painted, so series
     * and log scales set after this call are taken into account.
     */
    public static XYChart xy(String title, String xLabel, String yLabel) {
        return xy(title, xLabel, yLabel, WIDTH, HEIGHT);
    }

    public static XYChart xy(String title, String xLabel, String yLabel, int width, int height) {
        Args.positive("width", width);
        Args.positive("height", height);
        XYChart c = Ticks.xy(new XYChartBuilder().width(width).height(height).title(title)
                .xAxisTitle(xLabel).yAxisTitle(yLabel));
        apply(c.getStyler());
        c.getStyler().setSeriesColors(PALETTE);
        c.getStyler().setDefaultSeriesRenderStyle(org.knowm.xchart.XYSeries.XYSeriesRenderStyle.Line);
        c.getStyler().setMarkerSize(0);
        c.getStyler().setSeriesMarkers(new org.knowm.xchart.style.markers.Marker[] {SeriesMarkers.NONE});
        c.getStyler().setSeriesLines(new BasicStroke[] {new BasicStroke(2f)});
        return c;
    }

    /** An empty bar chart at the default size with the house style applied; round value-axis ticks as for {@link #xy}. */
    public static CategoryChart bars(String title, String xLabel, String yLabel) {
        CategoryChart c = Ticks.bars(new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle(xLabel).yAxisTitle(yLabel));
        apply(c.getStyler());
        c.getStyler().setSeriesColors(PALETTE);
        c.getStyler().setOverlapped(false);
        c.getStyler().setAvailableSpaceFill(0.8);
        return c;
    }

    /**
     * Gives a chart built with XChart's own builders the round ticks of this package's charts:
     * steps of 1, 2 or 5 x 10^k far enough apart for the labels at the chart's size, axis ends
     * on a labelled tick, log axes labelled at powers of ten (or every 1..9 x 10^k when there is
     * room). XChart 3.8 cannot be handed tick positions, and on equally spaced data (a loss
     * logged every step) it labels every k-th point (23, 46, 69, ...); {@link Ticks} explains
     * how it is steered instead. The ends depend on the data, so call this after adding the
     * series and choosing log scales; axis limits already set on the styler are kept. Charts
     * from {@link #xy} need no call: they do this each time they are painted.
     */
    public static XYChart roundTicks(XYChart chart) {
        Args.notNull("chart", chart);
        Ticks.apply(chart, Ticks.Limits.NONE);
        return chart;
    }

    /** {@link #roundTicks(XYChart)} for the value axis of a bar chart (which then also includes 0). */
    public static CategoryChart roundTicks(CategoryChart chart) {
        Args.notNull("chart", chart);
        Ticks.apply(chart, Ticks.Limits.NONE);
        return chart;
    }

    /** Fonts, colours, grid and legend placement shared by all axes charts. */
    static void apply(AxesChartStyler s) {
        s.setChartBackgroundColor(BACKGROUND);
        s.setPlotBackgroundColor(BACKGROUND);
        s.setPlotBorderVisible(false);
        s.setPlotGridLinesColor(GRID);
        s.setChartFontColor(TEXT);
        s.setAxisTickLabelsColor(TEXT);
        s.setChartTitleFont(TITLE);
        s.setChartTitleBoxVisible(false);
        s.setAxisTitleFont(AXIS_TITLE);
        s.setAxisTickLabelsFont(TICK);
        s.setLegendFont(LEGEND);
        s.setLegendBorderColor(GRID);
        s.setLegendPosition(Styler.LegendPosition.InsideNE);
        s.setAntiAlias(true);
        s.setChartPadding(12);
        s.setLocale(java.util.Locale.ROOT); // "2500" and "0.5" whatever the machine's locale
    }
}
